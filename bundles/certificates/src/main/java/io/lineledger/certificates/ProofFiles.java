package io.lineledger.certificates;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import java.util.List;
import java.util.Objects;

/** Assembles the proof file of one stored record from the store: the record, its anchor and the anchored tree. */
public final class ProofFiles {

    private final RecordStore store;

    public ProofFiles(RecordStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The proof that record {@code lineId/seq} was anchored.
     *
     * @throws RecordNotFoundException    when the line has no such record
     * @throws RecordNotAnchoredException when the record is not anchored yet
     * @throws TamperedRecordException   when the store finds a record of the anchored range changed behind its back
     * @throws IllegalStateException      when the stored records of the anchored range no longer give the anchored
     *                                    root (the store was altered after anchoring)
     */
    public ProofFile proofOf(String lineId, long seq) {
        LineRecord record = store.find(lineId, seq).orElseThrow(() -> new RecordNotFoundException(lineId, seq));
        Anchor anchor = store.anchorOf(lineId, seq).orElseThrow(() -> new RecordNotAnchoredException(lineId, seq));
        List<LineRecord> range = store.range(lineId, anchor.firstSeq(), anchor.lastSeq());
        long expected = anchor.lastSeq() - anchor.firstSeq() + 1;
        if (range.size() != expected) {
            throw new IllegalStateException("line " + lineId + " has " + range.size() + " records in anchored range "
                    + anchor.firstSeq() + ".." + anchor.lastSeq() + ", expected " + expected);
        }
        // v2 or v1, as the window was anchored; never hand out a proof that cannot verify: no match means the stored
        // records were changed
        MerkleTree tree = MerkleTree.matching(lineId, range, anchor.root()).orElseThrow(() -> new IllegalStateException(
                "records " + lineId + "/" + anchor.firstSeq() + ".." + anchor.lastSeq() + " give neither the v2 nor"
                        + " the v1 root " + anchor.root() + " that was anchored in tx " + anchor.txHash()));
        return ProofFile.of(record, tree, anchor);
    }

    /**
     * The file name a downloaded proof gets: {@code <lineId>-<seq>.proof.json}, with any character of the line id
     * other than letters, digits, '.', '_' and '-' replaced by '_' (it goes into an HTTP header and a file system).
     */
    public static String fileName(String lineId, long seq) {
        return lineId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + seq + ".proof.json";
    }
}
