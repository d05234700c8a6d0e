package io.lineledger.shell.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.RecordStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The text of {@code lineledger:batch <id>}: its records by type, the recorded verdict with its reasons, the gaps that
 * touch its run, and where its records are anchored.
 */
public final class BatchReport {

    private BatchReport() {
    }

    /** Empty when the store holds no record of that batch. */
    public static Optional<String> render(RecordStore store, String batchId) {
        List<LineRecord> records = store.batch(batchId);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        out.append("batch      ").append(batchId).append('\n');
        Map<String, List<LineRecord>> byLine = records.stream()
                .collect(Collectors.groupingBy(LineRecord::lineId, TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<LineRecord>> line : byLine.entrySet()) {
            line(out, store, line.getKey(), line.getValue());
        }
        return Optional.of(out.toString());
    }

    private static void line(StringBuilder out, RecordStore store, String lineId, List<LineRecord> records) {
        LineRecord first = records.get(0);
        LineRecord last = records.get(records.size() - 1);
        out.append("line       ").append(lineId).append('\n');
        out.append("records    ").append(records.size()).append(" (seq ").append(first.seq()).append("..")
                .append(last.seq()).append("), ").append(Texts.time(first.recordedAt())).append(" to ")
                .append(Texts.time(last.recordedAt())).append('\n');
        Map<String, Long> byType = records.stream()
                .collect(Collectors.groupingBy(LineRecord::type, TreeMap::new, Collectors.counting()));
        out.append("types      ").append(byType.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "))).append('\n');
        records.stream().filter(r -> RecordTypes.BATCH_STARTED.equals(r.type())).findFirst().ifPresent(started ->
                out.append("product    ").append(Texts.orDash(started.fields().get("product")))
                        .append(started.fields().containsKey("recipe") ? ", recipe " + started.fields().get("recipe") : "")
                        .append('\n'));
        long failedQuality = records.stream().filter(r -> RecordTypes.QUALITY.equals(r.type()))
                .filter(r -> "FAIL".equals(r.fields().get("verdict"))).count();
        Optional<LineRecord> completed = records.stream()
                .filter(r -> RecordTypes.BATCH_COMPLETED.equals(r.type())).reduce((a, b) -> b);
        if (completed.isPresent()) {
            Map<String, Object> f = completed.get().fields();
            out.append("verdict    ").append(Texts.orDash(f.get("verdict")))
                    .append(" (parts ").append(Texts.orDash(f.get("parts")))
                    .append(", passed ").append(Texts.orDash(f.get("passed")))
                    .append(", failed ").append(Texts.orDash(f.get("failed"))).append(")\n");
            if (f.get("reasons") instanceof List<?> reasons && !reasons.isEmpty()) {
                out.append("reasons    ").append(reasons.stream().map(String::valueOf)
                        .collect(Collectors.joining("\n           "))).append('\n');
            }
        } else {
            out.append("verdict    none yet: the batch has no batch-completed record (running, or its end not seen)\n");
        }
        out.append("quality    ").append(byType.getOrDefault(RecordTypes.QUALITY, 0L)).append(" measurement(s), ")
                .append(failedQuality).append(" FAIL\n");
        List<LineRecord> gaps = store.gapsTouching(lineId, first.recordedAt(),
                completed.isPresent() ? last.recordedAt() : null);
        if (!gaps.isEmpty()) {
            out.append("gaps       ").append(gaps.stream()
                    .map(g -> "seq " + g.seq() + " " + g.fields().get("from") + " to " + g.fields().get("to")
                            + " (" + g.fields().get("cause") + ")")
                    .collect(Collectors.joining("\n           "))).append('\n');
        }
        anchoring(out, store, lineId, records);
    }

    /** Anchors cover a line's sequences from 1 without holes, so walking them from the batch's first record is enough. */
    private static void anchoring(StringBuilder out, RecordStore store, String lineId, List<LineRecord> records) {
        long firstSeq = records.get(0).seq();
        long lastSeq = records.get(records.size() - 1).seq();
        List<Anchor> anchors = new ArrayList<>();
        long seq = firstSeq;
        while (seq <= lastSeq) {
            Optional<Anchor> anchor = store.anchorOf(lineId, seq);
            if (anchor.isEmpty()) {
                break;
            }
            anchors.add(anchor.get());
            seq = anchor.get().lastSeq() + 1;
        }
        long coveredUpTo = seq - 1;
        long anchored = records.stream().filter(r -> r.seq() <= coveredUpTo).count();
        out.append("anchored   ").append(anchored == records.size() ? "all " + anchored
                : anchored + " of " + records.size()).append(" record(s)").append('\n');
        for (Anchor a : anchors) {
            out.append("           seq ").append(a.firstSeq()).append("..").append(a.lastSeq())
                    .append(" in tx ").append(a.txHash()).append(", block ").append(a.blockNumber())
                    .append(", chain ").append(a.chainId()).append('\n');
        }
    }
}
