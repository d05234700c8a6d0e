package io.lineledger.certificates;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import java.util.List;

/**
 * Anchors stored records the way the ledger does (outbox job, sent, anchored), with made-up transactions, on
 * {@link #CHAIN}.
 */
public final class Anchors {

    public static final long CHAIN_ID = 31337;
    public static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    /**
     * The chain every anchor made here goes to. Shared by all tests: a root is a hash of its records, so tests never
     * see each other's anchors unless they anchor the very same records.
     */
    public static final AnchoredChain CHAIN = new AnchoredChain(CHAIN_ID, CONTRACT);

    private Anchors() {
    }

    /** Anchors records {@code firstSeq..lastSeq} of a line: the next range after the line's last anchor job. */
    public static Anchor anchor(RecordStore store, String lineId, long firstSeq, long lastSeq) {
        Bytes32 root = MerkleTree.ofRecords(lineId, store.range(lineId, firstSeq, lastSeq)).root();
        AnchorJob job = store.createAnchorJob(lineId, firstSeq, lastSeq, root);
        String tx = "0x" + String.format("%064x", 0xabc000L + job.id());
        store.markSent(job.id(), tx);
        Anchor anchor = new Anchor(CHAIN_ID, CONTRACT, tx, 100 + job.id(), 0, lineId, firstSeq, lastSeq, root);
        store.markAnchored(job.id(), anchor);
        CHAIN.add(anchor);
        return anchor;
    }

    /** Anchors every record of the line not yet in a job. */
    public static Anchor anchorAll(RecordStore store, String lineId) {
        List<LineRecord> open = store.unanchored(lineId, Integer.MAX_VALUE);
        return anchor(store, lineId, open.get(0).seq(), open.get(open.size() - 1).seq());
    }
}
