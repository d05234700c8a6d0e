package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;
import static io.lineledger.certificates.internal.Html.pathSegment;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.AnchoringState;
import io.lineledger.certificates.BatchCertificate.GapRow;
import io.lineledger.certificates.BatchCertificate.LineAnchoring;
import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.model.Anchor;
import io.lineledger.model.Verdict;
import java.util.Locale;

/**
 * The batch certificate as one self-contained HTML page: readable on screen and printable, no external CSS, scripts
 * or fonts. Other renderings (PDF, a QR code linking here) take the same {@link BatchCertificate}.
 *
 * <p>The body carries {@code data-anchored="true"} once the batch completed and all its records are anchored, so
 * tests and scripts can poll for the final state; {@code data-gaps} (gap records touching the batch),
 * {@code data-reasons} (reasons it is not PASS) and {@code data-anchoring-state} (OK, UNKNOWN, RETRYING, ALARM) say
 * the rest.
 */
final class CertificatePage {

    private final String title;
    private final String basePath;

    /**
     * @param title    shown above the certificate (e.g. the plant's name)
     * @param basePath path prefix of the pages, e.g. {@code /lineledger}, for the links the page makes
     */
    CertificatePage(String title, String basePath) {
        this.title = title;
        this.basePath = basePath;
    }

    String render(BatchCertificate c) {
        StringBuilder h = new StringBuilder(16_384);
        String verdictClass = !c.completed() ? "running"
                : Verdict.PASS.name().equals(c.verdict()) ? "pass"
                : Verdict.INCOMPLETE.name().equals(c.verdict()) ? "incomplete" : "fail";
        Pages.head(h, "Batch " + c.batchId() + " \u2014 " + title);
        h.append("<body data-anchored=\"").append(c.fullyAnchored())
                .append("\" data-completed=\"").append(c.completed())
                .append("\" data-verdict=\"").append(escape(c.verdictText()))
                .append("\" data-unobserved=\"").append(c.unobservedParts())
                .append("\" data-reasons=\"").append(c.verdictReasons().size())
                .append("\" data-gaps=\"").append(c.gaps().size())
                .append("\" data-anchoring-state=\"").append(c.anchoringState()).append("\">\n");
        h.append("<!-- lineledger:anchored=").append(c.fullyAnchored()).append(" -->\n");
        h.append("<header><p class=\"site\">").append(escape(title)).append("</p>")
                .append("<h1>Batch certificate</h1>")
                .append("<nav><a href=\"").append(escape(basePath)).append("/batches\">All batches</a> \u00b7 ")
                .append("<a href=\"").append(escape(basePath)).append("/api/batches/")
                .append(escape(pathSegment(c.batchId()))).append("\">JSON</a></nav></header>\n");

        h.append("<section class=\"summary\">\n<dl>");
        row(h, "Batch", "<span class=\"id\">" + escape(c.batchId()) + "</span>");
        row(h, c.lineIds().size() == 1 ? "Line" : "Lines", escape(String.join(", ", c.lineIds())));
        row(h, "Product", c.product() == null ? "<span class=\"muted\">not stated</span>" : escape(c.product()));
        row(h, "Started", escape(Html.time(c.startedAt())));
        row(h, "Completed", c.completed() ? escape(Html.time(c.completedAt()))
                : "<span class=\"muted\">" + escape(BatchCertificate.IN_PROGRESS) + "</span>");
        if (c.parts() != null) {
            row(h, "Parts", c.parts() + " (passed " + (c.passed() == null ? "?" : c.passed())
                    + ", failed " + (c.failed() == null ? "?" : c.failed()) + ")"
                    + (c.unobservedParts() > 0 ? "; the PLC made " + c.partsReported() + ": "
                    + c.unobservedParts() + " not observed" : ""));
        }
        h.append("</dl>\n<div class=\"verdict ").append(verdictClass).append("\"><span class=\"label\">Quality verdict</span>")
                .append("<span class=\"value\">").append(escape(c.verdictText())).append("</span></div>\n");
        reasons(h, c);
        h.append("</section>\n");

        gaps(h, c);
        quality(h, c);
        anchoring(h, c);
        records(h, c);

        h.append("<footer><p>Each record's digest is keccak256(salt \u2016 canonical JSON of the record). ")
                .append("A proof file holds the record, its salt, its Merkle proof and the anchoring transaction: ")
                .append("anyone can check it against a node of the chain with the LineLedger verifier, without ")
                .append("trusting this server.</p></footer>\n</body>\n</html>\n");
        return h.toString();
    }

    /** Next to the verdict: why it is not PASS, as the rules recorded it. */
    private static void reasons(StringBuilder h, BatchCertificate c) {
        if (c.verdictReasons().isEmpty()) {
            return;
        }
        h.append("<div class=\"reasons\"><p class=\"label\">")
                .append(c.completed() ? "Why the verdict is " + escape(c.verdictText()) : "Reasons")
                .append("</p>\n<ul>\n");
        for (String reason : c.verdictReasons()) {
            h.append("<li>").append(escape(reason)).append("</li>\n");
        }
        h.append("</ul></div>\n");
    }

    private static void gaps(StringBuilder h, BatchCertificate c) {
        h.append("<section>\n<h2>Observation gaps</h2>\n");
        if (c.gaps().isEmpty()) {
            h.append("<p class=\"gaps none\">No gap record touches this batch: the line was observed ")
                    .append(c.completed() ? "throughout." : "throughout so far.").append("</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"gaps\">").append(c.gaps().size()).append(" gap record")
                .append(c.gaps().size() == 1 ? "" : "s").append(" touch").append(c.gaps().size() == 1 ? "es" : "")
                .append(" this batch: the line was not observed during these intervals, and what it produced then ")
                .append("is not in the records.</p>\n")
                .append("<table class=\"gaps\">\n<thead><tr><th>From</th><th>To</th><th class=\"num\">Duration</th>")
                .append("<th>Cause</th><th>Detail</th><th>Gap record</th></tr></thead>\n<tbody>\n");
        for (GapRow g : c.gaps()) {
            h.append("<tr class=\"gap\" data-cause=\"").append(escape(g.gap().cause())).append("\"><td>")
                    .append(escape(Html.time(g.gap().from()))).append("</td><td>")
                    .append(escape(Html.time(g.gap().to()))).append("</td><td class=\"num\">")
                    .append(escape(g.durationText())).append("</td><td>").append(escape(g.causeText()))
                    .append("</td><td>").append(escape(g.gap().detail())).append("</td><td>")
                    .append(escape(g.gap().lineId())).append(" #").append(g.seq()).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void row(StringBuilder h, String term, String html) {
        h.append("<dt>").append(escape(term)).append("</dt><dd>").append(html).append("</dd>");
    }

    private static void quality(StringBuilder h, BatchCertificate c) {
        long failed = c.quality().stream().filter(q -> !q.passed()).count();
        h.append("<section>\n<h2>Quality records</h2>\n<p>").append(c.quality().size()).append(" measurement")
                .append(c.quality().size() == 1 ? "" : "s").append(", ").append(failed).append(" not passed.</p>\n");
        if (c.quality().isEmpty()) {
            h.append("</section>\n");
            return;
        }
        h.append("<table class=\"quality\">\n<thead><tr><th>Seq</th><th>Time</th><th>Station</th><th>Characteristic</th>")
                .append("<th class=\"num\">Value</th><th>Spec limits</th><th>Result</th></tr></thead>\n<tbody>\n");
        for (QualityRow q : c.quality()) {
            String unit = q.unit() == null ? "" : " " + escape(q.unit());
            h.append("<tr class=\"").append(q.passed() ? "pass" : "fail").append("\"><td class=\"num\">")
                    .append(q.seq()).append("</td><td>").append(escape(Html.time(q.time()))).append("</td><td>")
                    .append(escape(q.station())).append("</td><td>").append(escape(q.characteristic()))
                    .append("</td><td class=\"num\">").append(escape(q.value())).append(unit).append("</td><td>")
                    .append(limits(q)).append("</td><td class=\"result\">").append(escape(q.verdict()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static String limits(QualityRow q) {
        String unit = q.unit() == null ? "" : " " + escape(q.unit());
        if (q.lsl() != null && q.usl() != null) {
            return escape(q.lsl()) + " \u2013 " + escape(q.usl()) + unit;
        }
        if (q.lsl() != null) {
            return "\u2265 " + escape(q.lsl()) + unit;
        }
        if (q.usl() != null) {
            return "\u2264 " + escape(q.usl()) + unit;
        }
        return "";
    }

    private static void anchoring(StringBuilder h, BatchCertificate c) {
        h.append("<section>\n<h2>Anchoring</h2>\n<p class=\"anchoring\">Anchored <strong>").append(c.anchoredCount())
                .append(" of ").append(c.records().size()).append("</strong> records");
        AnchoringState state = c.anchoringState();
        if (c.fullyAnchored()) {
            h.append(": every record of this batch is anchored on chain.");
        } else if (state == AnchoringState.OK) {
            h.append(c.completed() ? "; the rest follow within the next anchoring window."
                    : "; the batch is still running.");
        } else {
            h.append(c.completed() ? "." : "; the batch is still running.");
        }
        h.append("</p>\n");
        if (!c.fullyAnchored() || state == AnchoringState.ALARM) {
            // an honest state of each line: never imply the rest follow when nobody can tell, or they cannot
            for (LineAnchoring line : c.anchoring()) {
                if (line.state() != AnchoringState.OK) {
                    anchoringProblem(h, line);
                }
            }
        }
        if (!c.anchors().isEmpty()) {
            h.append("<table class=\"anchors\">\n<thead><tr><th>Chain id</th><th>Contract</th><th>Transaction</th>")
                    .append("<th class=\"num\">Block</th><th>Range</th><th>Merkle root</th></tr></thead>\n<tbody>\n");
            for (Anchor a : c.anchors()) {
                h.append("<tr><td class=\"num\">").append(a.chainId()).append("</td><td class=\"hex\">")
                        .append(escape(a.contract())).append("</td><td class=\"hex\">").append(escape(a.txHash()))
                        .append("</td><td class=\"num\">").append(a.blockNumber()).append("</td><td>")
                        .append(escape(a.lineId())).append(" ").append(a.firstSeq()).append("\u2013").append(a.lastSeq())
                        .append("</td><td class=\"hex\">").append(hexAbbr(a.root().hex())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    private static void anchoringProblem(StringBuilder h, LineAnchoring line) {
        String what = switch (line.state()) {
            case ALARM -> "Anchoring alarm";
            case RETRYING -> "Anchoring is retrying";
            default -> "Anchoring status unknown";
        };
        h.append("<p class=\"anchoring-state ").append(line.state().name().toLowerCase(Locale.ROOT))
                .append("\" data-line=\"").append(escape(line.lineId())).append("\" data-state=\"")
                .append(line.state()).append("\"><strong>").append(what).append("</strong> on line ")
                .append(escape(line.lineId()));
        if (line.reason() != null) {
            h.append(": ").append(escape(line.reason()));
        }
        if (line.since() != null) {
            h.append(" <span class=\"muted\">(since ").append(escape(Html.time(line.since())));
            if (line.nextAttempt() != null) {
                h.append("; next attempt ").append(escape(Html.time(line.nextAttempt())));
            }
            h.append(")</span>");
        }
        h.append(line.state() == AnchoringState.UNKNOWN
                ? ". Records not yet anchored may stay so until anchoring runs."
                : ". Records not yet anchored are not anchored until this is resolved.").append("</p>\n");
    }

    private void records(StringBuilder h, BatchCertificate c) {
        h.append("<section>\n<h2>Records</h2>\n<table class=\"records\">\n<thead><tr><th>Line</th><th>Seq</th>")
                .append("<th>Type</th><th>Recorded</th><th>Digest</th><th>Anchored</th><th class=\"noprint\">Proof</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (RecordRow r : c.records()) {
            h.append("<tr><td>").append(escape(r.lineId())).append("</td><td class=\"num\">").append(r.seq())
                    .append("</td><td>").append(escape(r.type())).append("</td><td>")
                    .append(escape(Html.time(r.recordedAt()))).append("</td><td class=\"hex\">")
                    .append(hexAbbr(r.digest().hex())).append("</td><td>");
            if (r.anchored()) {
                h.append("block ").append(r.anchor().blockNumber()).append(", tx <span class=\"hex\">")
                        .append(hexAbbr(r.anchor().txHash())).append("</span>");
            } else {
                h.append("<span class=\"muted\">pending</span>");
            }
            h.append("</td><td class=\"noprint\">");
            if (r.anchored()) {
                h.append("<a href=\"").append(escape(proofPath(r))).append("\" download>proof</a>");
            } else {
                h.append("<span class=\"muted\">not yet</span>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    String proofPath(RecordRow r) {
        return basePath + "/proof/" + pathSegment(r.lineId()) + "/" + r.seq();
    }

    private static String hexAbbr(String hex) {
        return "<abbr title=\"" + escape(hex) + "\">" + escape(Html.shortHex(hex)) + "</abbr>";
    }
}
