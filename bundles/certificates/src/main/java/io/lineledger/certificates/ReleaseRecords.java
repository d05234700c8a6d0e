package io.lineledger.certificates;

import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.BatchCertificate.ReleaseRow;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@value #TYPE} record: a person's decision on a batch, signed electronically (21 CFR Part 11, EU GMP Annex 11):
 * who (the realm's user name, after re-entering user name and password, and the signer's full name as the integrator
 * listed it: §11.50's printed name), when, what (release or reject), the
 * meaning of the signature and the reason, and exactly what was signed: the certificate's number, verdict and seal as
 * shown, and the batch's last record (line, seq, digest) at that moment. It is a record of the batch like the others,
 * on the line of that last record, and anchored like them; it never changes, a later decision is a new record.
 */
public final class ReleaseRecords {

    /** The record type. */
    public static final String TYPE = "release";
    /** How the signature was given, as the record states it. */
    public static final String METHOD = "user name and password re-entered, checked by the JAAS login realm";

    /** What the person decided. */
    public enum Decision {
        RELEASE("release", "Released"),
        REJECT("reject", "Rejected");

        private final String id;
        private final String done;

        Decision(String id, String done) {
            this.id = id;
            this.done = done;
        }

        /** As written in the record and sent by the form: {@code release}, {@code reject}. */
        public String id() {
            return id;
        }

        /** {@code Released}, {@code Rejected}. */
        public String done() {
            return done;
        }

        public static Optional<Decision> of(String id) {
            for (Decision d : values()) {
                if (d.id.equals(id)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /** The meaning of the signature (Part 11 §11.50: review, approval, responsibility). */
    public enum Meaning {
        APPROVAL("approval", "Approval: I approve this decision on the batch"),
        REVIEW("review", "Review: I reviewed this certificate and the batch's records"),
        RESPONSIBILITY("responsibility", "Responsibility: I take responsibility for this decision");

        private final String id;
        private final String text;

        Meaning(String id, String text) {
            this.id = id;
            this.text = text;
        }

        public String id() {
            return id;
        }

        /** What the signer declares, in words; written into the record. */
        public String text() {
            return text;
        }

        public static Optional<Meaning> of(String id) {
            for (Meaning m : values()) {
                if (m.id.equals(id)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /** Longest reason a record takes (characters). */
    public static final int MAX_REASON = 1000;

    private ReleaseRecords() {
    }

    /**
     * Why {@code decision} cannot be taken on this batch now; empty when it can. A running batch is neither released
     * nor rejected; only a PASS batch is released.
     */
    public static Optional<String> refusal(BatchCertificate c, Decision decision) {
        if (!c.completed()) {
            return Optional.of("batch " + c.batchId() + " is still running: it can be released or rejected once it"
                    + " has completed");
        }
        if (decision == Decision.RELEASE && !Verdict.PASS.name().equals(c.verdictText())) {
            return Optional.of("batch " + c.batchId() + " is " + c.verdictText() + ": only a PASS batch can be"
                    + " released; reject it");
        }
        if (decision == Decision.RELEASE && c.chain().mismatch()) {
            // a release vouches for the records: never for records that disagree with what the chain holds
            return Optional.of("batch " + c.batchId() + " " + BatchCertificate.SEAL_MISMATCH + ": "
                    + c.chain().detail() + "; it cannot be released, only rejected");
        }
        return Optional.empty();
    }

    /**
     * The draft of a signed decision on the certificate as the signer saw it.
     *
     * @param signer     the signer's user name in the login realm
     * @param signerName the signer's full name (never blank: nobody signs without one)
     * @param signedAt   when the signer's password was accepted
     */
    public static RecordDraft draft(BatchCertificate signed, String signer, String signerName,
                                    List<String> signerRoles, Decision decision, Meaning meaning, String reason,
                                    Instant signedAt) {
        Objects.requireNonNull(signed, "signed");
        Objects.requireNonNull(signer, "signer");
        if (signerName == null || signerName.isBlank()) {
            throw new IllegalArgumentException("user '" + signer + "' has no full name: a signature shows the"
                    + " signer's full name");
        }
        if (signed.records().isEmpty()) {
            throw new IllegalArgumentException("batch " + signed.batchId() + " has no record to sign");
        }
        RecordRow last = signed.records().get(signed.records().size() - 1);
        Map<String, Object> lastRecord = new LinkedHashMap<>();
        lastRecord.put("lineId", last.lineId());
        lastRecord.put("seq", last.seq());
        lastRecord.put("digest", last.digest().hex());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("decision", decision.id());
        fields.put("meaning", meaning.id());
        fields.put("meaningText", meaning.text());
        fields.put("reason", reason);
        fields.put("signedBy", signer);
        fields.put("signerName", signerName);
        fields.put("signerRoles", List.copyOf(signerRoles));
        fields.put("signedAt", signedAt.toString());
        fields.put("signatureMethod", METHOD);
        fields.put("certificateNumber", signed.certificateNumber());
        fields.put("verdict", signed.verdictText());
        fields.put("seal", signed.sealText());
        fields.put("batchRecords", (long) signed.records().size());
        fields.put("lastRecord", lastRecord);
        return new RecordDraft(last.lineId(), TYPE, signed.batchId(), fields);
    }

    /**
     * A stored release record as the certificate shows it; {@code anchor} null until anchored. Records signed before
     * full names were recorded have no {@code signerName}: they show the user name only.
     */
    static ReleaseRow row(LineRecord record, Anchor anchor) {
        Map<String, Object> f = record.fields();
        Map<?, ?> last = f.get("lastRecord") instanceof Map<?, ?> m ? m : Map.of();
        return new ReleaseRow(record.lineId(), record.seq(), record.recordedAt(), text(f.get("decision")),
                text(f.get("meaning")), text(f.get("meaningText")), text(f.get("reason")), text(f.get("signedBy")),
                text(f.get("signerName")), text(f.get("signedAt")), text(f.get("verdict")), text(f.get("seal")),
                f.get("batchRecords") instanceof Number n ? n.longValue() : 0, text(last.get("lineId")),
                last.get("seq") instanceof Number s ? s.longValue() : 0, text(last.get("digest")), anchor, null);
    }

    /**
     * The signer as every signed record shows them: {@code Maria Rossi (maria)}; the user name alone when the record
     * has no full name (signed before full names were recorded).
     */
    public static String signer(String signedBy, String signerName) {
        if (signerName == null || signerName.isBlank()) {
            return String.valueOf(signedBy);
        }
        return signerName + " (" + signedBy + ")";
    }

    /** {@link #signer(String, String)} of a stored release record's fields. */
    public static String signer(Map<String, Object> fields) {
        return signer(text(fields.get("signedBy")), text(fields.get("signerName")));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** {@code release} or {@code reject} in lower case, for CSS classes and data attributes. */
    static String css(String decision) {
        return decision == null ? "unknown" : decision.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
