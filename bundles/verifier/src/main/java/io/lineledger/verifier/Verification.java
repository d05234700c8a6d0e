package io.lineledger.verifier;

import io.lineledger.verifier.internal.TerminalText;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProofVerifier} concluded about one proof file, with every check it ran.
 *
 * @param outcome  INVALID when any check failed (a failed check outweighs one that could not run); UNCHECKABLE
 *                 when a check could not run; otherwise VALID when the registry was pinned, UNPINNED when not
 * @param findings one per check, in the order they ran
 * @param pin      what the proof was checked against: nothing, a registry address, or a network descriptor
 * @param notes    what the auditor should know besides the checks, one sentence each: the weaker proof format v1,
 *                 the gap records of a range, a batch's seal and revisions (or that it has none)
 */
public record Verification(Outcome outcome, List<Finding> findings, Pin pin, List<String> notes) {

    public enum Outcome {
        VALID("VALID", 0),
        INVALID("INVALID", 1),
        UNCHECKABLE("COULD NOT CHECK", 2),
        /** Every check passed, but against a registry nobody pinned: a look-alike registry passes them too. */
        UNPINNED("UNPINNED", 3);

        private final String label;
        private final int exitCode;

        Outcome(String label, int exitCode) {
            this.label = label;
            this.exitCode = exitCode;
        }

        /** What the CLI prints: {@code VALID}, {@code INVALID}, {@code COULD NOT CHECK} or {@code UNPINNED}. */
        public String label() {
            return label;
        }

        /** The CLI's exit code: 0 valid, 1 invalid, 2 could not check, 3 unpinned. */
        public int exitCode() {
            return exitCode;
        }
    }

    /** How strongly the registry the proof names was tied to what the auditor trusts. */
    public enum PinLevel {
        /** Nothing given: the registry is whatever the proof names. */
        NONE,
        /** {@code --contract}: the registry address only; the anchoring account is not compared with anything. */
        REGISTRY,
        /** {@code --network}: chain, registry, a block hash of the network and the lines' writers over time. */
        NETWORK
    }

    /**
     * What the proof was pinned to.
     *
     * @param level  how strongly
     * @param detail one sentence for the auditor: what was pinned, or which registry the proof names and how to pin it
     */
    public record Pin(PinLevel level, String detail) {

        public Pin {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public Verification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(pin, "pin");
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** A verification without notes. */
    public Verification(Outcome outcome, List<Finding> findings, Pin pin) {
        this(outcome, findings, pin, List.of());
    }

    /** The outcome that {@code findings} and {@code pin} imply. */
    public static Verification of(List<Finding> findings, Pin pin) {
        return of(findings, pin, List.of());
    }

    /** The outcome that {@code findings} and {@code pin} imply, with notes for the auditor. */
    public static Verification of(List<Finding> findings, Pin pin, List<String> notes) {
        Outcome outcome = pin.level() == PinLevel.NONE ? Outcome.UNPINNED : Outcome.VALID;
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
        return new Verification(outcome, findings, pin, notes);
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

    /** The names of the checks with this status, in the order they ran. */
    public List<String> checks(Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).map(Finding::check).toList();
    }

    /**
     * The verdict on the first line, then one line per finding, then the failed and unchecked checks by name and
     * the notes, and what the proof was pinned to. Text from the file is escaped: one line of output is one line.
     */
    public String report() {
        StringBuilder out = new StringBuilder(outcome.label()).append('\n');
        findings.forEach(f -> out.append("  ").append(f).append('\n'));
        List<String> failed = checks(Finding.Status.FAIL);
        if (!failed.isEmpty()) {
            out.append("failed: ").append(String.join(", ", failed)).append('\n');
        }
        List<String> unchecked = checks(Finding.Status.NOT_CHECKED);
        if (!unchecked.isEmpty()) {
            out.append("not checked: ").append(String.join(", ", unchecked)).append('\n');
        }
        notes.forEach(note -> out.append("note: ").append(TerminalText.escape(note)).append('\n'));
        out.append("pin: ").append(TerminalText.escape(pin.detail())).append('\n');
        return out.toString();
    }
}
