package io.lineledger.certificates.internal;

import java.util.Map;

/** What the servlet writes back: kept apart from the Servlet API so routing is tested without a container. */
record WebResponse(int status, String contentType, Map<String, String> headers, String body) {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    WebResponse {
        headers = Map.copyOf(headers);
    }

    static WebResponse of(int status, String contentType, String body) {
        return new WebResponse(status, contentType, Map.of(), body);
    }
}
