package io.lineledger.verifier;

import io.lineledger.verifier.internal.TerminalText;
import java.util.Objects;

/**
 * The result of one named check of a proof.
 *
 * @param check  short stable name of the check, e.g. {@code record-digest}, {@code merkle-proof}
 * @param status whether it passed, failed or could not be run
 * @param detail one human-readable sentence: what was compared, or why it could not be
 */
public record Finding(String check, Status status, String detail) {

    public enum Status {
        /** The check ran and the proof holds. */
        PASS,
        /** The check ran and the proof does not hold. */
        FAIL,
        /** The check could not run (node unreachable, RPC error, node behind, earlier check failed). */
        NOT_CHECKED
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static Finding pass(String check, String detail) {
        return new Finding(check, Status.PASS, detail);
    }

    public static Finding fail(String check, String detail) {
        return new Finding(check, Status.FAIL, detail);
    }

    public static Finding notChecked(String check, String detail) {
        return new Finding(check, Status.NOT_CHECKED, detail);
    }

    /** {@code PASS  record-digest: ...}, one line, with control characters from the file shown escaped. */
    @Override
    public String toString() {
        return String.format("%-11s %s: %s", status == Status.NOT_CHECKED ? "NOT CHECKED" : status.name(), check,
                TerminalText.escape(detail));
    }
}
