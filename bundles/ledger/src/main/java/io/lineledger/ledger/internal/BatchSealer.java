package io.lineledger.ledger.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.RecordStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Seals completed batches on the registry: once a batch's {@code batch-completed} record is anchored (and so every
 * record of its range, from its {@code batch-started} record on), {@code sealBatch(batchKey, lineKey,
 * certificateDigest, batchRoot)} with the root and certificate digest of that range ({@link RangeProofFile#batchRoot},
 * {@link RangeProofFile#certificateDigest}); a batch completed again later (a newer {@code batch-completed} record)
 * is a new state of it, sent as {@code amendBatch} with the new record's digest as the reason. Not thread-safe: the
 * ledger's one scheduler thread drives it after each anchoring pass.
 *
 * <p>Crash-safe through the store's outbox ({@link BatchSeals}): the entry is written before its transaction, the
 * hash right after, the registry's revision once mined. What to send is always decided by the chain: the registry's
 * latest revision of the batch already stating the entry's root and certificate digest means it is sealed (a lost
 * outbox update, or another process), no revision means {@code sealBatch}, another latest revision of the line means
 * {@code amendBatch}. So a restart never seals a state twice, and a transaction the node lost is sent again. The one
 * window left, an entry whose transaction was sent just before a crash but not recorded, is closed by waiting until
 * the transactions the account had in the node's pool then are mined, before the registry is asked about an entry
 * carried over from an earlier run.
 */
final class BatchSealer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSealer.class);
    /** Completions looked at per line and pass, and seal transactions sent per pass: a backlog takes a few passes. */
    static final int COMPLETIONS_PER_PASS = 64;
    static final int SENDS_PER_PASS = 16;
    /**
     * Time a pass spends planning seals at most (each plan reads its batch's digests): when many batches complete at
     * once, anchoring, which shares the ledger's thread, keeps its pace; the rest is planned in the next passes,
     * starting with the line that waited.
     */
    static final Duration PLANNING_BUDGET = Duration.ofMillis(300);

    private final RecordStore store;
    private final BatchSeals seals;
    private final RegistryContract contract;
    private final TransactionSender sender;
    private final AnchoringPolicy policy;
    private final Clock clock;
    /** Per line, the sequence up to which completions were planned (starts from the outbox after a restart). */
    private final Map<String, Long> plannedThrough = new HashMap<>();
    /** Entries this process planned or sent: their outcome is known here, no earlier run may have sent them. */
    private final Set<Long> known = new HashSet<>();
    /** Per entry carried over from an earlier run, the account's pending nonce when this process first saw it. */
    private final Map<Long, BigInteger> poolMarks = new HashMap<>();
    /** Per entry, the hashes its transaction had before a replacement, and when the current one was sent. */
    private final Map<Long, List<String>> replaced = new HashMap<>();
    private final Map<Long, Instant> sentAt = new HashMap<>();
    private final Map<Long, Integer> reverts = new HashMap<>();
    /** Batches already reported as impossible to seal (logged once). */
    private final Set<String> unsealable = new HashSet<>();
    private final Map<String, Trouble> troubles = new HashMap<>();
    private volatile Map<String, Trouble> published = Map.of();
    /** Where the next pass starts planning (a line the last pass ran out of time for). */
    private int firstLine;

    /** Why sealing on a line is held up: RETRYING or ALARM, with the reason. */
    record Trouble(LineStatus.State state, String reason) {
    }

    BatchSealer(RecordStore store, BatchSeals seals, RegistryContract contract, TransactionSender sender,
                AnchoringPolicy policy, Clock clock) {
        this.store = store;
        this.seals = seals;
        this.contract = contract;
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * One pass: plans the seals of batches completed in the anchored part of each line, then drives the open
     * entries. Never throws; what went wrong is in {@link #troubles()}.
     *
     * @param anchoredThrough per line, the highest sequence number whose anchor the store holds (a gap-free prefix)
     */
    void pass(Map<String, Long> anchoredThrough) {
        Map<String, Trouble> before = published;
        troubles.clear();
        List<Map.Entry<String, Long>> lines = List.copyOf(anchoredThrough.entrySet());
        Instant deadline = clock.instant().plus(PLANNING_BUDGET);
        int start = lines.isEmpty() ? 0 : Math.floorMod(firstLine, lines.size());
        boolean outOfTime = false;
        for (int i = 0; i < lines.size(); i++) {
            Map.Entry<String, Long> line = lines.get((start + i) % lines.size());
            if (!outOfTime && i > 0 && clock.instant().isAfter(deadline)) {
                outOfTime = true;
                firstLine = start + i;
            }
            if (outOfTime) {
                Trouble kept = before.get(line.getKey()); // not looked at this pass: as it was
                if (kept != null) {
                    troubles.put(line.getKey(), kept);
                }
                continue;
            }
            try {
                planLine(line.getKey(), line.getValue(), deadline);
            } catch (RuntimeException e) {
                trouble(line.getKey(), LineStatus.State.RETRYING, "planning batch seals failed: " + e.getMessage());
            }
        }
        List<BatchSeal> open;
        try {
            open = seals.open();
        } catch (RuntimeException e) {
            anchoredThrough.keySet().forEach(line -> trouble(line, LineStatus.State.RETRYING,
                    "reading open batch seals failed: " + e.getMessage()));
            published = Map.copyOf(troubles);
            return;
        }
        int sends = 0;
        for (BatchSeal seal : open) {
            try {
                if (drive(seal, sends < SENDS_PER_PASS && sender.inFlightRoom() > 0)) {
                    sends++;
                }
            } catch (LineAlarm e) {
                trouble(seal.lineId(), LineStatus.State.ALARM, e.getMessage());
            } catch (RuntimeException e) {
                trouble(seal.lineId(), LineStatus.State.RETRYING, "sealing batch '" + seal.batchId() + "': "
                        + e.getMessage());
            }
        }
        published = Map.copyOf(troubles);
    }

    /** Lines whose sealing is held up, as of the last pass. Safe from any thread. */
    Map<String, Trouble> troubles() {
        return published;
    }

    private void trouble(String lineId, LineStatus.State state, String reason) {
        Trouble before = troubles.get(lineId);
        if (before == null || before.state() == LineStatus.State.RETRYING && state == LineStatus.State.ALARM) {
            troubles.put(lineId, new Trouble(state, reason));
        }
        LOG.debug("line {}: batch seal {}: {}", lineId, state, reason);
    }

    // ---- planning ------------------------------------------------------------------------------------------

    /** Plans the line's completions up to {@code anchored}, at least one, then as many as {@code deadline} allows. */
    private void planLine(String lineId, long anchored, Instant deadline) {
        long from = plannedThrough.computeIfAbsent(lineId, seals::lastPlannedSeq);
        if (anchored <= from) {
            return;
        }
        List<BatchSeals.Completion> completions = seals.completions(lineId, from, anchored, COMPLETIONS_PER_PASS);
        for (int i = 0; i < completions.size(); i++) {
            if (i > 0 && clock.instant().isAfter(deadline)) {
                return; // the rest next pass, from the last one planned
            }
            plan(lineId, completions.get(i));
            plannedThrough.put(lineId, completions.get(i).seq());
        }
        if (completions.size() < COMPLETIONS_PER_PASS) {
            plannedThrough.put(lineId, anchored);
        }
    }

    /** The batch's state ending at this completion: its range, root and certificate digest, written to the outbox. */
    private void plan(String lineId, BatchSeals.Completion completion) {
        String batchId = completion.batchId();
        long lastSeq = completion.seq();
        if (batchId == null) {
            return; // a batch-completed record of no batch cannot be sealed (and the rules never write one)
        }
        if (store.anchorOf(lineId, lastSeq).isEmpty()) {
            throw new IllegalStateException("record " + lineId + "#" + lastSeq + " is not anchored yet");
        }
        Optional<BatchSeal> latest = seals.latest(batchId);
        if (latest.isPresent() && latest.get().lastSeq() >= lastSeq && latest.get().lineId().equals(lineId)) {
            return; // planned before a restart
        }
        long firstSeq;
        if (latest.isPresent()) {
            if (!latest.get().lineId().equals(lineId)) {
                unsealable(batchId, "batch '" + batchId + "' was sealed on line " + latest.get().lineId() + " and is"
                        + " completed again on line " + lineId + ": a batch is sealed on one line only; this"
                        + " completion (record " + lineId + "#" + lastSeq + ") is not sealed");
                return;
            }
            firstSeq = latest.get().firstSeq();
        } else {
            OptionalLong started = seals.startedSeq(lineId, batchId);
            if (started.isEmpty() || started.getAsLong() > lastSeq) {
                unsealable(batchId, "batch '" + batchId + "' completed at record " + lineId + "#" + lastSeq
                        + " has no batch-started record before it on that line (the ledger saw only its end?):"
                        + " it has no batch range, so it is not sealed");
                return;
            }
            firstSeq = started.getAsLong();
        }
        LineRecord completed = store.find(lineId, lastSeq).orElseThrow(() -> new IllegalStateException(
                "record " + lineId + "#" + lastSeq + " is gone from the store"));
        if (!RecordTypes.BATCH_COMPLETED.equals(completed.type()) || !batchId.equals(completed.batchId())) {
            throw new IllegalStateException("record " + lineId + "#" + lastSeq + " is a '" + completed.type()
                    + "' record of batch " + completed.batchId() + ", not the batch-completed record of " + batchId);
        }
        // the digests anchoring checked against their JSON (every record of the range is anchored by now)
        Bytes32 root = RangeProofFile.batchRoot(lineId, firstSeq, lastSeq, store::storedDigests);
        Bytes32 certificate = RangeProofFile.certificateDigest(List.of(completed));
        BatchSeal planned = seals.plan(batchId, lineId, firstSeq, lastSeq, root, certificate);
        known.add(planned.id());
        LOG.info("batch '{}' of line {} (records {}..{}) is anchored: {} it with root {}", batchId, lineId, firstSeq,
                lastSeq, latest.isPresent() ? "amending its seal" : "sealing", root);
    }

    private void unsealable(String batchId, String why) {
        if (unsealable.add(batchId)) {
            LOG.warn(why);
        }
    }

    // ---- driving an entry ----------------------------------------------------------------------------------

    /**
     * Follows an open entry one step: its transaction's receipt, or the registry's word on what to send.
     *
     * @param maySend whether this pass may still send a transaction
     * @return true when a transaction was sent
     */
    private boolean drive(BatchSeal seal, boolean maySend) {
        Bytes32 batchKey = RegistryKeys.batchKey(seal.batchId());
        if (seal.status() == BatchSeal.Status.SENT) {
            List<String> hashes = new ArrayList<>(replaced.getOrDefault(seal.id(), List.of()));
            hashes.add(0, seal.txHash());
            for (String hash : hashes) {
                Optional<TransactionReceipt> receipt = sender.receipt(hash);
                if (receipt.isPresent() && receipt.get().isStatusOK()) {
                    Optional<RegistryContract.BatchSealedEvent> event = contract.batchSealedEvent(receipt.get(),
                            batchKey);
                    if (event.isPresent()) {
                        markSealedWhenConfirmed(seal, event.get());
                        return false;
                    }
                }
                if (receipt.isPresent() && hash.equals(seal.txHash())) {
                    countRevert(seal, "transaction " + hash + " reverted: " + sender.revertReasonOf(hash));
                    return decide(seal, batchKey, maySend); // e.g. the same state sealed by an earlier transaction
                }
            }
            if (sender.isKnown(seal.txHash())) {
                replaceWhenStuck(seal);
                return false;
            }
            LOG.warn("batch seal of '{}': the node lost transaction {}; asking the registry", seal.batchId(),
                    seal.txHash());
            sender.reuseNonceOf(seal.txHash());
        }
        return decide(seal, batchKey, maySend);
    }

    /** Sends what the registry still lacks, or marks the entry sealed when the registry holds it already. */
    private boolean decide(BatchSeal seal, Bytes32 batchKey, boolean maySend) {
        if (!known.contains(seal.id())) {
            if (!poolSettledSinceFirstSeen(seal)) {
                return false; // a transaction sent for it just before a restart may still be in the pool
            }
            known.add(seal.id());
        }
        Bytes32 lineKey = RegistryKeys.lineKey(seal.lineId());
        long count = contract.batchRevisionCount(batchKey);
        if (count > 0) {
            RegistryContract.BatchRevision latest = contract.batchRevision(batchKey, count - 1);
            if (latest.lineKey().equals(lineKey) && latest.batchRoot().equals(seal.batchRoot())
                    && latest.certificateDigest().equals(seal.certificateDigest())) {
                RegistryContract.BatchSealedEvent event = contract.findBatchSealed(batchKey, latest.blockNumber(),
                                latest.blockNumber()).stream()
                        .filter(e -> e.revision() == count - 1)
                        .findFirst()
                        .orElseThrow(() -> new ChainException("the registry says batch '" + seal.batchId()
                                + "' got revision " + (count - 1) + " in block " + latest.blockNumber()
                                + " but eth_getLogs finds no BatchSealed log there"));
                markSealedWhenConfirmed(seal, event);
                return false;
            }
            if (!latest.lineKey().equals(lineKey)) {
                throw new LineAlarm("batch '" + seal.batchId() + "' is sealed on chain for another line (lineKey "
                        + latest.lineKey() + ", by " + latest.writer() + " in block " + latest.blockNumber()
                        + "): batch ids are global in the registry; this line's batch cannot be sealed under it");
            }
        }
        if (!maySend) {
            return false;
        }
        String txHash;
        try {
            txHash = count == 0
                    ? contract.sealBatch(batchKey, lineKey, seal.certificateDigest(), seal.batchRoot())
                    : contract.amendBatch(batchKey, seal.certificateDigest(), seal.batchRoot(), seal.certificateDigest());
        } catch (ContractRevertedException e) {
            countRevert(seal, "its gas estimate reverted: " + e.getMessage());
            throw new ChainException("batch '" + seal.batchId() + "': " + e.getMessage());
        }
        seals.markSent(seal.id(), txHash);
        known.add(seal.id());
        sentAt.put(seal.id(), clock.instant());
        replaced.remove(seal.id());
        LOG.info("batch '{}' of line {}: {} sent in {}", seal.batchId(), seal.lineId(),
                count == 0 ? "sealBatch" : "amendBatch (revision " + count + ")", txHash);
        return true;
    }

    /** With confirmations, the revision counts once enough blocks are on top of it. */
    private void markSealedWhenConfirmed(BatchSeal seal, RegistryContract.BatchSealedEvent event) {
        if (policy.confirmations() > 0 && sender.blockNumber() < event.blockNumber() + policy.confirmations()) {
            return;
        }
        seals.markSealed(seal.id(), event.revision(), event.txHash(), event.blockNumber());
        forget(seal.id());
        LOG.info("batch '{}' of line {} (records {}..{}) is sealed: revision {} in block {} (tx {})", seal.batchId(),
                seal.lineId(), seal.firstSeq(), seal.lastSeq(), event.revision(), event.blockNumber(), event.txHash());
    }

    private void replaceWhenStuck(BatchSeal seal) {
        Instant sent = sentAt.computeIfAbsent(seal.id(), id -> clock.instant());
        Duration waited = Duration.between(sent, clock.instant());
        if (waited.compareTo(policy.stuckAfter()) < 0) {
            return;
        }
        String replacement = sender.replace(seal.txHash());
        if (replacement.equalsIgnoreCase(seal.txHash())) {
            return; // mined meanwhile: the next pass reads its receipt
        }
        seals.markSent(seal.id(), replacement);
        replaced.computeIfAbsent(seal.id(), id -> new ArrayList<>()).add(seal.txHash());
        sentAt.put(seal.id(), clock.instant());
        LOG.warn("batch seal of '{}': transaction {} waited {} ms in the node's pool; replaced it with {}",
                seal.batchId(), seal.txHash(), waited.toMillis(), replacement);
    }

    private void countRevert(BatchSeal seal, String what) {
        int count = reverts.merge(seal.id(), 1, Integer::sum);
        if (count >= policy.revertsBeforeAlarm()) {
            throw new LineAlarm("batch '" + seal.batchId() + "': " + what + " (" + count + " times)");
        }
    }

    /**
     * Whether every transaction the signing account had in the node's pool when this process first saw the entry
     * was mined since (or dropped: then nothing of the account waits any more). Read before the registry is asked,
     * so a transaction sent for the entry before a restart is either in the registry's answer or gone for good.
     */
    private boolean poolSettledSinceFirstSeen(BatchSeal seal) {
        BigInteger mined = transactionCount(DefaultBlockParameterName.LATEST);
        BigInteger pending = transactionCount(DefaultBlockParameterName.PENDING);
        BigInteger mark = poolMarks.computeIfAbsent(seal.id(), id -> pending);
        return mined.compareTo(mark.min(pending)) >= 0;
    }

    private BigInteger transactionCount(DefaultBlockParameterName block) {
        return sender.rpc("eth_getTransactionCount", sender.web3j().ethGetTransactionCount(sender.address(), block))
                .getTransactionCount();
    }

    private void forget(long id) {
        poolMarks.remove(id);
        replaced.remove(id);
        sentAt.remove(id);
        reverts.remove(id);
    }
}
