package io.lineledger.ledger.internal;

/**
 * A cause that retrying soon cannot fix (another writer advanced the line, the chain anchored other records, a
 * revert that repeats): the line is an ALARM in status, looked at again at the slow cadence.
 */
final class LineAlarm extends RuntimeException {

    LineAlarm(String message) {
        super(message);
    }
}
