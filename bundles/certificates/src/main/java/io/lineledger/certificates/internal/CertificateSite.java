package io.lineledger.certificates.internal;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.CertificateView;
import io.lineledger.certificates.ChainEvidence;
import io.lineledger.certificates.ProofFiles;
import io.lineledger.certificates.RecordNotAnchoredException;
import io.lineledger.certificates.RecordNotFoundException;
import io.lineledger.model.ProofFile;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps request paths under {@value #ROOT} to pages, JSON and proof files:
 * <pre>
 *   /lineledger/batches                 HTML list of batches; ?line= &product= &verdict= &page= &size=
 *   /lineledger/batches/{batchId}       HTML batch certificate; ?format=pdf or {batchId}.pdf: the PDF
 *   /lineledger/batches/{batchId}/audit HTML audit trail of the batch: every record, who made it, its anchoring
 *   /lineledger/api/batches             JSON list of recent batches
 *   /lineledger/api/batches/{batchId}   JSON batch certificate
 *   /lineledger/proof/{lineId}/{seq}    proof file download (JSON)
 *   /lineledger/proof/{lineId}/{a}-{b}  line range proof download: records a..b of the line
 *   /lineledger/proof/batches/{batchId}/batch-proof  batch proof download: the batch's range and its seal
 *   /lineledger/status                  HTML run-time status: alarms, node, each line's source, rules, anchoring
 *   /lineledger/api/status              the same as JSON
 * </pre>
 * Path segments arrive percent-encoded and are decoded here, one by one, so ids may hold '/' or any other character.
 * A record the store reports as tampered with is answered with a 500 naming it, never with a page or proof.
 * Who may see what is decided before a request gets here ({@link Gatekeeper}, {@link WebFront}); the {@link Viewer}
 * only decides which links and forms the pages offer.
 */
final class CertificateSite {

    static final String ROOT = "/lineledger";
    /** Servlet patterns that reach this site; {@link #handle} answers 404 for anything else. */
    static final String[] PATTERNS = {
        ROOT + "/batches", ROOT + "/batches/*", ROOT + "/api/batches", ROOT + "/api/batches/*", ROOT + "/proof/*",
        ROOT + "/status", ROOT + "/api/status"
    };

    private static final Logger LOG = LoggerFactory.getLogger(CertificateSite.class);
    private static final ChainEvidence NO_CHAIN_CHECK = ChainEvidence.notChecked("no chain node is configured for"
            + " certificates (verifyRpcUrl in etc/" + CertificatesServlet.PID + ".cfg)");
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            // the pages need nothing from anywhere: forbid everything but their inline style
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                    + "base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
            "X-Content-Type-Options", "nosniff",
            // anchoring status changes within seconds
            "Cache-Control", "no-store");

    private final RecordStore store;
    private final ProofFiles proofs;
    private final String title;
    private final int recentBatches;
    private final Supplier<List<StatusFeed>> feeds;
    /** How sign-in stands, for the status page; null where nobody signs in (tests of the content pages). */
    private final Supplier<SignInFigures> signIn;
    private final BatchChainCheck chainCheck;

    /** A site without status feeds: anchoring, rules and OPC UA sources show as not installed. */
    CertificateSite(RecordStore store, String title, int recentBatches) {
        this(store, title, recentBatches, List::of);
    }

    /**
     * @param title         shown on every page
     * @param recentBatches how many batches the lists show
     * @param feeds         the status feeds present now (they come and go with the optional features)
     */
    CertificateSite(RecordStore store, String title, int recentBatches, Supplier<List<StatusFeed>> feeds) {
        this(store, title, recentBatches, feeds, null);
    }

    /** @param signIn how sign-in stands, shown on the status page */
    CertificateSite(RecordStore store, String title, int recentBatches, Supplier<List<StatusFeed>> feeds,
                    Supplier<SignInFigures> signIn) {
        this(store, title, recentBatches, feeds, signIn, null);
    }

    /**
     * @param chainCheck compares certificates with the chain; null when no node is configured (then no certificate
     *                   says anchored or sealed)
     */
    CertificateSite(RecordStore store, String title, int recentBatches, Supplier<List<StatusFeed>> feeds,
                    Supplier<SignInFigures> signIn, BatchChainCheck chainCheck) {
        this.chainCheck = chainCheck;
        this.signIn = signIn;
        this.store = store;
        this.proofs = new ProofFiles(store);
        this.title = title;
        this.recentBatches = recentBatches;
        this.feeds = feeds;
    }

    private RunStatus runStatus() {
        return RunStatus.collect(store, feeds.get());
    }

    /**
     * Answers a GET.
     *
     * @param contextPath the servlet context path ("" for the default context), for the links the pages make
     * @param rawPath     the request path below the context path, still percent-encoded
     */
    WebResponse handle(String contextPath, String rawPath) {
        return handle(contextPath, rawPath, null, "");
    }

    /**
     * Answers a GET.
     *
     * @param rawQuery the query string as sent, without '?'; null for none
     * @param origin   scheme, host and port the request came to ({@code http://plant:8181}), for the absolute link in
     *                 a PDF's QR code; "" when unknown (the link is then relative)
     */
    WebResponse handle(String contextPath, String rawPath, String rawQuery, String origin) {
        return new Request(contextPath + ROOT, rawQuery, origin, Viewer.EVERYTHING).handle(rawPath);
    }

    /** Answers a GET for a viewer whom the {@link Gatekeeper} has admitted. */
    WebResponse handle(WebRequest request, Viewer viewer) {
        return new Request(request.contextPath() + ROOT, request.rawQuery(), request.origin(), viewer)
                .handle(request.rawPath());
    }

    /** The certificates as they stand now, with the anchoring service's state of their lines. */
    CertificateView view() {
        return view(false);
    }

    /**
     * @param cachedOnly compare with the chain only what is cached (a list of many batches must not wait for each):
     *                   a batch not checked yet says "checking" and its check starts in the background
     */
    CertificateView view(boolean cachedOnly) {
        RunStatus status = runStatus();
        if (chainCheck == null) {
            return new CertificateView(store, status::anchoringOf, c -> NO_CHAIN_CHECK);
        }
        return new CertificateView(store, status::anchoringOf, cachedOnly
                ? c -> chainCheck.evidenceOf(c, Duration.ZERO) : chainCheck::evidenceOf);
    }

    String title() {
        return title;
    }

    /** One request: the renderers know the path prefix their links need. */
    private final class Request {

        private final String base;
        private final String rawQuery;
        private final String origin;
        private final CertificatePage page;
        private final BatchListPage listPage;
        private final CertificateJson json;
        private final Viewer viewer;

        Request(String base, String rawQuery, String origin, Viewer viewer) {
            this.base = base;
            this.rawQuery = rawQuery;
            this.origin = origin;
            this.viewer = viewer;
            this.page = new CertificatePage(title, base, viewer);
            this.listPage = new BatchListPage(title, base, recentBatches);
            this.json = new CertificateJson(base);
        }

        /** The anchoring state on a certificate is the anchoring service's, as of this request. */
        private CertificateView certificateView() {
            return view();
        }

        WebResponse handle(String rawPath) {
            List<String> segments;
            try {
                segments = segments(rawPath);
            } catch (IllegalArgumentException e) {
                return text(400, e.getMessage());
            }
            if (segments.isEmpty() || !"lineledger".equals(segments.get(0))) {
                return notFound(rawPath);
            }
            List<String> rest = segments.subList(1, segments.size());
            if (rest.size() >= 1 && "batches".equals(rest.get(0))) {
                return switch (rest.size()) {
                    case 1 -> batchListPage();
                    case 2 -> certificate(rest.get(1));
                    case 3 -> "audit".equals(rest.get(2)) ? auditTrail(rest.get(1)) : notFound(rawPath);
                    default -> notFound(rawPath);
                };
            }
            if (rest.size() >= 2 && "api".equals(rest.get(0)) && "batches".equals(rest.get(1))) {
                return switch (rest.size()) {
                    case 2 -> batchListJson();
                    case 3 -> certificateJson(rest.get(2));
                    default -> notFound(rawPath);
                };
            }
            if (rest.size() == 3 && "proof".equals(rest.get(0))) {
                return rest.get(2).matches("\\d+-\\d+") ? rangeProof(rest.get(1), rest.get(2))
                        : proof(rest.get(1), rest.get(2));
            }
            if (rest.size() == 4 && "proof".equals(rest.get(0)) && "batches".equals(rest.get(1))
                    && "batch-proof".equals(rest.get(3))) {
                return batchProof(rest.get(2));
            }
            if (rest.size() == 1 && "status".equals(rest.get(0))) {
                return page(200, new StatusPage(title, base).render(runStatus(), store.lastSeqs(),
                        signIn == null ? null : signIn.get()));
            }
            if (rest.size() == 2 && "api".equals(rest.get(0)) && "status".equals(rest.get(1))) {
                return jsonOk(new StatusJson().render(runStatus(), store.lastSeqs(),
                        signIn == null ? null : signIn.get()));
            }
            return notFound(rawPath);
        }

        private BatchList.Page batchPage() {
            BatchList.Query query = BatchList.Query.of(QueryParameters.parse(rawQuery, BatchList.PARAMETERS),
                    recentBatches);
            CertificateView view = view(true);
            return new BatchList(store, view::of).page(query);
        }

        private WebResponse batchListPage() {
            try {
                return page(200, listPage.render(batchPage(), store.lineIds()));
            } catch (QueryParameters.BadParameterException e) {
                return badParameterPage(e);
            }
        }

        private WebResponse batchListJson() {
            BatchList.Page list;
            try {
                list = batchPage();
            } catch (QueryParameters.BadParameterException e) {
                return jsonError(400, e.getMessage(), details("parameter", e.parameter(), "value", e.value()));
            }
            Map<String, String> headers = new LinkedHashMap<>(Map.of("Cache-Control", "no-store"));
            if (list.more()) {
                BatchList.Query q = list.query();
                headers.put("Link", "<" + base + "/api/batches" + q.queryString(q.page() + 1, recentBatches)
                        + ">; rel=\"next\"");
            }
            return new WebResponse(200, WebResponse.JSON, headers, json.batches(list));
        }

        private WebResponse badParameterPage(QueryParameters.BadParameterException e) {
            StringBuilder h = new StringBuilder();
            Pages.head(h, "Bad request \u2014 " + title);
            h.append("<body data-parameter=\"").append(Html.escape(e.parameter())).append("\">\n<header><p class=\"site\">")
                    .append(Html.escape(title)).append("</p><h1>Bad request</h1></header>\n<p>")
                    .append(Html.escape(e.getMessage())).append("</p>\n<p><a href=\"").append(Html.escape(base))
                    .append("/batches\">All batches</a></p>\n</body>\n</html>\n");
            return page(400, h.toString());
        }

        /**
         * A certificate as a page, or as a PDF when asked with {@code ?format=pdf} or a {@code .pdf} suffix. The
         * suffix names the PDF of the batch without it when that batch exists; else the segment is the batch id
         * (a PLC may name a batch {@code X.pdf}).
         */
        private WebResponse certificate(String segment) {
            QueryParameters parameters;
            try {
                parameters = QueryParameters.parse(rawQuery, Set.of("format"));
            } catch (QueryParameters.BadParameterException e) {
                return badParameterPage(e);
            }
            String format = parameters.get("format").orElse("html");
            if (!format.equals("html") && !format.equals("pdf")) {
                return badParameterPage(new QueryParameters.BadParameterException("format", format,
                        "parameter 'format' must be html or pdf, got '" + format + "'"));
            }
            if (format.equals("html") && segment.endsWith(PDF_SUFFIX) && segment.length() > PDF_SUFFIX.length()) {
                String batchId = segment.substring(0, segment.length() - PDF_SUFFIX.length());
                Optional<WebResponse> pdf = certificatePdf(batchId);
                if (pdf.isPresent()) {
                    return pdf.get();
                }
            }
            return format.equals("pdf") ? certificatePdf(segment).orElseGet(() -> unknownBatch(segment))
                    : certificatePage(segment);
        }

        /** The PDF, or the tampered-record page; empty when the store has no record of the batch. */
        private Optional<WebResponse> certificatePdf(String batchId) {
            Optional<BatchCertificate> certificate;
            try {
                certificate = certificateView().of(batchId);
            } catch (TamperedRecordException e) {
                return Optional.of(tamperedPage(batchId, e));
            }
            if (certificate.isEmpty()) {
                return Optional.empty();
            }
            String url = origin + base + "/batches/" + Html.pathSegment(batchId);
            byte[] pdf = new CertificatePdf(title).render(certificate.get(), url);
            Map<String, String> headers = new LinkedHashMap<>(Map.of("X-Content-Type-Options", "nosniff",
                    "Cache-Control", "no-store"));
            headers.put("Content-Disposition", "inline; filename=\"" + pdfFileName(batchId) + "\"");
            return Optional.of(new WebResponse(200, WebResponse.PDF, headers, pdf));
        }

        private WebResponse unknownBatch(String batchId) {
            StringBuilder h = new StringBuilder();
            Pages.head(h, "Unknown batch \u2014 " + title);
            h.append("<body>\n<header><p class=\"site\">").append(Html.escape(title)).append("</p>")
                    .append("<h1>Unknown batch</h1></header>\n<p>No records of batch <span class=\"id\">")
                    .append(Html.escape(batchId)).append("</span> are stored.</p>\n<p><a href=\"")
                    .append(Html.escape(base)).append("/batches\">All batches</a></p>\n")
                    .append("</body>\n</html>\n");
            return page(404, h.toString());
        }

        private WebResponse auditTrail(String batchId) {
            try {
                QueryParameters.parse(rawQuery, Set.of()); // it takes none: a typo is named, not ignored
            } catch (QueryParameters.BadParameterException e) {
                return badParameterPage(e);
            }
            Optional<BatchCertificate> certificate;
            List<io.lineledger.model.LineRecord> records;
            try {
                records = store.batch(batchId);
                certificate = certificateView().of(batchId);
            } catch (TamperedRecordException e) {
                return tamperedPage(batchId, e);
            }
            if (certificate.isEmpty()) {
                return unknownBatch(batchId);
            }
            return page(200, new AuditTrailPage(title, base).render(viewer, certificate.get(), records));
        }

        private WebResponse certificatePage(String batchId) {
            Optional<BatchCertificate> certificate;
            try {
                certificate = certificateView().of(batchId);
            } catch (TamperedRecordException e) {
                return tamperedPage(batchId, e);
            }
            if (certificate.isEmpty()) {
                return unknownBatch(batchId);
            }
            return page(200, page.render(certificate.get()));
        }

        private WebResponse certificateJson(String batchId) {
            Optional<BatchCertificate> certificate;
            try {
                certificate = certificateView().of(batchId);
            } catch (TamperedRecordException e) {
                logTampered("batch " + batchId, e);
                return jsonError(500, e.getMessage(), details("batchId", batchId, "tampered", tampered(e)));
            }
            return certificate
                    .map(c -> jsonOk(json.certificate(c)))
                    .orElseGet(() -> jsonError(404, "no records of batch " + batchId + " are stored",
                            details("batchId", batchId)));
        }

        private WebResponse tamperedPage(String batchId, TamperedRecordException e) {
            logTampered("batch " + batchId, e);
            StringBuilder h = new StringBuilder();
            Pages.head(h, "Tampered record \u2014 " + title);
            h.append("<body data-anchored=\"false\">\n<header><p class=\"site\">").append(Html.escape(title))
                    .append("</p><h1>Tampered record</h1></header>\n<p>Record <span class=\"id\">")
                    .append(Html.escape(e.lineId() + "/" + e.seq())).append("</span> of batch <span class=\"id\">")
                    .append(Html.escape(batchId)).append("</span> no longer matches its digest: it was changed in the"
                            + " database after it was recorded. No certificate is shown for this batch.</p>\n")
                    .append("<p><a href=\"").append(Html.escape(base)).append("/batches\">All batches</a></p>\n")
                    .append("</body>\n</html>\n");
            return page(500, h.toString());
        }

        private WebResponse proof(String lineId, String seqText) {
            long seq;
            try {
                seq = Long.parseLong(seqText);
            } catch (NumberFormatException e) {
                seq = 0;
            }
            if (seq < 1) {
                return jsonError(400, "seq must be a whole number >= 1, got '" + seqText + "'",
                        details("lineId", lineId, "seq", seqText));
            }
            try {
                ProofFile proof = proofs.proofOf(lineId, seq);
                Map<String, String> headers = new LinkedHashMap<>(Map.of("X-Content-Type-Options", "nosniff",
                        "Cache-Control", "no-store"));
                headers.put("Content-Disposition", "attachment; filename=\"" + ProofFiles.fileName(lineId, seq) + "\"");
                return new WebResponse(200, WebResponse.JSON, headers, proof.toJson());
            } catch (RecordNotFoundException e) {
                return jsonError(404, e.getMessage(), details("lineId", lineId, "seq", seq));
            } catch (RecordNotAnchoredException e) {
                return jsonError(409, e.getMessage(), details("lineId", lineId, "seq", seq));
            } catch (TamperedRecordException e) {
                // this record or another one of its anchored range no longer matches its own digest
                logTampered("the proof of record " + lineId + "/" + seq, e);
                return jsonError(500, e.getMessage(), details("lineId", lineId, "seq", seq, "tampered", tampered(e)));
            } catch (IllegalStateException e) {
                // the stored range no longer matches its anchored root: say so loudly, never serve a bad proof
                LOG.error("Cannot build the proof of record {}/{}: {}", lineId, seq, e.getMessage());
                return jsonError(500, e.getMessage(), details("lineId", lineId, "seq", seq));
            }
        }

        /** Records a..b of a line in one range proof file ({@link ProofFiles#rangeProofOf}). */
        private WebResponse rangeProof(String lineId, String rangeText) {
            String[] bounds = rangeText.split("-");
            long firstSeq;
            long lastSeq;
            try {
                firstSeq = Long.parseLong(bounds[0]);
                lastSeq = Long.parseLong(bounds[1]);
            } catch (NumberFormatException e) {
                return jsonError(400, "range must be FIRST-LAST sequence numbers, got '" + rangeText + "'",
                        details("lineId", lineId, "range", rangeText));
            }
            try {
                return rangeProofFile(proofs.rangeProofOf(lineId, firstSeq, lastSeq));
            } catch (ProofFiles.NoRangeProofException e) {
                return jsonError(400, e.getMessage(), details("lineId", lineId, "range", rangeText));
            } catch (RecordNotFoundException e) {
                return jsonError(404, e.getMessage(), details("lineId", lineId, "range", rangeText));
            } catch (RecordNotAnchoredException e) {
                return jsonError(409, e.getMessage(), details("lineId", lineId, "range", rangeText));
            } catch (TamperedRecordException e) {
                logTampered("the range proof " + lineId + "/" + rangeText, e);
                return jsonError(500, e.getMessage(), details("lineId", lineId, "range", rangeText,
                        "tampered", tampered(e)));
            } catch (IllegalStateException e) {
                LOG.error("Cannot build the range proof {}/{}: {}", lineId, rangeText, e.getMessage());
                return jsonError(500, e.getMessage(), details("lineId", lineId, "range", rangeText));
            }
        }

        /** Every record of a batch's range and its seal in one batch proof file ({@link ProofFiles#batchProofOf}). */
        private WebResponse batchProof(String batchId) {
            try {
                return proofs.batchProofOf(batchId).map(this::rangeProofFile).orElseGet(() -> jsonError(404,
                        "no records of batch " + batchId + " are stored", details("batchId", batchId)));
            } catch (ProofFiles.NoRangeProofException | RecordNotAnchoredException e) {
                return jsonError(409, e.getMessage(), details("batchId", batchId));
            } catch (TamperedRecordException e) {
                logTampered("the batch proof of " + batchId, e);
                return jsonError(500, e.getMessage(), details("batchId", batchId, "tampered", tampered(e)));
            } catch (IllegalStateException e) {
                LOG.error("Cannot build the batch proof of {}: {}", batchId, e.getMessage());
                return jsonError(500, e.getMessage(), details("batchId", batchId));
            }
        }

        private WebResponse rangeProofFile(io.lineledger.model.RangeProofFile file) {
            Map<String, String> headers = new LinkedHashMap<>(Map.of("X-Content-Type-Options", "nosniff",
                    "Cache-Control", "no-store"));
            headers.put("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"");
            return new WebResponse(200, WebResponse.JSON, headers, file.toJson());
        }

        private WebResponse jsonError(int status, String message, Map<String, Object> details) {
            return new WebResponse(status, WebResponse.JSON, Map.of("Cache-Control", "no-store"),
                    json.error(message, details));
        }
    }

    static final String PDF_SUFFIX = ".pdf";

    /** {@code certificate-LOT-7.pdf}, with anything but letters, digits, '-', '_' and '.' as '_'. */
    static String pdfFileName(String batchId) {
        return "certificate-" + batchId.replaceAll("[^A-Za-z0-9._-]", "_") + ".pdf";
    }

    private static void logTampered(String what, TamperedRecordException e) {
        LOG.error("Refusing {}: {}", what, e.getMessage());
    }

    /** Which record the store found tampered with, for JSON errors: {@code {"lineId": ..., "seq": ...}}. */
    private static Map<String, Object> tampered(TamperedRecordException e) {
        return details("lineId", e.lineId(), "seq", e.seq());
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(Html.decodeSegment(raw));
            }
        }
        return segments;
    }

    private static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return details;
    }

    private static WebResponse page(int status, String html) {
        return new WebResponse(status, WebResponse.HTML, PAGE_HEADERS, html);
    }

    private static WebResponse jsonOk(String body) {
        return new WebResponse(200, WebResponse.JSON, Map.of("Cache-Control", "no-store"), body);
    }

    private static WebResponse notFound(String rawPath) {
        return text(404, "not found: " + rawPath);
    }

    private static WebResponse text(int status, String message) {
        return new WebResponse(status, WebResponse.TEXT, Map.of("X-Content-Type-Options", "nosniff"), message + "\n");
    }
}
