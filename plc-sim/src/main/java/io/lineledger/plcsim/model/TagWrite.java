package io.lineledger.plcsim.model;

import java.util.Objects;

/**
 * One value the simulated PLC publishes.
 *
 * @param tag     the tag's name, also its OPC UA string node id, e.g. {@code Line1.Checkweigher.FillWeight}
 * @param value   String, Long, Integer, Double or Boolean (the tag's OPC UA data type follows from it)
 * @param quality the status it is published with
 */
public record TagWrite(String tag, Object value, Quality quality) {

    public TagWrite {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(quality, "quality");
        if (!(value instanceof String || value instanceof Long || value instanceof Double || value instanceof Integer
                || value instanceof Boolean)) {
            throw new IllegalArgumentException("tag " + tag + ": unsupported value type " + value.getClass().getName());
        }
    }

    /** A value with status Good. */
    public TagWrite(String tag, Object value) {
        this(tag, value, Quality.GOOD);
    }

    public TagWrite withQuality(Quality value) {
        return value == quality ? this : new TagWrite(tag, this.value, value);
    }
}
