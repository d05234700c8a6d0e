package io.lineledger.certificates.internal;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.ChainEvidence;
import io.lineledger.model.Anchor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words of the certificate that the page and the PDF share, so the two never state different things: the EN 10204
 * / EN 10168 field groups A (commercial transaction) and Z (validation: the seal), the part counts.
 */
final class CertificateText {

    static final String DOCUMENT_TYPE = "Inspection certificate 3.1 (EN 10204:2004), field groups as in EN 10168";
    /** What the certificate vouches for, and what it does not (then who released it: {@link #statement}). */
    static final String STATEMENT = "This certificate states what the line's records say: the values were recorded "
            + "by LineLedger as the line's PLC reported them, and each record is sealed on chain once anchored. "
            + "Missing evidence is stated as INCOMPLETE, never as PASS.";

    /** {@link #STATEMENT}, then whether a person released or rejected the batch, and how that was signed. */
    static String statement(BatchCertificate c) {
        Optional<BatchCertificate.ReleaseRow> release = c.release();
        if (release.isEmpty()) {
            return STATEMENT + " No person has released or rejected this batch.";
        }
        BatchCertificate.ReleaseRow r = release.get();
        if (!r.valid()) {
            return STATEMENT + " The last decision on this batch (" + r.decisionText().toLowerCase(java.util.Locale.ROOT)
                    + " by " + r.signer() + ") no longer stands: " + r.problem() + ".";
        }
        return STATEMENT + " " + r.decisionText() + " by " + r.signer() + " on " + Html.time(r.signedAt())
                + " with an electronic signature (" + r.meaningText() + "), recorded as " + r.lineId() + " #"
                + r.seq() + ".";
    }

    /**
     * One labelled field.
     *
     * @param missing the evidence does not give it: shown muted, as said in {@code value}
     */
    record Field(String label, String value, boolean missing) {

        static Field of(String label, String value) {
            return new Field(label, value, false);
        }

        static Field missing(String label, String why) {
            return new Field(label, why, true);
        }
    }

    private CertificateText() {
    }

    /** Group A: who issues it, which document this is, its number and date, the order (not recorded). */
    static List<Field> groupA(BatchCertificate c, String plant) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("A01 Manufacturer (issuer)", plant + ", line" + (c.lineIds().size() == 1 ? " " : "s ")
                + String.join(", ", c.lineIds())));
        fields.add(Field.of("A02 Type of document", "Inspection certificate 3.1 (EN 10204:2004)"));
        fields.add(Field.of("A03 Certificate number", c.certificateNumber()));
        fields.add(Field.missing("A06/A07 Purchaser, order", "not recorded by LineLedger"));
        fields.add(c.completed() ? Field.of("Date of issue", Html.time(c.completedAt()) + " (batch completed)")
                : Field.missing("Date of issue", "not issued: the batch is still running"));
        return fields;
    }

    /** {@code 3 (passed 2, failed 1); the PLC made 20: 17 not observed}. */
    static String parts(BatchCertificate c) {
        return c.parts() + " (passed " + (c.passed() == null ? "?" : c.passed()) + ", failed "
                + (c.failed() == null ? "?" : c.failed()) + ")"
                + (c.unobservedParts() > 0 ? "; the PLC made " + c.partsReported() + ": " + c.unobservedParts()
                + " not observed" : "");
    }

    /** {@code total 20, good 19, rejected 1} as the PLC last counted them. */
    static String plcCounts(BatchCertificate c) {
        List<String> parts = new ArrayList<>();
        Map<String, Long> counts = c.plcCounts();
        if (counts.containsKey("total")) {
            parts.add("total " + counts.get("total"));
        }
        if (counts.containsKey("good")) {
            parts.add("good " + counts.get("good"));
        }
        if (counts.containsKey("reject")) {
            parts.add("rejected " + counts.get("reject"));
        }
        counts.forEach((name, value) -> {
            if (!List.of("total", "good", "reject").contains(name)) {
                parts.add(name + " " + value);
            }
        });
        return String.join(", ", parts) + " (as last reported with a quality record)";
    }

    /** Group Z's release: the decision that stands, with its signature. */
    static List<Field> release(BatchCertificate c) {
        List<Field> fields = new ArrayList<>();
        Optional<BatchCertificate.ReleaseRow> release = c.release();
        if (release.isEmpty()) {
            fields.add(Field.missing("Z Release", "not released: no person has signed a decision on this batch"));
            return fields;
        }
        BatchCertificate.ReleaseRow r = release.get();
        fields.add(r.valid() ? Field.of("Z Release", r.decisionText() + " by " + r.signer())
                : Field.missing("Z Release", c.releaseText()));
        fields.add(Field.of("Signed", Html.time(r.signedAt()) + " by " + r.signer() + " (user name and password)"));
        fields.add(Field.of("Meaning", r.meaningText()));
        fields.add(Field.of("Reason", r.reason()));
        fields.add(Field.of("Signed over", "verdict " + r.verdict() + ", " + r.signedRecords() + " records up to "
                + r.signedLineId() + " #" + r.signedSeq() + " (" + r.signedDigest() + ")"));
        fields.add(Field.of("Release record", r.lineId() + " #" + r.seq() + (r.anchored() ? ", anchored in block "
                + r.anchor().blockNumber() : ", not yet anchored")));
        if (c.releases().size() > 1) {
            fields.add(Field.of("Decisions", c.releases().size() + " signed decisions (see the audit trail)"));
        }
        return fields;
    }

    /** Group Z's seal: its state as it stands now and where the batch's last anchor is on chain. */
    static List<Field> seal(BatchCertificate c) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("Z Seal", c.sealText() + " (" + c.anchoredCount() + " of " + c.records().size()
                + " records anchored; anchoring " + c.anchoringState() + ")"));
        fields.add(chainCheck(c.chain()));
        ChainEvidence.Seal seal = c.chain().seal();
        if (seal != null) {
            fields.add(Field.of("Batch seal", "revision " + seal.revision() + " in block " + seal.blockNumber()
                    + (seal.blockTime() == null ? "" : " of " + Html.time(seal.blockTime())) + ", transaction "
                    + seal.txHash() + ", batch root " + seal.batchRoot()));
        } else if (c.completed() && !c.chain().mismatch()) {
            fields.add(Field.missing("Batch seal", c.fullyAnchored() ? "not sealed on chain yet (or not confirmed)"
                    : "not sealed: the batch's records are not all anchored yet"));
        }
        Optional<Anchor> last = c.lastAnchor();
        if (last.isEmpty()) {
            fields.add(Field.missing("Chain", "no record of this batch is anchored yet"));
            return fields;
        }
        Anchor a = last.get();
        fields.add(Field.of("Chain id", Long.toString(a.chainId())));
        fields.add(Field.of("Registry", a.contract()));
        fields.add(Field.of("Transaction", a.txHash()));
        fields.add(Field.of("Block", a.blockNumber() + " (log " + a.logIndex() + ")"));
        fields.add(Field.missing("Block time", "not stored: read it from block " + a.blockNumber() + " on the chain"));
        fields.add(Field.of("Root", a.root().hex() + " (records " + a.lineId() + " " + a.firstSeq() + "\u2013"
                + a.lastSeq() + ")"));
        if (c.anchors().size() > 1) {
            fields.add(Field.of("Anchors", c.anchors().size() + " (all listed under Anchoring of the records)"));
        }
        return fields;
    }

    /** What the chain said when the batch's records and seal as stored were compared with it. */
    static Field chainCheck(ChainEvidence e) {
        // no time here: the PDF states this too, and the same batch gives the same PDF however often it is checked
        String when = e.pin().isEmpty() ? "" : " (compared with " + e.pin() + ")";
        return switch (e.state()) {
            case SEALED, MATCHES -> Field.of("Chain check", "matches: " + e.detail() + when);
            case MISMATCH -> Field.of("Chain check", "DOES NOT MATCH THE CHAIN: " + e.detail()
                    + (e.lineId() == null ? "" : " (record " + e.recordText() + ")") + when);
            case NOTHING_ANCHORED -> Field.missing("Chain check", "nothing to compare yet: " + e.detail());
            case CHECKING -> Field.missing("Chain check", e.detail());
            case NOT_CHECKED -> Field.missing("Chain check", "not compared with the chain: " + e.detail() + when);
        };
    }
}
