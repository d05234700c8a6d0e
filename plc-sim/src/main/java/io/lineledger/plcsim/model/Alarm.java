package io.lineledger.plcsim.model;

/**
 * A station's alarm. It stays published until it is both inactive and acknowledged (ISA-18.2's shelving aside).
 *
 * @param code         the alarm number, e.g. 2001
 * @param text         what an operator reads
 * @param active       the condition still holds
 * @param acknowledged an operator acknowledged it
 */
public record Alarm(int code, String text, boolean active, boolean acknowledged) {

    /** Station held (e.g. infeed blocked). */
    public static final int HELD = 2001;
    /** Three rejects in a row. */
    public static final int CONSECUTIVE_REJECTS = 3001;
    /** The line was aborted. */
    public static final int ABORTED = 9001;

    public Alarm withActive(boolean value) {
        return new Alarm(code, text, value, acknowledged);
    }

    public Alarm acknowledge() {
        return new Alarm(code, text, active, true);
    }

    /** Inactive and acknowledged: nothing left to show. */
    public boolean cleared() {
        return !active && acknowledged;
    }
}
