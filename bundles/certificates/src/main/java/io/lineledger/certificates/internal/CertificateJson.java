package io.lineledger.certificates.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.AlarmRow;
import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import io.lineledger.certificates.BatchCertificate.GapRow;
import io.lineledger.certificates.BatchCertificate.LineAnchoring;
import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.BatchCertificate.ReleaseRow;
import io.lineledger.certificates.SampleStatistics;
import io.lineledger.model.Anchor;
import io.lineledger.store.BatchSummary;
import java.time.Instant;
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
        root.put("certificateNumber", c.certificateNumber());
        root.put("recipe", c.recipe());
        root.put("interrupted", c.interrupted());
        ObjectNode plcCounts = root.putObject("plcCounts");
        c.plcCounts().forEach(plcCounts::put);
        root.put("seal", c.sealText());
        root.put("anchoredOnChain", c.anchoredOnChain());
        c.lastAnchor().ifPresent(a -> root.put("lastAnchorRoot", a.root().hex()));
        ObjectNode chain = root.putObject("chainCheck");
        chain.put("state", c.chain().state().name());
        chain.put("detail", c.chain().detail());
        if (c.chain().lineId() != null) {
            chain.put("lineId", c.chain().lineId());
            chain.put("seq", c.chain().seq());
        }
        chain.put("checkedAt", iso(c.chain().checkedAt()));
        chain.put("comparedWith", c.chain().pin());
        if (c.chain().seal() != null) {
            ObjectNode seal = chain.putObject("batchSeal");
            seal.put("revision", c.chain().seal().revision());
            seal.put("batchRoot", c.chain().seal().batchRoot());
            seal.put("txHash", c.chain().seal().txHash());
            seal.put("blockNumber", c.chain().seal().blockNumber());
            seal.put("blockTime", iso(c.chain().seal().blockTime()));
        }
        ObjectNode release = root.putObject("release");
        release.put("state", c.releaseState());
        release.put("text", c.releaseText());
        ArrayNode decisions = release.putArray("decisions");
        for (ReleaseRow r : c.releases()) {
            decisions.add(release(r));
        }
        ArrayNode characteristics = root.putArray("characteristics");
        for (CharacteristicRow ch : c.characteristics()) {
            ObjectNode n = characteristics.addObject();
            n.put("name", ch.name());
            n.put("station", ch.station());
            n.put("unit", ch.unit());
            n.put("nominal", ch.nominal());
            n.put("lsl", ch.lsl());
            n.put("usl", ch.usl());
            SampleStatistics st = ch.statistics();
            n.put("n", st.n());
            n.put("min", st.min());
            n.put("max", st.max());
            n.put("mean", st.mean());
            n.put("stdDev", st.stdDev());
            n.put("cp", st.cp());
            n.put("cpk", st.cpk());
            n.put("statistics", ch.recorded() ? "recorded" : "computed");
            n.put("failed", ch.failed());
            n.put("verdict", ch.verdict());
            ArrayNode notes = n.putArray("notes");
            ch.notes().forEach(notes::add);
        }
        ArrayNode alarms = root.putArray("alarms");
        for (AlarmRow a : c.alarms()) {
            ObjectNode n = alarms.addObject();
            n.put("lineId", a.lineId());
            n.put("seq", a.seq());
            n.put("alarm", a.alarm());
            n.put("tag", a.tag());
            n.put("state", a.state());
            n.set("value", MAPPER.valueToTree(a.value()));
            n.put("time", a.time());
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

    /** One page of the batch list: an array, as before paging (the next page is in the {@code Link} header). */
    String batches(BatchList.Page page) {
        ArrayNode list = MAPPER.createArrayNode();
        for (BatchList.Row row : page.rows()) {
            BatchSummary b = row.summary();
            BatchCertificate c = row.certificate();
            ObjectNode n = list.addObject();
            n.put("batchId", b.batchId());
            n.put("lineId", b.lineId());
            n.put("firstRecordedAt", iso(b.firstRecordedAt()));
            n.put("lastRecordedAt", iso(b.lastRecordedAt()));
            n.put("records", b.records());
            n.put("anchored", b.anchored());
            n.put("certificate", basePath + "/batches/" + Html.pathSegment(b.batchId()));
            n.put("product", row.product());
            n.put("verdict", row.verdict());
            if (c != null) {
                n.put("completed", c.completed());
                n.put("startedAt", iso(c.startedAt()));
                n.put("completedAt", iso(c.completedAt()));
                n.put("seal", c.sealText());
                n.put("anchoringState", c.anchoringState().name());
                n.put("certificateNumber", c.certificateNumber());
            } else {
                n.put("tampered", row.tampered());
            }
        }
        return write(list);
    }

    /** {@code {"error": message, ...details}}. */
    /** One signed decision. */
    private static ObjectNode release(ReleaseRow r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("lineId", r.lineId());
        n.put("seq", r.seq());
        n.put("decision", r.decision());
        n.put("meaning", r.meaning());
        n.put("meaningText", r.meaningText());
        n.put("reason", r.reason());
        n.put("signedBy", r.signedBy());
        n.put("signerName", r.signerName());
        n.put("signer", r.signer());
        n.put("signedAt", r.signedAt());
        n.put("verdict", r.verdict());
        n.put("seal", r.seal());
        ObjectNode signed = n.putObject("signedOver");
        signed.put("records", r.signedRecords());
        signed.put("lineId", r.signedLineId());
        signed.put("seq", r.signedSeq());
        signed.put("digest", r.signedDigest());
        n.put("valid", r.valid());
        n.put("problem", r.problem());
        n.put("anchored", r.anchored());
        return n;
    }

    /** The answer to a signed decision sent by a script: the record it became. */
    String recorded(io.lineledger.model.LineRecord record, String certificateUrl) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("batchId", record.batchId());
        root.put("decision", String.valueOf(record.fields().get("decision")));
        root.put("signedBy", String.valueOf(record.fields().get("signedBy")));
        root.put("signerName", java.util.Objects.toString(record.fields().get("signerName"), null));
        root.put("signer", io.lineledger.certificates.ReleaseRecords.signer(record.fields()));
        ObjectNode r = root.putObject("record");
        r.put("lineId", record.lineId());
        r.put("seq", record.seq());
        r.put("type", record.type());
        r.put("digest", record.digest().hex());
        r.put("recordedAt", iso(record.recordedAt()));
        root.put("certificate", certificateUrl);
        return write(root);
    }

    /** A proof file's check, as the verifier CLI's {@code --json} states it. */
    String verification(io.lineledger.verifier.Verification result, String fileName) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("verdict", result.outcome().label());
        root.put("outcome", result.outcome().name());
        root.put("exitCode", result.exitCode());
        root.put("proofFile", fileName);
        ObjectNode pin = root.putObject("pin");
        pin.put("level", result.pin().level().name());
        pin.put("detail", result.pin().detail());
        result.checks(io.lineledger.verifier.Finding.Status.FAIL).forEach(root.putArray("failedChecks")::add);
        result.checks(io.lineledger.verifier.Finding.Status.NOT_CHECKED).forEach(root.putArray("notCheckedChecks")::add);
        result.notes().forEach(root.putArray("notes")::add);
        ArrayNode checks = root.putArray("checks");
        for (io.lineledger.verifier.Finding f : result.findings()) {
            checks.addObject().put("name", f.check()).put("result", f.status().name()).put("detail", f.detail());
        }
        return write(root);
    }

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
