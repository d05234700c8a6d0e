package io.lineledger.model;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.NumberToJSON;

/**
 * Writes the RFC 8785 form of plain Java values in one pass, character for character what the library path of
 * {@link CanonicalJson#of} gives (Jackson writes the value, the JCS library parses that text, numbers as doubles, and
 * writes it canonically), and optionally builds the value tree Jackson reads back from that canonical text (objects as
 * {@link LinkedHashMap} in canonical key order, arrays as {@link ArrayList}, whole numbers as the smallest of
 * Integer, Long and BigInteger, other numbers as Double). Sealing a record takes this path: the library path writes,
 * parses (numbers through a regular expression) and writes the JSON again, then Jackson parses it once more.
 *
 * <p>It takes only what it reproduces exactly: maps with string keys, lists, strings, booleans, null, Integer, Long,
 * Short, Byte and finite Double, a tree up to {@link #MAX_DEPTH} deep. Anything else (Float, BigDecimal, arrays,
 * sets, NaN, non-string keys, ...) throws {@link NotHandled} and the caller takes the library path, so such values keep
 * their canonical form and their errors exactly. {@code CanonicalJsonWriterTest} and the golden corpus of sealed
 * records check both paths agree.
 */
final class CanonicalJsonWriter {

    /** Longest text this writer returns: longer ones take the library path, so Jackson's read limits still apply. */
    static final int MAX_CHARS = 1 << 20;
    /** Longest key this writer takes (Jackson refuses to read keys of more than 50,000). */
    static final int MAX_KEY_CHARS = 10_000;
    /** Deepest nesting this writer takes (Jackson refuses 1,000 levels, and would overflow the stack on a cycle). */
    static final int MAX_DEPTH = 100;

    /** Whole doubles and longs up to 2^53 in magnitude are written as their digits (RFC 8785 and ES6 agree). */
    private static final long EXACT = 1L << 53;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Comparator<Map.Entry<?, ?>> BY_KEY =
            (a, b) -> ((String) a.getKey()).compareTo((String) b.getKey()); // UTF-16 code units, as RFC 8785 sorts

    /** A value this writer leaves to the library path; no stack trace, it is control flow. */
    static final class NotHandled extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotHandled INSTANCE = new NotHandled();

        private NotHandled() {
            super("value left to the library path", null, false, false);
        }
    }

    private final StringBuilder out;
    private final boolean tree;

    /**
     * @param out  receives the canonical text
     * @param tree whether {@link #value} returns the tree Jackson reads from the text (else it returns null)
     */
    CanonicalJsonWriter(StringBuilder out, boolean tree) {
        this.out = out;
        this.tree = tree;
    }

    /** The canonical form of a map or list, or null when the library path must take it. */
    static String canonicalOrNull(Object value) {
        if (!(value instanceof Map || value instanceof List)) {
            return null; // the JCS library takes an object or an array at the top only: keep its error
        }
        StringBuilder out = new StringBuilder(128);
        try {
            new CanonicalJsonWriter(out, false).value(value, 0);
        } catch (NotHandled e) {
            return null;
        }
        return out.length() <= MAX_CHARS ? out.toString() : null;
    }

    /** Writes a value; returns its tree (see the class comment) or null. */
    Object value(Object value, int depth) {
        if (value == null) {
            out.append("null");
            return null;
        }
        if (value instanceof String text) {
            string(text);
            return text;
        }
        if (value instanceof Boolean flag) {
            out.append(flag.booleanValue() ? "true" : "false");
            return flag;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return integral(((Number) value).longValue());
        }
        if (value instanceof Double number) {
            return number(number.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            return object(map, depth + 1);
        }
        if (value instanceof List<?> list) {
            return array(list, depth + 1);
        }
        throw NotHandled.INSTANCE;
    }

    /** A string with RFC 8785's escapes (and only those), as the JCS library writes it. */
    void string(String text) {
        out.append('"');
        int length = text.length();
        int from = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(text, from, i);
                escape(c);
                from = i + 1;
            }
        }
        out.append(text, from, length).append('"');
    }

    private void escape(char c) {
        out.append('\\');
        switch (c) {
            case '\b' -> out.append('b');
            case '\t' -> out.append('t');
            case '\n' -> out.append('n');
            case '\f' -> out.append('f');
            case '\r' -> out.append('r');
            case '"', '\\' -> out.append(c);
            default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        }
    }

    /** A whole number: the library path reads it as a double, so beyond 2^53 it is the nearest double's text. */
    Object integral(long value) {
        if (value >= -EXACT && value <= EXACT) {
            out.append(value);
            return tree ? smallest(value) : null;
        }
        return number((double) value);
    }

    /** A finite double as ECMAScript writes it (RFC 8785 section 3.2.2.3); NaN and infinities are not handled. */
    Object number(double value) {
        if (!Double.isFinite(value)) {
            throw NotHandled.INSTANCE; // the library path refuses them with its own message
        }
        if (value == Math.rint(value) && Math.abs(value) <= EXACT) {
            long whole = (long) value; // -0.0 too: written "0"
            out.append(whole);
            return tree ? smallest(whole) : null;
        }
        String text;
        try {
            text = NumberToJSON.serializeNumber(value);
        } catch (IOException e) {
            throw NotHandled.INSTANCE; // only for NaN and infinities, refused above
        }
        out.append(text);
        if (!tree) {
            return null;
        }
        // ECMAScript writes whole numbers below 1e21 as digits: Jackson reads those as a whole number
        return text.indexOf('.') < 0 && text.indexOf('e') < 0 ? wholeNumber(text) : (Object) value;
    }

    private Object object(Map<?, ?> map, int depth) {
        if (depth > MAX_DEPTH) {
            throw NotHandled.INSTANCE;
        }
        Map.Entry<?, ?>[] entries = map.entrySet().toArray(new Map.Entry<?, ?>[0]);
        for (Map.Entry<?, ?> entry : entries) {
            if (!(entry.getKey() instanceof String key) || key.length() > MAX_KEY_CHARS) {
                throw NotHandled.INSTANCE; // Jackson writes other keys its own way, and limits a key's length
            }
        }
        if (entries.length > 1) {
            Arrays.sort(entries, BY_KEY);
        }
        Map<String, Object> node = tree ? new LinkedHashMap<>(Math.max(4, entries.length * 2)) : null;
        out.append('{');
        for (int i = 0; i < entries.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String key = (String) entries[i].getKey();
            string(key);
            out.append(':');
            Object child = value(entries[i].getValue(), depth);
            if (node != null) {
                node.put(key, child);
            }
        }
        out.append('}');
        return node;
    }

    private Object array(List<?> list, int depth) {
        if (depth > MAX_DEPTH) {
            throw NotHandled.INSTANCE;
        }
        List<Object> node = tree ? new ArrayList<>(list.size()) : null;
        out.append('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Object child = value(element, depth);
            if (node != null) {
                node.add(child);
            }
        }
        out.append(']');
        return node;
    }

    /** Jackson reads a whole number as the smallest of Integer, Long and BigInteger that holds it. */
    private static Object smallest(long value) {
        return value == (int) value ? (Object) Integer.valueOf((int) value) : (Object) Long.valueOf(value);
    }

    private static Object wholeNumber(String digits) {
        BigInteger value = new BigInteger(digits);
        return value.bitLength() < 64 ? smallest(value.longValue()) : value;
    }
}
