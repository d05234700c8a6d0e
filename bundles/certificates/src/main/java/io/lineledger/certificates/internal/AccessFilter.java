package io.lineledger.certificates.internal;

import java.io.IOException;
import java.security.Principal;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every servlet under {@code /lineledger} in the default context, also those of other bundles (the metrics
 * scrape target): no answer without a signed-in account, except the sign-in form and the health check. The admitted
 * visitor goes on as a request attribute (the certificates servlet does not check the same credentials twice) and as
 * the request's remote user and roles. The certificates servlet checks every request itself as well, so its pages
 * stay guarded while this filter is not registered.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("lineledger-access")
@HttpWhiteboardFilterPattern("/lineledger/*")
public final class AccessFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);

    private final Gatekeeper gate;

    @Activate
    public AccessFilter(@Reference WebAccess access) {
        this.gate = access.gate();
    }

    // Servlet 3.1 declares these abstract (4.0 gives them defaults)
    @Override
    public void init(javax.servlet.FilterConfig config) {
    }

    @Override
    public void destroy() {
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        Gatekeeper.Admission admission;
        try {
            admission = gate.admit(ServletExchange.of(request, false, 0));
        } catch (ServletExchange.TooLargeException | RuntimeException e) {
            LOG.error("Checking access to {} failed", request.getRequestURI(), e);
            ServletExchange.write(WebResponse.of(500, WebResponse.TEXT, "internal error: see the Karaf log\n"),
                    response);
            return;
        }
        if (admission instanceof Gatekeeper.Refused refused) {
            ServletExchange.write(refused.response(), response);
            return;
        }
        Gatekeeper.Visitor visitor = ((Gatekeeper.Admitted) admission).visitor();
        if (visitor == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(ServletExchange.VISITOR, visitor);
        chain.doFilter(new SignedIn(request, visitor.account()), response);
    }

    /** The request as the servlet behind sees it: its user and roles are the account's. */
    private static final class SignedIn extends HttpServletRequestWrapper {

        private final Account account;

        SignedIn(HttpServletRequest request, Account account) {
            super(request);
            this.account = account;
        }

        @Override
        public String getRemoteUser() {
            return account.user();
        }

        @Override
        public Principal getUserPrincipal() {
            return account::user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return account.roles().stream().anyMatch(r -> r.id().equals(role));
        }

        @Override
        public String getAuthType() {
            return BASIC_AUTH;
        }
    }
}
