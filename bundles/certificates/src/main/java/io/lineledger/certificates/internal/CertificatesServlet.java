package io.lineledger.certificates.internal;

import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreBusyException;
import io.lineledger.verifier.ChainReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the certificate pages, their JSON, the proof files, sign-in, release and the verify page on the HTTP
 * whiteboard (javax.servlet, pax-web). Every request passes the {@link Gatekeeper} first.
 */
@Component(service = Servlet.class, configurationPid = CertificatesServlet.PID)
@Designate(ocd = CertificatesConfig.class)
@HttpWhiteboardServletName("lineledger-certificates")
@HttpWhiteboardServletPattern({
    "/lineledger/batches", "/lineledger/batches/*", "/lineledger/api/batches", "/lineledger/api/batches/*",
    "/lineledger/proof/*", "/lineledger/status", "/lineledger/api/status", "/lineledger/login", "/lineledger/logout",
    "/lineledger/verify", "/lineledger/api/verify"
})
// the verify page's proof file: parts above 1 MiB go to a temporary file, and the container refuses any part above
// 64 MiB; the configured verifyMaxBytes (at most that) is enforced before a file is read
@HttpWhiteboardServletMultipart(enabled = true, fileSizeThreshold = 1024 * 1024, maxFileSize = 64L * 1024 * 1024,
        maxRequestSize = 65L * 1024 * 1024)
public final class CertificatesServlet extends HttpServlet {

    static final String PID = "io.lineledger.certificates";
    static final long MAX_VERIFY_BYTES = 64L * 1024 * 1024;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CertificatesServlet.class);

    private final transient WebFront front;
    private final transient BatchChainCheck chainCheck;
    private final long maxUpload;

    // anchoring, rules and OPC UA sources are optional features: their feeds come and go at run time
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final transient List<StatusFeed> feeds = new CopyOnWriteArrayList<>();

    @Activate
    public CertificatesServlet(@Reference(target = RecordStore.PAGE_VIEWS) RecordStore store,
                               @Reference WebAccess access, CertificatesConfig config) {
        this(store, access, config, ChainReader::connect);
    }

    /** @param nodes opens a reader of the chain node at a URL (tests: a chain of their own) */
    CertificatesServlet(RecordStore store, WebAccess access, CertificatesConfig config,
                        Function<String, ChainReader> nodes) {
        String title = config.title() == null ? "" : config.title().strip();
        if (title.isEmpty()) {
            throw new IllegalArgumentException(PID + ": 'title' must not be blank, got '" + config.title() + "'");
        }
        int recent = config.recentBatches();
        if (recent < 1 || recent > 1000) {
            throw new IllegalArgumentException(PID + ": 'recentBatches' must be 1..1000, got " + recent);
        }
        long maxBytes = config.verifyMaxBytes();
        if (maxBytes < 1024 || maxBytes > MAX_VERIFY_BYTES) {
            throw new IllegalArgumentException(PID + ": 'verifyMaxBytes' must be 1024.." + MAX_VERIFY_BYTES
                    + ", got " + maxBytes);
        }
        ProofCheck proofs;
        try {
            proofs = ProofCheck.of(config.verifyRpcUrl(), inEtc(config.verifyNetwork()), config.verifyRegistry(),
                    maxBytes, nodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": verifyRpcUrl '" + config.verifyRpcUrl() + "', verifyRegistry '"
                    + config.verifyRegistry() + "': " + e.getMessage(), e);
        }
        this.maxUpload = maxBytes;
        // Karaf sets karaf.etc; a relative file is read from there
        SignerNames signers;
        try {
            signers = SignerNames.configured("signerNamesFile", config.signerNamesFile(),
                    System.getProperty("karaf.etc"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": " + e.getMessage(), e);
        }
        this.chainCheck = chainCheck(store, config, nodes);
        Gatekeeper gate = access.gate();
        CertificateSite site = new CertificateSite(store, title, recent, () -> List.copyOf(feeds),
                () -> SignInFigures.of(gate), chainCheck);
        this.front = new WebFront(site, gate, store, proofs, signers, Clock.systemUTC());
    }

    /** The comparison of certificates with the chain; null when no node is configured. */
    private BatchChainCheck chainCheck(RecordStore store, CertificatesConfig config,
                                       Function<String, ChainReader> nodes) {
        int recheck = config.chainRecheckMinutes();
        if (recheck < 1 || recheck > 1440) {
            throw new IllegalArgumentException(PID + ": 'chainRecheckMinutes' must be 1..1440, got " + recheck);
        }
        int wait = config.chainCheckWaitMillis();
        if (wait < 0 || wait > 30_000) {
            throw new IllegalArgumentException(PID + ": 'chainCheckWaitMillis' must be 0..30000, got " + wait);
        }
        String url = config.verifyRpcUrl() == null ? "" : config.verifyRpcUrl().strip();
        if (url.isEmpty()) {
            return null;
        }
        String network = inEtc(config.verifyNetwork());
        String registry = config.verifyRegistry() == null || config.verifyRegistry().isBlank() ? null
                : config.verifyRegistry().strip();
        return new BatchChainCheck(store, () -> nodes.apply(url), url,
                BatchChainCheck.Pin.strongest(network == null ? null : Path.of(network), registry,
                        () -> RunStatus.collect(store, List.copyOf(feeds)).registry()),
                Clock.systemUTC(), Duration.ofMinutes(recheck), Duration.ofMillis(wait), 10_000);
    }

    /** A file name as configured, a relative one read from Karaf's etc/ (as signerNamesFile); null when blank. */
    private static String inEtc(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        String etc = System.getProperty("karaf.etc");
        Path path = Path.of(file.strip());
        return (etc == null || path.isAbsolute() ? path : Path.of(etc).resolve(path)).toString();
    }

    @Deactivate
    void stop() {
        if (chainCheck != null) {
            chainCheck.close();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebResponse answer;
        try {
            answer = front.handle(ServletExchange.of(request, "POST".equals(request.getMethod()), maxUpload));
        } catch (ServletExchange.TooLargeException e) {
            answer = WebResponse.of(e.status(), WebResponse.TEXT, e.getMessage() + "\n");
        } catch (StoreBusyException e) {
            // page views used their whole connection budget (recording keeps the rest): busy, not broken
            answer = new WebResponse(503, WebResponse.TEXT, java.util.Map.of("Retry-After", "5"),
                    e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            answer = WebResponse.of(500, WebResponse.TEXT, "internal error: see the Karaf log\n");
        }
        ServletExchange.write(answer, response);
    }
}
