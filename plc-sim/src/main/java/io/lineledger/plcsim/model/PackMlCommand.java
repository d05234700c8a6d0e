package io.lineledger.plcsim.model;

/** The PackML commands (OPC 30050 / ISA-TR88.00.02) with their command numbers. */
public enum PackMlCommand {
    RESET(1),
    START(2),
    STOP(3),
    HOLD(4),
    UNHOLD(5),
    SUSPEND(6),
    UNSUSPEND(7),
    ABORT(8),
    CLEAR(9);

    private final int number;

    PackMlCommand(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
