package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.escape;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who a page is rendered for: which links and forms it shows (a supervisor gets the release form, an auditor the proof
 * links), and the session's form token that its forms carry. What a page shows is not what guards it: every request
 * is checked again when it arrives.
 *
 * @param user        the signed-in user; null when nobody is (pages rendered in tests)
 * @param roles       the user's roles in words
 * @param permissions what the user may do
 * @param formToken   the session's token for forms; null without a session (HTTP Basic)
 */
record Viewer(String user, String roles, Set<Permission> permissions, String formToken) {

    /** Everything shown, no user bar: the content pages as tests and the JSON see them. */
    static final Viewer EVERYTHING = new Viewer(null, "", EnumSet.allOf(Permission.class), null);

    Viewer {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    static Viewer of(Gatekeeper.Visitor visitor) {
        if (visitor == null) {
            return EVERYTHING;
        }
        Account account = visitor.account();
        EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (Permission p : Permission.values()) {
            if (account.may(p)) {
                permissions.add(p);
            }
        }
        return new Viewer(account.user(), account.rolesText(), permissions,
                visitor.viaSession() ? visitor.session().formToken() : null);
    }

    boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    /** The hidden field that a form of this session sends back; "" without a session. */
    String formTokenField() {
        return formToken == null ? "" : "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(formToken) + "\">";
    }

    /**
     * The bar above a page: who is signed in, with a sign-out button (a form: sign-out changes state); nothing when
     * the page is rendered for nobody in particular.
     */
    String bar(String base) {
        if (user == null) {
            return "";
        }
        StringBuilder h = new StringBuilder("<div class=\"user noprint\" data-user=\"").append(escape(user))
                .append("\">Signed in as <strong>").append(escape(user)).append("</strong> (")
                .append(escape(roles)).append(")");
        if (may(Permission.VERIFY)) {
            h.append(" \u00b7 <a href=\"").append(escape(base)).append("/verify\">Verify a proof file</a>");
        }
        if (formToken != null) {
            h.append(" <form class=\"inline\" method=\"post\" action=\"").append(escape(base)).append("/logout\">")
                    .append(formTokenField()).append("<button type=\"submit\">Sign out</button></form>");
        }
        return h.append("</div>\n").toString();
    }
}
