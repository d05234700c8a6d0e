package io.lineledger.plcsim.model;

/** The stations a packaging line can have; each measures at most one characteristic. The name is the browse name. */
public enum StationKind {
    FILLER("Filler", null),
    CAPPER("Capper", Characteristic.CAP_TORQUE),
    LABELER("Labeler", Characteristic.LABEL_OFFSET),
    CHECKWEIGHER("Checkweigher", Characteristic.FILL_WEIGHT);

    private final String stationName;
    private final Characteristic characteristic;

    StationKind(String stationName, Characteristic characteristic) {
        this.stationName = stationName;
        this.characteristic = characteristic;
    }

    public String stationName() {
        return stationName;
    }

    /** What the station measures on every part, or null (the filler only counts). */
    public Characteristic characteristic() {
        return characteristic;
    }

    public static StationKind ofName(String name) {
        for (StationKind kind : values()) {
            if (kind.stationName.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
