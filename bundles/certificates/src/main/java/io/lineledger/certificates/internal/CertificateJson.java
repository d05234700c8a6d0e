package io.lineledger.certificates.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.GapRow;
import io.lineledger.certificates.BatchCertificate.LineAnchoring;
import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.model.Anchor;
import io.lineledger.store.BatchSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON forms of the certificate, the batch list and errors (for scripts and tests). */
final class CertificateJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();  // thread-safe once configured
    private final String basePath;

    CertificateJson(String basePath) {
        this.basePath = basePath;
    }

    String certificate(BatchCertificate c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("batchId", c.batchId());
        ArrayNode lines = root.putArray("lineIds");
        c.lineIds().forEach(lines::add);
        root.put("product", c.product());
        root.put("startedAt", iso(c.startedAt()));
        root.put("completedAt", iso(c.completedAt()));
        root.put("completed", c.completed());
        root.put("verdict", c.verdictText());
        root.put("recordedVerdict", c.verdict());
        ArrayNode reasons = root.putArray("reasons");
        c.verdictReasons().forEach(reasons::add);
        root.put("parts", c.parts());
        root.put("partsReported", c.partsReported());
        root.put("unobserved", c.unobservedParts());
        root.put("passed", c.passed());
        root.put("failed", c.failed());
        root.put("records", c.records().size());
        root.put("anchored", c.anchoredCount());
        root.put("fullyAnchored", c.fullyAnchored());
        ArrayNode gaps = root.putArray("gaps");
        for (GapRow g : c.gaps()) {
            ObjectNode n = gaps.addObject();
            n.put("lineId", g.gap().lineId());
            n.put("seq", g.seq());
            n.put("from", iso(g.gap().from()));
            n.put("to", iso(g.gap().to()));
            n.put("durationMs", g.duration().toMillis());
            n.put("cause", g.gap().cause());
            n.put("causeText", g.causeText());
            n.put("detail", g.gap().detail());
        }
        ObjectNode anchoring = root.putObject("anchoring");
        anchoring.put("state", c.anchoringState().name());
        ArrayNode anchoringLines = anchoring.putArray("lines");
        for (LineAnchoring line : c.anchoring()) {
            ObjectNode n = anchoringLines.addObject();
            n.put("lineId", line.lineId());
            n.put("state", line.state().name());
            n.put("reason", line.reason());
            n.put("since", iso(line.since()));
            n.put("nextAttempt", iso(line.nextAttempt()));
        }
        ArrayNode quality = root.putArray("quality");
        for (QualityRow q : c.quality()) {
            ObjectNode n = quality.addObject();
            n.put("lineId", q.lineId());
            n.put("seq", q.seq());
            n.put("time", q.time());
            n.put("station", q.station());
            n.put("characteristic", q.characteristic());
            n.set("value", MAPPER.valueToTree(q.value()));
            n.put("unit", q.unit());
            n.set("lsl", MAPPER.valueToTree(q.lsl()));
            n.set("usl", MAPPER.valueToTree(q.usl()));
            n.put("verdict", q.verdict());
        }
        ArrayNode records = root.putArray("recordDigests");
        for (RecordRow r : c.records()) {
            ObjectNode n = records.addObject();
            n.put("lineId", r.lineId());
            n.put("seq", r.seq());
            n.put("type", r.type());
            n.put("recordedAt", iso(r.recordedAt()));
            n.put("digest", r.digest().hex());
            n.put("anchored", r.anchored());
            if (r.anchored()) {
                n.put("txHash", r.anchor().txHash());
                n.put("proof", basePath + "/proof/" + Html.pathSegment(r.lineId()) + "/" + r.seq());
            }
        }
        ArrayNode anchors = root.putArray("anchors");
        for (Anchor a : c.anchors()) {
            ObjectNode n = anchors.addObject();
            n.put("chainId", a.chainId());
            n.put("contract", a.contract());
            n.put("txHash", a.txHash());
            n.put("blockNumber", a.blockNumber());
            n.put("logIndex", a.logIndex());
            n.put("lineId", a.lineId());
            n.put("firstSeq", a.firstSeq());
            n.put("lastSeq", a.lastSeq());
            n.put("root", a.root().hex());
        }
        return write(root);
    }

    String batches(List<BatchSummary> batches) {
        ArrayNode list = MAPPER.createArrayNode();
        for (BatchSummary b : batches) {
            ObjectNode n = list.addObject();
            n.put("batchId", b.batchId());
            n.put("lineId", b.lineId());
            n.put("firstRecordedAt", iso(b.firstRecordedAt()));
            n.put("lastRecordedAt", iso(b.lastRecordedAt()));
            n.put("records", b.records());
            n.put("anchored", b.anchored());
            n.put("certificate", basePath + "/batches/" + Html.pathSegment(b.batchId()));
        }
        return write(list);
    }

    /** {@code {"error": message, ...details}}. */
    String error(String message, Map<String, Object> details) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("error", message);
        details.forEach((key, value) -> root.set(key, MAPPER.valueToTree(value)));
        return write(root);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private String write(Object tree) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
