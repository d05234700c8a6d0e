package io.lineledger.faults;

import io.lineledger.faults.JsonRpc.AnchoredEvent;
import io.lineledger.faults.ServedValues.Served;
import io.lineledger.faults.StoreContents.StoredRecord;
import io.lineledger.faults.StoredRecordSampler.SeenRecord;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the ground truth (what plc-sim served, what the chain anchored, what LineLedger showed while running)
 * with the store as it is after the run, per line.
 */
final class RunAnalysis {

    /** Figures of one line. */
    static final class LineFigures {
        final String lineId;
        long served;
        long servedBeforeObservation;
        long servedAtFinalStop;
        long stored;
        long storedQuality;
        long anchored;
        long lostShownThenMissing;
        long lostServed;
        long coveredByGap;
        long duplicated;
        long gapRecords;
        long unanchored;
        long badRoots;
        long anchoredMissing;
        long digestMismatches;
        long unexplainedQuality;
        long mismatchedValueOrBatch;
        final Map<String, Long> lostByWhen = new LinkedHashMap<>();
        final List<String> examples = new ArrayList<>();
        /** examples so far per kind, so that a flood of one kind does not hide the others */
        final Map<String, Integer> exampleKinds = new HashMap<>();

        LineFigures(String lineId) {
            this.lineId = lineId;
        }

        long lost() {
            return lostShownThenMissing + lostServed + anchoredMissing;
        }
    }

    private final Map<String, LineFigures> lines = new LinkedHashMap<>();
    private final List<Fault> faults;

    /** Values served this close before plc-sim's final stop may never have been published to any client. */
    static final Duration FINAL_STOP_MARGIN = Duration.ofSeconds(1);

    /**
     * @param finalStop when the harness stopped plc-sim for good: a value served in the last
     *                  {@link #FINAL_STOP_MARGIN} before it may never have left the server (no later observation can
     *                  report the gap), so it is not counted; null: count everything
     */
    RunAnalysis(Map<String, MeasuredTags.Measured> measured, List<Served> served, List<SeenRecord> seen, List<AnchoredEvent> events,
                StoreContents store, List<Fault> faults, Instant finalStop) {
        this.faults = faults;
        measured.values().forEach(m -> lines.computeIfAbsent(m.lineId(), LineFigures::new));
        store.records.forEach(r -> lines.computeIfAbsent(r.lineId(), LineFigures::new));

        Map<String, StoredRecord> bySeq = new HashMap<>();
        Set<String> storedDigests = new HashSet<>();
        Map<String, List<ObservationGap>> gaps = new HashMap<>();
        Map<String, List<StoredRecord>> qualityByTime = new HashMap<>();
        Map<String, Instant> firstObserved = new HashMap<>();
        for (StoredRecord r : store.records) {
            LineFigures line = lines.get(r.lineId());
            line.stored++;
            bySeq.put(r.lineId() + "#" + r.seq(), r);
            storedDigests.add(r.lineId() + "#" + r.seq() + "#" + r.digest());
            if (!r.digestMatches()) {
                line.digestMismatches++;
            }
            if (r.record() == null) {
                continue;
            }
            firstObserved.merge(r.lineId(), r.record().recordedAt(), (a, b) -> a.isBefore(b) ? a : b);
            if (RecordTypes.GAP.equals(r.type())) {
                line.gapRecords++;
                try {
                    gaps.computeIfAbsent(r.lineId(), k -> new ArrayList<>()).add(ObservationGap.of(r.record()));
                } catch (RuntimeException e) {
                    line.examples.add("malformed gap record " + r.lineId() + "#" + r.seq() + ": " + e.getMessage());
                }
            } else if (RecordTypes.QUALITY.equals(r.type()) && r.record().fields().get("sourceTime") instanceof String t) {
                line.storedQuality++;
                // observed from the first value's source time, even if it was stored later (held in the spool)
                firstObserved.merge(r.lineId(), Instant.parse(t), (a, b) -> a.isBefore(b) ? a : b);
                qualityByTime.computeIfAbsent(r.lineId() + "|" + r.record().fields().get("characteristic") + "|"
                        + Instant.parse(t), k -> new ArrayList<>()).add(r);
            }
        }
        for (SeenRecord r : seen) {
            firstObserved.merge(r.lineId(), r.recordedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }

        // what LineLedger showed while running and no longer has
        for (SeenRecord r : seen) {
            if (!storedDigests.contains(r.lineId() + "#" + r.seq() + "#" + r.digest())) {
                LineFigures line = lines.computeIfAbsent(r.lineId(), LineFigures::new);
                line.lostShownThenMissing++;
                StoredRecord now = bySeq.get(r.lineId() + "#" + r.seq());
                example(line, String.format("%s#%d (%s, batch %s, recorded %s) was shown by the API and is %s",
                        r.lineId(), r.seq(), r.type(), r.batchId(), r.recordedAt(),
                        now == null ? "gone from the store" : "replaced by another record (" + now.type() + ")"));
            }
        }

        // what the PLC served: stored once as a quality record, or inside a gap record's interval
        Set<String> matched = new HashSet<>();
        for (Served value : served) {
            MeasuredTags.Measured measurement = measured.get(value.tag());
            if (measurement == null || !value.isGoodMeasurementOfAPart()) {
                continue;
            }
            String lineId = measurement.lineId();
            LineFigures line = lines.get(lineId);
            Instant first = firstObserved.get(lineId);
            if (first == null || value.sourceTime().isBefore(first)) {
                line.servedBeforeObservation++;
                continue;
            }
            if (finalStop != null && !value.sourceTime().isBefore(finalStop.minus(FINAL_STOP_MARGIN))) {
                line.servedAtFinalStop++;
                continue;
            }
            line.served++;
            boolean covered = gaps.getOrDefault(lineId, List.of()).stream()
                    .anyMatch(g -> !value.sourceTime().isBefore(g.from()) && !value.sourceTime().isAfter(g.to()));
            String key = lineId + "|" + measurement.characteristic() + "|" + value.sourceTime();
            List<StoredRecord> records = qualityByTime.getOrDefault(key, List.of());
            if (!records.isEmpty()) {
                matched.add(key);
                if (records.size() > 1) {
                    line.duplicated += records.size() - 1;
                    example(line, "served value " + value.tag() + "=" + value.value() + " at " + value.sourceTime()
                            + " is stored " + records.size() + " times");
                }
                StoredRecord r = records.get(0);
                Object stored = r.record().fields().get("value");
                boolean sameValue = stored instanceof Number n
                        && Math.abs(n.doubleValue() - Double.parseDouble(value.value())) < 1e-9;
                // measured while the line was not observed: "batch unknown" is the honest record, not another batch
                boolean sameBatch = value.batch().equals(r.batchId()) || (covered && r.batchId() == null);
                if (!sameValue || !sameBatch) {
                    line.mismatchedValueOrBatch++;
                    example(line, "served " + value.tag() + "=" + value.value() + " in " + value.batch() + " at "
                            + value.sourceTime() + ", stored " + stored + " in " + r.batchId());
                }
                continue;
            }
            if (covered) {
                line.coveredByGap++;
                continue;
            }
            line.lostServed++;
            line.lostByWhen.merge(when(value.sourceTime()), 1L, Long::sum);
            example(line, "served " + value.tag() + "=" + value.value() + " (batch " + value.batch() + ") at "
                    + value.sourceTime() + " is neither stored nor inside a gap record");
        }
        qualityByTime.forEach((key, records) -> {
            Instant measuredAt = Instant.parse(key.substring(key.lastIndexOf('|') + 1));
            boolean atFinalStop = finalStop != null && !measuredAt.isBefore(finalStop.minus(FINAL_STOP_MARGIN));
            if (!matched.contains(key) && !atFinalStop) {
                lines.get(records.get(0).lineId()).unexplainedQuality += records.size();
            }
        });

        // what the chain anchored: every range rebuilt from the store gives the event's root
        Map<String, String> lineOfKey = new HashMap<>();
        lines.keySet().forEach(id -> lineOfKey.put(RegistryKeys.lineKey(id).hex(), id));
        Map<String, TreeSet<Long>> anchoredSeqs = new HashMap<>();
        for (AnchoredEvent event : events) {
            String lineId = lineOfKey.get(event.lineKey().hex());
            if (lineId == null) {
                continue; // another line id on the same registry
            }
            LineFigures line = lines.get(lineId);
            List<LineRecord> window = new ArrayList<>();
            List<Bytes32> digests = new ArrayList<>();
            long missing = 0;
            for (long seq = event.firstSeq(); seq <= event.lastSeq(); seq++) {
                anchoredSeqs.computeIfAbsent(lineId, k -> new TreeSet<>()).add(seq);
                StoredRecord r = bySeq.get(lineId + "#" + seq);
                if (r == null) {
                    missing++;
                } else {
                    digests.add(Bytes32.fromHex(r.digest()));
                    if (r.record() != null) {
                        window.add(r.record());
                    }
                }
            }
            line.anchored += event.lastSeq() - event.firstSeq() + 1;
            line.anchoredMissing += missing;
            // proof format v2 leaves (line, seq, digest), or v1 (digest only) for windows anchored before it
            boolean reproduced = missing == 0 && (MerkleTree.of(digests).root().equals(event.root())
                    || window.size() == digests.size() && MerkleTree.matching(lineId, window, event.root()).isPresent());
            if (!reproduced) {
                line.badRoots++;
                example(line, String.format("anchored range %s %d..%d (block %d, tx %s): %s", lineId,
                        event.firstSeq(), event.lastSeq(), event.blockNumber(), event.txHash(),
                        missing > 0 ? missing + " record(s) missing from the store"
                                : "the stored records give another root"));
            }
        }
        for (StoredRecord r : store.records) {
            if (!anchoredSeqs.getOrDefault(r.lineId(), new TreeSet<>()).contains(r.seq())) {
                lines.get(r.lineId()).unanchored++;
            }
        }
    }

    private String when(Instant time) {
        for (Fault fault : faults) {
            if (fault.covers(time, Duration.ofSeconds(30))) {
                return "fault " + fault.number + " (" + fault.kind.label + ")";
            }
        }
        return "no fault running";
    }

    private static void example(LineFigures line, String text) {
        String kind = text.replaceAll("[0-9.:#TZ-]+", "").substring(0, Math.min(30, text.length() / 2));
        if (line.exampleKinds.merge(kind, 1, Integer::sum) <= 3) {
            line.examples.add(text);
        }
    }

    boolean passed() {
        return lines.values().stream().allMatch(l -> l.lost() == 0 && l.duplicated == 0 && l.unanchored == 0
                && l.badRoots == 0 && l.digestMismatches == 0 && l.mismatchedValueOrBatch == 0)
                && faults.stream().allMatch(f -> f.partsMissingAfterRestart.isEmpty());
    }

    String report(String header, Duration wallTime) {
        StringBuilder out = new StringBuilder("\n").append(header);
        out.append(String.format("wall time %d s%n%n", wallTime.toSeconds()));
        out.append("faults (recovery is measured from the moment the faulty part was back)\n");
        out.append(String.format("  %-3s %-8s %-34s %-10s %-12s %-12s %s%n", "#", "at", "fault", "back after",
                "next record", "next anchor", "note"));
        Instant origin = faults.stream().filter(f -> f.injectedAt != null).map(f -> f.injectedAt).findFirst()
                .orElse(Instant.now());
        for (Fault f : faults) {
            out.append(String.format("  %-3d %-8s %-34s %-10s %-12s %-12s %s%n", f.number,
                    f.injectedAt == null ? "-" : String.format("+%.0fs", FaultHarness.seconds(origin, f.injectedAt)),
                    f.kind.label, FaultHarness.secondsText(f.injectedAt, f.backAt),
                    FaultHarness.secondsText(f.backAt, f.nextRecordAt),
                    FaultHarness.secondsText(f.backAt, f.nextAnchorAt), f.note));
        }
        out.append('\n');
        out.append(String.format("%-8s %7s %7s %8s %6s %10s %5s %9s %10s %s%n", "line", "served", "stored",
                "anchored", "lost", "duplicated", "gaps", "unanchored", "bad roots", "stalled"));
        LineFigures total = new LineFigures("total");
        for (LineFigures l : lines.values()) {
            row(out, l);
            total.served += l.served;
            total.stored += l.stored;
            total.anchored += l.anchored;
            total.lostServed += l.lostServed;
            total.lostShownThenMissing += l.lostShownThenMissing;
            total.anchoredMissing += l.anchoredMissing;
            total.duplicated += l.duplicated;
            total.gapRecords += l.gapRecords;
            total.unanchored += l.unanchored;
            total.badRoots += l.badRoots;
        }
        if (lines.size() > 1) {
            row(out, total);
        }
        out.append('\n');
        for (LineFigures l : lines.values()) {
            out.append(String.format("%s: served = good measured values (every recorded characteristic) of parts plc-sim served after LineLedger first"
                    + " observed the line and until %d ms before plc-sim's final stop (%d served before that and %d"
                    + " in those last moments are not counted)%n", l.lineId, FINAL_STOP_MARGIN.toMillis(),
                    l.servedBeforeObservation, l.servedAtFinalStop));
            out.append(String.format("  stored %d records (%d quality); %d served values stored, %d inside gap"
                    + " records%n", l.stored, l.storedQuality, l.served - l.lostServed - l.coveredByGap,
                    l.coveredByGap));
            out.append(String.format("  lost %d = %d served values neither stored nor in a gap + %d records the API"
                    + " showed and the store no longer has + %d anchored sequence numbers the store lacks%n",
                    l.lost(), l.lostServed, l.lostShownThenMissing, l.anchoredMissing));
            l.lostByWhen.forEach((when, count) -> out.append(String.format("    %6d lost served values during %s%n",
                    count, when)));
            if (l.mismatchedValueOrBatch > 0 || l.unexplainedQuality > 0 || l.digestMismatches > 0) {
                out.append(String.format("  %d stored with another value or batch, %d quality records no served"
                        + " value explains, %d rows whose digest does not match%n", l.mismatchedValueOrBatch,
                        l.unexplainedQuality, l.digestMismatches));
            }
            l.examples.forEach(e -> out.append("    e.g. ").append(e).append('\n'));
        }
        long skipped = faults.stream().filter(f -> f.injectedAt == null).count();
        if (skipped > 0) {
            out.append(String.format("%nINCOMPLETE: %d of %d faults were not injected (time budget)%n", skipped,
                    faults.size()));
        }
        out.append('\n').append(passed()
                ? "PASS: nothing lost, nothing duplicated, no stalled line, every anchored root reproduced\n"
                : "FAIL: see lost, duplicated, unanchored (stalled), bad roots, values stored with another value or"
                + " batch, and parts missing from the status page after a restart above\n");
        return out.toString();
    }

    private static void row(StringBuilder out, LineFigures l) {
        out.append(String.format("%-8s %7d %7d %8d %6d %10d %5d %9d %10d %s%n", l.lineId, l.served, l.stored,
                l.anchored, l.lost(), l.duplicated, l.gapRecords, l.unanchored, l.badRoots,
                l.unanchored > 0 ? "yes" : "no"));
    }
}
