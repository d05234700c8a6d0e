package io.lineledger.certificates.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the servlet writes back: kept apart from the Servlet API so routing is tested without a container.
 *
 * @param content the body's bytes (text as UTF-8)
 */
record WebResponse(int status, String contentType, Map<String, String> headers, byte[] content) {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String PDF = "application/pdf";

    WebResponse {
        headers = Map.copyOf(headers);
    }

    /** A text answer, written as UTF-8. */
    WebResponse(int status, String contentType, Map<String, String> headers, String body) {
        this(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static WebResponse of(int status, String contentType, String body) {
        return new WebResponse(status, contentType, Map.of(), body);
    }

    /** The body as text (UTF-8). */
    String body() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
