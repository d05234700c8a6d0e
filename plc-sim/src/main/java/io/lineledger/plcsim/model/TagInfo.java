package io.lineledger.plcsim.model;

import java.util.Objects;

/**
 * A tag as the server shows it.
 *
 * @param tag             the tag's name, also its node id
 * @param initialValue    its value before the first step; fixes its data type
 * @param description     what it means
 * @param unit            engineering unit for analog items (e.g. {@code g}), null for other tags
 * @param unitDescription the unit's long name
 * @param rangeLow        EURange low
 * @param rangeHigh       EURange high
 */
public record TagInfo(String tag, Object initialValue, String description, String unit, String unitDescription,
                      double rangeLow, double rangeHigh) {

    public TagInfo {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(initialValue, "initialValue");
        new TagWrite(tag, initialValue); // validates the type
    }

    public static TagInfo plain(String tag, Object initialValue, String description) {
        return new TagInfo(tag, initialValue, description, null, null, 0, 0);
    }

    public static TagInfo analog(String tag, double initialValue, String description, String unit,
                                 String unitDescription, double rangeLow, double rangeHigh) {
        return new TagInfo(tag, initialValue, description, unit, unitDescription, rangeLow, rangeHigh);
    }

    public boolean analog() {
        return unit != null;
    }

    /** The last dotted segment: the browse name. */
    public String browseName() {
        return tag.substring(tag.lastIndexOf('.') + 1);
    }
}
