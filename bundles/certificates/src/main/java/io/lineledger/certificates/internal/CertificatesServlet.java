package io.lineledger.certificates.internal;

import io.lineledger.store.RecordStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the certificate pages, their JSON and the proof files on the HTTP whiteboard (javax.servlet, pax-web). */
@Component(service = Servlet.class, configurationPid = CertificatesServlet.PID)
@Designate(ocd = CertificatesConfig.class)
@HttpWhiteboardServletName("lineledger-certificates")
@HttpWhiteboardServletPattern({
    "/lineledger/batches", "/lineledger/batches/*", "/lineledger/api/batches", "/lineledger/api/batches/*",
    "/lineledger/proof/*", "/lineledger/status", "/lineledger/api/status"
})
public final class CertificatesServlet extends HttpServlet {

    static final String PID = "io.lineledger.certificates";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CertificatesServlet.class);

    private final transient CertificateSite site;

    // anchoring, rules and OPC UA sources are optional features: their feeds come and go at run time
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final transient List<StatusFeed> feeds = new CopyOnWriteArrayList<>();

    @Activate
    public CertificatesServlet(@Reference RecordStore store, CertificatesConfig config) {
        String title = config.title() == null ? "" : config.title().strip();
        if (title.isEmpty()) {
            throw new IllegalArgumentException(PID + ": 'title' must not be blank, got '" + config.title() + "'");
        }
        int recent = config.recentBatches();
        if (recent < 1 || recent > 1000) {
            throw new IllegalArgumentException(PID + ": 'recentBatches' must be 1..1000, got " + recent);
        }
        this.site = new CertificateSite(store, title, recent, () -> List.copyOf(feeds));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // the raw URI, not getPathInfo(): ids are decoded segment by segment, so an encoded '/' stays in its id
        String contextPath = request.getContextPath() == null ? "" : request.getContextPath();
        String uri = request.getRequestURI();
        String rawPath = uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
        WebResponse answer;
        try {
            // the QR code of a PDF links back absolutely: to the scheme, host and port this request came to
            String url = request.getRequestURL().toString();
            String origin = url.endsWith(uri) ? url.substring(0, url.length() - uri.length()) : "";
            answer = site.handle(contextPath, rawPath, request.getQueryString(), origin);
        } catch (RuntimeException e) {
            LOG.error("GET {} failed", uri, e);
            answer = WebResponse.of(500, WebResponse.TEXT, "internal error: see the Karaf log\n");
        }
        byte[] body = answer.content();
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
