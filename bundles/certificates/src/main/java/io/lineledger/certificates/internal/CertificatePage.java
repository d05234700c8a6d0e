package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;
import static io.lineledger.certificates.internal.Html.pathSegment;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.AlarmRow;
import io.lineledger.certificates.BatchCertificate.AnchoringState;
import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import io.lineledger.certificates.BatchCertificate.GapRow;
import io.lineledger.certificates.BatchCertificate.LineAnchoring;
import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.ChainEvidence;
import io.lineledger.certificates.SampleStatistics;
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

    /** How often a page that is still changing reloads itself. */
    static final int REFRESH_SECONDS = 5;

    private final String title;
    private final String basePath;
    private final Viewer viewer;

    /**
     * @param title    shown above the certificate (e.g. the plant's name)
     * @param basePath path prefix of the pages, e.g. {@code /lineledger}, for the links the page makes
     */
    CertificatePage(String title, String basePath) {
        this(title, basePath, Viewer.EVERYTHING);
    }

    /** @param viewer who the page is for: which links and forms it offers */
    CertificatePage(String title, String basePath, Viewer viewer) {
        this.title = title;
        this.basePath = basePath;
        this.viewer = viewer;
    }

    String render(BatchCertificate c) {
        StringBuilder h = new StringBuilder(16_384);
        String verdictClass = verdictClass(c.verdictText());
        // live while it can still change by itself: running, or completed with the rest of its records on the way
        boolean changing = !c.completed() || "pending".equals(c.sealText()) || "checking".equals(c.sealText());
        Pages.head(h, "Batch " + c.batchId() + " \u2014 " + title, changing ? REFRESH_SECONDS : 0);
        h.append("<body data-anchored=\"").append(c.anchoredOnChain())
                .append("\" data-completed=\"").append(c.completed())
                .append("\" data-verdict=\"").append(escape(c.verdictText()))
                .append("\" data-unobserved=\"").append(c.unobservedParts())
                .append("\" data-reasons=\"").append(c.verdictReasons().size())
                .append("\" data-gaps=\"").append(c.gaps().size())
                .append("\" data-anchoring-state=\"").append(c.anchoringState())
                .append("\" data-seal=\"").append(escape(c.sealText()))
                .append("\" data-chain=\"").append(c.chain().state())
                .append("\" data-certificate=\"").append(escape(c.certificateNumber()))
                .append("\" data-characteristics=\"").append(c.characteristics().size())
                .append("\" data-alarms=\"").append(c.alarms().size())
                .append("\" data-release=\"").append(c.releaseState()).append("\">\n");
        h.append("<!-- lineledger:anchored=").append(c.anchoredOnChain()).append(" -->\n");
        h.append(viewer.bar(basePath));
        h.append("<header><p class=\"site\">").append(escape(title)).append("</p>")
                .append("<h1>Batch certificate</h1>")
                .append("<p class=\"standard\">").append(escape(CertificateText.DOCUMENT_TYPE)).append("</p>")
                .append("<nav><a href=\"").append(escape(basePath)).append("/batches\">All batches</a> \u00b7 ")
                .append("<a href=\"").append(escape(basePath)).append("/api/batches/")
                .append(escape(pathSegment(c.batchId()))).append("\">JSON</a> \u00b7 ")
                .append("<a href=\"").append(escape(basePath)).append("/batches/")
                .append(escape(pathSegment(c.batchId()))).append(".pdf\">PDF</a> \u00b7 ")
                .append("<a href=\"").append(escape(basePath)).append("/batches/")
                .append(escape(pathSegment(c.batchId()))).append("/audit\">Audit trail</a>");
        if (viewer.may(Permission.RELEASE) && c.completed()) {
            h.append(" \u00b7 <a class=\"release-link\" href=\"").append(escape(basePath)).append("/batches/")
                    .append(escape(pathSegment(c.batchId()))).append("/release\">Release or reject\u2026</a>");
        }
        h.append("</nav></header>\n");

        h.append("<section class=\"group\" data-group=\"A\">\n<h2>A \u2014 Commercial transaction</h2>\n<dl>");
        for (CertificateText.Field f : CertificateText.groupA(c, title)) {
            row(h, f.label(), f.missing() ? "<span class=\"muted\">" + escape(f.value()) + "</span>"
                    : escape(f.value()));
        }
        h.append("</dl>\n</section>\n");

        h.append("<section class=\"group\" data-group=\"B\">\n<h2>B \u2014 Product and batch</h2>\n<dl>");
        row(h, "Batch", "<span class=\"id\">" + escape(c.batchId()) + "</span>");
        row(h, c.lineIds().size() == 1 ? "Line" : "Lines", escape(String.join(", ", c.lineIds())));
        row(h, "Product", c.product() == null ? "<span class=\"muted\">not stated</span>" : escape(c.product()));
        if (c.recipe() != null) {
            row(h, "Recipe", escape(c.recipe()));
        }
        row(h, "Started", escape(Html.time(c.startedAt())));
        row(h, "Completed", c.completed() ? escape(Html.time(c.completedAt()))
                + (c.interrupted() ? " <strong>(interrupted)</strong>" : "")
                : "<span class=\"muted\">" + escape(BatchCertificate.IN_PROGRESS) + "</span>");
        if (c.parts() != null) {
            row(h, "Parts", escape(CertificateText.parts(c)));
        }
        if (!c.plcCounts().isEmpty()) {
            row(h, "PLC counters", escape(CertificateText.plcCounts(c)));
        }
        h.append("</dl>\n</section>\n");

        h.append("<section class=\"group\" data-group=\"C\">\n<h2>C \u2014 Inspection results</h2>\n");
        characteristics(h, c);
        alarms(h, c);
        gaps(h, c);
        quality(h, c);
        h.append("</section>\n");

        h.append("<section class=\"group\" data-group=\"Z\">\n<h2>Z \u2014 Validation</h2>\n");
        h.append("<div class=\"verdict ").append(verdictClass).append("\"><span class=\"label\">Quality verdict</span>")
                .append("<span class=\"value\">").append(escape(c.verdictText())).append("</span></div>\n");
        reasons(h, c);
        chainMismatch(h, c);
        h.append("<dl class=\"seal\">");
        for (CertificateText.Field f : CertificateText.seal(c)) {
            row(h, f.label(), f.missing() ? "<span class=\"muted\">" + escape(f.value()) + "</span>"
                    : "<span class=\"hex\">" + escape(f.value()) + "</span>");
        }
        h.append("</dl>\n");
        anchoring(h, c);
        ReleasePage.decisions(h, c);
        h.append("</section>\n");

        batchProof(h, c);
        records(h, c);

        h.append("<footer><p>").append(escape(CertificateText.statement(c))).append("</p><p>Each record's digest is ")
                .append("keccak256(salt \u2016 canonical JSON of the record). ")
                .append("A proof file holds the record, its salt, its Merkle proof and the anchoring transaction: ")
                .append("anyone can check it against a node of the chain with the LineLedger verifier, without ")
                .append("trusting this server.</p></footer>\n</body>\n</html>\n");
        return h.toString();
    }

    static String verdictClass(String verdictText) {
        if (Verdict.PASS.name().equals(verdictText)) {
            return "pass";
        }
        if (Verdict.FAIL.name().equals(verdictText)) {
            return "fail";
        }
        return BatchCertificate.IN_PROGRESS.equals(verdictText) ? "running" : "incomplete";
    }

    private static void characteristics(StringBuilder h, BatchCertificate c) {
        h.append("<h3>Characteristics</h3>\n");
        if (c.characteristics().isEmpty()) {
            h.append("<p class=\"muted\">No characteristic was measured.</p>\n");
            return;
        }
        h.append("<table class=\"characteristics\">\n<thead><tr><th>Characteristic</th><th>Unit</th>")
                .append("<th class=\"num\">Nominal</th><th class=\"num\">LSL</th><th class=\"num\">USL</th>")
                .append("<th class=\"num\">n</th><th class=\"num\">Min</th><th class=\"num\">Max</th>")
                .append("<th class=\"num\">Mean</th><th class=\"num\">Std dev</th><th class=\"num\">Cp</th>")
                .append("<th class=\"num\">Cpk</th><th>Verdict</th><th>Values against limits</th></tr></thead>\n<tbody>\n");
        for (CharacteristicRow ch : c.characteristics()) {
            SampleStatistics st = ch.statistics();
            int decimals = Figures.decimals(ch);
            h.append("<tr class=\"characteristic ").append(verdictClass(ch.verdict()))
                    .append("\" data-characteristic=\"").append(escape(ch.name()))
                    .append("\" data-verdict=\"").append(escape(ch.verdict()))
                    .append("\" data-n=\"").append(st.n())
                    .append("\" data-statistics=\"").append(ch.recorded() ? "recorded" : "computed").append("\">")
                    .append("<td><strong>").append(escape(ch.name())).append("</strong>")
                    .append(ch.station() == null ? "" : "<br><span class=\"muted\">" + escape(ch.station()) + "</span>")
                    .append("</td><td>").append(escape(ch.unit()))
                    .append("</td>");
            num(h, Figures.value(ch.nominal()));
            num(h, Figures.value(ch.lsl()));
            num(h, Figures.value(ch.usl()));
            num(h, Long.toString(st.n()));
            num(h, Figures.value(st.min()));
            num(h, Figures.value(st.max()));
            num(h, Figures.statistic(st.mean(), decimals));
            num(h, Figures.statistic(st.stdDev(), decimals));
            num(h, Figures.index(st.cp()));
            num(h, Figures.index(st.cpk()));
            h.append("<td class=\"result\">").append(escape(ch.verdict()));
            for (String note : ch.notes()) {
                h.append("<br><span class=\"note\">").append(escape(note)).append("</span>");
            }
            if (!ch.recorded() && st.n() > 0) {
                h.append("<br><span class=\"muted\">statistics computed from the quality records</span>");
            }
            h.append("</td><td>").append(ValueChart.of(ch, 240, 48).svg(ch.name() + ": " + st.n()
                    + " values against the spec limits")).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void num(StringBuilder h, String figure) {
        h.append("<td class=\"num\">").append(escape(figure)).append("</td>");
    }

    private static void alarms(StringBuilder h, BatchCertificate c) {
        h.append("<h3>Alarms</h3>\n");
        if (c.alarms().isEmpty()) {
            h.append("<p class=\"alarms none\">No alarm record during this batch.</p>\n");
            return;
        }
        h.append("<table class=\"alarms\">\n<thead><tr><th>Time</th><th>Alarm</th><th>State</th><th>Value</th>")
                .append("<th>Tag</th><th>Record</th></tr></thead>\n<tbody>\n");
        for (AlarmRow a : c.alarms()) {
            h.append("<tr class=\"alarm-record").append(a.raised() ? " raised" : "").append("\" data-alarm=\"")
                    .append(escape(a.alarm())).append("\" data-state=\"").append(escape(a.state())).append("\"><td>")
                    .append(escape(Html.time(a.time()))).append("</td><td>").append(escape(a.alarm()))
                    .append("</td><td>").append(escape(a.state())).append("</td><td>").append(escape(a.value()))
                    .append("</td><td>").append(escape(a.tag())).append("</td><td>").append(escape(a.lineId()))
                    .append(" #").append(a.seq()).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
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
        h.append("<h3>Observation gaps</h3>\n");
        if (c.gaps().isEmpty()) {
            h.append("<p class=\"gaps none\">No gap record touches this batch: the line was observed ")
                    .append(c.completed() ? "throughout." : "throughout so far.").append("</p>\n");
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
        h.append("</tbody>\n</table>\n");
    }

    private static void row(StringBuilder h, String term, String html) {
        h.append("<dt>").append(escape(term)).append("</dt><dd>").append(html).append("</dd>");
    }

    private static void quality(StringBuilder h, BatchCertificate c) {
        long failed = c.quality().stream().filter(q -> !q.passed()).count();
        h.append("<h3>Quality records</h3>\n<p>").append(c.quality().size()).append(" measurement")
                .append(c.quality().size() == 1 ? "" : "s").append(", ").append(failed).append(" not passed.</p>\n");
        if (c.quality().isEmpty()) {
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
        h.append("</tbody>\n</table>\n");
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

    /** A batch whose records or seal disagree with the chain: in red, before anything else of group Z. */
    private static void chainMismatch(StringBuilder h, BatchCertificate c) {
        ChainEvidence e = c.chain();
        if (!e.mismatch()) {
            return;
        }
        h.append("<div class=\"chain-mismatch alarm\" role=\"alert\" data-record=\"").append(escape(e.recordText()))
                .append("\"><strong>Does not match the chain.</strong> ").append(escape(e.detail()));
        if (e.lineId() != null) {
            h.append(" <span class=\"record\">Record: ").append(escape(e.recordText())).append("</span>");
        }
        h.append(" Do not rely on this certificate: the stored records were changed after they were anchored, or"
                + " the anchors the store names are not on chain.</div>\n");
    }

    private static void anchoring(StringBuilder h, BatchCertificate c) {
        h.append("<h3>Anchoring of the records</h3>\n<p class=\"anchoring\">Anchored <strong>").append(c.anchoredCount())
                .append(" of ").append(c.records().size()).append("</strong> records");
        AnchoringState state = c.anchoringState();
        if (c.anchoredOnChain()) {
            h.append(": every record of this batch is anchored on chain, and the chain confirms the records as"
                    + " stored.");
        } else if (c.fullyAnchored()) {
            h.append(c.chain().mismatch() ? ", the store says, but the chain does not confirm them (above)."
                    : ", the store says; not yet confirmed by the chain (" + c.sealText() + ").");
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
        // proof files hold the records' salts: only those who may download them see the links
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
            if (r.anchored() && !viewer.may(Permission.PROOFS)) {
                h.append("<span class=\"muted\">auditors</span>");
            } else if (r.anchored()) {
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

    /** The batch proof download (every record of the batch's range, none missing, and its seal), once anchored. */
    private void batchProof(StringBuilder h, BatchCertificate c) {
        if (!c.fullyAnchored() || c.chain().mismatch()) {
            return;
        }
        h.append("<p class=\"noprint batch-proof\">");
        if (viewer.may(Permission.PROOFS)) {
            h.append("<a href=\"").append(escape(basePath)).append("/proof/batches/")
                    .append(escape(pathSegment(c.batchId()))).append("/batch-proof\" download>Batch proof</a>");
        } else {
            h.append("Batch proof (for auditors)");
        }
        h.append(": every record of the batch from its start to its completion, none missing, and its seal on chain,"
                + " in one file for the LineLedger verifier</p>\n");
    }

    private static String hexAbbr(String hex) {
        return "<abbr title=\"" + escape(hex) + "\">" + escape(Html.shortHex(hex)) + "</abbr>";
    }
}
