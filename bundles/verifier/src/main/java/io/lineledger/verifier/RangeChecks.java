package io.lineledger.verifier;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RangeProofFile.Entry;
import io.lineledger.model.RangeProofFile.Window;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import java.util.ArrayList;
import java.util.List;

/** The checks a range or batch proof file passes by itself, before the chain is asked. */
final class RangeChecks {

    private RangeChecks() {
    }

    /** keccak256(salt ‖ record JSON) of every record against the digest the file states for it. */
    static Finding recordDigests(RangeProofFile file) {
        List<String> wrong = new ArrayList<>();
        for (Entry entry : file.records()) {
            if (!entry.record().digest().equals(entry.digest())) {
                wrong.add("record " + entry.record().seq() + ": keccak256(salt ‖ record JSON) = "
                        + entry.record().digest() + " but the file's digest is " + entry.digest());
            }
        }
        if (!wrong.isEmpty()) {
            return Finding.fail(ProofVerifier.RECORD_DIGEST, wrong.size() + " of " + file.records().size()
                    + " records were changed (or their salt): " + ProofVerifier.listed(wrong));
        }
        return Finding.pass(ProofVerifier.RECORD_DIGEST, "keccak256(salt ‖ record JSON) of each of the "
                + file.records().size() + " records is the file's digest");
    }

    /** The records are the line's firstSeq..lastSeq, each once, in order. */
    static Finding sequence(RangeProofFile file) {
        List<String> wrong = new ArrayList<>();
        long expectedCount = file.lastSeq() - file.firstSeq() + 1;
        if (file.records().size() != expectedCount) {
            wrong.add("the file holds " + file.records().size() + " records for " + file.firstSeq() + ".."
                    + file.lastSeq() + ", which has " + expectedCount);
        }
        long expected = file.firstSeq();
        for (int i = 0; i < file.records().size(); i++, expected++) {
            LineRecord record = file.records().get(i).record();
            if (!record.lineId().equals(file.lineId())) {
                wrong.add("records[" + i + "] is of line '" + record.lineId() + "', not '" + file.lineId() + "'");
            }
            if (record.seq() != expected) {
                wrong.add("records[" + i + "] is seq " + record.seq() + " where seq " + expected + " belongs "
                        + "(a record missing, duplicated or out of order)");
            }
        }
        if (!wrong.isEmpty()) {
            return Finding.fail(ProofVerifier.RECORD_SEQUENCE, ProofVerifier.listed(wrong));
        }
        return Finding.pass(ProofVerifier.RECORD_SEQUENCE, "records " + file.firstSeq() + ".." + file.lastSeq()
                + " of line '" + file.lineId() + "', each once and in order");
    }

    /** Each record's prev is its predecessor's digest (recomputed); the first names one outside the file. */
    static Finding prevLinks(RangeProofFile file, List<String> notes) {
        List<String> wrong = new ArrayList<>();
        List<Entry> records = file.records();
        LineRecord first = records.get(0).record();
        if (first.seq() == 1 && !first.prevDigest().equals(Bytes32.ZERO)) {
            wrong.add("record 1 names a predecessor " + first.prevDigest() + " (the first record of a line has zero)");
        }
        for (int i = 1; i < records.size(); i++) {
            LineRecord previous = records.get(i - 1).record();
            LineRecord record = records.get(i).record();
            if (!record.prevDigest().equals(previous.digest())) {
                wrong.add("record " + record.seq() + " names prev " + record.prevDigest() + ", but the record before it "
                        + "(seq " + previous.seq() + ") has digest " + previous.digest());
            }
        }
        if (!wrong.isEmpty()) {
            return Finding.fail(ProofVerifier.PREV_LINKS, wrong.size() + " broken links: " + ProofVerifier.listed(wrong));
        }
        if (first.seq() > 1) {
            notes.add("record " + first.seq() + " names its predecessor " + first.prevDigest() + " (record "
                    + (first.seq() - 1) + "), which this file does not hold");
        }
        return Finding.pass(ProofVerifier.PREV_LINKS, records.size() == 1 ? "one record: no link inside the file"
                : "each of the " + (records.size() - 1) + " records after the first names its predecessor's digest: "
                        + "none was removed, inserted or reordered");
    }

    /**
     * A batch proof starts with the batch's batch-started record and ends with its batch-completed record. Another
     * batch-started or batch-completed record of the batch in between (a batch completed again later, or its id
     * started again) is named in a note: the range runs to the last completion, which is what the certificate and
     * the latest seal revision state.
     */
    static Finding batchBounds(RangeProofFile file, List<String> notes) {
        String batch = file.batchId();
        List<String> wrong = new ArrayList<>();
        List<Entry> records = file.records();
        LineRecord first = records.get(0).record();
        LineRecord last = records.get(records.size() - 1).record();
        if (!RecordTypes.BATCH_STARTED.equals(first.type()) || !batch.equals(first.batchId())) {
            wrong.add("the first record (seq " + first.seq() + ") is a '" + first.type() + "' record of batch '"
                    + first.batchId() + "', not the batch-started record of '" + batch + "'");
        }
        if (!RecordTypes.BATCH_COMPLETED.equals(last.type()) || !batch.equals(last.batchId())) {
            wrong.add("the last record (seq " + last.seq() + ") is a '" + last.type() + "' record of batch '"
                    + last.batchId() + "', not the batch-completed record of '" + batch + "'");
        }
        int ofBatch = 0;
        for (int i = 0; i < records.size(); i++) {
            LineRecord record = records.get(i).record();
            if (batch.equals(record.batchId())) {
                ofBatch++;
                boolean bound = RecordTypes.BATCH_STARTED.equals(record.type())
                        || RecordTypes.BATCH_COMPLETED.equals(record.type());
                if (bound && i != 0 && i != records.size() - 1) {
                    notes.add(RecordTypes.BATCH_COMPLETED.equals(record.type())
                            ? "record " + record.seq() + " is an earlier 'batch-completed' record of batch '" + batch
                                    + "': the batch was completed again later; the last completion (seq " + last.seq()
                                    + ") counts"
                            : "record " + record.seq() + " is another 'batch-started' record of batch '" + batch
                                    + "': its id was started again within its range");
                }
            }
        }
        if (!wrong.isEmpty()) {
            return Finding.fail(ProofVerifier.BATCH_BOUNDS, String.join("; ", wrong));
        }
        if (ofBatch < records.size()) {
            notes.add((records.size() - ofBatch) + " of the " + records.size() + " records in the range of batch '"
                    + batch + "' belong to the line or another batch (gaps, alarms of the line)");
        }
        return Finding.pass(ProofVerifier.BATCH_BOUNDS, "records " + file.firstSeq() + ".." + file.lastSeq() + " run from "
                + "the batch-started to the batch-completed record of batch '" + batch + "': " + ofBatch + " records of "
                + "the batch");
    }

    /** The windows are consecutive anchors of the line, in one registry, and cover firstSeq..lastSeq. */
    static Finding coverage(RangeProofFile file) {
        List<String> wrong = new ArrayList<>();
        List<Window> windows = file.windows();
        Anchor firstAnchor = windows.get(0).anchor();
        if (firstAnchor.firstSeq() > file.firstSeq() || firstAnchor.lastSeq() < file.firstSeq()) {
            wrong.add("the first window " + firstAnchor.firstSeq() + ".." + firstAnchor.lastSeq() + " does not hold seq "
                    + file.firstSeq());
        }
        Anchor lastAnchor = windows.get(windows.size() - 1).anchor();
        if (lastAnchor.firstSeq() > file.lastSeq() || lastAnchor.lastSeq() < file.lastSeq()) {
            wrong.add("the last window " + lastAnchor.firstSeq() + ".." + lastAnchor.lastSeq() + " does not hold seq "
                    + file.lastSeq());
        }
        for (int i = 0; i < windows.size(); i++) {
            Anchor anchor = windows.get(i).anchor();
            if (!anchor.lineId().equals(file.lineId())) {
                wrong.add("window " + i + " anchors line '" + anchor.lineId() + "', not '" + file.lineId() + "'");
            }
            if (anchor.chainId() != firstAnchor.chainId() || !anchor.contract().equalsIgnoreCase(firstAnchor.contract())) {
                wrong.add("window " + i + " names chain " + anchor.chainId() + " registry " + anchor.contract()
                        + ", the first names chain " + firstAnchor.chainId() + " registry " + firstAnchor.contract());
            }
            if (i > 0 && anchor.firstSeq() != windows.get(i - 1).anchor().lastSeq() + 1) {
                wrong.add("window " + i + " starts at " + anchor.firstSeq() + ", not right after the previous window's "
                        + windows.get(i - 1).anchor().lastSeq());
            }
        }
        if (!wrong.isEmpty()) {
            return Finding.fail(ProofVerifier.ANCHOR_COVERAGE, ProofVerifier.listed(wrong));
        }
        return Finding.pass(ProofVerifier.ANCHOR_COVERAGE, (windows.size() == 1 ? "the window "
                : windows.size() + " consecutive windows ") + firstAnchor.firstSeq() + ".." + lastAnchor.lastSeq()
                + " cover" + (windows.size() == 1 ? "s" : "") + " records " + file.firstSeq() + ".." + file.lastSeq());
    }

    /** Each window's multiproof leads from the leaves of its records (line, seq, digest) to its anchored root. */
    static Finding windowProofs(RangeProofFile file) {
        List<Anchor> anchors = file.windows().stream().map(Window::anchor).toList();
        // windows are independent: a range of many windows is checked on every core
        List<Finding> perWindow = file.windows().parallelStream().map(window -> windowProof(file, window)).toList();
        return ProofVerifier.aggregate(ProofVerifier.MERKLE_PROOF, anchors, perWindow);
    }

    private static Finding windowProof(RangeProofFile file, Window window) {
        Anchor anchor = window.anchor();
        Bytes32 lineKey = RegistryKeys.lineKey(anchor.lineId());
        List<Bytes32> leaves = new ArrayList<>();
        for (Entry entry : file.records()) {
            LineRecord record = entry.record();
            if (anchor.covers(record.seq())) {
                leaves.add(window.leafEncoding().leafHash(lineKey, record.seq(), entry.digest()));
            }
        }
        if (leaves.isEmpty()) {
            return Finding.fail(ProofVerifier.MERKLE_PROOF, "no record of the file lies in window " + anchor.firstSeq()
                    + ".." + anchor.lastSeq());
        }
        Bytes32 reached;
        try {
            reached = MerkleTree.processMultiProof(window.multiProof(leaves));
        } catch (IllegalArgumentException e) {
            return Finding.fail(ProofVerifier.MERKLE_PROOF, "window " + anchor.firstSeq() + ".." + anchor.lastSeq()
                    + ": " + e.getMessage());
        }
        String whole = window.proof().isEmpty() && leaves.size() == window.treeSize()
                ? " (the whole window: no other leaf is in its tree)" : "";
        if (!reached.equals(anchor.root())) {
            return Finding.fail(ProofVerifier.MERKLE_PROOF, "the " + leaves.size() + " leaves and "
                    + window.proof().size() + "-node multiproof lead to " + reached + ", not to the anchored root "
                    + anchor.root());
        }
        return Finding.pass(ProofVerifier.MERKLE_PROOF, "the " + leaves.size() + " leaves "
                + window.leafEncoding().types() + " and " + window.proof().size() + "-node multiproof lead to root "
                + anchor.root() + whole);
    }

    /** Each window's stated tree size is its anchored range's size, and holds the file's records of that window. */
    static Finding leafPositions(RangeProofFile file) {
        List<String> wrong = new ArrayList<>();
        for (Window window : file.windows()) {
            Anchor anchor = window.anchor();
            long rangeSize = anchor.lastSeq() - anchor.firstSeq() + 1;
            if (window.treeSize() != rangeSize) {
                wrong.add("window " + anchor.firstSeq() + ".." + anchor.lastSeq() + " states treeSize "
                        + window.treeSize() + ", but its anchored range has " + rangeSize + " records");
            }
        }
        if (!wrong.isEmpty()) {
            return Finding.fail(ProofVerifier.LEAF_POSITION, ProofVerifier.listed(wrong));
        }
        return Finding.pass(ProofVerifier.LEAF_POSITION, "each window's tree has one leaf per seq of its anchored "
                + "range, and each record's leaf names its own seq inside it");
    }

    /** One note per gap record in the range: when the line was not observed, and why. */
    static List<String> gapNotes(RangeProofFile file) {
        List<String> notes = new ArrayList<>();
        for (Entry entry : file.records()) {
            LineRecord record = entry.record();
            if (!RecordTypes.GAP.equals(record.type())) {
                continue;
            }
            try {
                ObservationGap gap = ObservationGap.of(record);
                notes.add("gap record " + record.seq() + ": the line was not observed from " + gap.from() + " to "
                        + gap.to() + " (" + gap.cause() + (gap.detail().isEmpty() ? "" : ": " + gap.detail()) + ")");
            } catch (RuntimeException e) {
                notes.add("gap record " + record.seq() + " is malformed: " + e.getMessage());
            }
        }
        if (notes.isEmpty()) {
            notes.add("no gap record in " + file.firstSeq() + ".." + file.lastSeq() + ": the line was observed throughout");
        }
        return notes;
    }
}
