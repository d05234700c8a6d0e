package io.lineledger.certificates;

import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.model.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a batch's quality records per characteristic and states each one's limits, statistics and verdict: the
 * statistics the {@code batch-completed} record holds, or, when it holds none (older records, a running batch),
 * computed from the quality records.
 */
final class CharacteristicRows {

    /** The name a quality record without {@code characteristic} is listed under. */
    static final String UNNAMED = "(unnamed)";

    private CharacteristicRows() {
    }

    /**
     * @param quality       the batch's quality records, in sequence order
     * @param recorded      the {@code batch-completed} record's {@code characteristics}: statistics by name
     * @param completed     whether the batch completed
     * @param expectedParts the parts every characteristic should have a value of (the PLC's count, else the parts
     *                      recorded); null when unknown
     * @param gapsTouch     whether gap records touch the batch (then no characteristic can be PASS)
     */
    static List<CharacteristicRow> of(List<QualityRow> quality, Map<?, ?> recorded, boolean completed,
                                      Long expectedParts, boolean gapsTouch) {
        Map<String, List<QualityRow>> byName = new LinkedHashMap<>();
        recorded.keySet().forEach(name -> byName.put(String.valueOf(name), new ArrayList<>()));
        for (QualityRow q : quality) {
            byName.computeIfAbsent(q.characteristic() == null ? UNNAMED : q.characteristic(), n -> new ArrayList<>())
                    .add(q);
        }
        List<CharacteristicRow> rows = new ArrayList<>();
        byName.forEach((name, records) -> rows.add(row(name, records,
                recorded.get(name) instanceof Map<?, ?> entry ? entry : null, completed, expectedParts, gapsTouch)));
        return rows;
    }

    private static CharacteristicRow row(String name, List<QualityRow> records, Map<?, ?> entry, boolean completed,
                                         Long expectedParts, boolean gapsTouch) {
        String station = null;
        String unit = entry != null && entry.get("unit") instanceof String u ? u : null;
        Double nominal = null;
        Double lsl = entry == null ? null : number(entry.get("lsl"));
        Double usl = entry == null ? null : number(entry.get("usl"));
        List<Double> values = new ArrayList<>();
        long failed = 0;
        long notNumbers = 0;
        // limits are those of the batch's product or recipe, the same on every record: the last one stated wins
        for (QualityRow q : records) {
            station = q.station() != null ? q.station() : station;
            unit = q.unit() != null ? q.unit() : unit;
            nominal = q.nominal() != null ? number(q.nominal()) : nominal;
            lsl = number(q.lsl()) != null ? number(q.lsl()) : lsl;
            usl = number(q.usl()) != null ? number(q.usl()) : usl;
            Double value = number(q.value());
            if (value == null) {
                notNumbers++;
            } else {
                values.add(value);
            }
            if (Verdict.FAIL.name().equals(q.verdict())) {
                failed++;
            }
        }
        SampleStatistics statistics = entry == null ? null : SampleStatistics.recorded(entry);
        boolean fromRecord = statistics != null;
        if (statistics == null) {
            statistics = SampleStatistics.of(values, lsl, usl);
        }
        List<String> notes = new ArrayList<>();
        if (fromRecord && statistics.n() != records.size()) {
            notes.add("the batch-completed record counts " + statistics.n() + " values, the store holds "
                    + records.size() + " quality records of " + name);
        }
        if (notNumbers > 0) {
            notes.add(notNumbers + " recorded value" + (notNumbers == 1 ? " is" : "s are") + " not a number");
        }
        String verdict;
        long measured = records.size();
        if (failed > 0) {
            verdict = Verdict.FAIL.name();
            notes.add(failed + " of " + measured + " values out of spec");
        } else if (!completed) {
            verdict = BatchCertificate.IN_PROGRESS;
        } else if (measured == 0) {
            verdict = Verdict.INCOMPLETE.name();
            notes.add("no values recorded");
        } else if (expectedParts == null) {
            verdict = Verdict.INCOMPLETE.name();
            notes.add("part count unknown: cannot tell whether every part was measured");
        } else if (measured < expectedParts) {
            verdict = Verdict.INCOMPLETE.name();
            notes.add(measured + " of " + expectedParts + " parts measured");
        } else if (gapsTouch) {
            verdict = Verdict.INCOMPLETE.name();
            notes.add("the line was not observed throughout the batch (gap records)");
        } else {
            verdict = Verdict.PASS.name();
        }
        return new CharacteristicRow(name, station, unit, nominal, lsl, usl, statistics, fromRecord, failed, values,
                verdict, notes);
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }
}
