package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;
import static io.lineledger.certificates.internal.Html.pathSegment;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.BatchCertificate.ReleaseRow;
import io.lineledger.certificates.ReleaseRecords;
import io.lineledger.certificates.ReleaseRecords.Decision;
import io.lineledger.certificates.ReleaseRecords.Meaning;

/**
 * The release form: a supervisor releases or rejects a completed batch with a meaning and a reason, signing with
 * user name and password (both typed again for every signature, as 21 CFR Part 11 §11.200 asks of the first signing
 * in a session). The form carries the batch's last record as shown ({@code seen}), so a signature never covers
 * records its signer did not see. A signer whose full name the integrator has not listed ({@link SignerNames}) gets no
 * form, but what is missing and who adds it: a signed record shows its signer's full name (Part 11 §11.50).
 */
final class ReleasePage {

    private final String title;
    private final String base;

    ReleasePage(String title, String base) {
        this.title = title;
        this.base = base;
    }

    /** What the form sends back when shown again after a refusal; nulls for an empty form. */
    record Entered(String decision, String meaning, String reason, String user) {
        static final Entered NONE = new Entered(null, null, null, null);
    }

    /** The {@code seen} value of a certificate: its last record, {@code lineId#seq} with the line id encoded. */
    static String seen(BatchCertificate c) {
        RecordRow last = c.records().get(c.records().size() - 1);
        return pathSegment(last.lineId()) + "#" + last.seq();
    }

    /**
     * @param problem why the form is shown again, or null
     * @param signer  who would sign: the signed-in user with their full name, or why they have none
     */
    String render(Viewer viewer, BatchCertificate c, String problem, Entered entered, SignerNames.Signer signer) {
        String certificate = base + "/batches/" + pathSegment(c.batchId());
        StringBuilder h = new StringBuilder(8_192);
        Pages.head(h, "Release batch " + c.batchId() + " \u2014 " + title);
        h.append("<body data-page=\"release\" data-release=\"").append(c.releaseState()).append("\"")
                .append(problem == null ? "" : " data-problem=\"true\"").append(" data-signer=\"")
                .append(signer.named() ? "named" : "missing").append("\">\n").append(viewer.bar(base))
                .append("<header><p class=\"site\">").append(escape(title)).append("</p><h1>Release or reject batch ")
                .append("<span class=\"id\">").append(escape(c.batchId())).append("</span></h1>\n<nav><a href=\"")
                .append(escape(certificate)).append("\">Certificate</a> \u00b7 <a href=\"").append(escape(certificate))
                .append("/audit\">Audit trail</a></nav></header>\n");
        if (problem != null) {
            h.append("<p class=\"problem\" role=\"alert\">").append(escape(problem)).append("</p>\n");
        }
        RecordRow last = c.records().get(c.records().size() - 1);
        h.append("<section class=\"group\">\n<h2>What you sign</h2>\n<dl>")
                .append("<dt>Certificate</dt><dd>").append(escape(c.certificateNumber())).append("</dd>")
                .append("<dt>Quality verdict</dt><dd><strong>").append(escape(c.verdictText())).append("</strong></dd>")
                .append("<dt>Seal</dt><dd>").append(escape(c.sealText())).append(" (").append(c.anchoredCount())
                .append(" of ").append(c.records().size()).append(" records anchored)</dd>")
                .append("<dt>Records</dt><dd>").append(c.records().size()).append(", the last one ")
                .append(escape(last.lineId())).append(" #").append(last.seq()).append(" <span class=\"hex\">")
                .append(escape(last.digest().hex())).append("</span></dd>")
                .append("<dt>Release now</dt><dd>").append(escape(c.releaseText())).append("</dd></dl>\n");
        if (!c.verdictReasons().isEmpty()) {
            h.append("<ul class=\"reasons\">");
            c.verdictReasons().forEach(r -> h.append("<li>").append(escape(r)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("</section>\n");
        decisions(h, c);
        if (ReleaseRecords.refusal(c, Decision.REJECT).isPresent()) {
            h.append("<p class=\"problem\">").append(escape(ReleaseRecords.refusal(c, Decision.REJECT).get()))
                    .append("</p>\n</body>\n</html>\n");
            return h.toString();
        }
        if (!signer.named()) {
            h.append("<section class=\"group\">\n<h2>Electronic signature</h2>\n<p class=\"problem signer-missing\"")
                    .append(" role=\"alert\">You cannot sign: ").append(escape(signer.problem()))
                    .append(". Nothing is recorded until then.</p>\n</section>\n</body>\n</html>\n");
            return h.toString();
        }
        boolean releasable = ReleaseRecords.refusal(c, Decision.RELEASE).isEmpty();
        String decision = entered.decision() != null ? entered.decision() : releasable ? null : Decision.REJECT.id();
        h.append("<section class=\"group\">\n<h2>Electronic signature</h2>\n")
                .append("<form class=\"release\" method=\"post\" action=\"").append(escape(certificate))
                .append("/release\">").append(viewer.formTokenField())
                .append("<input type=\"hidden\" name=\"seen\" value=\"").append(escape(seen(c))).append("\">\n")
                .append("<fieldset><legend>Decision</legend>\n");
        for (Decision d : Decision.values()) {
            boolean allowed = d == Decision.REJECT || releasable;
            h.append("<label><input type=\"radio\" name=\"decision\" value=\"").append(d.id()).append("\" required")
                    .append(d.id().equals(decision) ? " checked" : "").append(allowed ? "" : " disabled").append("> ")
                    .append(d == Decision.RELEASE ? "Release the batch" : "Reject the batch").append("</label>\n");
        }
        if (!releasable) {
            h.append("<p class=\"muted\">").append(escape(ReleaseRecords.refusal(c, Decision.RELEASE).get()))
                    .append("</p>\n");
        }
        h.append("</fieldset>\n<label>Meaning of this signature <select name=\"meaning\" required>")
                .append("<option value=\"\">choose\u2026</option>");
        for (Meaning m : Meaning.values()) {
            h.append("<option value=\"").append(m.id()).append("\"").append(m.id().equals(entered.meaning())
                    ? " selected" : "").append(">").append(escape(m.text())).append("</option>");
        }
        h.append("</select></label>\n<label>Reason <textarea name=\"reason\" rows=\"3\" maxlength=\"")
                .append(ReleaseRecords.MAX_REASON).append("\" required>").append(escape(entered.reason()))
                .append("</textarea></label>\n<p class=\"signer\">You sign as <strong>")
                .append(escape(signer.shown().orElseThrow())).append("</strong>: the record shows this name.")
                .append(" Sign with your user name and password:</p>\n")
                .append("<label>User name <input name=\"user\" autocomplete=\"username\" required value=\"")
                .append(escape(entered.user())).append("\"></label>\n")
                .append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"")
                .append(" required></label>\n<button type=\"submit\">Sign</button>\n</form>\n")
                .append("<p class=\"muted\">Signing records your full name and user name, the time, the decision")
                .append(" with its meaning")
                .append(" and reason, and the batch's last record as shown above, as a record of this batch: it is")
                .append(" anchored on chain like the others and cannot be changed; a later decision is a new")
                .append(" record.</p>\n</section>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The batch's signed decisions so far, newest last: part of the certificate and of the audit trail. */
    static void decisions(StringBuilder h, BatchCertificate c) {
        h.append("<h3 id=\"release\">Release (electronic signatures)</h3>\n<p class=\"release-state ")
                .append(c.releaseState()).append("\" data-release=\"").append(c.releaseState()).append("\">")
                .append(escape(capitalised(c.releaseText()))).append("</p>\n");
        if (c.releases().isEmpty()) {
            return;
        }
        h.append("<table class=\"releases\">\n<thead><tr><th>Signed</th><th>By</th><th>Decision</th><th>Meaning</th>")
                .append("<th>Reason</th><th>Signed over</th><th>Record</th></tr></thead>\n<tbody>\n");
        for (ReleaseRow r : c.releases()) {
            h.append("<tr class=\"release ").append(r.valid() ? "" : "invalid").append("\" data-decision=\"")
                    .append(escape(r.decision())).append("\" data-signed-by=\"").append(escape(r.signedBy()))
                    .append("\" data-signer-name=\"").append(escape(r.signerName())).append("\"><td>")
                    .append(escape(Html.time(r.signedAt()))).append("</td><td>")
                    .append(escape(r.signer())).append("</td><td><strong>").append(escape(r.decisionText()))
                    .append("</strong></td><td>").append(escape(r.meaningText())).append("</td><td>")
                    .append(escape(r.reason())).append("</td><td>verdict ").append(escape(r.verdict())).append(", ")
                    .append(r.signedRecords()).append(" records up to ").append(escape(r.signedLineId())).append(" #")
                    .append(r.signedSeq());
            if (!r.valid()) {
                h.append("<br><span class=\"note state-alarm\">").append(escape(r.problem())).append("</span>");
            }
            h.append("</td><td>").append(escape(r.lineId())).append(" #").append(r.seq()).append(r.anchored()
                    ? ", anchored in block " + r.anchor().blockNumber() : ", not yet anchored").append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
