package io.lineledger.plcsim.model;

/** Faults a scenario or a control method can inject. The names are the scenario's {@code type} values. */
public enum FaultType {
    /** The OPC UA server stops for the fault's duration and comes back on the same port (plant-wide). */
    SERVER_RESTART("serverRestart"),
    /** A line's or station's values stop changing for the duration, then jump to the current ones. */
    FROZEN_VALUES("frozenValues"),
    /** A line's or station's values are published with status Bad for the duration. */
    BAD_STATUS("badStatus"),
    /** …with status Uncertain. */
    UNCERTAIN_STATUS("uncertainStatus"),
    /** A line's source timestamps are shifted by {@code skewMs} for the duration. */
    CLOCK_SKEW("clockSkew"),
    /** A line makes parts {@code factor} times faster for the duration. */
    BURST_RATE("burstRate"),
    /** A station goes Held (alarm 2001) while executing and stays there for the duration. */
    STUCK_IN_HELD("stuckInHeld");

    private final String key;

    FaultType(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static FaultType ofKey(String key) {
        for (FaultType type : values()) {
            if (type.key.equals(key)) {
                return type;
            }
        }
        return null;
    }
}
