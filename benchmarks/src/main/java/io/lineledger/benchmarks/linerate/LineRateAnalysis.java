package io.lineledger.benchmarks.linerate;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import io.lineledger.plcsim.ServedPartsLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * Turns what the run left behind into figures per step: plc-sim's parts log (what was served), the store (read
 * directly once Karaf is stopped), the chain's blocks and {@code Anchored} logs as the benchmark saw them, and the
 * naive route's record of which value it anchored under which sequence number.
 *
 * <p>A served value is matched with the quality record of its line and source time (plc-sim gives every part its
 * own source time). One that has none is inside a gap record's interval, or lost.
 */
final class LineRateAnalysis {

    /** Figures of one step; per-second figures divide by the step's offered time. */
    static final class StepFigures {
        final StepWindow step;
        /** Good measured values plc-sim served during the step */
        long served;
        /** of those, stored as quality records (LineLedger) or anchored (naive route) */
        long stored;
        /** of the stored ones, stored after the step had drained (or after the benchmark gave up waiting) */
        long storedLate;
        /** served values neither stored nor anchored, inside a gap record's interval */
        long inGap;
        /** served values neither stored (anchored) nor inside a gap record */
        long lost;
        /** extra quality records for one served value */
        long duplicated;
        /** records of every type the store took during the step */
        long recordsStored;
        /** records the Anchored logs seen during the step cover */
        long recordsAnchored;
        long transactions;
        long gasUsed;
        /** stored values of the step no Anchored log covers */
        long unanchored;
        /** source time to anchored, ms */
        final Histogram latencyMs = new Histogram(3_600_000L, 3);
        /** LineLedger: the part of it up to the record's commit (source time to recorded_at), ms */
        final Histogram storedLatencyMs = new Histogram(3_600_000L, 3);

        StepFigures(StepWindow step) {
            this.step = step;
        }

        double perSecond(long count) {
            double seconds = step.seconds();
            return seconds > 0 ? count / seconds : 0;
        }

        /** Gas of the blocks seen during the step per record anchored then, or -1 when none was anchored. */
        double gasPerRecord() {
            return recordsAnchored > 0 ? (double) gasUsed / recordsAnchored : -1;
        }
    }

    /** The naive route's run: its line on chain, plc-sim's line it read, and the source time of each sequence. */
    record NaiveRun(Bytes32 lineKey, String plcLine, LongUnaryOperator sourceMicrosOfSeq) { }

    private LineRateAnalysis() {
    }

    /**
     * @param lineIdOfPlcLine plc-sim line (e.g. {@code Line3}) → LineLedger line id (e.g. {@code bench-3})
     * @param naive           null when the naive route did not run
     */
    static List<StepFigures> analyse(List<StepWindow> steps, Path partsLog, Map<String, String> lineIdOfPlcLine,
                                     String jdbcUrl, List<ChainWatch.Anchor> anchors, List<ChainWatch.Block> blocks,
                                     NaiveRun naive) throws SQLException {
        List<StepFigures> figures = steps.stream().map(StepFigures::new).toList();
        Map<Bytes32, String> lineOfKey = new HashMap<>();
        lineIdOfPlcLine.values().forEach(id -> lineOfKey.put(RegistryKeys.lineKey(id), id));

        // the chain, as seen during each step
        for (StepFigures f : figures) {
            for (ChainWatch.Block block : blocks) {
                if (f.step.during(block.seenAt())) {
                    f.transactions += block.transactions();
                    f.gasUsed += block.gasUsed();
                }
            }
            for (ChainWatch.Anchor anchor : anchors) {
                boolean ours = f.step.naive() ? naive != null && anchor.event().lineKey().equals(naive.lineKey())
                        : lineOfKey.containsKey(anchor.event().lineKey());
                if (ours && f.step.during(anchor.seenAt())) {
                    f.recordsAnchored += anchor.records();
                }
            }
        }

        // what plc-sim served, per line in the order served (each part its own, later source time)
        Map<String, Parts> served = new HashMap<>();
        ServedPartsLog.read(partsLog, (sourceTime, line, measured) ->
                served.computeIfAbsent(line, l -> new Parts()).add(nanos(sourceTime), measured));

        List<StepFigures> lineLedger = figures.stream().filter(f -> !f.step.naive()).toList();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            for (Map.Entry<String, String> line : lineIdOfPlcLine.entrySet()) {
                analyseLine(db, line.getValue(), served.getOrDefault(line.getKey(), new Parts()), lineLedger,
                        anchorsOf(anchors, RegistryKeys.lineKey(line.getValue())));
            }
        }
        if (naive != null) {
            for (StepFigures f : figures) {
                if (f.step.naive()) {
                    analyseNaive(f, served.getOrDefault(naive.plcLine(), new Parts()), naive,
                            anchorsOf(anchors, naive.lineKey()));
                }
            }
        }
        return figures;
    }

    private static void analyseLine(Connection db, String lineId, Parts served, List<StepFigures> steps,
                                    List<ChainWatch.Anchor> anchors) throws SQLException {
        long[] firstSeqs = anchors.stream().mapToLong(a -> a.event().firstSeq()).toArray();
        Parts stored = new Parts();
        List<long[]> gaps = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT seq, record_type, recorded_at, salt,"
                + " CASE WHEN record_type IN ('" + RecordTypes.QUALITY + "', '" + RecordTypes.GAP + "')"
                + " THEN canonical_json END FROM records WHERE line_id = ? ORDER BY seq")) {
            query.setString(1, lineId);
            query.setFetchSize(10_000);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    String type = rows.getString(2);
                    Instant recordedAt = rows.getObject(3, java.time.OffsetDateTime.class).toInstant();
                    for (StepFigures f : steps) {
                        if (f.step.during(recordedAt)) {
                            f.recordsStored++;
                        }
                    }
                    if (RecordTypes.GAP.equals(type)) {
                        ObservationGap gap = ObservationGap.of(LineRecord.fromCanonical(rows.getString(5),
                                Bytes32.fromHex(rows.getString(4).trim())));
                        gaps.add(new long[] {nanos(gap.from()), nanos(gap.to())});
                    } else if (RecordTypes.QUALITY.equals(type)) {
                        Instant sourceTime = sourceTime(rows.getString(5));
                        if (sourceTime == null) {
                            continue;
                        }
                        stored.add(nanos(sourceTime), 1);
                        StepFigures step = stepOf(steps, sourceTime);
                        if (step == null) {
                            continue;
                        }
                        if (recordedAt.isAfter(step.step.drained())) {
                            step.storedLate++;
                        }
                        long toStore = java.time.Duration.between(sourceTime, recordedAt).toMillis();
                        step.storedLatencyMs.recordValue(Math.max(0, Math.min(toStore, 3_600_000L)));
                        int anchor = anchorIndex(firstSeqs, seq);
                        if (anchor < 0 || anchors.get(anchor).event().lastSeq() < seq) {
                            step.unanchored++;
                        } else {
                            long ms = java.time.Duration.between(sourceTime, anchors.get(anchor).seenAt()).toMillis();
                            step.latencyMs.recordValue(Math.max(0, Math.min(ms, 3_600_000L)));
                        }
                    }
                }
            }
        }

        // served values against stored ones, both in source-time order
        stored.sortByTime();
        int j = 0;
        for (int i = 0; i < served.size; i++) {
            long time = served.times[i];
            while (j < stored.size && stored.times[j] < time) {
                j++; // a quality record no served value explains (none expected)
            }
            int same = 0;
            while (j < stored.size && stored.times[j] == time) {
                same++;
                j++;
            }
            StepFigures step = stepOf(steps, time);
            if (step == null) {
                continue;
            }
            int count = served.counts[i];
            int matched = Math.min(same, count);
            step.served += count;
            step.stored += matched;
            step.duplicated += same - matched;
            int missing = count - matched;
            if (missing > 0) {
                boolean covered = gaps.stream().anyMatch(g -> time >= g[0] && time <= g[1]);
                if (covered) {
                    step.inGap += missing;
                } else {
                    step.lost += missing;
                }
            }
        }
    }

    private static void analyseNaive(StepFigures step, Parts served, NaiveRun naive, List<ChainWatch.Anchor> anchors) {
        for (int i = 0; i < served.size; i++) {
            if (step.step.served(instant(served.times[i]))) {
                step.served += served.counts[i];
            }
        }
        for (ChainWatch.Anchor anchor : anchors) {
            for (long seq = anchor.event().firstSeq(); seq <= anchor.event().lastSeq(); seq++) {
                long micros = naive.sourceMicrosOfSeq().applyAsLong(seq);
                if (micros < 0) {
                    continue;
                }
                Instant sourceTime = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
                if (step.step.served(sourceTime)) {
                    step.stored++;
                    if (anchor.seenAt().isAfter(step.step.drained())) {
                        step.storedLate++;
                    }
                    long ms = java.time.Duration.between(sourceTime, anchor.seenAt()).toMillis();
                    step.latencyMs.recordValue(Math.max(0, Math.min(ms, 3_600_000L)));
                }
            }
        }
        // the route keeps no store: a value it received and did not get anchored is lost, as is one it never received;
        // one its client received twice (Milo's republish) it anchored twice
        step.duplicated = Math.max(0, step.stored - step.served);
        step.stored -= step.duplicated;
        step.lost = Math.max(0, step.served - step.stored);
    }

    private static List<ChainWatch.Anchor> anchorsOf(List<ChainWatch.Anchor> anchors, Bytes32 lineKey) {
        return anchors.stream().filter(a -> a.event().lineKey().equals(lineKey))
                .sorted(Comparator.comparingLong(a -> a.event().firstSeq())).toList();
    }

    /** The anchor whose range starts at or below {@code seq}, -1 when none. */
    private static int anchorIndex(long[] firstSeqs, long seq) {
        int index = Arrays.binarySearch(firstSeqs, seq);
        return index >= 0 ? index : -index - 2;
    }

    private static StepFigures stepOf(List<StepFigures> steps, Instant sourceTime) {
        for (StepFigures f : steps) {
            if (f.step.served(sourceTime)) {
                return f;
            }
        }
        return null;
    }

    private static StepFigures stepOf(List<StepFigures> steps, long nanos) {
        return stepOf(steps, instant(nanos));
    }

    /** The quality record's {@code sourceTime}, read without parsing the whole record (millions of them). */
    static Instant sourceTime(String canonicalJson) {
        if (canonicalJson == null) {
            return null;
        }
        String key = "\"sourceTime\":\"";
        int start = canonicalJson.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        return Instant.parse(canonicalJson.substring(start, canonicalJson.indexOf('"', start)));
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Source times (epoch ns) with a count each, growable; served in order, sorted before matching. */
    static final class Parts {
        long[] times = new long[1024];
        int[] counts = new int[1024];
        int size;

        void add(long time, int count) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            times[size] = time;
            counts[size] = count;
            size++;
        }

        /** Sorts by time; only for entries of count 1 (stored records), whose counts need no reordering. */
        void sortByTime() {
            Arrays.sort(times, 0, size);
        }
    }
}
