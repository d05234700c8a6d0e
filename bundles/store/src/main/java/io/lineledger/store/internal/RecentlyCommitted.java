package io.lineledger.store.internal;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.BatchSeals.Completion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the ledger needs of the records this store committed lately, per line and in sequence order: their digests
 * (its windows' Merkle trees and batch seals) and which of them complete a batch (what it seals). Served from here,
 * those records are not read back: at 10,000 values/s reading them (each record's JSON hashed against its digest,
 * every row scanned for its type) was most of the ledger's time, and the ledger's pass is what a record waits for.
 *
 * <p>Only what a committed transaction wrote enters, so a row changed in the database afterwards cannot change what
 * is anchored; reading that row still refuses it. Each line holds one run of consecutive sequence numbers: a commit
 * that does not continue it (another process appended in between) starts a new run. Memory is bounded: at most
 * {@code budget} digests of 32 bytes over all lines, shared evenly among the lines that append, a line's oldest
 * going first; what is not held is read from the database as before.
 */
final class RecentlyCommitted {

    /** 8 MiB of digests: ~26 s of each of ten lines at 1,000 records/s, longer than a batch of the line-rate run. */
    static final int DEFAULT_BUDGET = 262_144;
    private static final int DIGESTS_PER_CHUNK = 256;
    private static final int BYTES = 32;
    private static final int MIN_CHUNKS_PER_LINE = 2;

    private final int budgetChunks;
    private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();

    RecentlyCommitted() {
        this(DEFAULT_BUDGET);
    }

    /** @param budget digests held over all lines at most (beyond two chunks of 256 a line) */
    RecentlyCommitted(int budget) {
        if (budget < DIGESTS_PER_CHUNK) {
            throw new IllegalArgumentException("budget must be at least " + DIGESTS_PER_CHUNK + ", got " + budget);
        }
        this.budgetChunks = budget / DIGESTS_PER_CHUNK;
    }

    /** Records of one line just committed, consecutive and in sequence order. */
    void committed(String lineId, List<LineRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Run run = runs.computeIfAbsent(lineId, id -> new Run());
        int maxChunks = Math.max(MIN_CHUNKS_PER_LINE, budgetChunks / runs.size());
        synchronized (run) {
            run.append(records, maxChunks);
        }
    }

    /** The digests of {@code firstSeq..lastSeq} of a line when every one of them is held, else empty. */
    Optional<List<Bytes32>> digests(String lineId, long firstSeq, long lastSeq) {
        Run run = runs.get(lineId);
        if (run == null || lastSeq < firstSeq) {
            return Optional.empty();
        }
        synchronized (run) {
            return run.covers(firstSeq, lastSeq) ? Optional.of(run.digests(firstSeq, lastSeq)) : Optional.empty();
        }
    }

    /**
     * The line's {@code batch-completed} records after {@code afterSeq} up to {@code throughSeq}, the first
     * {@code limit} of them, when that whole range is held, else empty.
     */
    Optional<List<Completion>> completions(String lineId, long afterSeq, long throughSeq, int limit) {
        Run run = runs.get(lineId);
        if (run == null || throughSeq <= afterSeq) {
            return Optional.empty();
        }
        synchronized (run) {
            if (!run.covers(afterSeq + 1, throughSeq)) {
                return Optional.empty();
            }
            return Optional.of(run.completions.stream()
                    .filter(completion -> completion.seq() > afterSeq && completion.seq() <= throughSeq)
                    .limit(limit)
                    .toList());
        }
    }

    /** Digests held over all lines (for tests). */
    long held() {
        long held = 0;
        for (Run run : runs.values()) {
            synchronized (run) {
                held += run.nextSeq - run.firstSeq;
            }
        }
        return held;
    }

    /** One line's consecutive records {@code firstSeq..nextSeq-1}; the first chunk starts at {@code firstSeq}. */
    private static final class Run {
        private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
        /** The run's batch-completed records, in sequence order (a few per batch). */
        private final ArrayDeque<Completion> completions = new ArrayDeque<>();
        private long firstSeq;
        private long nextSeq;

        void append(List<LineRecord> records, int maxChunks) {
            long seq = records.get(0).seq();
            if (chunks.isEmpty() || seq != nextSeq) {
                restartAt(seq);
            }
            for (LineRecord record : records) {
                if (record.seq() != nextSeq) { // not what the store commits: hold nothing rather than a wrong run
                    restartAt(nextSeq);
                    return;
                }
                int offset = (int) ((nextSeq - firstSeq) % DIGESTS_PER_CHUNK);
                if (offset == 0) {
                    chunks.addLast(new byte[DIGESTS_PER_CHUNK * BYTES]);
                }
                System.arraycopy(record.digest().bytes(), 0, chunks.getLast(), offset * BYTES, BYTES);
                if (RecordTypes.BATCH_COMPLETED.equals(record.type())) {
                    completions.addLast(new Completion(record.seq(), record.batchId()));
                }
                nextSeq++;
            }
            while (chunks.size() > maxChunks) {
                chunks.removeFirst();
                firstSeq += DIGESTS_PER_CHUNK;
            }
            while (!completions.isEmpty() && completions.getFirst().seq() < firstSeq) {
                completions.removeFirst();
            }
        }

        private void restartAt(long seq) {
            chunks.clear();
            completions.clear();
            firstSeq = seq;
            nextSeq = seq;
        }

        boolean covers(long from, long to) {
            return !chunks.isEmpty() && from >= firstSeq && to < nextSeq;
        }

        List<Bytes32> digests(long from, long to) {
            List<Bytes32> digests = new ArrayList<>((int) (to - from + 1));
            int chunkIndex = -1;
            byte[] chunk = null;
            var iterator = chunks.iterator();
            for (long seq = from; seq <= to; seq++) {
                long position = seq - firstSeq;
                int wanted = (int) (position / DIGESTS_PER_CHUNK);
                while (chunkIndex < wanted) {
                    chunk = iterator.next();
                    chunkIndex++;
                }
                int offset = (int) (position % DIGESTS_PER_CHUNK) * BYTES;
                digests.add(Bytes32.of(Arrays.copyOfRange(chunk, offset, offset + BYTES)));
            }
            return digests;
        }
    }
}
