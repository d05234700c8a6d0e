package io.lineledger.verifier.internal;

/**
 * Makes text from a proof or descriptor file safe to print: a file is written by someone the auditor does not
 * trust, and raw control characters in it could clear the screen and draw a fake verdict.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * {@code text} with every control character (C0, DEL, C1), format character (bidi overrides, zero-width
     * marks), line or paragraph separator, lone surrogate and unassigned code point shown as a Java-style escape
     * (ESC as backslash-u001b, a line feed as backslash-n), so one line of output stays one line and shows what
     * the file holds.
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int length = Character.charCount(codePoint);
            if (needsEscape(codePoint)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                appendEscape(out, text, i, codePoint, length);
            } else if (out != null) {
                out.append(text, i, i + length);
            }
            i += length;
        }
        return out == null ? text : out.toString();
    }

    static boolean needsEscape(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    private static void appendEscape(StringBuilder out, String text, int at, int codePoint, int length) {
        switch (codePoint) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                for (int j = at; j < at + length; j++) {
                    out.append(String.format("\\u%04x", (int) text.charAt(j)));
                }
            }
        }
    }
}
