package io.lineledger.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/** RFC 8785 JSON Canonicalization Scheme: one byte sequence per JSON value, whoever serialises it. */
public final class CanonicalJson {

    // Jackson would write NaN and Infinity as strings; RFC 8785 requires an error instead
    static final ObjectMapper MAPPER = JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private CanonicalJson() {
    }

    /**
     * Canonical form of a JSON-compatible Java value (Map, List, String, Number, Boolean, null).
     *
     * @throws IllegalArgumentException for values JSON cannot hold, such as NaN or Infinity
     */
    public static String of(Object value) {
        String canonical = CanonicalJsonWriter.canonicalOrNull(value);
        return canonical != null ? canonical : throughLibrary(value);
    }

    /** {@link #of} through Jackson and the JCS library: the reference, and the path for values the writer leaves. */
    static String throughLibrary(Object value) {
        try {
            return canonicalize(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON-compatible: " + e.getOriginalMessage(), e);
        }
    }

    /** Canonical form of a JSON text. */
    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
