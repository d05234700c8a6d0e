package io.lineledger.routes.internal;

import io.lineledger.routes.DeadLetterCause;

/** An event the rules cannot turn into a record (bad status, no running batch, wrong value type). */
public final class RuleViolation extends RuntimeException {

    private final DeadLetterCause cause;

    public RuleViolation(DeadLetterCause cause, String message) {
        super(message);
        this.cause = cause;
    }

    /** Why, as a category for counts. */
    public DeadLetterCause deadLetterCause() {
        return cause;
    }
}
