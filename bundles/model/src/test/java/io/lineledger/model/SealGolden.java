package io.lineledger.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The golden line of a corpus case: the sealed record's digest, the fields as they read back (keys in order, Java
 * type of every value) and the canonical text (escaped to ASCII; its length only when long, the digest commits to
 * it), or the kind of error sealing gave. {@code main} writes the golden file with whatever {@link LineRecord#seal}
 * is on the class path: it was run once with the sealing code before the one-pass writer.
 */
final class SealGolden {

    static final String RESOURCE = "sealed-corpus.golden";
    private static final int TEXT_KEPT = 4096;

    private SealGolden() {
    }

    static String line(SealCorpus.Case c) {
        LineRecord record;
        try {
            record = LineRecord.seal(c.draft(), c.seq(), c.prev(), c.recordedAt(), c.salt());
        } catch (RuntimeException e) {
            return c.name() + "\t! " + e.getClass().getName();
        }
        String json = record.canonicalJson();
        return c.name() + "\t" + record.digest().hex() + "\t" + describe(record.fields()) + "\t"
                + (json.length() <= TEXT_KEPT ? ascii(json) : "(" + json.length() + " chars)");
    }

    /** Keys in iteration order and the Java type of each value. */
    static String describe(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder(map.getClass().getSimpleName()).append('{');
            map.forEach((k, v) -> out.append(ascii(String.valueOf(k))).append('=').append(describe(v)).append(','));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder(list.getClass().getSimpleName()).append('[');
            list.forEach(v -> out.append(describe(v)).append(','));
            return out.append(']').toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** Every character outside printable ASCII, and the backslash, as \\uXXXX: the file stays ASCII. */
    static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# LineRecord.seal of SealCorpus: name, digest, fields read back, canonical JSON (ASCII-escaped)");
        for (SealCorpus.Case c : SealCorpus.cases()) {
            lines.add(line(c));
        }
        Files.write(Path.of(args[0]), lines, StandardCharsets.US_ASCII);
        System.out.println(lines.size() - 1 + " cases written to " + args[0]);
    }
}
