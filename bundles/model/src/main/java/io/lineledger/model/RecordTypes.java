package io.lineledger.model;

/**
 * The record types LineLedger writes, in one place: the value of a record's {@code type}. Verdicts of batches
 * and quality records are {@link Verdict}.
 */
public final class RecordTypes {

    /** A batch began: {@code product}, {@code sourceTime}. */
    public static final String BATCH_STARTED = "batch-started";
    /** One measured value of a characteristic with its verdict against the spec limits. */
    public static final String QUALITY = "quality";
    /**
     * A batch ended (or was closed as interrupted): counts and verdict, with the reasons of an INCOMPLETE, and per
     * characteristic {@code n}, {@code mean}, {@code stdDev}, {@code min}, {@code max}, {@code cp}, {@code cpk}.
     */
    public static final String BATCH_COMPLETED = "batch-completed";
    /**
     * An alarm of the line was raised or cleared: {@code alarm} (its configured name), {@code tag}, {@code state}
     * ({@link #ALARM_RAISED} or {@link #ALARM_CLEARED}), {@code value} (the PLC's Boolean or code), {@code sourceTime};
     * of the batch that ran at its source time, or of the line when none ran.
     */
    public static final String ALARM = "alarm";
    /** {@code state} of an {@link #ALARM} record: the alarm became active (or its code changed). */
    public static final String ALARM_RAISED = "raised";
    /** {@code state} of an {@link #ALARM} record: the alarm is no longer active. */
    public static final String ALARM_CLEARED = "cleared";
    /** The line was not observed from one time to another, with the cause: see {@link ObservationGap}. */
    public static final String GAP = "gap";

    private RecordTypes() {
    }
}
