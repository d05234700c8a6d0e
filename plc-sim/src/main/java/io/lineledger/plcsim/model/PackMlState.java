package io.lineledger.plcsim.model;

/**
 * The 17 states of the PackML state model (OPC 30050 / ISA-TR88.00.02) with their state numbers, as published in
 * {@code StateCurrent}. Acting states end by themselves ("state complete"); wait states wait for a command.
 */
public enum PackMlState {
    CLEARING(1, true),
    STOPPED(2, false),
    STARTING(3, true),
    IDLE(4, false),
    SUSPENDED(5, false),
    EXECUTE(6, true),
    STOPPING(7, true),
    ABORTING(8, true),
    ABORTED(9, false),
    HOLDING(10, true),
    HELD(11, false),
    UNHOLDING(12, true),
    SUSPENDING(13, true),
    UNSUSPENDING(14, true),
    RESETTING(15, true),
    COMPLETING(16, true),
    COMPLETE(17, false);

    private final int number;
    private final boolean acting;

    PackMlState(int number, boolean acting) {
        this.number = number;
        this.acting = acting;
    }

    public int number() {
        return number;
    }

    /** True for the states that end with "state complete" (Execute ends when the batch's quantity is made). */
    public boolean acting() {
        return acting;
    }

    /** The state's name as PackML writes it: {@code Execute}, {@code Held}, … */
    public String displayName() {
        String name = name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
