package io.lineledger.certificates;

import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes batches the way the Camel routes do: batch-started, quality records, batch-completed. */
public final class Batches {

    public static final String LINE = "line-1";

    private Batches() {
    }

    public static void start(RecordStore store, String batchId, String product) {
        store.append(new RecordDraft(LINE, "batch-started", batchId, Map.of("product", product)));
    }

    public static void quality(RecordStore store, String batchId, double grams) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", "checkweigher");
        fields.put("characteristic", "fillWeight");
        fields.put("value", grams);
        fields.put("unit", "g");
        fields.put("lsl", 495.0);
        fields.put("usl", 505.0);
        fields.put("verdict", grams >= 495.0 && grams <= 505.0 ? "PASS" : "FAIL");
        fields.put("sourceTime", "2025-03-04T08:00:30.250Z");
        store.append(new RecordDraft(LINE, "quality", batchId, fields));
    }

    public static void complete(RecordStore store, String batchId, String product, int passed, int failed) {
        store.append(new RecordDraft(LINE, "batch-completed", batchId, Map.of("product", product,
                "parts", passed + failed, "passed", passed, "failed", failed,
                "verdict", failed == 0 ? "PASS" : "FAIL")));
    }

    /** A completed batch: three parts, the second one {@code secondGrams}. */
    public static void complete3(RecordStore store, String batchId, double secondGrams) {
        start(store, batchId, "Olive oil 500 ml");
        quality(store, batchId, 500.2);
        quality(store, batchId, secondGrams);
        quality(store, batchId, 499.9);
        boolean failed = secondGrams < 495.0 || secondGrams > 505.0;
        complete(store, batchId, "Olive oil 500 ml", failed ? 2 : 3, failed ? 1 : 0);
    }
}
