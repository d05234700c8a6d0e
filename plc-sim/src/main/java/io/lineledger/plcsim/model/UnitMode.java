package io.lineledger.plcsim.model;

/** PackML unit modes with their numbers, as published in {@code UnitModeCurrent}. */
public enum UnitMode {
    PRODUCTION(1),
    MAINTENANCE(2),
    MANUAL(3);

    private final int number;

    UnitMode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
