package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;
import static io.lineledger.certificates.internal.Html.pathSegment;

import io.lineledger.store.BatchSummary;
import java.util.List;

/** The list of recent batches, each linking to its certificate. */
final class BatchListPage {

    private final String title;
    private final String basePath;

    BatchListPage(String title, String basePath) {
        this.title = title;
        this.basePath = basePath;
    }

    String render(List<BatchSummary> batches) {
        StringBuilder h = new StringBuilder(8_192);
        Pages.head(h, "Batches \u2014 " + title);
        h.append("<body>\n<header><p class=\"site\">").append(escape(title)).append("</p><h1>Recent batches</h1>")
                .append("<nav><a href=\"").append(escape(basePath)).append("/status\">Status</a> \u00b7 ")
                .append("<a href=\"").append(escape(basePath)).append("/api/batches\">JSON</a></nav></header>\n");
        if (batches.isEmpty()) {
            h.append("<p class=\"muted\">No batches recorded yet.</p>\n");
        } else {
            h.append("<table class=\"batches\">\n<thead><tr><th>Batch</th><th>Line</th><th>First record</th>")
                    .append("<th>Last record</th><th class=\"num\">Records</th><th class=\"num\">Anchored</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (BatchSummary b : batches) {
                h.append("<tr><td><a class=\"id\" href=\"").append(escape(batchPath(b.batchId()))).append("\">")
                        .append(escape(b.batchId())).append("</a></td><td>").append(escape(b.lineId()))
                        .append("</td><td>").append(escape(Html.time(b.firstRecordedAt()))).append("</td><td>")
                        .append(escape(Html.time(b.lastRecordedAt()))).append("</td><td class=\"num\">")
                        .append(b.records()).append("</td><td class=\"num\">").append(b.anchored()).append(" of ")
                        .append(b.records()).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    String batchPath(String batchId) {
        return basePath + "/batches/" + pathSegment(batchId);
    }
}
