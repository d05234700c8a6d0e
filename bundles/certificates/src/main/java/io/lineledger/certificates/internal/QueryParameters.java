package io.lineledger.certificates.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query string of a request, form-decoded ({@code +} is a space). A malformed escape, a repeated or an unknown
 * parameter is refused with {@link BadParameterException} naming it, so a typo never silently shows everything.
 */
final class QueryParameters {

    /** A parameter the request got wrong: answered 400 with this message. */
    static final class BadParameterException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String parameter;
        private final String value;

        BadParameterException(String parameter, String value, String message) {
            super(message);
            this.parameter = parameter;
            this.value = value;
        }

        String parameter() {
            return parameter;
        }

        String value() {
            return value;
        }
    }

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    static final QueryParameters NONE = new QueryParameters(Map.of());

    /**
     * @param rawQuery the query string as sent (without '?'); null or empty for none
     * @param known    the parameter names this page takes
     */
    static QueryParameters parse(String rawQuery, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            String name = decode(rawName, rawName, rawValue);
            String value = decode(rawValue, name, rawValue);
            if (!known.contains(name)) {
                throw new BadParameterException(name, value, "unknown parameter '" + name + "' (value '" + value
                        + "'); this page takes " + (known.isEmpty() ? "none"
                        : String.join(", ", known.stream().sorted().toList())));
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new BadParameterException(name, value, "parameter '" + name + "' is given more than once");
            }
        }
        return new QueryParameters(values);
    }

    /**
     * The fields of a multipart form, checked like a query string: an unknown field is refused naming it.
     */
    static QueryParameters of(Map<String, String> fields, Set<String> known) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                throw new BadParameterException(field.getKey(), field.getValue(), "unknown parameter '"
                        + field.getKey() + "'; this form takes " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return new QueryParameters(new LinkedHashMap<>(fields));
    }

    /** The value exactly as sent (a password keeps its spaces); empty when absent. */
    Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value, empty when absent or blank. */
    Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A whole number in {@code [min, max]}, {@code fallback} when absent. */
    int whole(String name, int min, int max, int fallback) {
        Optional<String> text = get(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw new BadParameterException(name, text.get(), "parameter '" + name + "' must be a whole number "
                + min + ".." + max + ", got '" + text.get() + "'");
    }

    /** Form decoding that names the parameter when an escape is malformed. */
    private static String decode(String raw, String parameter, String rawValue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new BadParameterException(parameter, rawValue, "parameter '" + parameter
                            + "' has a malformed percent escape: '" + rawValue + "'");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                int cp = raw.codePointAt(i);
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
