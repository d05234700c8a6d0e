package io.lineledger.certificates.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.Part;

/** Turns Servlet API requests into {@link WebRequest}s and writes {@link WebResponse}s back. */
final class ServletExchange {

    /** Request attribute under which the filter hands the admitted {@link Gatekeeper.Visitor} to the servlet. */
    static final String VISITOR = ServletExchange.class.getName() + ".visitor";
    /** Largest form body or form field read (a reason is at most 1,000 characters). */
    static final int MAX_FORM_BYTES = 64 * 1024;

    /** A body that is not read: larger than allowed (413) or not readable as its content type says (400). */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        TooLargeException(String message) {
            this(413, message);
        }

        TooLargeException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private ServletExchange() {
    }

    /**
     * The request with its headers; with {@code readBody}, also a form body, the fields and file of a multipart body
     * or a raw JSON body (as the upload), a file read only up to {@code maxUpload} bytes.
     */
    static WebRequest of(HttpServletRequest request, boolean readBody, long maxUpload)
            throws IOException, TooLargeException {
        String contextPath = request.getContextPath() == null ? "" : request.getContextPath();
        // the raw URI, not getPathInfo(): ids are decoded segment by segment, so an encoded '/' stays in its id
        String uri = request.getRequestURI();
        String rawPath = uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
        // the QR code of a PDF links back absolutely: to the scheme, host and port this request came to
        String url = request.getRequestURL().toString();
        String origin = url.endsWith(uri) ? url.substring(0, url.length() - uri.length()) : "";
        Map<String, String> headers = new LinkedHashMap<>();
        if (request.getHeaderNames() != null) {
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.putIfAbsent(name.toLowerCase(Locale.ROOT), request.getHeader(name));
            }
        }
        Object visitor = request.getAttribute(VISITOR);
        String formBody = null;
        Map<String, String> fields = new LinkedHashMap<>();
        WebRequest.Upload upload = null;
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (readBody && type.startsWith("application/x-www-form-urlencoded")) {
            formBody = new String(read(request.getInputStream(), MAX_FORM_BYTES, "form"), StandardCharsets.UTF_8);
        } else if (readBody && type.startsWith("multipart/form-data")) {
            try {
                for (Part part : request.getParts()) {
                    if (part.getSubmittedFileName() != null) {
                        upload = part.getSize() > maxUpload ? WebRequest.Upload.tooLarge(part.getSubmittedFileName(),
                                maxUpload) : WebRequest.Upload.of(part.getSubmittedFileName(),
                                read(part.getInputStream(), maxUpload, "file"), maxUpload);
                        if (!"proof".equals(part.getName())) {
                            fields.put(part.getName(), "(a file)");
                        }
                    } else {
                        fields.put(part.getName(), new String(read(part.getInputStream(), MAX_FORM_BYTES,
                                "field " + part.getName()), StandardCharsets.UTF_8));
                    }
                    part.delete();
                }
            } catch (TooLargeException e) {
                if (e.getMessage().startsWith("file")) {
                    upload = WebRequest.Upload.tooLarge("the proof file", maxUpload);
                } else {
                    throw e;
                }
            } catch (ServletException | IOException | RuntimeException e) {
                // the container's own parser: a part over its limit, or a body that is no multipart form
                if (!overLimit(e)) {
                    throw new TooLargeException(400, "the multipart body cannot be read: " + innermost(e));
                }
                upload = WebRequest.Upload.tooLarge("the proof file", maxUpload);
            }
        } else if (readBody && type.startsWith("application/json")) {
            try {
                upload = WebRequest.Upload.of("the request body", read(request.getInputStream(), maxUpload, "file"),
                        maxUpload);
            } catch (TooLargeException e) {
                upload = WebRequest.Upload.tooLarge("the request body", maxUpload);
            }
        }
        return new WebRequest(request.getMethod(), contextPath, rawPath, request.getQueryString(), origin, headers,
                request.getRemoteAddr(), formBody, fields, upload,
                visitor instanceof Gatekeeper.Visitor v ? v : null);
    }

    /** The container refused a part or request over its multipart limits (Jetty: "... exceeds max filesize"). */
    private static boolean overLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("exceed") || message.contains("too large") || message.startsWith("413")) {
                return true;
            }
        }
        return false;
    }

    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static void write(WebResponse answer, HttpServletResponse response) throws IOException {
        byte[] body = answer.content();
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** At most {@code limit} bytes; more is a {@link TooLargeException} whose message starts with {@code what}. */
    private static byte[] read(InputStream in, long limit, String what) throws IOException, TooLargeException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw new TooLargeException(what + " is larger than " + limit + " bytes");
        }
        return bytes;
    }
}
