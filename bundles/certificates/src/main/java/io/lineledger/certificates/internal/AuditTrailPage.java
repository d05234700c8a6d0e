package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;
import static io.lineledger.certificates.internal.Html.pathSegment;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.ReleaseRecords;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordTypes;
import java.util.List;
import java.util.Map;

/**
 * A batch's audit trail: every record of the batch in the order it was stored, who or what made it (the rules from
 * the PLC's values, or a signer's decision), what it says and whether it is anchored. Records are never changed or
 * deleted: a correction is a later record, so this list is the whole history.
 */
final class AuditTrailPage {

    private final String title;
    private final String base;

    AuditTrailPage(String title, String base) {
        this.title = title;
        this.base = base;
    }

    /** @param records the batch's records in line and sequence order (those {@code c} was built from) */
    String render(Viewer viewer, BatchCertificate c, List<LineRecord> records) {
        String certificate = base + "/batches/" + pathSegment(c.batchId());
        StringBuilder h = new StringBuilder(16_384);
        Pages.head(h, "Audit trail of batch " + c.batchId() + " \u2014 " + title);
        h.append("<body data-page=\"audit\" data-records=\"").append(records.size()).append("\" data-releases=\"")
                .append(c.releases().size()).append("\">\n").append(viewer.bar(base))
                .append("<header><p class=\"site\">").append(escape(title)).append("</p><h1>Audit trail of batch ")
                .append("<span class=\"id\">").append(escape(c.batchId())).append("</span></h1>\n<nav><a href=\"")
                .append(escape(base)).append("/batches\">All batches</a> \u00b7 <a href=\"").append(escape(certificate))
                .append("\">Certificate</a></nav></header>\n");
        ReleasePage.decisions(h, c);
        h.append("<h3>Records</h3>\n<p>").append(records.size()).append(" records, ").append(c.anchoredCount())
                .append(" anchored. Records are appended only: a correction or a decision is a later record.</p>\n")
                .append("<table class=\"audit\">\n<thead><tr><th>Line</th><th class=\"num\">Seq</th><th>Stored</th>")
                .append("<th>Type</th><th>By</th><th>What it says</th><th>Digest</th><th>Anchored</th></tr></thead>\n")
                .append("<tbody>\n");
        for (LineRecord r : records) {
            RecordRow row = c.records().stream().filter(x -> x.lineId().equals(r.lineId()) && x.seq() == r.seq())
                    .findFirst().orElse(null);
            h.append("<tr data-type=\"").append(escape(r.type())).append("\"><td>").append(escape(r.lineId()))
                    .append("</td><td class=\"num\">").append(r.seq()).append("</td><td>")
                    .append(escape(Html.time(r.recordedAt()))).append("</td><td>").append(escape(r.type()))
                    .append("</td><td>").append(escape(by(r))).append("</td><td>").append(escape(what(r)))
                    .append("</td><td class=\"hex\"><abbr title=\"").append(escape(r.digest().hex())).append("\">")
                    .append(escape(Html.shortHex(r.digest().hex()))).append("</abbr></td><td>")
                    .append(row != null && row.anchored() ? "block " + row.anchor().blockNumber()
                            : "<span class=\"muted\">pending</span>").append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String by(LineRecord r) {
        if (ReleaseRecords.TYPE.equals(r.type())) {
            return ReleaseRecords.signer(r.fields()) + ", electronic signature";
        }
        return "LineLedger rules, from the PLC's values";
    }

    private static String what(LineRecord r) {
        Map<String, Object> f = r.fields();
        return switch (r.type()) {
            case RecordTypes.BATCH_STARTED -> "batch started: " + f.getOrDefault("product", "product not stated");
            case RecordTypes.QUALITY -> f.get("characteristic") + " " + f.get("value")
                    + (f.get("unit") == null ? "" : " " + f.get("unit")) + ": " + f.get("verdict");
            case RecordTypes.BATCH_COMPLETED -> "batch completed: " + f.get("verdict") + ", " + f.get("parts")
                    + " parts";
            case RecordTypes.ALARM -> "alarm " + f.get("alarm") + " " + f.get("state");
            case ReleaseRecords.TYPE -> ReleaseRecords.Decision.of(String.valueOf(f.get("decision")))
                    .map(ReleaseRecords.Decision::done).orElse(String.valueOf(f.get("decision"))) + " ("
                    + f.get("meaningText") + "): " + f.get("reason");
            default -> r.type();
        };
    }
}
