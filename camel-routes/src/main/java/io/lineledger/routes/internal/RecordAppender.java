package io.lineledger.routes.internal;

import io.lineledger.model.CanonicalJson;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.LineFencedException;
import io.lineledger.store.RecordStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the store. A draft is stored, or else held in the {@link RecordSpool} (never only logged): a
 * failed append is tried again a few times with growing pauses, a fenced line is held at once. While a line has
 * held drafts, its new drafts are held behind them, so the store receives every line's drafts in the order they
 * were made; {@link #drain} moves them into the store once it takes appends again.
 *
 * <p>An accepted draft (stored or held) counts towards its batch at once: held drafts are stored later, in order.
 */
public final class RecordAppender {

    private static final Logger LOG = LoggerFactory.getLogger(RecordAppender.class);

    private final RecordStore store;
    private final RecordSpool spool;
    private final BatchLifecycle lifecycle;
    private final int attempts;
    private final Duration firstBackoff;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private volatile String lastStoreError;

    public RecordAppender(RecordStore store, RecordSpool spool, BatchLifecycle lifecycle, int attempts,
                          Duration firstBackoff) {
        this.store = store;
        this.spool = spool;
        this.lifecycle = lifecycle;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    /** Stores or holds a draft and counts it towards its batch; returns it. */
    public RecordDraft append(RecordDraft draft) {
        synchronized (this) {
            if (spool.hasPending(draft.lineId())) {
                hold(draft);
            } else {
                storeOrHold(draft);
            }
        }
        return lifecycle.accepted(draft);
    }

    private void storeOrHold(RecordDraft draft) {
        long pause = firstBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                store.append(draft);
                return;
            } catch (LineFencedException e) {
                // the line stays stopped until an operator restores the store: trying again now cannot help
                startHolding(draft, e);
                return;
            } catch (IllegalArgumentException e) {
                throw e; // the draft itself is unfit: holding it would block the line's spool for good
            } catch (RuntimeException e) {
                if (attempt >= attempts) {
                    startHolding(draft, e);
                    return;
                }
                LOG.debug("Append of a {} draft of line {} failed (attempt {} of {}), trying again in {} ms",
                        draft.type(), draft.lineId(), attempt, attempts, pause, e);
                if (!pause(pause)) {
                    startHolding(draft, e);
                    return;
                }
                pause *= 2;
            }
        }
    }

    private void startHolding(RecordDraft draft, RuntimeException cause) {
        lastStoreError = cause.getMessage();
        if (cause instanceof LineFencedException waiting && waiting.fence().isEmpty()) {
            // every start: the line waits for the ledger's first check against the chain, usually a second
            LOG.info("Holding the drafts of line {} in the record spool until the store takes them: {}",
                    draft.lineId(), cause.getMessage());
            hold(draft);
            return;
        }
        LOG.warn("The store refused a {} draft of line {}: {}. Holding this and the line's next drafts in the record"
                + " spool until the store takes them", draft.type(), draft.lineId(), cause.getMessage(), cause);
        hold(draft);
    }

    private void hold(RecordDraft draft) {
        spool.hold(draft);
        held.incrementAndGet();
    }

    /**
     * Moves held drafts of a line into the store, oldest first, until none is left or the store refuses one (that
     * one stays first). Returns how many were stored.
     */
    public int drain(String lineId) {
        int stored = 0;
        while (true) {
            synchronized (this) {
                Optional<RecordDraft> head = spool.head(lineId);
                if (head.isEmpty()) {
                    if (stored > 0) {
                        LOG.info("The store takes appends of line {} again: the record spool is empty", lineId);
                        lastStoreError = null;
                    }
                    return stored;
                }
                try {
                    if (!(spool.headUnconfirmed(lineId) && alreadyStored(head.get()))) {
                        store.append(head.get());
                    }
                    spool.markDrained(lineId);
                    drained.incrementAndGet();
                    stored++;
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

    /** The head left by a crash between the store's commit and the drained mark is the line's last record. */
    private boolean alreadyStored(RecordDraft draft) {
        long last = store.lastSeq(draft.lineId());
        if (last == 0) {
            return false;
        }
        Optional<LineRecord> record = store.find(draft.lineId(), last);
        return record.isPresent() && record.get().type().equals(draft.type())
                && Objects.equals(record.get().batchId(), draft.batchId())
                && CanonicalJson.of(record.get().fields()).equals(CanonicalJson.of(draft.fields()));
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
