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
    /** A batch ended (or was closed as interrupted): counts and verdict, with the reasons of an INCOMPLETE. */
    public static final String BATCH_COMPLETED = "batch-completed";
    /** The line was not observed from one time to another, with the cause: see {@link ObservationGap}. */
    public static final String GAP = "gap";

    private RecordTypes() {
    }
}
