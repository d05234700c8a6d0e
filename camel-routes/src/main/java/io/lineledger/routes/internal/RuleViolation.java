package io.lineledger.routes.internal;

/** An event the rules cannot turn into a record (bad status, no running batch, wrong value type). */
public final class RuleViolation extends RuntimeException {

    public RuleViolation(String message) {
        super(message);
    }
}
