package io.lineledger.certificates.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The few encoders the pages need. Text and attribute values are escaped as the OWASP XSS cheat sheet says for
 * element content and quoted attributes ({@code & < > " '}); every attribute we write is double-quoted. URL path
 * segments are percent-encoded (RFC 3986 unreserved characters stay) before they are escaped, so a batch id from a
 * PLC can neither break out of markup nor change the path it links to.
 */
final class Html {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Html() {
    }

    /** Escapes text for element content and double- or single-quoted attribute values; null becomes "". */
    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes one URL path segment (UTF-8); only RFC 3986 unreserved characters stay as they are. */
    static String pathSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes a percent-encoded path segment as UTF-8. Unlike form decoding, '+' stays '+'.
     *
     * @throws IllegalArgumentException on a malformed escape
     */
    static String decodeSegment(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int next = raw.indexOf('%', i);
            if (next < 0) {
                next = raw.length();
            }
            byte[] plain = raw.substring(i, next).getBytes(StandardCharsets.UTF_8);
            out.write(plain, 0, plain.length);
            if (next == raw.length()) {
                break;
            }
            int hi = next + 2 < raw.length() ? Character.digit(raw.charAt(next + 1), 16) : -1;
            int lo = next + 2 < raw.length() ? Character.digit(raw.charAt(next + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("malformed percent escape in '" + raw + "'");
            }
            out.write(hi << 4 | lo);
            i = next + 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** A source time as written in a record (ISO-8601), shown like the other times when it parses. */
    static String time(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** {@code 0x1234abcd…89ef}: enough to tell values apart on screen; the full value goes in a title. */
    static String shortHex(String hex) {
        return hex.length() <= 16 ? hex : hex.substring(0, 10) + "\u2026" + hex.substring(hex.length() - 4);
    }
}
