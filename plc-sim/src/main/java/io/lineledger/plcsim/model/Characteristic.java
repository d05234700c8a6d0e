package io.lineledger.plcsim.model;

/**
 * A quality characteristic a station measures on every part, with its engineering unit and the range the
 * instrument covers (published as EURange).
 */
public enum Characteristic {
    FILL_WEIGHT("FillWeight", "fillWeight", "g", "gram", 0.0, 1000.0, 2),
    CAP_TORQUE("CapTorque", "capTorque", "N·m", "newton metre", 0.0, 10.0, 3),
    LABEL_OFFSET("LabelOffset", "labelOffset", "mm", "millimetre", -10.0, 10.0, 2);

    private final String tagName;
    private final String key;
    private final String unit;
    private final String unitDescription;
    private final double rangeLow;
    private final double rangeHigh;
    private final int decimals;

    Characteristic(String tagName, String key, String unit, String unitDescription, double rangeLow, double rangeHigh,
                   int decimals) {
        this.tagName = tagName;
        this.key = key;
        this.unit = unit;
        this.unitDescription = unitDescription;
        this.rangeLow = rangeLow;
        this.rangeHigh = rangeHigh;
        this.decimals = decimals;
    }

    /** The variable's browse name under its station, e.g. {@code FillWeight}. */
    public String tagName() {
        return tagName;
    }

    /** The key in a scenario's recipe, e.g. {@code fillWeight}. */
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public String unitDescription() {
        return unitDescription;
    }

    public double rangeLow() {
        return rangeLow;
    }

    public double rangeHigh() {
        return rangeHigh;
    }

    /** The instrument's resolution as decimal places: values are rounded to it. */
    public int decimals() {
        return decimals;
    }

    public static Characteristic ofKey(String key) {
        for (Characteristic c : values()) {
            if (c.key.equals(key)) {
                return c;
            }
        }
        return null;
    }
}
