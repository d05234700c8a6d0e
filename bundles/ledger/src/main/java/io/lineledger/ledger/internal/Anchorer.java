package io.lineledger.ledger.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Anchors windows of line records: Merkle root over the window's digests, an outbox job in the store BEFORE the
 * transaction, the transaction, then the receipt's facts back into the store. Not thread-safe: one thread (the
 * ledger's scheduler) drives it.
 *
 * <p>Every open job is driven by the same steps, whether it was created a moment ago or found after a restart:
 * a SENT job's receipt is looked up; a PENDING job, or one whose transaction the node lost, is first looked up on
 * chain by its root ({@code anchorOf}, then its log via {@code eth_getLogs}) and only sent when the contract still
 * expects its first sequence. So a crash anywhere between createAnchorJob and markAnchored neither loses a range
 * nor anchors it twice. A line has at most one open job, so its anchors reach the contract in sequence order.
 *
 * <p>A job the contract rejects is parked (logged with the revert reason, left open in the store) until the next
 * {@link #reconcile()}, typically at the next start: rejections are deterministic and retrying them in a loop
 * would only spend gas.
 */
public final class Anchorer {

    private static final Logger LOG = LoggerFactory.getLogger(Anchorer.class);
    private static final Duration GRANT_TIMEOUT = Duration.ofSeconds(60);

    private final RecordStore store;
    private final RegistryContract contract;
    private final TransactionSender sender;
    private final WindowPolicy window;
    private final int confirmations;
    private final Clock clock;
    private final Set<Long> parkedJobs = new HashSet<>();
    private final Set<Bytes32> linesWeWrite = new HashSet<>();

    public Anchorer(RecordStore store, RegistryContract contract, TransactionSender sender, WindowPolicy window,
                    int confirmations, Clock clock) {
        if (confirmations < 0) {
            throw new IllegalArgumentException("confirmations must be >= 0, got " + confirmations);
        }
        this.store = store;
        this.contract = contract;
        this.sender = sender;
        this.window = window;
        this.confirmations = confirmations;
        this.clock = clock;
    }

    /** After a restart: gives parked jobs another chance and drives every open job against the chain. */
    public void reconcile() {
        parkedJobs.clear();
        sender.resyncNonce();
        List<AnchorJob> open = store.openJobs();
        if (!open.isEmpty()) {
            LOG.info("reconciling {} open anchor job(s) with the chain", open.size());
        }
        open.forEach(this::advance);
    }

    /**
     * One pass: drives open jobs, then closes the windows that are due.
     *
     * @param flush close every non-empty window now, due or not
     */
    public void tick(boolean flush) {
        Set<String> linesWithOpenJobs = new HashSet<>();
        for (AnchorJob job : store.openJobs()) {
            advance(job);
            linesWithOpenJobs.add(job.lineId());
        }
        // a job anchored just now frees its line, but the next window waits for the next pass: it keeps
        // the store's reads of one pass consistent
        for (String lineId : store.lineIds()) {
            if (!linesWithOpenJobs.contains(lineId)) {
                closeWindowIfDue(lineId, flush);
            }
        }
    }

    private void closeWindowIfDue(String lineId, boolean flush) {
        List<LineRecord> records = store.unanchored(lineId, window.maxRecords());
        if (records.isEmpty()) {
            return;
        }
        if (!flush && !window.closes(records.size(), records.get(0).recordedAt(), clock.instant())) {
            return;
        }
        long firstSeq = records.get(0).seq();
        long lastSeq = records.get(records.size() - 1).seq();
        if (lastSeq - firstSeq + 1 != records.size()) {
            throw new IllegalStateException("store returned a non-contiguous window of line " + lineId + ": "
                    + records.size() + " records in " + firstSeq + ".." + lastSeq);
        }
        Bytes32 root = MerkleTree.of(records.stream().map(LineRecord::digest).toList()).root();
        AnchorJob job = store.createAnchorJob(lineId, firstSeq, lastSeq, root);
        LOG.debug("line {}: window {}..{} closed, root {}", lineId, firstSeq, lastSeq, root);
        advance(job);
    }

    /** Takes an open job one step further; never throws for chain trouble (the next pass retries). */
    private void advance(AnchorJob job) {
        if (parkedJobs.contains(job.id())) {
            return;
        }
        try {
            if (job.status() == AnchorJob.Status.SENT && job.txHash() != null && followSentTransaction(job)) {
                return;
            }
            if (anchoredAlready(job)) {
                return;
            }
            Bytes32 lineKey = RegistryKeys.lineKey(job.lineId());
            long expected = contract.nextSequence(lineKey);
            if (expected != job.firstSeq()) {
                park(job, "the contract expects sequence " + expected + " next on line " + job.lineId());
                return;
            }
            send(job, lineKey);
        } catch (ContractRevertedException e) {
            park(job, e.getMessage());
        } catch (ChainException e) {
            LOG.warn("anchor job {} (line {}, {}..{}): {}; will retry", job.id(), job.lineId(), job.firstSeq(),
                    job.lastSeq(), e.getMessage());
        }
    }

    /** @return true when the job needs nothing more in this pass (anchored, or its transaction still pending) */
    private boolean followSentTransaction(AnchorJob job) {
        Optional<TransactionReceipt> receipt = sender.receipt(job.txHash());
        if (receipt.isEmpty()) {
            if (sender.isKnown(job.txHash())) {
                return true; // still in the pool
            }
            LOG.warn("anchor job {}: the node lost transaction {}; looking the root up on chain", job.id(), job.txHash());
            sender.resyncNonce();
            return false;
        }
        if (receipt.get().isStatusOK()) {
            var event = contract.anchoredEvent(receipt.get(), job.root()).orElseThrow(() -> new ChainException(
                    "receipt of " + job.txHash() + " has no Anchored log for root " + job.root()));
            markAnchoredWhenConfirmed(job, event);
            return true;
        }
        String reason = sender.revertReasonOf(job.txHash());
        if (anchoredAlready(job)) {
            return true; // e.g. a resend raced the first transaction, which won
        }
        park(job, "transaction " + job.txHash() + " reverted: " + reason);
        return true;
    }

    /** Looks the root up on chain; marks the job anchored when found (and confirmed). */
    private boolean anchoredAlready(AnchorJob job) {
        Optional<RegistryContract.OnChainAnchor> onChain = contract.anchorOf(job.root());
        if (onChain.isEmpty()) {
            return false;
        }
        RegistryContract.OnChainAnchor found = onChain.get();
        Bytes32 lineKey = RegistryKeys.lineKey(job.lineId());
        if (!found.lineKey().equals(lineKey) || found.firstSeq() != job.firstSeq() || found.lastSeq() != job.lastSeq()) {
            park(job, "root " + job.root() + " is anchored on chain for another range: " + found);
            return true;
        }
        var event = contract.findAnchored(lineKey, job.root(), found.blockNumber(), found.blockNumber()).stream()
                .findFirst()
                .orElseThrow(() -> new ChainException("contract says root " + job.root() + " was anchored in block "
                        + found.blockNumber() + " but eth_getLogs finds no Anchored log there"));
        markAnchoredWhenConfirmed(job, event);
        return true;
    }

    private void markAnchoredWhenConfirmed(AnchorJob job, RegistryContract.AnchoredEvent event) {
        if (confirmations > 0 && sender.blockNumber() < event.blockNumber() + confirmations) {
            return; // the next pass looks again
        }
        Anchor anchor = new Anchor(sender.chainId(), contract.address(), event.txHash(), event.blockNumber(),
                event.logIndex(), job.lineId(), job.firstSeq(), job.lastSeq(), job.root());
        store.markAnchored(job.id(), anchor);
        LOG.info("line {}: records {}..{} anchored in block {} (tx {}, root {})", job.lineId(), job.firstSeq(),
                job.lastSeq(), event.blockNumber(), event.txHash(), job.root());
    }

    private void send(AnchorJob job, Bytes32 lineKey) {
        ensureWriter(job.lineId(), lineKey);
        String txHash = contract.anchor(lineKey, job.firstSeq(), job.lastSeq(), job.root());
        store.markSent(job.id(), txHash);
        LOG.debug("anchor job {}: sent {}", job.id(), txHash);
    }

    /** The signer needs the line's writer role; as the contract's admin it grants the role to itself. */
    private void ensureWriter(String lineId, Bytes32 lineKey) {
        if (linesWeWrite.contains(lineKey)) {
            return;
        }
        String me = sender.address();
        if (!contract.isWriter(lineKey, me)) {
            if (!contract.isAdmin(me)) {
                throw new ContractRevertedException("anchoring line " + lineId, "AccessControlUnauthorizedAccount",
                        "account " + me + " is not a writer of line " + lineId + " and not the contract's admin:"
                                + " ask the admin to call grantWriter(" + lineKey + ", " + me + ")", null);
            }
            TransactionReceipt receipt = sender.waitForReceipt(contract.grantWriter(lineKey, me), GRANT_TIMEOUT);
            if (!receipt.isStatusOK()) {
                throw new ChainException("grantWriter for line " + lineId + " reverted in " + receipt.getTransactionHash());
            }
            LOG.info("granted account {} the writer role of line {}", me, lineId);
        }
        linesWeWrite.add(lineKey);
    }

    private void park(AnchorJob job, String reason) {
        parkedJobs.add(job.id());
        LOG.error("anchor job {} (line {}, records {}..{}, root {}) cannot be anchored now: {}."
                        + " It stays open and is looked at again at the next start.",
                job.id(), job.lineId(), job.firstSeq(), job.lastSeq(), job.root(), reason);
    }
}
