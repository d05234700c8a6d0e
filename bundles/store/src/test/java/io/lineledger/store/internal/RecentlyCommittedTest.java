package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.BatchSeals.Completion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentlyCommittedTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    /** {@code count} records of a line from {@code firstSeq}, each chained to the one before (a real group commit). */
    private static List<LineRecord> commit(String lineId, long firstSeq, int count) {
        List<LineRecord> records = new ArrayList<>();
        Bytes32 prev = Bytes32.ZERO;
        for (int i = 0; i < count; i++) {
            LineRecord record = LineRecord.seal(new RecordDraft(lineId, "quality", "LOT-1", Map.of("n", firstSeq + i)),
                    firstSeq + i, prev, NOW, Bytes32.fromHex("0x" + "11".repeat(32)));
            records.add(record);
            prev = record.digest();
        }
        return records;
    }

    private static LineRecord record(String lineId, long seq, String type, String batchId) {
        return LineRecord.seal(new RecordDraft(lineId, type, batchId, Map.of()), seq, Bytes32.ZERO, NOW,
                Bytes32.fromHex("0x" + "22".repeat(32)));
    }

    private static List<Bytes32> digestsOf(List<LineRecord> records) {
        return records.stream().map(LineRecord::digest).toList();
    }

    @Test
    void consecutiveCommitsAreServedAcrossChunksAndOnlyRangesHeldWhole() {
        RecentlyCommitted held = new RecentlyCommitted();
        List<LineRecord> first = commit("a", 1, 300);
        List<LineRecord> second = commit("a", 301, 300);
        held.committed("a", first);
        held.committed("a", second);

        List<Bytes32> all = new ArrayList<>(digestsOf(first));
        all.addAll(digestsOf(second));
        assertEquals(Optional.of(all), held.digests("a", 1, 600));
        assertEquals(Optional.of(all.subList(249, 262)), held.digests("a", 250, 262), "across a chunk's end");
        assertEquals(Optional.empty(), held.digests("a", 590, 601), "beyond what was committed");
        assertEquals(Optional.empty(), held.digests("b", 1, 1), "another line");
        assertEquals(600, held.held());
    }

    @Test
    void batchCompletionsOfAHeldRangeAreFoundWithoutTheRows() {
        RecentlyCommitted held = new RecentlyCommitted(1024);
        held.committed("a", List.of(
                record("a", 1, RecordTypes.BATCH_STARTED, "LOT-1"), record("a", 2, RecordTypes.QUALITY, "LOT-1"),
                record("a", 3, RecordTypes.BATCH_COMPLETED, "LOT-1"), record("a", 4, RecordTypes.BATCH_STARTED, "LOT-2"),
                record("a", 5, RecordTypes.BATCH_COMPLETED, "LOT-2"), record("a", 6, RecordTypes.BATCH_COMPLETED, "LOT-1")));

        assertEquals(Optional.of(List.of(new Completion(3, "LOT-1"), new Completion(5, "LOT-2"),
                new Completion(6, "LOT-1"))), held.completions("a", 0, 6, 100));
        assertEquals(Optional.of(List.of(new Completion(5, "LOT-2"))), held.completions("a", 3, 5, 100));
        assertEquals(Optional.of(List.of(new Completion(3, "LOT-1"))), held.completions("a", 0, 6, 1));
        assertEquals(Optional.empty(), held.completions("a", 0, 7, 100), "seq 7 is not held: the rows are read");
        assertEquals(Optional.empty(), held.completions("b", 0, 1, 100));
    }

    @Test
    void aCommitThatDoesNotContinueTheLineStartsANewRun() {
        RecentlyCommitted held = new RecentlyCommitted();
        held.committed("a", commit("a", 1, 10));
        List<LineRecord> later = commit("a", 12, 5); // seq 11 was appended by another process
        held.committed("a", later);

        assertEquals(Optional.empty(), held.digests("a", 1, 10), "the old run is gone, not joined across the hole");
        assertEquals(Optional.of(digestsOf(later)), held.digests("a", 12, 16));
        assertEquals(5, held.held());
    }

    @Test
    void theBudgetIsSharedByTheLinesAndEachDropsItsOldestFirst() {
        RecentlyCommitted held = new RecentlyCommitted(1024); // four chunks of 256
        for (long seq = 1; seq <= 2048; seq += 128) {
            held.committed("a", commit("a", seq, 128));
        }
        assertEquals(1024, held.held(), "one line takes the whole budget");
        assertEquals(Optional.empty(), held.digests("a", 1024, 1100), "its oldest chunks went first");
        assertTrue(held.digests("a", 1025, 2048).isPresent());

        held.committed("b", commit("b", 1, 256));
        held.committed("a", commit("a", 2049, 1));
        // two lines now: two chunks each at most, the newest kept
        assertTrue(held.held() <= 1024, "held " + held.held());
        assertTrue(held.digests("a", 1793, 2049).isPresent());
        assertEquals(Optional.empty(), held.digests("a", 1537, 1792));
        assertTrue(held.digests("b", 1, 256).isPresent());
    }
}
