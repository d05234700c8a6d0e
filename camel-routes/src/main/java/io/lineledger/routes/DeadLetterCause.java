package io.lineledger.routes;

/** Why the rules refused a value. */
public enum DeadLetterCause {
    /** The PLC reported the value with status Bad or Uncertain. */
    BAD_STATUS("Bad status"),
    /** A measurement arrived while no batch was running. */
    NO_BATCH_RUNNING("no batch running"),
    /** The batch state went to Running but no batch id was announced. */
    NO_BATCH_ANNOUNCED("no batch announced"),
    /** A measurement taken before the running batch started (an old value reported again). */
    BEFORE_BATCH_START("measured before the batch started"),
    /** The same notification (tag, source time, value) was already recorded. */
    DUPLICATE("already recorded"),
    /** A measurement of a characteristic without spec limits for the batch's product or recipe. */
    NO_SPEC_LIMITS("no spec limits"),
    /** The value has the wrong type or range for its tag. */
    WRONG_VALUE("wrong value"),
    /** Anything else, e.g. a failure of the rules themselves. */
    OTHER("other");

    private final String label;

    DeadLetterCause(String label) {
        this.label = label;
    }

    /** A short phrase for logs: "30 no batch running". */
    public String label() {
        return label;
    }
}
