package io.lineledger.plcsim.model;

import java.util.Objects;

/**
 * One value the simulated PLC publishes.
 *
 * @param tag   the tag's name, also its OPC UA string node id, e.g. {@code Line1.Checkweigher.FillWeight}
 * @param value String, Long or Double (the tag's OPC UA data type follows from it)
 */
public record TagWrite(String tag, Object value) {

    public TagWrite {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(value, "value");
        if (!(value instanceof String || value instanceof Long || value instanceof Double)) {
            throw new IllegalArgumentException("tag " + tag + ": unsupported value type " + value.getClass().getName());
        }
    }
}
