package io.lineledger.certificates;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RecordDigest;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small RecordStore for tests: records in lists, a clock that ticks one second per record. */
public final class InMemoryRecordStore implements RecordStore {

    public static final long CHAIN_ID = 31337;
    public static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    private final Map<String, List<LineRecord>> lines = new LinkedHashMap<>();
    private final List<AnchorJob> jobs = new ArrayList<>();
    private Instant clock = Instant.parse("2025-03-04T08:00:00Z");

    @Override
    public synchronized LineRecord append(RecordDraft draft) {
        List<LineRecord> line = lines.computeIfAbsent(draft.lineId(), id -> new ArrayList<>());
        Bytes32 prev = line.isEmpty() ? Bytes32.ZERO : line.get(line.size() - 1).digest();
        clock = clock.plusSeconds(1);
        LineRecord record = LineRecord.seal(draft, line.size() + 1, prev, clock, RecordDigest.newSalt());
        line.add(record);
        return record;
    }

    /** Replaces a stored record, as an attacker with database access might. */
    public synchronized void tamper(String lineId, long seq, RecordDraft draft) {
        List<LineRecord> line = lines.get(lineId);
        LineRecord old = line.get((int) seq - 1);
        line.set((int) seq - 1, LineRecord.seal(draft, seq, old.prevDigest(), old.recordedAt(), old.salt()));
    }

    @Override
    public synchronized Optional<LineRecord> find(String lineId, long seq) {
        List<LineRecord> line = lines.getOrDefault(lineId, List.of());
        return seq >= 1 && seq <= line.size() ? Optional.of(line.get((int) seq - 1)) : Optional.empty();
    }

    @Override
    public synchronized List<LineRecord> range(String lineId, long firstSeq, long lastSeq) {
        return lines.getOrDefault(lineId, List.of()).stream()
                .filter(r -> r.seq() >= firstSeq && r.seq() <= lastSeq).toList();
    }

    @Override
    public synchronized List<LineRecord> batch(String batchId) {
        return lines.values().stream().flatMap(List::stream).filter(r -> batchId.equals(r.batchId())).toList();
    }

    @Override
    public synchronized List<BatchSummary> recentBatches(int limit) {
        Map<String, List<LineRecord>> batches = new LinkedHashMap<>();
        lines.values().stream().flatMap(List::stream).filter(r -> r.batchId() != null)
                .forEach(r -> batches.computeIfAbsent(r.batchId(), id -> new ArrayList<>()).add(r));
        return batches.entrySet().stream().map(e -> {
            List<LineRecord> rs = e.getValue();
            long anchored = rs.stream().filter(r -> anchorOf(r.lineId(), r.seq()).isPresent()).count();
            return new BatchSummary(e.getKey(), rs.get(0).lineId(), rs.get(0).recordedAt(),
                    rs.get(rs.size() - 1).recordedAt(), rs.size(), anchored);
        }).sorted(Comparator.comparing(BatchSummary::lastRecordedAt).reversed()).limit(limit).toList();
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
        long covered = jobs.stream().filter(j -> j.lineId().equals(lineId)).mapToLong(AnchorJob::lastSeq).max().orElse(0);
        return lines.getOrDefault(lineId, List.of()).stream().filter(r -> r.seq() > covered).limit(limit).toList();
    }

    @Override
    public synchronized AnchorJob createAnchorJob(String lineId, long firstSeq, long lastSeq, Bytes32 root) {
        AnchorJob job = new AnchorJob(jobs.size() + 1, lineId, firstSeq, lastSeq, root, AnchorJob.Status.PENDING,
                null, null);
        jobs.add(job);
        return job;
    }

    @Override
    public synchronized void markSent(long jobId, String txHash) {
        AnchorJob j = jobs.get((int) jobId - 1);
        jobs.set((int) jobId - 1, new AnchorJob(j.id(), j.lineId(), j.firstSeq(), j.lastSeq(), j.root(),
                AnchorJob.Status.SENT, txHash, null));
    }

    @Override
    public synchronized void markAnchored(long jobId, Anchor anchor) {
        AnchorJob j = jobs.get((int) jobId - 1);
        jobs.set((int) jobId - 1, new AnchorJob(j.id(), j.lineId(), j.firstSeq(), j.lastSeq(), j.root(),
                AnchorJob.Status.ANCHORED, anchor.txHash(), anchor));
    }

    @Override
    public synchronized List<AnchorJob> openJobs() {
        return jobs.stream().filter(j -> j.status() != AnchorJob.Status.ANCHORED).toList();
    }

    @Override
    public synchronized Optional<Anchor> anchorOf(String lineId, long seq) {
        return jobs.stream().map(AnchorJob::anchor)
                .filter(a -> a != null && a.lineId().equals(lineId) && a.covers(seq)).findFirst();
    }

    /** Anchors records {@code firstSeq..lastSeq} of a line as the ledger would, with a made-up transaction. */
    public synchronized Anchor anchor(String lineId, long firstSeq, long lastSeq) {
        Bytes32 root = MerkleTree.of(range(lineId, firstSeq, lastSeq).stream().map(LineRecord::digest).toList()).root();
        AnchorJob job = createAnchorJob(lineId, firstSeq, lastSeq, root);
        String tx = "0x" + String.format("%064x", 0xabc000L + job.id());
        markSent(job.id(), tx);
        Anchor anchor = new Anchor(CHAIN_ID, CONTRACT, tx, 100 + job.id(), 0, lineId, firstSeq, lastSeq, root);
        markAnchored(job.id(), anchor);
        return anchor;
    }

    /** Anchors every record of the line not yet in a job. */
    public Anchor anchorAll(String lineId) {
        List<LineRecord> open = unanchored(lineId, Integer.MAX_VALUE);
        return anchor(lineId, open.get(0).seq(), open.get(open.size() - 1).seq());
    }
}
