package io.lineledger.certificates;

import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Builds a {@link BatchCertificate} from what the record store holds about a batch. */
public final class CertificateView {

    public static final String BATCH_STARTED = "batch-started";
    public static final String BATCH_COMPLETED = "batch-completed";
    public static final String QUALITY = "quality";

    private final RecordStore store;

    public CertificateView(RecordStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The certificate of a batch, or empty when the store has no record of it. */
    public Optional<BatchCertificate> of(String batchId) {
        List<LineRecord> batch = store.batch(batchId);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        LinkedHashSet<String> lineIds = new LinkedHashSet<>();
        LineRecord started = null;
        LineRecord completed = null;
        List<QualityRow> quality = new ArrayList<>();
        List<RecordRow> rows = new ArrayList<>();
        List<Anchor> anchors = new ArrayList<>();
        Anchor current = null;
        for (LineRecord record : batch) {
            lineIds.add(record.lineId());
            switch (record.type()) {
                case BATCH_STARTED -> started = started == null ? record : started;
                case BATCH_COMPLETED -> completed = record; // the last word on the batch counts
                case QUALITY -> quality.add(qualityRow(record));
                default -> { }
            }
            // records come in line and sequence order and anchors cover ranges: ask the store once per range
            if (current == null || !current.lineId().equals(record.lineId()) || !current.covers(record.seq())) {
                current = store.anchorOf(record.lineId(), record.seq()).orElse(null);
                if (current != null && !anchors.contains(current)) {
                    anchors.add(current);
                }
            }
            rows.add(new RecordRow(record.lineId(), record.seq(), record.type(), record.recordedAt(),
                    record.digest(), current));
        }
        String product = text(started, "product");
        if (product == null) {
            product = text(completed, "product");
        }
        Instant startedAt = (started != null ? started : batch.get(0)).recordedAt();
        return Optional.of(new BatchCertificate(batchId, List.copyOf(lineIds), product, startedAt,
                completed == null ? null : completed.recordedAt(), text(completed, "verdict"),
                whole(completed, "parts"), whole(completed, "passed"), whole(completed, "failed"),
                whole(completed, "partsReported"), quality, rows, anchors));
    }

    private static QualityRow qualityRow(LineRecord record) {
        Map<String, Object> f = record.fields();
        String time = f.get("sourceTime") instanceof String s ? s : record.recordedAt().toString();
        return new QualityRow(record.lineId(), record.seq(), time, text(record, "station"),
                text(record, "characteristic"), f.get("value"), text(record, "unit"), f.get("lsl"), f.get("usl"),
                text(record, "verdict"));
    }

    private static String text(LineRecord record, String field) {
        if (record == null) {
            return null;
        }
        Object value = record.fields().get(field);
        return value == null ? null : value.toString();
    }

    private static Long whole(LineRecord record, String field) {
        if (record == null) {
            return null;
        }
        return record.fields().get(field) instanceof Number n ? n.longValue() : null;
    }
}
