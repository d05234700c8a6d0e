package io.lineledger.certificates;

import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes batches of a line with several characteristics, the way the per-line rules do: quality records with nominal
 * and PLC counters, alarm records, and a batch-completed record with statistics per characteristic.
 */
public final class Characteristics {

    public static final String LINE = Batches.LINE;

    private Characteristics() {
    }

    public static void start(RecordStore store, String batchId, String product, String recipe) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", product);
        fields.put("recipe", recipe);
        fields.put("sourceTime", "2025-03-04T08:00:00Z");
        store.append(new RecordDraft(LINE, "batch-started", batchId, fields));
    }

    /** A value of {@code fillWeight} (g, 495..505, nominal 500) or {@code capTorque} (Nm, 1.2..2.0). */
    public static void measure(RecordStore store, String batchId, String characteristic, double value, long good,
                               long reject) {
        boolean weight = characteristic.equals("fillWeight");
        double lsl = weight ? 495.0 : 1.2;
        double usl = weight ? 505.0 : 2.0;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", weight ? "checkweigher" : "capper");
        fields.put("characteristic", characteristic);
        fields.put("value", value);
        fields.put("unit", weight ? "g" : "Nm");
        if (weight) {
            fields.put("nominal", 500.0);
        }
        fields.put("lsl", lsl);
        fields.put("usl", usl);
        fields.put("verdict", value >= lsl && value <= usl ? "PASS" : "FAIL");
        fields.put("sourceTime", "2025-03-04T08:00:30Z");
        fields.put("plcCounts", Map.of("good", good, "reject", reject));
        store.append(new RecordDraft(LINE, "quality", batchId, fields));
    }

    public static void alarm(RecordStore store, String batchId, String name, String state) {
        store.append(new RecordDraft(LINE, "alarm", batchId, Map.of("alarm", name, "tag", "Line1." + name,
                "state", state, "value", state.equals("raised"), "sourceTime", "2025-03-04T08:00:40Z")));
    }

    /** Completes the batch; {@code statistics} as the rules write them (by characteristic name), or none. */
    public static void complete(RecordStore store, String batchId, long parts, long passed, long failed,
                                Long partsReported, String verdict, List<String> reasons,
                                Map<String, Map<String, Object>> statistics) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", "Olive oil 500 ml");
        fields.put("parts", parts);
        fields.put("passed", passed);
        fields.put("failed", failed);
        if (partsReported != null) {
            fields.put("partsReported", partsReported);
        }
        if (statistics != null) {
            fields.put("characteristics", statistics);
        }
        fields.put("verdict", verdict);
        fields.put("reasons", reasons);
        store.append(new RecordDraft(LINE, "batch-completed", batchId, fields));
    }

    /** A batch of three parts, both characteristics measured, all in spec, with statistics recorded or not. */
    public static void passingBatch(RecordStore store, String batchId, boolean withStatistics) {
        start(store, batchId, "Olive oil 500 ml", "R-7");
        measure(store, batchId, "fillWeight", 500.2, 1, 0);
        measure(store, batchId, "capTorque", 1.6, 1, 0);
        measure(store, batchId, "fillWeight", 499.8, 2, 0);
        measure(store, batchId, "capTorque", 1.5, 2, 0);
        alarm(store, batchId, "DoorOpen", "raised");
        alarm(store, batchId, "DoorOpen", "cleared");
        measure(store, batchId, "fillWeight", 500.3, 3, 0);
        measure(store, batchId, "capTorque", 1.7, 3, 0);
        Map<String, Map<String, Object>> statistics = null;
        if (withStatistics) {
            statistics = new LinkedHashMap<>();
            SampleStatistics w = SampleStatistics.of(List.of(500.2, 499.8, 500.3), 495.0, 505.0);
            SampleStatistics t = SampleStatistics.of(List.of(1.6, 1.5, 1.7), 1.2, 2.0);
            statistics.put("fillWeight", fields(w, 495.0, 505.0, "g"));
            statistics.put("capTorque", fields(t, 1.2, 2.0, "Nm"));
        }
        complete(store, batchId, 3, 3, 0, 3L, "PASS", List.of(), statistics);
    }

    static Map<String, Object> fields(SampleStatistics s, double lsl, double usl, String unit) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("n", s.n());
        f.put("mean", s.mean());
        f.put("stdDev", s.stdDev());
        f.put("min", s.min());
        f.put("max", s.max());
        f.put("unit", unit);
        f.put("lsl", lsl);
        f.put("usl", usl);
        f.put("cp", s.cp());
        f.put("cpk", s.cpk());
        return f;
    }
}
