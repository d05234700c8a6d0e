package io.lineledger.ledger.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Anchors windows of line records: Merkle root over the window's digests, an outbox job in the store BEFORE the
 * transaction, the transaction, then the receipt's facts back into the store. Not thread-safe: one thread (the
 * ledger's scheduler) drives it; {@link #lineStatuses()} may be read from any thread.
 *
 * <p>Each pass takes every line on its own, so a failure on one line (a tampered row, a revert) never stops the
 * others. For a line it first compares the contract's next sequence with the store:
 * <ul>
 *   <li>the chain covers sequences the store does not hold: the line is fenced in the store (those numbers are
 *       never reused) and is an ALARM until the store holds them again (restored from a backup), when the fence is
 *       lifted here;</li>
 *   <li>the chain covers sequences the store holds but no outbox job covers (a job lost in a crash): the job is
 *       rebuilt from the store and marked anchored when its root is the one the chain anchored, else ALARM;</li>
 *   <li>otherwise the line's open job is driven, or its next window closed when due.</li>
 * </ul>
 *
 * <p>An open job is driven by the same steps whether it was created a moment ago or found after a restart: the
 * receipt of a SENT job's transaction (or of one it replaced) is looked up; a transaction still in the pool after
 * {@code stuckAfter} is replaced with the same nonce and a higher gas price; a PENDING job, or one whose
 * transaction the node lost, is first looked up on chain by its root and only sent when the contract still expects
 * its first sequence. So a crash anywhere between createAnchorJob and markAnchored neither loses a range nor
 * anchors it twice. A line has at most one open job, so its anchors reach the contract in sequence order.
 *
 * <p>Nothing is parked: transient causes (node errors, a lagging node, a single revert) retry with backoff;
 * permanent ones (another writer advanced the line, a revert that repeats, a root anchored for another range) are
 * an ALARM, looked at again at the slow cadence so they clear by themselves when the cause goes away.
 */
public final class Anchorer {

    private static final Logger LOG = LoggerFactory.getLogger(Anchorer.class);

    private final RecordStore store;
    private final RegistryContract contract;
    private final TransactionSender sender;
    private final WindowPolicy window;
    private final AnchoringPolicy policy;
    private final Clock clock;
    private final Map<String, LineCondition> lines = new TreeMap<>();
    private final Map<Long, JobAttempts> attempts = new HashMap<>();
    private final Set<Bytes32> linesWeWrite = new HashSet<>();
    private final Map<Bytes32, PendingGrant> pendingGrants = new HashMap<>();
    private volatile List<LineStatus> published = List.of();

    private record PendingGrant(String txHash, Instant sentAt) {
    }

    /** What this process knows of one open job beyond the outbox row. */
    private static final class JobAttempts {
        String followedHash;          // the hash whose pool time sentAt measures
        Instant sentAt;
        final List<String> replacedHashes = new ArrayList<>(); // a replaced transaction may still win
        final Set<String> revertsSeen = new HashSet<>();
        int reverts;
    }

    public Anchorer(RecordStore store, RegistryContract contract, TransactionSender sender, WindowPolicy window,
                    int confirmations, Clock clock) {
        this(store, contract, sender, window, AnchoringPolicy.withConfirmations(confirmations), clock);
    }

    Anchorer(RecordStore store, RegistryContract contract, TransactionSender sender, WindowPolicy window,
             AnchoringPolicy policy, Clock clock) {
        this.store = store;
        this.contract = contract;
        this.sender = sender;
        this.window = window;
        this.policy = policy;
        this.clock = clock;
    }

    /** After a (re)start or the node's return: every line is due now and the nonce is read again from the node. */
    public void reconcile() {
        sender.resyncNonce();
        lines.values().forEach(LineCondition::dueNow);
        LOG.info("reconciling open anchor jobs and every line with the chain");
        tick(false);
    }

    /**
     * One pass over every line: chain against store, open jobs, windows that are due.
     *
     * @param flush close every non-empty window now, due or not, and look at lines waiting for a retry now
     */
    public void tick(boolean flush) {
        Instant now = clock.instant();
        Map<String, List<AnchorJob>> openByLine = new LinkedHashMap<>();
        try {
            for (AnchorJob job : store.openJobs()) {
                openByLine.computeIfAbsent(job.lineId(), id -> new ArrayList<>()).add(job);
            }
            for (String lineId : store.lineIds()) {
                openByLine.computeIfAbsent(lineId, id -> new ArrayList<>());
            }
        } catch (RuntimeException e) {
            String cause = "the record store failed: " + e.getMessage();
            lines.values().forEach(line -> line.retrying(cause, now, policy));
            publish();
            return;
        }
        for (Map.Entry<String, List<AnchorJob>> entry : openByLine.entrySet()) {
            String lineId = entry.getKey();
            LineCondition line = lines.computeIfAbsent(lineId, id -> new LineCondition(id, now));
            if (!flush && !line.due(now)) {
                continue;
            }
            passLine(lineId, entry.getValue(), line, flush, now);
        }
        publish();
    }

    /** Marks every line as held up by something outside it (node down, wrong chain); see {@link LineCondition#blocked}. */
    void blockAll(LineStatus.State state, String cause) {
        Instant now = clock.instant();
        for (LineCondition line : lines.values()) {
            if (line.state() != LineStatus.State.ALARM || state == LineStatus.State.ALARM) {
                line.blocked(state, cause, now);
            }
        }
        publish();
    }

    /** The lines as of the last pass, by line id. Safe from any thread. */
    public List<LineStatus> lineStatuses() {
        return published;
    }

    private void publish() {
        published = lines.values().stream().map(LineCondition::snapshot).toList();
    }

    // ---- one line ------------------------------------------------------------------------------------------

    /** Never throws: whatever goes wrong on this line stays on this line. */
    private void passLine(String lineId, List<AnchorJob> open, LineCondition line, boolean flush, Instant now) {
        try {
            processLine(lineId, open, line, flush);
            line.ok(now);
        } catch (LineAlarm e) {
            line.alarm(e.getMessage(), now, policy);
        } catch (TamperedRecordException e) {
            line.alarm(e.getMessage() + " (nothing of this line is anchored until the record is restored)", now, policy);
        } catch (ContractRevertedException e) {
            line.retrying(e.getMessage(), now, policy);
        } catch (ChainException e) {
            line.retrying("chain node: " + e.getMessage(), now, policy);
        } catch (RuntimeException e) {
            LOG.debug("line {}: pass failed", lineId, e);
            line.retrying(e.getClass().getSimpleName() + ": " + e.getMessage(), now, policy);
        }
    }

    private void processLine(String lineId, List<AnchorJob> open, LineCondition line, boolean flush) {
        Bytes32 lineKey = RegistryKeys.lineKey(lineId);
        line.openJobs = open.size();
        line.storeLastSeq = store.lastSeq(lineId);
        line.chainNextSeq = contract.nextSequence(lineKey);
        checkChainAgainstStore(lineId, lineKey, line.storeLastSeq, line.chainNextSeq);
        if (!open.isEmpty()) {
            AnchorJob job = open.get(0);
            line.lastAnchoredSeq = job.firstSeq() - 1;
            advance(job, line.chainNextSeq);
            return;
        }
        List<LineRecord> records = store.unanchored(lineId, window.maxRecords());
        long firstUncovered = records.isEmpty() ? line.storeLastSeq + 1 : records.get(0).seq();
        line.lastAnchoredSeq = firstUncovered - 1;
        if (line.chainNextSeq > firstUncovered) {
            rebuildLostJob(lineId, lineKey, firstUncovered, line.chainNextSeq);
            return;
        }
        if (line.chainNextSeq < firstUncovered) {
            throw new ChainException("the node says the contract expects sequence " + line.chainNextSeq
                    + " next, but the store's anchors already reach " + (firstUncovered - 1)
                    + " (a node that lags behind, or blocks that were reorganized away)");
        }
        closeWindowIfDue(lineId, records, flush);
    }

    /**
     * The chain covering sequences the store does not hold means the store lost records (a crash, an old backup):
     * appending would reuse numbers that are anchored, so the store is told to refuse appends of the line.
     */
    private void checkChainAgainstStore(String lineId, Bytes32 lineKey, long storeLastSeq, long chainNextSeq) {
        long chainLastSeq = chainNextSeq - 1;
        Optional<LineFence> fence = store.fenceOf(lineId);
        if (chainLastSeq > storeLastSeq) {
            long again = contract.nextSequence(lineKey); // a fence stays until the store catches up: be sure
            if (again != chainNextSeq) {
                throw new ChainException("the node answered nextSequence " + chainNextSeq + " and then " + again
                        + " for line " + lineId);
            }
            String reason = "the chain covers sequences up to " + chainLastSeq + " but the store holds only up to "
                    + storeLastSeq;
            if (fence.isEmpty() || fence.get().chainNextSeq() != chainNextSeq) {
                store.fenceLine(lineId, chainNextSeq, reason);
            }
            throw new LineAlarm(reason + ": the line is stopped (no appends) so those numbers are never reused;"
                    + " restore the store from a backup that holds them (docs/operations.md, 'A line is stopped')");
        }
        if (fence.isPresent() && storeLastSeq >= fence.get().chainNextSeq() - 1) {
            store.liftFence(lineId);
            LOG.info("line {}: the store holds every sequence the chain covers again (up to {}); appends resume",
                    lineId, storeLastSeq);
        }
    }

    /**
     * The chain covers {@code from..} but no outbox job does: rebuild the job of the anchor that starts at
     * {@code from} from the store's records, when they give the root the chain anchored.
     */
    private void rebuildLostJob(String lineId, Bytes32 lineKey, long from, long chainNextSeq) {
        long fromBlock = from == 1 ? 0 : store.anchorOf(lineId, from - 1).map(Anchor::blockNumber).orElse(0L);
        long head = sender.blockNumber();
        RegistryContract.AnchoredEvent onChain = contract.findAnchored(lineKey, fromBlock, head).stream()
                .filter(event -> event.firstSeq() == from)
                .findFirst()
                .orElseThrow(() -> new LineAlarm("the chain covers sequences " + from + ".." + (chainNextSeq - 1)
                        + " but no outbox job does, and no Anchored log of the line starts at " + from
                        + " in blocks " + fromBlock + ".." + head));
        List<LineRecord> records = store.range(lineId, onChain.firstSeq(), onChain.lastSeq());
        Bytes32 root = rootOf(records);
        if (!root.equals(onChain.root())) {
            throw new LineAlarm("the chain anchored other records for sequences " + onChain.firstSeq() + ".."
                    + onChain.lastSeq() + " (root " + onChain.root() + " in tx " + onChain.txHash()
                    + ") than the store holds (root " + root + ")");
        }
        AnchorJob job = store.createAnchorJob(lineId, onChain.firstSeq(), onChain.lastSeq(), root);
        LOG.warn("line {}: the outbox had lost the job of records {}..{} that the chain anchored in block {};"
                + " rebuilt it from the store (same root)", lineId, job.firstSeq(), job.lastSeq(), onChain.blockNumber());
        markAnchoredWhenConfirmed(job, onChain);
    }

    private void closeWindowIfDue(String lineId, List<LineRecord> records, boolean flush) {
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
        AnchorJob job = store.createAnchorJob(lineId, firstSeq, lastSeq, rootOf(records));
        LOG.debug("line {}: window {}..{} closed, root {}", lineId, firstSeq, lastSeq, job.root());
        advance(job, firstSeq);
    }

    // ---- one job ---------------------------------------------------------------------------------------------

    /** Takes an open job one step further; chain trouble surfaces as an exception for the line's state. */
    private void advance(AnchorJob job, long chainNextSeq) {
        JobAttempts tries = attempts.computeIfAbsent(job.id(), id -> new JobAttempts());
        if (job.status() == AnchorJob.Status.SENT && job.txHash() != null && followSentTransactions(job, tries)) {
            return;
        }
        if (anchoredAlready(job)) {
            return;
        }
        if (chainNextSeq < job.firstSeq()) {
            throw new ChainException("the node says the contract expects sequence " + chainNextSeq + " next, but job "
                    + describe(job) + " starts at " + job.firstSeq() + " (a node that lags behind?)");
        }
        if (chainNextSeq > job.firstSeq()) {
            throw new LineAlarm("another writer advanced the line: the contract expects sequence " + chainNextSeq
                    + " next, past the first sequence of job " + describe(job));
        }
        Bytes32 lineKey = RegistryKeys.lineKey(job.lineId());
        if (!writerRoleReady(job.lineId(), lineKey)) {
            return;
        }
        String txHash;
        try {
            txHash = contract.anchor(lineKey, job.firstSeq(), job.lastSeq(), job.root());
        } catch (ContractRevertedException e) {
            throw countedRevert(job, tries, "its gas estimate reverted: " + e.getMessage());
        }
        store.markSent(job.id(), txHash);
        tries.followedHash = txHash;
        tries.sentAt = clock.instant();
        LOG.debug("anchor job {}: sent {}", job.id(), txHash);
    }

    /** @return true when the job needs nothing more in this pass (anchored, or its transaction still pending) */
    private boolean followSentTransactions(AnchorJob job, JobAttempts tries) {
        if (!job.txHash().equals(tries.followedHash)) { // first seen in this process (e.g. after a restart)
            tries.followedHash = job.txHash();
            tries.sentAt = clock.instant();
        }
        List<String> hashes = new ArrayList<>();
        hashes.add(job.txHash());
        hashes.addAll(tries.replacedHashes);
        String reverted = null;
        for (String hash : hashes) {
            Optional<TransactionReceipt> receipt = sender.receipt(hash);
            if (receipt.isEmpty()) {
                continue;
            }
            if (receipt.get().isStatusOK()) {
                var event = contract.anchoredEvent(receipt.get(), job.root()).orElseThrow(() -> new ChainException(
                        "receipt of " + hash + " has no Anchored log for root " + job.root()));
                markAnchoredWhenConfirmed(job, event);
                return true;
            }
            if (!tries.revertsSeen.contains(hash)) {
                reverted = hash;
            }
        }
        if (reverted != null) {
            if (anchoredAlready(job)) {
                return true; // e.g. a resend raced the first transaction, which won
            }
            tries.revertsSeen.add(reverted);
            throw countedRevert(job, tries, "transaction " + reverted + " reverted: " + sender.revertReasonOf(reverted));
        }
        if (tries.revertsSeen.contains(job.txHash())) {
            return false; // handled: look the root up, then send again
        }
        if (sender.isKnown(job.txHash())) {
            Duration waited = Duration.between(tries.sentAt, clock.instant());
            if (waited.compareTo(policy.stuckAfter()) >= 0) {
                replaceStuck(job, tries, waited);
            }
            return true; // still in the pool
        }
        LOG.warn("anchor job {}: the node lost transaction {}; looking the root up on chain", job.id(), job.txHash());
        sender.resyncNonce();
        return false;
    }

    private void replaceStuck(AnchorJob job, JobAttempts tries, Duration waited) {
        String replacement = sender.replace(job.txHash());
        if (replacement.equalsIgnoreCase(job.txHash())) {
            return; // mined meanwhile: the next pass reads its receipt
        }
        tries.replacedHashes.add(job.txHash());
        store.markSent(job.id(), replacement);
        tries.followedHash = replacement;
        tries.sentAt = clock.instant();
        LOG.warn("anchor job {}: transaction {} waited {} ms in the node's pool; replaced it with {}"
                        + " (same nonce, higher gas price)", job.id(), job.txHash(), waited.toMillis(), replacement);
    }

    private RuntimeException countedRevert(AnchorJob job, JobAttempts tries, String what) {
        tries.reverts++;
        String message = "job " + describe(job) + ": " + what;
        if (tries.reverts >= policy.revertsBeforeAlarm()) {
            // the same text on every slow re-check, so the alarm is logged once
            return new LineAlarm(message + " (reverted " + policy.revertsBeforeAlarm() + " times or more in a row)");
        }
        return new ChainException(message);
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
            throw new LineAlarm("root " + job.root() + " of job " + describe(job)
                    + " is anchored on chain for another range: " + found);
        }
        var event = contract.findAnchored(lineKey, job.root(), found.blockNumber(), found.blockNumber()).stream()
                .findFirst()
                .orElseThrow(() -> new ChainException("contract says root " + job.root() + " was anchored in block "
                        + found.blockNumber() + " but eth_getLogs finds no Anchored log there"));
        markAnchoredWhenConfirmed(job, event);
        return true;
    }

    /**
     * With confirmations, the anchor counts once enough blocks are on top of it, and its receipt is read again
     * then: a reorganization may have moved the transaction to another block (or out of the chain).
     */
    private void markAnchoredWhenConfirmed(AnchorJob job, RegistryContract.AnchoredEvent event) {
        RegistryContract.AnchoredEvent confirmed = event;
        if (policy.confirmations() > 0) {
            if (sender.blockNumber() < event.blockNumber() + policy.confirmations()) {
                return; // the next pass looks again
            }
            TransactionReceipt receipt = sender.receipt(event.txHash()).orElseThrow(() -> new ChainException(
                    "transaction " + event.txHash() + " of job " + describe(job) + " is no longer in a block"
                            + " (a reorganization?); looking again"));
            confirmed = contract.anchoredEvent(receipt, job.root()).orElseThrow(() -> new ChainException(
                    "receipt of " + event.txHash() + " has no Anchored log for root " + job.root()));
            if (sender.blockNumber() < confirmed.blockNumber() + policy.confirmations()) {
                return; // moved to a later block: wait for its confirmations
            }
        }
        Anchor anchor = new Anchor(sender.chainId(), contract.address(), confirmed.txHash(), confirmed.blockNumber(),
                confirmed.logIndex(), job.lineId(), job.firstSeq(), job.lastSeq(), job.root());
        store.markAnchored(job.id(), anchor);
        attempts.remove(job.id());
        LineCondition line = lines.get(job.lineId());
        if (line != null) {
            line.lastAnchoredSeq = job.lastSeq();
            line.openJobs = Math.max(0, line.openJobs - 1);
        }
        LOG.info("line {}: records {}..{} anchored in block {} (tx {}, root {})", job.lineId(), job.firstSeq(),
                job.lastSeq(), confirmed.blockNumber(), confirmed.txHash(), job.root());
    }

    /**
     * The signer needs the line's writer role; as the contract's admin it grants the role to itself, without
     * waiting in this pass for the grant to be mined (other lines must not wait for it).
     *
     * @return true when the role is held
     */
    private boolean writerRoleReady(String lineId, Bytes32 lineKey) {
        if (linesWeWrite.contains(lineKey)) {
            return true;
        }
        PendingGrant grant = pendingGrants.get(lineKey);
        if (grant != null) {
            Optional<TransactionReceipt> receipt = sender.receipt(grant.txHash());
            if (receipt.isEmpty() && sender.isKnown(grant.txHash())) {
                Duration waited = Duration.between(grant.sentAt(), clock.instant());
                if (waited.compareTo(policy.stuckAfter()) >= 0) {
                    String replacement = sender.replace(grant.txHash());
                    pendingGrants.put(lineKey, new PendingGrant(replacement, clock.instant()));
                    LOG.warn("grantWriter for line {}: transaction {} waited {} ms in the node's pool; replaced it"
                            + " with {}", lineId, grant.txHash(), waited.toMillis(), replacement);
                }
                return false;
            }
            pendingGrants.remove(lineKey);
            if (receipt.isPresent() && !receipt.get().isStatusOK()) {
                throw new ChainException("grantWriter for line " + lineId + " reverted in " + grant.txHash());
            }
        }
        String me = sender.address();
        if (contract.isWriter(lineKey, me)) {
            linesWeWrite.add(lineKey);
            return true;
        }
        if (grant != null) {
            return false; // mined but not yet visible to views, or lost: looked at again next pass
        }
        if (!contract.isAdmin(me)) {
            throw new LineAlarm("account " + me + " is not a writer of line " + lineId + " and not the contract's"
                    + " admin: ask the admin to call grantWriter(" + lineKey + ", " + me + ")");
        }
        pendingGrants.put(lineKey, new PendingGrant(contract.grantWriter(lineKey, me), clock.instant()));
        LOG.info("granting account {} the writer role of line {}", me, lineId);
        return false;
    }

    private static Bytes32 rootOf(List<LineRecord> records) {
        return MerkleTree.of(records.stream().map(LineRecord::digest).toList()).root();
    }

    private static String describe(AnchorJob job) {
        return job.id() + " (line " + job.lineId() + ", records " + job.firstSeq() + ".." + job.lastSeq() + ")";
    }
}
