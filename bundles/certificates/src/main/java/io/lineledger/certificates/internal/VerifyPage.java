package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;

import io.lineledger.verifier.Finding;
import io.lineledger.verifier.Verification;
import java.util.Locale;

/**
 * The auditor's verify page: a proof file dropped on (or chosen in) the form is checked by the same engine as the
 * CLI, and each check is shown with PASS, FAIL or NOT CHECKED. No script: the file input takes a dropped file.
 * {@code <body data-outcome>} carries VALID, INVALID, UNCHECKABLE or UNPINNED once a file was checked.
 */
final class VerifyPage {

    private final String title;
    private final String base;

    VerifyPage(String title, String base) {
        this.title = title;
        this.base = base;
    }

    /**
     * @param check    what the checks run against
     * @param fileName the file checked, null before one was sent
     * @param result   its result, null before one was sent
     */
    String render(Viewer viewer, ProofCheck check, String fileName, Verification result) {
        StringBuilder h = new StringBuilder(8_192);
        Pages.head(h, "Verify a proof file \u2014 " + title);
        h.append("<body data-page=\"verify\"");
        if (result != null) {
            h.append(" data-outcome=\"").append(result.outcome().name()).append("\"");
        }
        h.append(">\n").append(viewer.bar(base)).append("<header><p class=\"site\">").append(escape(title))
                .append("</p><h1>Verify a proof file</h1>\n<nav><a href=\"").append(escape(base))
                .append("/batches\">All batches</a></nav></header>\n");
        if (result != null) {
            result(h, fileName, result);
        }
        h.append("<section class=\"group\">\n<h2>").append(result == null ? "Check a proof file" : "Check another")
                .append("</h2>\n<p>A proof file (<span class=\"id\">lineledger-proof</span>, range or batch proof) is")
                .append(" checked by the same engine as the verifier CLI: the record digests and Merkle proofs, then")
                .append(" the anchoring transaction on the chain.</p>\n<dl>")
                .append("<dt>Chain node</dt><dd>").append(escape(check.nodeText())).append("</dd>")
                .append("<dt>Pinned to</dt><dd>").append(escape(check.pinText())).append("</dd>")
                .append("<dt>Size limit</dt><dd>").append(check.maxBytes()).append(" bytes</dd></dl>\n")
                .append("<form class=\"verify\" method=\"post\" action=\"").append(escape(base))
                .append("/verify\" enctype=\"multipart/form-data\">").append(viewer.formTokenField())
                .append("\n<label class=\"drop\">Drop the proof file here, or choose it: <input type=\"file\"")
                .append(" name=\"proof\" accept=\".json,application/json\" required></label>\n")
                .append("<button type=\"submit\">Check</button>\n</form>\n</section>\n")
                .append("<footer><p>The same check runs without this server: <span class=\"id\">java -jar")
                .append(" lineledger-verifier-cli.jar verify PROOF.json --rpc NODE --network network.json</span>")
                .append("</p></footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void result(StringBuilder h, String fileName, Verification result) {
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        h.append("<section class=\"group result\" data-group=\"result\">\n<h2>Result for <span class=\"id\">")
                .append(escape(fileName)).append("</span></h2>\n")
                .append("<div class=\"verdict ").append(switch (result.outcome()) {
                    case VALID -> "pass";
                    case INVALID -> "fail";
                    default -> "incomplete";
                }).append("\" data-outcome=\"").append(outcome).append("\"><span class=\"label\">Verdict</span>")
                .append("<span class=\"value\">").append(escape(result.outcome().label())).append("</span></div>\n")
                .append("<p>").append(escape(meaning(result.outcome()))).append("</p>\n")
                .append("<table class=\"checks\">\n<thead><tr><th>Check</th><th>Result</th><th>Detail</th></tr>")
                .append("</thead>\n<tbody>\n");
        for (Finding f : result.findings()) {
            String status = f.status() == Finding.Status.NOT_CHECKED ? "NOT CHECKED" : f.status().name();
            h.append("<tr class=\"").append(switch (f.status()) {
                case PASS -> "pass";
                case FAIL -> "fail";
                default -> "not-checked";
            }).append("\" data-check=\"").append(escape(f.check())).append("\" data-result=\"")
                    .append(f.status().name()).append("\"><td class=\"id\">").append(escape(f.check()))
                    .append("</td><td class=\"result\">").append(status).append("</td><td>").append(escape(f.detail()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        if (!result.notes().isEmpty()) {
            h.append("<ul class=\"notes\">\n");
            result.notes().forEach(n -> h.append("<li>").append(escape(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<p class=\"muted\">Pin: ").append(escape(result.pin().detail())).append("</p>\n</section>\n");
    }

    static String meaning(Verification.Outcome outcome) {
        return switch (outcome) {
            case VALID -> "Every check passed against the pinned network: the record is the one anchored on chain.";
            case INVALID -> "A check failed: this file does not prove what it claims.";
            case UNCHECKABLE -> "Some checks could not run (file unreadable or too large, node unreachable or"
                    + " behind): no verdict either way.";
            case UNPINNED -> "Every check passed, but nothing pinned the registry: a look-alike registry passes them"
                    + " too. Configure the plant's network descriptor.";
        };
    }
}
