package io.lineledger.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.lineledger.status.StatusService;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness check for load balancers and orchestrators: {@code /lineledger/health} answers 200 with
 * {@code "status": "UP"}, or 503 with {@code "status": "DOWN"} and the reasons (see {@link Health}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("lineledger-health")
@HttpWhiteboardServletPattern("/lineledger/health")
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient StatusService status;

    @Activate
    public HealthServlet(@Reference StatusService status) {
        this.status = status;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Health health;
        try {
            health = Health.of(status.snapshot());
        } catch (RuntimeException e) {
            LOG.error("GET /lineledger/health failed", e);
            response.sendError(503, "health check failed: see the Karaf log");
            return;
        }
        byte[] body = HealthJson.render(health).getBytes(StandardCharsets.UTF_8);
        response.setStatus(health.up() ? 200 : 503);
        response.setContentType("application/json; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
