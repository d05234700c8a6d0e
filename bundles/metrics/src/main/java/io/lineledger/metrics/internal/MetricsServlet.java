package io.lineledger.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.lineledger.status.Snapshot;
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

/** Prometheus' scrape target on the HTTP whiteboard (javax.servlet, pax-web): {@code /lineledger/metrics}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("lineledger-metrics")
@HttpWhiteboardServletPattern("/lineledger/metrics")
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient StatusService status;
    private final transient LineMetrics metrics = new LineMetrics();

    @Activate
    public MetricsServlet(@Reference StatusService status) {
        this.status = status;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try {
            Snapshot snapshot = status.snapshot();
            body = metrics.scrape(snapshot, Health.of(snapshot)).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOG.error("GET /lineledger/metrics failed", e);
            response.sendError(500, "metrics failed: see the Karaf log");
            return;
        }
        response.setStatus(200);
        response.setContentType(LineMetrics.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
