package io.lineledger.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/** RFC 8785 JSON Canonicalization Scheme: one byte sequence per JSON value, whoever serialises it. */
public final class CanonicalJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private CanonicalJson() {
    }

    /** Canonical form of a JSON-compatible Java value (Map, List, String, Number, Boolean, null). */
    public static String of(Object value) {
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
            throw new IllegalArgumentException("not valid JSON: " + e, e);
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
