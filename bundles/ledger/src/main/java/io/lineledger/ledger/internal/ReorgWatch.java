package io.lineledger.ledger.internal;

import io.lineledger.model.Anchor;
import io.lineledger.store.RecordStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Deep reorganizations on a chain that has them: an anchor counts once its confirmations are on top of it, but a
 * reorganization deeper than that can still undo it. So the anchors of the last {@code reorgWatchBlocks} blocks are
 * checked on every pass; one that the canonical chain no longer holds (its transaction gone, or mined in another
 * block) is taken back in the store and its job is open again, to be found or sent anew. Normally one call per line
 * and pass: the canonical block at the newest watched anchor's height still has the hash it had, so every block
 * below it is unchanged too. Confined to the anchorer's thread.
 */
final class ReorgWatch {

    private static final Logger LOG = LoggerFactory.getLogger(Anchorer.class);

    /** An anchor in the store and the hash of its block, null until checked in this process. */
    private record Watched(Anchor anchor, String blockHash) {
    }

    private final RecordStore store;
    private final RegistryContract contract;
    private final TransactionSender sender;
    private final int watchBlocks;
    private final Map<String, List<Watched>> byLine = new HashMap<>();

    ReorgWatch(RecordStore store, RegistryContract contract, TransactionSender sender, int watchBlocks) {
        this.store = store;
        this.contract = contract;
        this.sender = sender;
        this.watchBlocks = watchBlocks;
    }

    /** An anchor just marked in the store, in the block with this hash. */
    void watch(Anchor anchor, String blockHash) {
        List<Watched> watched = byLine.get(anchor.lineId());
        if (watched == null) {
            return; // the line is loaded from the store on its next check, this anchor with it
        }
        watched.removeIf(entry -> entry.anchor().firstSeq() == anchor.firstSeq());
        watched.add(new Watched(anchor, blockHash == null ? null : blockHash.toLowerCase()));
        watched.sort(Comparator.comparingLong(entry -> entry.anchor().firstSeq()));
    }

    /**
     * Checks the line's recent anchors against the canonical chain and takes back the ones it no longer holds.
     *
     * @param lastAnchoredSeq the line's last sequence with an anchor in the store; read only the first time
     * @return true when anchors were taken back (their jobs are open again)
     */
    boolean takeBackUndone(String lineId, LongSupplier lastAnchoredSeq) {
        long head = sender.blockNumber();
        List<Watched> watched = byLine.get(lineId);
        if (watched == null) {
            watched = load(lineId, lastAnchoredSeq.getAsLong(), head);
            byLine.put(lineId, watched);
        }
        watched.removeIf(entry -> entry.anchor().blockNumber() + watchBlocks < head);
        if (watched.isEmpty()) {
            return false;
        }
        Watched newest = watched.get(watched.size() - 1);
        boolean allKnown = watched.stream().allMatch(entry -> entry.blockHash() != null);
        if (allKnown && sender.blockHash(newest.anchor().blockNumber()).filter(newest.blockHash()::equals).isPresent()) {
            return false;
        }
        List<Watched> undone = new ArrayList<>();
        for (int i = 0; i < watched.size(); i++) {
            Watched entry = watched.get(i);
            Optional<String> canonical = undone.isEmpty() ? canonicalBlockOf(entry.anchor()) : Optional.empty();
            if (canonical.isPresent()) {
                watched.set(i, new Watched(entry.anchor(), canonical.get()));
            } else {
                undone.add(entry); // and every later anchor of the line: the contract took them in this order
            }
        }
        for (int i = undone.size() - 1; i >= 0; i--) { // newest first: the store's anchors stay a prefix of the line
            Anchor anchor = undone.get(i).anchor();
            store.unmarkAnchored(anchor);
            watched.remove(undone.get(i));
            LOG.warn("line {}: the anchor of records {}..{} in block {} (tx {}) is no longer in the canonical chain"
                            + " (a reorganization deeper than the confirmations); taken back, it is anchored again",
                    lineId, anchor.firstSeq(), anchor.lastSeq(), anchor.blockNumber(), anchor.txHash());
        }
        return !undone.isEmpty();
    }

    /** The hash of the canonical block that holds the anchor exactly as stored, if the chain still has it so. */
    private Optional<String> canonicalBlockOf(Anchor anchor) {
        Optional<TransactionReceipt> receipt = sender.receipt(anchor.txHash());
        if (receipt.isEmpty() || !receipt.get().isStatusOK()
                || receipt.get().getBlockNumber().longValueExact() != anchor.blockNumber()) {
            return Optional.empty();
        }
        boolean sameLog = contract.anchoredEvent(receipt.get(), anchor.root())
                .filter(event -> event.logIndex() == anchor.logIndex() && event.firstSeq() == anchor.firstSeq())
                .isPresent();
        String hash = receipt.get().getBlockHash().toLowerCase();
        return sameLog && sender.blockHash(anchor.blockNumber()).filter(hash::equals).isPresent()
                ? Optional.of(hash) : Optional.empty();
    }

    /** After a (re)start: the line's anchors in the watched blocks, newest first from the store, then in order. */
    private List<Watched> load(String lineId, long lastAnchoredSeq, long head) {
        List<Watched> watched = new ArrayList<>();
        long seq = lastAnchoredSeq;
        while (seq >= 1) {
            Optional<Anchor> anchor = store.anchorOf(lineId, seq);
            if (anchor.isEmpty() || anchor.get().blockNumber() + watchBlocks < head) {
                break;
            }
            watched.add(0, new Watched(anchor.get(), null));
            seq = anchor.get().firstSeq() - 1;
        }
        return watched;
    }
}
