package io.lineledger.verifier;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProofVerifier} concluded about one proof file, with every check it ran.
 *
 * @param outcome  VALID when every check passed; INVALID when any check failed (a failed check outweighs
 *                 one that could not run); UNCHECKABLE otherwise
 * @param findings one per check, in the order they ran
 */
public record Verification(Outcome outcome, List<Finding> findings) {

    public enum Outcome {
        VALID("VALID", 0),
        INVALID("INVALID", 1),
        UNCHECKABLE("COULD NOT CHECK", 2);

        private final String label;
        private final int exitCode;

        Outcome(String label, int exitCode) {
            this.label = label;
            this.exitCode = exitCode;
        }

        /** What the CLI prints: {@code VALID}, {@code INVALID} or {@code COULD NOT CHECK}. */
        public String label() {
            return label;
        }

        /** The CLI's exit code: 0 valid, 1 invalid, 2 could not check. */
        public int exitCode() {
            return exitCode;
        }
    }

    public Verification {
        Objects.requireNonNull(outcome, "outcome");
        findings = List.copyOf(findings);
    }

    /** The outcome that {@code findings} imply. */
    public static Verification of(List<Finding> findings) {
        Outcome outcome = Outcome.VALID;
        for (Finding finding : findings) {
            if (finding.status() == Finding.Status.FAIL) {
                outcome = Outcome.INVALID;
                break;
            }
            if (finding.status() == Finding.Status.NOT_CHECKED) {
                outcome = Outcome.UNCHECKABLE;
            }
        }
        if (findings.isEmpty()) {
            outcome = Outcome.UNCHECKABLE;
        }
        return new Verification(outcome, findings);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    public int exitCode() {
        return outcome.exitCode();
    }

    /** The finding of the named check, if it ran. */
    public Optional<Finding> finding(String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst();
    }

    /** The verdict on the first line, then one line per finding. */
    public String report() {
        StringBuilder out = new StringBuilder(outcome.label()).append('\n');
        findings.forEach(f -> out.append("  ").append(f).append('\n'));
        return out.toString();
    }
}
