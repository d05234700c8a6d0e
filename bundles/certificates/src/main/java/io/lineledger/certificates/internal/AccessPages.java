package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;

import java.util.Map;

/** The sign-in form, sign-out and the refusals (401, 403, 429, 503) as pages. */
final class AccessPages {

    /** The pages need nothing from anywhere; their forms post to this server only. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                    + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-store");

    private final String title;
    private final String base;

    /**
     * @param title the plant, shown above the pages
     * @param base  the pages' path prefix ({@code /lineledger} in the default context)
     */
    AccessPages(String title, String base) {
        this.title = title;
        this.base = base;
    }

    /** For answers given before the request reaches the certificate pages (no plant title known there). */
    static AccessPages neutral(WebRequest request) {
        return new AccessPages("LineLedger", request.contextPath() + CertificateSite.ROOT);
    }

    /**
     * The sign-in form.
     *
     * @param next    where to go after signing in (a path of these pages)
     * @param problem why the form is shown again (a refused password), or null
     * @param user    the user name to fill in again, or null
     */
    String signIn(String next, String problem, String user) {
        StringBuilder h = new StringBuilder();
        Pages.head(h, "Sign in \u2014 " + title);
        h.append("<body data-page=\"sign-in\"").append(problem == null ? "" : " data-problem=\"true\"").append(">\n")
                .append("<header><p class=\"site\">").append(escape(title)).append("</p><h1>Sign in</h1></header>\n");
        if (problem != null) {
            h.append("<p class=\"problem\" role=\"alert\">").append(escape(problem)).append("</p>\n");
        }
        h.append("<form class=\"sign-in\" method=\"post\" action=\"").append(escape(base)).append("/login\">\n")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(escape(next)).append("\">\n")
                .append("<label>User name <input name=\"user\" autocomplete=\"username\" required autofocus value=\"")
                .append(escape(user)).append("\"></label>\n")
                .append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"")
                .append(" required></label>\n<button type=\"submit\">Sign in</button>\n</form>\n")
                .append("<p class=\"muted\">Accounts and roles (supervisor, auditor, integrator) are those of the")
                .append(" server's login realm; ask the integrator for one.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    /** A page that only says something: a refusal, or that sign-out worked. */
    String message(String heading, String message, int status) {
        StringBuilder h = new StringBuilder();
        Pages.head(h, heading + " \u2014 " + title);
        h.append("<body data-status=\"").append(status).append("\">\n<header><p class=\"site\">").append(escape(title))
                .append("</p><h1>").append(escape(heading)).append("</h1></header>\n<p class=\"problem\">")
                .append(escape(message)).append("</p>\n<p><a href=\"").append(escape(base))
                .append("/batches\">All batches</a> \u00b7 <a href=\"").append(escape(base))
                .append("/login\">Sign in</a></p>\n</body>\n</html>\n");
        return h.toString();
    }

    /** Sign-out asks before it signs out: following a link must not change anything. */
    String signOut(Viewer viewer) {
        StringBuilder h = new StringBuilder();
        Pages.head(h, "Sign out \u2014 " + title);
        h.append("<body data-page=\"sign-out\">\n<header><p class=\"site\">").append(escape(title))
                .append("</p><h1>Sign out</h1></header>\n");
        if (viewer.formToken() == null) {
            h.append("<p>Signed in with HTTP Basic credentials: there is no session to end.</p>\n");
        } else {
            h.append("<form method=\"post\" action=\"").append(escape(base)).append("/logout\">")
                    .append(viewer.formTokenField()).append("<button type=\"submit\">Sign out ")
                    .append(escape(viewer.user())).append("</button></form>\n");
        }
        return h.append("</body>\n</html>\n").toString();
    }
}
