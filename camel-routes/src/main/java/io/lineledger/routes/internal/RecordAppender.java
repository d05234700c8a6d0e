package io.lineledger.routes.internal;

import io.lineledger.model.CanonicalJson;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.LineFencedException;
import io.lineledger.store.RecordStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the store. A draft is stored, or else held in the {@link RecordSpool} (never only logged): a
 * failed append is tried again a few times with growing pauses, a fenced line is held at once. While a line has
 * held drafts, its new drafts are held behind them, so the store receives every line's drafts in the order they
 * were made; {@link #drain} moves them into the store once it takes appends again.
 *
 * <p>Group commit: between {@link #openGroup} and {@link #flushGroup} (one batch of values from the source) drafts
 * are collected and then stored together, with one durable commit ({@link RecordStore#appendAll}), or held together
 * with one sync of the spool. The group is the appender's, so drafts of other threads (the timer that completes a
 * batch) join it in the order they come and nothing overtakes.
 *
 * <p>An accepted draft (stored, held or in the open group) counts towards its batch at once: held drafts are stored
 * later, in order.
 */
public final class RecordAppender {

    private static final Logger LOG = LoggerFactory.getLogger(RecordAppender.class);
    /** Most drafts in one commit: a group larger than this (a burst) is stored in parts. */
    static final int MAX_GROUP = 5_000;
    /** Held drafts moved into the store per commit. */
    static final int DRAIN_CHUNK = 1_000;

    private final RecordStore store;
    private final RecordSpool spool;
    private final BatchLifecycle lifecycle;
    private final int attempts;
    private final Duration firstBackoff;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private volatile String lastStoreError;
    /** The drafts of the batch being processed, stored together by {@link #flushGroup}; null outside a batch. */
    private List<RecordDraft> group;

    public RecordAppender(RecordStore store, RecordSpool spool, BatchLifecycle lifecycle, int attempts,
                          Duration firstBackoff) {
        this.store = store;
        this.spool = spool;
        this.lifecycle = lifecycle;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    /** Stores or holds a draft (or adds it to the open group) and counts it towards its batch; returns it. */
    public RecordDraft append(RecordDraft draft) {
        synchronized (this) {
            if (group != null) {
                group.add(draft);
                if (group.size() >= MAX_GROUP) {
                    List<RecordDraft> full = group;
                    group = new ArrayList<>();
                    storeOrHoldAll(full);
                }
            } else if (spool.hasPending(draft.lineId())) {
                hold(List.of(draft));
            } else {
                storeOrHold(draft);
            }
        }
        return lifecycle.accepted(draft);
    }

    /** Starts collecting drafts for one commit (see the class comment); does nothing when a group is open. */
    public synchronized void openGroup() {
        if (group == null) {
            group = new ArrayList<>();
        }
    }

    /** Stores (or holds) the open group's drafts together and closes the group; does nothing without one. */
    public synchronized void flushGroup() {
        List<RecordDraft> drafts = group;
        group = null;
        if (drafts != null && !drafts.isEmpty()) {
            storeOrHoldAll(drafts);
        }
    }

    private void storeOrHoldAll(List<RecordDraft> drafts) {
        if (spool.hasPending(drafts.get(0).lineId())) {
            hold(drafts);
            return;
        }
        if (drafts.size() == 1) {
            storeUnlessUnfit(drafts.get(0));
            return;
        }
        long pause = firstBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                store.appendAll(drafts);
                return;
            } catch (LineFencedException e) {
                startHolding(drafts, e);
                return;
            } catch (IllegalArgumentException e) {
                // some draft is unfit: store the others one by one, so only that one is refused
                drafts.forEach(this::storeUnlessUnfit);
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts || !pauseBeforeRetry(drafts, attempt, pause, e)) {
                    startHolding(drafts, e);
                    return;
                }
                pause *= 2;
            }
        }
    }

    /** A draft the store refuses as unfit would block the line's spool for good: it is logged, never held. */
    private void storeUnlessUnfit(RecordDraft draft) {
        try {
            storeOrHold(draft);
        } catch (IllegalArgumentException e) {
            LOG.error("The store refused a {} draft of line {} as unfit, it is not recorded: {}; the draft: {}",
                    draft.type(), draft.lineId(), e.getMessage(), draft, e);
        }
    }

    private void storeOrHold(RecordDraft draft) {
        long pause = firstBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                store.append(draft);
                return;
            } catch (LineFencedException e) {
                // the line stays stopped until an operator restores the store: trying again now cannot help
                startHolding(List.of(draft), e);
                return;
            } catch (IllegalArgumentException e) {
                throw e; // the draft itself is unfit: holding it would block the line's spool for good
            } catch (RuntimeException e) {
                if (attempt >= attempts || !pauseBeforeRetry(List.of(draft), attempt, pause, e)) {
                    startHolding(List.of(draft), e);
                    return;
                }
                pause *= 2;
            }
        }
    }

    /** False when interrupted (the rules stop): the drafts are then held rather than tried again. */
    private boolean pauseBeforeRetry(List<RecordDraft> drafts, int attempt, long pause, RuntimeException cause) {
        LOG.debug("Append of {} draft(s) of line {} failed (attempt {} of {}), trying again in {} ms", drafts.size(),
                drafts.get(0).lineId(), attempt, attempts, pause, cause);
        return pause(pause);
    }

    private void startHolding(List<RecordDraft> drafts, RuntimeException cause) {
        lastStoreError = cause.getMessage();
        String lineId = drafts.get(0).lineId();
        if (cause instanceof LineFencedException waiting && waiting.fence().isEmpty()) {
            // every start: the line waits for the ledger's first check against the chain, usually a second
            LOG.info("Holding the drafts of line {} in the record spool until the store takes them: {}",
                    lineId, cause.getMessage());
        } else {
            LOG.warn("The store refused {} draft(s) of line {}: {}. Holding them and the line's next drafts in the"
                    + " record spool until the store takes them", drafts.size(), lineId, cause.getMessage(), cause);
        }
        hold(drafts);
    }

    private void hold(List<RecordDraft> drafts) {
        spool.holdAll(drafts);
        held.addAndGet(drafts.size());
    }

    /**
     * Moves held drafts of a line into the store, oldest first and {@link #DRAIN_CHUNK} per commit, until none is
     * left or the store refuses (those stay first). Returns how many were stored.
     */
    public int drain(String lineId) {
        int stored = 0;
        while (true) {
            synchronized (this) {
                List<RecordDraft> heads = spool.heads(lineId, DRAIN_CHUNK);
                if (heads.isEmpty()) {
                    if (stored > 0) {
                        LOG.info("The store takes appends of line {} again: the record spool is empty", lineId);
                        lastStoreError = null;
                    }
                    return stored;
                }
                try {
                    int already = spool.headUnconfirmed(lineId) ? alreadyStored(heads) : 0;
                    if (already < heads.size()) {
                        store.appendAll(heads.subList(already, heads.size()));
                    }
                    spool.markDrained(lineId, heads.size());
                    drained.addAndGet(heads.size());
                    stored += heads.size();
                } catch (RuntimeException e) {
                    if (!Objects.equals(lastStoreError, e.getMessage())) {
                        LOG.warn("The store still refuses drafts of line {} ({} held): {}", lineId,
                                spool.pending(lineId).size(), e.getMessage());
                    }
                    lastStoreError = e.getMessage();
                    return stored;
                }
            }
        }
    }

    /**
     * How many of the first held drafts are the line's last records already: left by a crash between the store's
     * commit of a drained chunk and the drained mark.
     */
    private int alreadyStored(List<RecordDraft> heads) {
        String lineId = heads.get(0).lineId();
        long last = store.lastSeq(lineId);
        int most = (int) Math.min(heads.size(), last);
        if (most == 0) {
            return 0;
        }
        List<String> tail = store.range(lineId, last - most + 1, last).stream().map(RecordAppender::identity).toList();
        List<String> held = heads.subList(0, most).stream().map(RecordAppender::identity).toList();
        for (int k = most; k > 0; k--) {
            if (held.subList(0, k).equals(tail.subList(most - k, most))) {
                return k;
            }
        }
        return 0;
    }

    private static String identity(LineRecord record) {
        return record.type() + '|' + record.batchId() + '|' + CanonicalJson.of(record.fields());
    }

    private static String identity(RecordDraft draft) {
        return draft.type() + '|' + draft.batchId() + '|' + CanonicalJson.of(draft.fields());
    }

    public long held() {
        return held.get();
    }

    public long drained() {
        return drained.get();
    }

    public String lastStoreError() {
        return lastStoreError;
    }

    /** False when interrupted (the rules stop): the draft is then held rather than tried again. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
