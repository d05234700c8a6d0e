package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;
import static io.lineledger.certificates.internal.Html.pathSegment;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.store.BatchSummary;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The list of batches, latest started first, each linking to its certificate: product, verdict, seal, line and
 * dates, with filters (line, product, verdict, anchor state, start dates), the number of matching batches and pages.
 * Filters are a plain GET form: no script. The list is live (it reloads itself, filters and page kept, as the
 * certificate page does) while it can change by itself: a batch on it runs or waits for its seal, or it is the first
 * page of a list open towards today, where new batches appear.
 */
final class BatchListPage {

    /** How often a live list reloads itself: every certificate on the page is built again each time. */
    static final int REFRESH_SECONDS = 2 * CertificatePage.REFRESH_SECONDS;
    /** Seals that change by themselves within seconds. */
    private static final Set<String> SEAL_ON_THE_WAY = Set.of("pending", "checking");

    private final String title;
    private final String basePath;
    private final int defaultSize;

    BatchListPage(String title, String basePath, int defaultSize) {
        this.title = title;
        this.basePath = basePath;
        this.defaultSize = defaultSize;
    }

    String render(BatchList.Page page, List<String> lineIds) {
        return render(page, lineIds, LocalDate.now(ZoneOffset.UTC));
    }

    /** @param today the day in UTC (the list's dates are UTC days): a list whose 'to' is before it gets no new rows */
    String render(BatchList.Page page, List<String> lineIds, LocalDate today) {
        BatchList.Query q = page.query();
        StringBuilder h = new StringBuilder(8_192);
        Live live = live(page, today);
        Pages.head(h, "Batches \u2014 " + title, live.live() ? REFRESH_SECONDS : 0);
        h.append("<body data-rows=\"").append(page.rows().size()).append("\" data-page=\"").append(q.page())
                .append("\" data-more=\"").append(page.more()).append("\" data-total=\"").append(page.total())
                .append("\" data-live=\"").append(live.live()).append("\">\n<header><p class=\"site\">")
                .append(escape(title)).append("</p><h1>Batches</h1>")
                .append("<nav><a href=\"").append(escape(basePath)).append("/status\">Status</a> \u00b7 ")
                .append("<a href=\"").append(escape(basePath)).append("/api/batches")
                .append(escape(q.queryString(q.page(), defaultSize))).append("\">JSON</a></nav></header>\n");
        filters(h, q, lineIds);
        h.append("<p class=\"count\">").append(page.total()).append(page.total() == 1 ? " batch" : " batches")
                .append(q.filtered() ? " match." : ".").append("</p>\n");
        if (live.live()) {
            h.append("<p class=\"live muted noprint\">This list updates itself every ").append(REFRESH_SECONDS)
                    .append(" s: ").append(escape(live.why())).append(".</p>\n");
        }
        if (page.rows().isEmpty()) {
            h.append("<p class=\"muted\">").append(q.filtered() || q.page() > 1 ? "No batch matches."
                    : "No batches recorded yet.").append("</p>\n");
        } else {
            h.append("<table class=\"batches\">\n<thead><tr><th>Batch</th><th>Product</th><th>Verdict</th>")
                    .append("<th>Seal</th><th>Line</th><th>Started</th><th>Completed</th>")
                    .append("<th class=\"num\">Records</th><th class=\"num\">Anchored</th></tr></thead>\n<tbody>\n");
            for (BatchList.Row row : page.rows()) {
                BatchSummary b = row.summary();
                BatchCertificate c = row.certificate();
                String verdict = row.verdict();
                h.append("<tr data-verdict=\"").append(escape(verdict)).append("\"><td><a class=\"id\" href=\"")
                        .append(escape(batchPath(b.batchId()))).append("\">").append(escape(b.batchId()))
                        .append("</a></td><td>").append(escape(row.product())).append("</td><td class=\"verdict-")
                        .append(c == null ? "fail" : CertificatePage.verdictClass(c.verdictText())).append("\">")
                        .append(escape(c == null ? verdict : c.verdictText())).append("</td><td>")
                        .append(escape(c == null ? row.tampered() : c.sealText())).append("</td><td>")
                        .append(escape(b.lineId())).append("</td><td>")
                        .append(escape(Html.time(c == null ? b.firstRecordedAt() : c.startedAt()))).append("</td><td>")
                        .append(c == null || !c.completed() ? "<span class=\"muted\">"
                                + escape(c == null ? "" : BatchCertificate.IN_PROGRESS) + "</span>"
                                : escape(Html.time(c.completedAt())))
                        .append("</td><td class=\"num\">").append(b.records()).append("</td><td class=\"num\">")
                        .append(b.anchored()).append(" of ").append(b.records()).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("<p class=\"pages\">");
        if (q.page() > 1) {
            h.append("<a rel=\"prev\" href=\"").append(escape(basePath)).append("/batches")
                    .append(escape(q.queryString(q.page() - 1, defaultSize))).append("\">\u2190 Newer</a> ");
        }
        h.append("Page ").append(q.page()).append(" of ").append(page.pages());
        if (page.more()) {
            h.append(" <a rel=\"next\" href=\"").append(escape(basePath)).append("/batches")
                    .append(escape(q.queryString(q.page() + 1, defaultSize))).append("\">Older \u2192</a>");
        }
        h.append("</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private void filters(StringBuilder h, BatchList.Query q, List<String> lineIds) {
        h.append("<form class=\"filters noprint\" method=\"get\" action=\"").append(escape(basePath))
                .append("/batches\"><label>Line <select name=\"line\"><option value=\"\">all</option>");
        for (String line : lineIds) {
            h.append("<option").append(line.equals(q.line()) ? " selected" : "").append(">").append(escape(line))
                    .append("</option>");
        }
        h.append("</select></label> <label>Product <input name=\"product\" value=\"").append(escape(q.product()))
                .append("\"></label> <label>Verdict <select name=\"verdict\"><option value=\"\">all</option>");
        for (String verdict : BatchList.VERDICTS) {
            h.append("<option").append(verdict.equals(q.verdict()) ? " selected" : "").append(">").append(verdict)
                    .append("</option>");
        }
        h.append("</select></label> <label>Anchored <select name=\"anchor\"><option value=\"\">all</option>");
        for (String state : BatchList.ANCHOR_STATES) {
            h.append("<option").append(state.equals(q.anchor()) ? " selected" : "").append(">").append(state)
                    .append("</option>");
        }
        // dates are UTC days, as every time on these pages
        h.append("</select></label> <label>Started from <input type=\"date\" name=\"from\" value=\"")
                .append(escape(q.from())).append("\"></label> <label>to <input type=\"date\" name=\"to\" value=\"")
                .append(escape(q.to())).append("\"></label> <button>Show</button></form>\n");
    }

    /**
     * Whether the list can change by itself, and why.
     *
     * @param why null when not live
     */
    record Live(boolean live, String why) { }

    /**
     * Live while a batch on the page runs or waits for its seal (as its certificate page is), and on the first page
     * while the filters let a new batch in (no 'to' day, or not before today).
     */
    static Live live(BatchList.Page page, LocalDate today) {
        BatchList.Query q = page.query();
        if (page.rows().stream().anyMatch(r -> r.certificate() != null && !r.certificate().completed())) {
            return new Live(true, "a batch on it is running");
        }
        // as on the certificate page: records still to be anchored, or anchors still to be compared with the chain
        if (page.rows().stream().anyMatch(r -> r.certificate() != null
                && SEAL_ON_THE_WAY.contains(r.certificate().sealText()))) {
            return new Live(true, "a batch on it waits for its seal");
        }
        if (q.page() == 1 && (q.to() == null || !q.to().isBefore(today))) {
            return new Live(true, "new batches appear at the top");
        }
        return new Live(false, null);
    }

    String batchPath(String batchId) {
        return basePath + "/batches/" + pathSegment(batchId);
    }
}
