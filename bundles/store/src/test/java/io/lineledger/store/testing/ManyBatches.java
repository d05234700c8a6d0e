package io.lineledger.store.testing;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a store with many batches the way the rules write them (batch-started, quality records, batch-completed),
 * for the batch list's benchmarks: spread over {@link #LINES} and {@link #PRODUCTS}, one started every minute of a
 * clock the filler moves, mostly PASS, some FAIL and INCOMPLETE, a gap record now and then, every record anchored but
 * the last ones of each line.
 */
public final class ManyBatches {

    public static final List<String> LINES = List.of("line-1", "line-2", "line-3", "line-4");
    public static final List<String> PRODUCTS = List.of("Water 0.5 l", "Water 1 l", "Water 1.5 l", "Juice 1 l",
            "Juice 0.33 l", "Tea 0.5 l", "Lemonade 0.5 l", "Cola 0.33 l", "Milk 1 l", "Oil 0.5 l");
    /** When the first batch starts. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** Records of each line left without an anchor job. */
    public static final int UNANCHORED_PER_LINE = 500;

    private ManyBatches() {
    }

    /** A clock that shows what the filler sets. */
    public static final class SteppedClock extends Clock {
        private volatile Instant now = START;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }

        public void set(Instant instant) {
            now = instant;
        }
    }

    /**
     * Appends {@code batches} batches of {@code parts} quality records each, in group commits of about 1,000 records
     * per line, and anchors all but the last {@link #UNANCHORED_PER_LINE} records of each line. Batch {@code n} is
     * {@code B<n>}, on line {@code n % 4}, product {@code n % 10}; the records of a group commit share its time, that
     * of its last batch: {@link #START} plus {@code n} minutes.
     */
    public static void fill(RecordStore store, SteppedClock clock, int batches, int parts) {
        Map<String, List<RecordDraft>> groups = new HashMap<>();
        int perGroup = Math.max(1, 1_000 / (parts + 2));
        for (int n = 0; n < batches; n++) {
            String line = LINES.get(n % LINES.size());
            String batchId = "B" + n;
            String product = PRODUCTS.get(n % PRODUCTS.size());
            List<RecordDraft> group = groups.computeIfAbsent(line, l -> new ArrayList<>());
            group.add(new RecordDraft(line, "batch-started", batchId, Map.of("product", product)));
            for (int p = 0; p < parts; p++) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("station", "checkweigher");
                fields.put("characteristic", "fillWeight");
                fields.put("value", 500.0 + (p % 7) * 0.3);
                fields.put("unit", "g");
                fields.put("lsl", 495.0);
                fields.put("usl", 505.0);
                fields.put("verdict", "PASS");
                fields.put("sourceTime", START.plus(Duration.ofMinutes(n)).toString());
                group.add(new RecordDraft(line, "quality", batchId, fields));
            }
            String verdict = n % 20 == 7 ? "FAIL" : n % 50 == 11 ? "INCOMPLETE" : "PASS";
            group.add(new RecordDraft(line, "batch-completed", batchId, Map.of("product", product, "parts", parts,
                    "passed", verdict.equals("FAIL") ? parts - 1 : parts, "failed", verdict.equals("FAIL") ? 1 : 0,
                    "verdict", verdict)));
            if (n % 997 == 500) {
                // a short blind spot of the line while this batch ran: its PASS becomes INCOMPLETE
                Instant at = START.plus(Duration.ofMinutes(n)).plusSeconds(10);
                group.add(new ObservationGap(line, at, at.plusSeconds(5), ObservationGap.CAUSE_SESSION_LOST, "")
                        .toDraft());
            }
            if (group.size() >= perGroup * (parts + 2) || n == batches - 1) {
                // a group's records share the time of its commit: that of its last batch
                clock.set(START.plus(Duration.ofMinutes(n)));
                store.appendAll(group);
                groups.remove(line);
            }
        }
        for (Map.Entry<String, List<RecordDraft>> rest : groups.entrySet()) {
            store.appendAll(rest.getValue());
        }
        for (String line : LINES) {
            anchorAllBut(store, line, UNANCHORED_PER_LINE);
        }
    }

    private static void anchorAllBut(RecordStore store, String line, int keep) {
        long last = store.lastSeq(line) - keep;
        long first = 1;
        while (first <= last) {
            long to = Math.min(last, first + 65_535);
            AnchorJob job = store.createAnchorJob(line, first, to, Bytes32.ZERO);
            store.markAnchored(job.id(), new Anchor(31337, "0x" + "cd".repeat(20), "0x" + "ab".repeat(32), job.id(),
                    0, line, first, to, Bytes32.ZERO));
            first = to + 1;
        }
    }
}
