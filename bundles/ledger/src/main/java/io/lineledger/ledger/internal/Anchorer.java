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
import java.math.BigInteger;
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
 * anchors it twice.
 *
 * <p>Windows are pipelined: a closing window takes the line's backlog up to {@code maxRecordsPerWindow} records, and
 * up to {@code maxInFlightWindows} windows of a line are sent before the first is mined, with consecutive nonces of
 * the one account, so they reach the contract in sequence order. A later window stays valid only while its
 * transaction comes after its predecessor's; when the predecessor goes out again with a later nonce (it reverted, or
 * the node lost it), the windows behind it follow it again, and their reverts are not held against them. With
 * confirmations, anchors marked in the store are re-checked for {@code reorgWatchBlocks} blocks ({@link ReorgWatch}).
 * The last window a pass closes on each line (the rest of its backlog) goes with the other lines' in one
 * {@code anchorMany} transaction per pass (up to {@code maxLinesPerTransaction}), also behind windows still in flight:
 * a record then waits for the next pass and the next block, not for its line's previous window to be mined. The
 * contract skips a window it would refuse, so lines stay independent.
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
    /** Per line, "lastSeq:txHash" of the latest anchor seen on chain: what a later window's transaction follows. */
    private final Map<String, String> lastOnChain = new HashMap<>();
    private final ReorgWatch reorgs;
    /** Lines' windows of this pass that may share one anchorMany transaction, sent at the end of the pass. */
    private final List<Batched> batch = new ArrayList<>();
    /** The contract refused anchorMany (one deployed before it had the method): each line's window goes alone. */
    private boolean anchorManyRefused;
    private volatile List<LineStatus> published = List.of();

    private record PendingGrant(String txHash, Instant sentAt) {
    }

    /** @param head whether the window is the one the contract expects next, else it follows one in flight */
    private record Batched(AnchorJob job, JobAttempts tries, LineCondition line, boolean head) {
    }

    /** What this process knows of one open job beyond the outbox row. */
    private static final class JobAttempts {
        String followedHash;          // the hash whose pool time sentAt measures
        Instant sentAt;
        final List<String> replacedHashes = new ArrayList<>(); // a replaced transaction may still win
        final List<String> supersededHashes = new ArrayList<>(); // sent again with a later nonce: only a success counts
        long nonce = -1;              // of followedHash, once known
        final Set<String> revertsSeen = new HashSet<>();
        int reverts;
        boolean sentHere;             // a transaction of it was sent by this process: its anchor latency is known
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
        this.reorgs = new ReorgWatch(store, contract, sender, policy.reorgWatchBlocks());
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
            // lines whose first appends wait for this check, even before they hold a record
            for (String lineId : store.linesAwaitingChainCheck()) {
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
        sendBatch(now);
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
        } catch (RuntimeException e) {
            failed(lineId, line, e, now);
        }
    }

    /** What went wrong on a line becomes its state. */
    private void failed(String lineId, LineCondition line, RuntimeException failure, Instant now) {
        if (failure instanceof LineAlarm) {
            line.alarm(failure.getMessage(), now, policy);
        } else if (failure instanceof TamperedRecordException) {
            line.alarm(failure.getMessage() + " (nothing of this line is anchored until the record is restored)", now,
                    policy);
        } else if (failure instanceof ContractRevertedException) {
            line.retrying(failure.getMessage(), now, policy);
        } else if (failure instanceof ChainException) {
            line.retrying("chain node: " + failure.getMessage(), now, policy);
        } else {
            LOG.debug("line {}: pass failed", lineId, failure);
            line.retrying(failure.getClass().getSimpleName() + ": " + failure.getMessage(), now, policy);
        }
    }

    private void processLine(String lineId, List<AnchorJob> open, LineCondition line, boolean flush) {
        Bytes32 lineKey = RegistryKeys.lineKey(lineId);
        line.openJobs = open.size();
        line.storeLastSeq = store.lastSeq(lineId);
        line.chainNextSeq = contract.nextSequence(lineKey);
        checkChainAgainstStore(lineId, lineKey, line.storeLastSeq, line.chainNextSeq);
        store.chainChecked(lineId); // the store holds what the chain covers: its appends cannot reuse numbers
        if (policy.watchesReorgs() && reorgs.takeBackUndone(lineId, () -> lastAnchoredSeq(lineId, open))) {
            return; // the taken-back jobs are open again: the next pass drives them with the line's other jobs
        }
        long firstUncovered;
        if (!open.isEmpty()) {
            line.lastAnchoredSeq = open.get(0).firstSeq() - 1;
            if (!driveOpenJobs(open, line.chainNextSeq)) {
                return; // a job has no live transaction yet: nothing can follow it
            }
            firstUncovered = open.get(open.size() - 1).lastSeq() + 1;
        } else {
            List<LineRecord> oldest = store.unanchored(lineId, 1);
            firstUncovered = oldest.isEmpty() ? line.storeLastSeq + 1 : oldest.get(0).seq();
            line.lastAnchoredSeq = firstUncovered - 1;
        }
        if (line.chainNextSeq > firstUncovered) {
            rebuildLostJob(lineId, lineKey, firstUncovered, line.chainNextSeq);
            return;
        }
        if (open.isEmpty() && line.chainNextSeq < firstUncovered) {
            throw new ChainException("the node says the contract expects sequence " + line.chainNextSeq
                    + " next, but the store's anchors already reach " + (firstUncovered - 1)
                    + " (a node that lags behind, or blocks that were reorganized away)");
        }
        // a job on chain that waits for its confirmations no longer holds a place in the pool
        int inFlight = (int) open.stream().filter(job -> job.firstSeq() >= line.chainNextSeq).count();
        closeWindows(lineId, line, inFlight, firstUncovered, flush);
    }

    /** The line's last sequence with an anchor in the store (open jobs and uncovered records come after it). */
    private long lastAnchoredSeq(String lineId, List<AnchorJob> open) {
        if (!open.isEmpty()) {
            return open.get(0).firstSeq() - 1;
        }
        List<LineRecord> oldest = store.unanchored(lineId, 1);
        return oldest.isEmpty() ? store.lastSeq(lineId) : oldest.get(0).seq() - 1;
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
        // a window anchored before proof format v2 has a v1 root: rebuild it as it was anchored
        Bytes32 root = MerkleTree.matching(lineId, records, onChain.root()).map(MerkleTree::root)
                .orElseGet(() -> MerkleTree.ofRecords(lineId, records).root());
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

    /**
     * Closes the line's next windows when due: each takes the backlog up to the largest window, and up to
     * {@code maxInFlightWindows} of the line's windows are in flight, each sent right after the one before it.
     */
    private void closeWindows(String lineId, LineCondition line, int inFlight, long firstUncovered, boolean flush) {
        long backlog = line.storeLastSeq - firstUncovered + 1;
        int slots = window.maxInFlightWindows() - inFlight;
        if (backlog <= 0 || slots <= 0) {
            return;
        }
        // jobs tile the line from 1, so the records from firstUncovered on are the unanchored ones: read by key
        Optional<LineRecord> oldest = store.find(lineId, firstUncovered);
        if (oldest.isEmpty() || (!flush && !window.closes(backlog, oldest.get().recordedAt(), clock.instant()))) {
            return;
        }
        int room = sender.inFlightRoom(); // the account's bound, shared by every line: a full pool is no failure
        long firstSeq = firstUncovered;
        // one pass reads and hashes at most this much of a line, so a huge backlog does not hold up the other lines
        long budget = Math.max(window.maxRecordsPerWindow(), RECORDS_PER_PASS);
        while (slots > 0 && room > 0 && backlog > 0 && budget > 0) {
            long lastSeq = firstSeq + window.sizeFor(backlog) - 1;
            // the committed digests are all a window's tree needs: the recent ones from the store's memory, so a row
            // changed since its commit cannot reach the chain; older ones read back with each record's JSON hashed
            // against its digest (a tampered row stops its line here)
            List<Bytes32> digests = store.committedDigests(lineId, firstSeq, lastSeq);
            if (digests.size() != lastSeq - firstSeq + 1) {
                throw new IllegalStateException("store returned " + digests.size() + " records for the window "
                        + firstSeq + ".." + lastSeq + " of line " + lineId + " (a record missing?)");
            }
            AnchorJob job = store.createAnchorJob(lineId, firstSeq, lastSeq, MerkleTree.ofDigests(lineId, firstSeq, digests).root());
            line.openJobs++;
            LOG.debug("line {}: window {}..{} closed, root {}", lineId, firstSeq, lastSeq, job.root());
            JobAttempts tries = attempts.computeIfAbsent(job.id(), id -> new JobAttempts());
            boolean head = firstSeq == line.chainNextSeq;
            if (!writerRoleReady(lineId, RegistryKeys.lineKey(lineId))) {
                return;
            }
            if (backlog == digests.size() && window.maxLinesPerTransaction() > 1 && !anchorManyRefused) {
                // the line's whole backlog: sent with other lines' at the end of the pass, behind what is in flight
                batch.add(new Batched(job, tries, line, head));
                return;
            }
            if (send(job, tries, head) == NOT_LIVE) {
                return;
            }
            slots--;
            room--;
            budget -= digests.size();
            backlog -= digests.size();
            firstSeq = lastSeq + 1;
            if (!flush && backlog < window.maxRecords()) {
                return; // a small rest waits for its own age or count, as any window does
            }
        }
    }

    // ---- one line's jobs, in sequence order -------------------------------------------------------------------

    /** What a job's transactions show: done (on chain), waiting in the pool, or to be sent again. */
    private enum TxState { ON_CHAIN, IN_POOL, RESEND }

    /** {@link #driveHead}/{@link #driveFollowOn}: the job is on chain, so any later transaction may follow it. */
    private static final long ON_CHAIN = -1;
    /** ...the job has no transaction in flight, so nothing after it can be sent. */
    private static final long NOT_LIVE = Long.MIN_VALUE;
    /** Records of one line a pass closes into windows at most (at least one largest window). */
    private static final long RECORDS_PER_PASS = 65_536;
    /** Gas limit of a window sent behind another: it cannot be estimated (the contract does not expect it yet). */
    private static final BigInteger FOLLOW_ON_GAS = BigInteger.valueOf(300_000);

    /**
     * Drives a line's open jobs in sequence order. The job the contract expects next (the head) is sent with a gas
     * estimate; the jobs behind it go right after it with the account's next nonces. A job behind another stays valid
     * only while its transaction's nonce is above its predecessor's: when the predecessor had to be sent again (it
     * reverted, or the node lost it), the later jobs are sent again after it, and their own reverts (the contract did
     * not expect their range yet) are not counted against them.
     *
     * @return true when every open job is on chain or has a transaction in flight, so new windows may follow
     */
    private boolean driveOpenJobs(List<AnchorJob> open, long chainNextSeq) {
        AnchorJob first = open.get(0);
        if (chainNextSeq < first.firstSeq()) {
            throw new ChainException("the node says the contract expects sequence " + chainNextSeq + " next, but job "
                    + describe(first) + " starts at " + first.firstSeq() + " (a node that lags behind?)");
        }
        long previous = ON_CHAIN; // nonce of the predecessor's transaction in flight
        for (AnchorJob job : open) {
            JobAttempts tries = attempts.computeIfAbsent(job.id(), id -> new JobAttempts());
            if (job.firstSeq() < chainNextSeq) {
                settle(job, tries, chainNextSeq);
                previous = ON_CHAIN;
            } else if (job.firstSeq() == chainNextSeq) {
                previous = driveHead(job, tries);
            } else {
                previous = driveFollowOn(job, tries, previous);
            }
            if (previous == NOT_LIVE) {
                return false;
            }
        }
        return true;
    }

    /** The chain is past the job's first sequence: its anchor is found (and marked), else another writer took it. */
    private void settle(AnchorJob job, JobAttempts tries, long chainNextSeq) {
        if (job.status() == AnchorJob.Status.SENT && job.txHash() != null
                && followSentTransactions(job, tries, false, true) == TxState.ON_CHAIN) {
            return;
        }
        if (anchoredAlready(job)) {
            return;
        }
        throw new LineAlarm("another writer advanced the line: the contract expects sequence " + chainNextSeq
                + " next, past the first sequence of job " + describe(job));
    }

    /** The job the contract expects next: followed, replaced when stuck, sent (again) when needed. */
    private long driveHead(AnchorJob job, JobAttempts tries) {
        if (job.status() == AnchorJob.Status.SENT && job.txHash() != null) {
            TxState state = followSentTransactions(job, tries, true, true);
            if (state == TxState.ON_CHAIN) {
                return ON_CHAIN;
            }
            if (state == TxState.IN_POOL) {
                return nonceOf(job, tries);
            }
        }
        if (anchoredAlready(job)) {
            return ON_CHAIN;
        }
        if (!writerRoleReady(job.lineId(), RegistryKeys.lineKey(job.lineId()))) {
            return NOT_LIVE;
        }
        return send(job, tries, true);
    }

    /** A job behind the head: kept while its transaction runs after its predecessor's, else sent again after it. */
    private long driveFollowOn(AnchorJob job, JobAttempts tries, long previous) {
        if (job.status() == AnchorJob.Status.SENT && job.txHash() != null) {
            // marked only after its predecessor, so the store's anchors of a line stay a gap-free prefix
            TxState state = followSentTransactions(job, tries, false, previous == ON_CHAIN);
            if (state == TxState.ON_CHAIN) {
                return ON_CHAIN;
            }
            if (state == TxState.IN_POOL) {
                long nonce = nonceOf(job, tries);
                if (nonce > previous) {
                    return nonce;
                }
                LOG.info("anchor job {}: its transaction {} (nonce {}) would run before its predecessor's (nonce {})"
                        + " and revert; sending it again after it", job.id(), job.txHash(), nonce, previous);
            }
        } else if (job.status() == AnchorJob.Status.PENDING && anchoredAlready(job)) {
            return ON_CHAIN; // sent before a crash, mined since
        }
        return send(job, tries, false);
    }

    /** The nonce of the job's transaction in flight; unknown counts as below any other, so it is sent again. */
    private long nonceOf(AnchorJob job, JobAttempts tries) {
        if (tries.nonce < 0) {
            tries.nonce = sender.nonceOf(job.txHash()).orElse(ON_CHAIN);
        }
        return tries.nonce;
    }

    /**
     * Sends the job's window and records the transaction in the outbox. The head is estimated first, so a revert
     * shows before gas is spent; a job behind it goes with a fixed gas limit.
     *
     * @return the nonce of the transaction sent
     */
    private long send(AnchorJob job, JobAttempts tries, boolean head) {
        Bytes32 lineKey = RegistryKeys.lineKey(job.lineId());
        String txHash;
        if (head) {
            try {
                txHash = contract.anchor(lineKey, job.firstSeq(), job.lastSeq(), job.root());
            } catch (ContractRevertedException e) {
                throw countedRevert(job, tries, "its gas estimate reverted: " + e.getMessage());
            }
        } else {
            txHash = contract.anchorUnchecked(lineKey, job.firstSeq(), job.lastSeq(), job.root(), FOLLOW_ON_GAS);
        }
        return recordSent(job, tries, txHash);
    }

    /** The job's window went out in {@code txHash}: the outbox and this process follow that transaction now. */
    private long recordSent(AnchorJob job, JobAttempts tries, String txHash) {
        if (tries.followedHash != null) {
            // an earlier transaction of the job can no longer win in order, but a root found on chain still counts
            tries.supersededHashes.add(tries.followedHash);
            tries.supersededHashes.addAll(tries.replacedHashes);
            tries.replacedHashes.clear();
        }
        store.markSent(job.id(), txHash);
        tries.followedHash = txHash;
        tries.sentAt = clock.instant();
        tries.sentHere = true;
        countSent(job);
        tries.nonce = sender.nonceOf(txHash).orElse(ON_CHAIN);
        LOG.debug("anchor job {}: sent {} (nonce {})", job.id(), txHash, tries.nonce);
        return tries.nonce;
    }

    /**
     * Sends the pass's last windows of the lines: one line's alone as usual, several lines' together in anchorMany
     * transactions of up to {@code maxLinesPerTransaction} windows (the contract skips a window it would refuse, so
     * one line never holds up another). A window behind one of its line's in flight goes in such a transaction too,
     * with the account's next nonce, so a line's windows keep their order; the transaction then carries a fixed gas
     * limit, as the estimate would skip that window (the contract does not expect it yet) and come out too low for
     * the moment it runs. Windows whose shared transaction the node refuses go out one by one.
     */
    private void sendBatch(Instant now) {
        List<Batched> windows = List.copyOf(batch);
        batch.clear();
        for (int from = 0; from < windows.size(); from += window.maxLinesPerTransaction()) {
            List<Batched> chunk = windows.subList(from, Math.min(windows.size(), from + window.maxLinesPerTransaction()));
            String txHash = null;
            if (chunk.size() > 1) {
                try {
                    boolean followsInFlight = chunk.stream().anyMatch(entry -> !entry.head());
                    txHash = contract.anchorMany(chunk.stream().map(entry -> new RegistryContract.Window(
                            RegistryKeys.lineKey(entry.job().lineId()), entry.job().firstSeq(), entry.job().lastSeq(),
                            entry.job().root())).toList(),
                            followsInFlight ? FOLLOW_ON_GAS.multiply(BigInteger.valueOf(chunk.size())) : null);
                    LOG.debug("{} lines' windows sent in one transaction {}", chunk.size(), txHash);
                } catch (ContractRevertedException e) {
                    // anchorMany skips what it would refuse: a revert means the contract lacks the method
                    anchorManyRefused = true;
                    LOG.warn("the contract at {} refuses anchorMany ({}): deployed before it had the method? Each"
                            + " line's window goes in a transaction of its own", contract.address(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.info("{} lines' windows in one transaction: {}; sending them one by one", chunk.size(),
                            e.getMessage());
                }
            }
            for (Batched entry : chunk) {
                try {
                    if (txHash != null) {
                        recordSent(entry.job(), entry.tries(), txHash);
                    } else {
                        send(entry.job(), entry.tries(), entry.head());
                    }
                } catch (RuntimeException e) {
                    failed(entry.job().lineId(), entry.line(), e, now);
                }
            }
        }
    }

    // ---- one job ---------------------------------------------------------------------------------------------

    /**
     * Looks at the job's transactions: the one followed, the ones it replaced with the same nonce (one of them may
     * still win) and earlier ones it superseded (looked at only for a success).
     *
     * @param head whether the job is the one the contract expects next: only then is a revert counted against it
     *             (unless it came before its predecessor's anchor), and only then is a stuck transaction replaced
     * @param markable whether a mined anchor may be marked in the store now; else it counts as in flight
     */
    private TxState followSentTransactions(AnchorJob job, JobAttempts tries, boolean head, boolean markable) {
        if (!job.txHash().equals(tries.followedHash)) { // first seen in this process (e.g. after a restart)
            tries.followedHash = job.txHash();
            tries.sentAt = clock.instant();
            tries.nonce = -1;
        }
        List<String> ours = new ArrayList<>();
        ours.add(job.txHash());
        ours.addAll(tries.replacedHashes);
        List<String> hashes = new ArrayList<>(ours);
        hashes.addAll(tries.supersededHashes);
        String reverted = null;
        boolean skipped = false;
        for (String hash : hashes) {
            Optional<TransactionReceipt> receipt = sender.receipt(hash);
            if (receipt.isEmpty()) {
                continue;
            }
            if (receipt.get().isStatusOK()) {
                var event = contract.anchoredEvent(receipt.get(), job.root());
                if (event.isPresent() && !markable) {
                    return TxState.IN_POOL;
                }
                if (event.isPresent()) {
                    markAnchoredWhenConfirmed(job, event.get());
                    return TxState.ON_CHAIN;
                }
                skipped = true; // an anchorMany that left this window out, as anchor() would have reverted
            }
            if (ours.contains(hash) && !tries.revertsSeen.contains(hash)) {
                reverted = hash;
            }
        }
        if (reverted != null) {
            if (anchoredAlready(job)) {
                return TxState.ON_CHAIN; // e.g. a resend raced the first transaction, which won
            }
            tries.revertsSeen.add(reverted);
            LineCondition counted = lines.get(job.lineId());
            if (counted != null) {
                counted.transactionsReverted++;
            }
            if (head && !revertedBeforePredecessor(job, reverted)) {
                throw countedRevert(job, tries, "transaction " + reverted + (skipped
                        ? " left the window out (the contract refused it: another writer? a revoked role?)"
                        : " reverted: " + sender.revertReasonOf(reverted)));
            }
            LOG.info("anchor job {}: transaction {} reverted before the line's previous window was anchored;"
                    + " sending it again after it", job.id(), reverted);
            return TxState.RESEND;
        }
        if (tries.revertsSeen.contains(job.txHash())) {
            return TxState.RESEND; // handled: look the root up, then send again
        }
        if (sender.isKnown(job.txHash())) {
            Duration waited = Duration.between(tries.sentAt, clock.instant());
            if (head && waited.compareTo(policy.stuckAfter()) >= 0) {
                replaceStuck(job, tries, waited);
            }
            return TxState.IN_POOL;
        }
        LOG.warn("anchor job {}: the node lost transaction {}; looking the root up on chain", job.id(), job.txHash());
        sender.reuseNonceOf(job.txHash());
        return TxState.RESEND;
    }

    /**
     * Whether a reverted transaction of the job ran before the transaction that anchored the line's previous window
     * (a lower nonce of the same account): then the contract did not expect the job's range yet, the consequence of
     * a predecessor sent again, not a fault of this job.
     */
    private boolean revertedBeforePredecessor(AnchorJob job, String reverted) {
        if (job.firstSeq() == 1) {
            return false;
        }
        String previousTx = lastOnChain.get(job.lineId());
        if (previousTx == null || !previousTx.startsWith(job.firstSeq() - 1 + ":")) {
            previousTx = store.anchorOf(job.lineId(), job.firstSeq() - 1).map(Anchor::txHash).orElse(null);
        } else {
            previousTx = previousTx.substring(previousTx.indexOf(':') + 1);
        }
        if (previousTx == null) {
            return false;
        }
        Optional<Long> revertedNonce = sender.nonceOf(reverted);
        Optional<Long> previousNonce = sender.nonceOf(previousTx);
        return revertedNonce.isPresent() && previousNonce.isPresent() && revertedNonce.get() < previousNonce.get();
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
        countSent(job);
        for (AnchorJob other : store.openJobs()) { // windows of other lines in the same transaction follow it too
            if (other.id() != job.id() && job.txHash().equalsIgnoreCase(other.txHash())) {
                JobAttempts theirs = attempts.computeIfAbsent(other.id(), id -> new JobAttempts());
                store.markSent(other.id(), replacement);
                theirs.replacedHashes.add(job.txHash());
                theirs.followedHash = replacement;
                theirs.sentAt = tries.sentAt;
                theirs.nonce = -1;
            }
        }
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
        lastOnChain.put(job.lineId(), job.lastSeq() + ":" + event.txHash());
        RegistryContract.AnchoredEvent confirmed = event;
        String blockHash = null;
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
            blockHash = receipt.getBlockHash();
        }
        Anchor anchor = new Anchor(sender.chainId(), contract.address(), confirmed.txHash(), confirmed.blockNumber(),
                confirmed.logIndex(), job.lineId(), job.firstSeq(), job.lastSeq(), job.root());
        store.markAnchored(job.id(), anchor);
        JobAttempts done = attempts.remove(job.id());
        if (policy.watchesReorgs()) {
            reorgs.watch(anchor, blockHash);
        }
        LineCondition line = lines.get(job.lineId());
        if (line != null) {
            line.lastAnchoredSeq = job.lastSeq();
            line.openJobs = Math.max(0, line.openJobs - 1);
            line.anchored(done != null && done.sentHere && done.sentAt != null
                    ? Duration.between(done.sentAt, clock.instant()) : null);
        }
        LOG.info("line {}: records {}..{} anchored in block {} (tx {}, root {})", job.lineId(), job.firstSeq(),
                job.lastSeq(), confirmed.blockNumber(), confirmed.txHash(), job.root());
    }

    /**
     * The signer needs the line's writer role. On the dev chain only (the demo), as the contract's admin, it grants
     * the role to itself, without waiting in this pass for the grant to be mined (other lines must not wait for it);
     * elsewhere the registry's admin grants it, and the line is an ALARM until then (looked at again, so it clears
     * once granted).
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
        if (!DevChainKeys.isDevChain(sender.chainId())) {
            throw new LineAlarm("account " + me + " is not a writer of line " + lineId + ": ask the registry's admin"
                    + " to call grantWriter(" + lineKey + ", " + me + ") (the network kit's grant-writer)");
        }
        if (!contract.isAdmin(me)) {
            throw new LineAlarm("account " + me + " is not a writer of line " + lineId + " and not the contract's"
                    + " admin: ask the admin to call grantWriter(" + lineKey + ", " + me + ")");
        }
        pendingGrants.put(lineKey, new PendingGrant(contract.grantWriter(lineKey, me), clock.instant()));
        LOG.info("granting account {} the writer role of line {}", me, lineId);
        return false;
    }

    /** Counts a transaction sent with the job's window for its line's status. */
    private void countSent(AnchorJob job) {
        LineCondition line = lines.get(job.lineId());
        if (line != null) {
            line.transactionsSent++;
        }
    }

    /** The window's root with proof format v2 leaves (line, sequence number, digest): docs/proof-format.md. */
    private static String describe(AnchorJob job) {
        return job.id() + " (line " + job.lineId() + ", records " + job.firstSeq() + ".." + job.lastSeq() + ")";
    }
}
