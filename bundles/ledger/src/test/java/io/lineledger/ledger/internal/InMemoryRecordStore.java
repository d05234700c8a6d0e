package io.lineledger.ledger.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDigest;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The RecordStore contract in memory, for tests of the anchoring core (the JDBC store lives in bundles/store). */
final class InMemoryRecordStore implements RecordStore {

    private final Clock clock;
    private final Map<String, List<LineRecord>> lines = new LinkedHashMap<>();
    private final List<AnchorJob> jobs = new ArrayList<>();

    InMemoryRecordStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized LineRecord append(RecordDraft draft) {
        List<LineRecord> line = lines.computeIfAbsent(draft.lineId(), id -> new ArrayList<>());
        Bytes32 prev = line.isEmpty() ? Bytes32.ZERO : line.get(line.size() - 1).digest();
        LineRecord record = LineRecord.seal(draft, line.size() + 1L, prev, clock.instant(), RecordDigest.newSalt());
        line.add(record);
        return record;
    }

    @Override
    public synchronized Optional<LineRecord> find(String lineId, long seq) {
        List<LineRecord> line = lines.getOrDefault(lineId, List.of());
        return seq >= 1 && seq <= line.size() ? Optional.of(line.get((int) seq - 1)) : Optional.empty();
    }

    @Override
    public synchronized List<LineRecord> range(String lineId, long firstSeq, long lastSeq) {
        List<LineRecord> line = lines.getOrDefault(lineId, List.of());
        return List.copyOf(line.subList((int) firstSeq - 1, (int) Math.min(lastSeq, line.size())));
    }

    @Override
    public synchronized List<LineRecord> batch(String batchId) {
        return lines.values().stream().flatMap(List::stream).filter(r -> batchId.equals(r.batchId())).toList();
    }

    @Override
    public List<BatchSummary> recentBatches(int limit) {
        throw new UnsupportedOperationException("not needed by the ledger");
    }

    @Override
    public synchronized long lastSeq(String lineId) {
        return lines.getOrDefault(lineId, List.of()).size();
    }

    @Override
    public synchronized List<String> lineIds() {
        return List.copyOf(lines.keySet());
    }

    @Override
    public synchronized List<LineRecord> unanchored(String lineId, int limit) {
        List<LineRecord> line = lines.getOrDefault(lineId, List.of());
        int from = (int) lastJobSeq(lineId);
        return List.copyOf(line.subList(from, Math.min(line.size(), from + limit)));
    }

    @Override
    public synchronized AnchorJob createAnchorJob(String lineId, long firstSeq, long lastSeq, Bytes32 root) {
        if (firstSeq != lastJobSeq(lineId) + 1 || lastSeq < firstSeq || lastSeq > lastSeq(lineId)) {
            throw new IllegalStateException("job " + firstSeq + ".." + lastSeq + " does not follow the last job of "
                    + lineId + " (" + lastJobSeq(lineId) + ")");
        }
        AnchorJob job = new AnchorJob(jobs.size() + 1L, lineId, firstSeq, lastSeq, root, AnchorJob.Status.PENDING,
                null, null);
        jobs.add(job);
        return job;
    }

    @Override
    public synchronized void markSent(long jobId, String txHash) {
        AnchorJob job = job(jobId);
        replace(new AnchorJob(job.id(), job.lineId(), job.firstSeq(), job.lastSeq(), job.root(),
                AnchorJob.Status.SENT, txHash, null));
    }

    @Override
    public synchronized void markAnchored(long jobId, Anchor anchor) {
        AnchorJob job = job(jobId);
        if (job.status() == AnchorJob.Status.ANCHORED) {
            throw new IllegalStateException("job " + jobId + " is anchored already");
        }
        replace(new AnchorJob(job.id(), job.lineId(), job.firstSeq(), job.lastSeq(), job.root(),
                AnchorJob.Status.ANCHORED, anchor.txHash(), anchor));
    }

    @Override
    public synchronized List<AnchorJob> openJobs() {
        return jobs.stream().filter(job -> job.status() != AnchorJob.Status.ANCHORED).toList();
    }

    @Override
    public synchronized Optional<Anchor> anchorOf(String lineId, long seq) {
        return jobs.stream()
                .filter(job -> job.lineId().equals(lineId) && job.anchor() != null && job.anchor().covers(seq))
                .map(AnchorJob::anchor)
                .findFirst();
    }

    synchronized AnchorJob job(long jobId) {
        return jobs.get((int) jobId - 1);
    }

    private void replace(AnchorJob job) {
        jobs.set((int) job.id() - 1, job);
    }

    private long lastJobSeq(String lineId) {
        return jobs.stream().filter(job -> job.lineId().equals(lineId)).mapToLong(AnchorJob::lastSeq).max().orElse(0);
    }
}
