package io.lineledger.certificates.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the pages need of an HTTP request, kept apart from the Servlet API so that login, forms and routing are tested
 * without a container.
 *
 * @param method        GET, POST, ...
 * @param contextPath   the servlet context path ("" for the default context)
 * @param rawPath       the path below the context path, still percent-encoded
 * @param rawQuery      the query string as sent, without '?'; null for none
 * @param origin        scheme, host and port the request came to ({@code http://plant:8181}); "" when unknown
 * @param headers       request headers by lower-case name (the first value of each)
 * @param remoteAddress the client's address, for the log
 * @param formBody      an {@code application/x-www-form-urlencoded} body as sent; null for none
 * @param formFields    the text fields of a {@code multipart/form-data} body; empty for none
 * @param upload        the file of a multipart body (the verify page's proof file), or a raw JSON body
 * @param visitor       who sent it, when a filter in front of the servlet already identified them; null otherwise
 */
record WebRequest(String method, String contextPath, String rawPath, String rawQuery, String origin,
                  Map<String, String> headers, String remoteAddress, String formBody, Map<String, String> formFields,
                  Upload upload, Gatekeeper.Visitor visitor) {

    WebRequest {
        Objects.requireNonNull(method, "method");
        contextPath = contextPath == null ? "" : contextPath;
        Objects.requireNonNull(rawPath, "rawPath");
        origin = origin == null ? "" : origin;
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lower);
        remoteAddress = remoteAddress == null ? "unknown" : remoteAddress;
        formFields = Map.copyOf(formFields);
    }

    /** A GET without headers: what the tests of the content pages send. */
    static WebRequest get(String contextPath, String rawPath, String rawQuery, String origin) {
        return new WebRequest("GET", contextPath, rawPath, rawQuery, origin, Map.of(), null, null, Map.of(), null,
                null);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The value of a cookie, from the {@code Cookie} header. */
    Optional<String> cookie(String name) {
        String cookies = headers.get("cookie");
        if (cookies == null) {
            return Optional.empty();
        }
        for (String pair : cookies.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                return Optional.of(pair.substring(eq + 1).strip());
            }
        }
        return Optional.empty();
    }

    boolean isGet() {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /** True when the client is a browser that reads HTML (it gets the login form, not a Basic challenge). */
    boolean wantsHtml() {
        return header("accept").map(accept -> accept.contains("text/html")).orElse(false);
    }

    /** True when the request came over HTTPS (cookies are then marked Secure). */
    boolean secure() {
        return origin.startsWith("https:");
    }

    /**
     * A file sent with the request.
     *
     * @param name     the file name the client gave ("" when none)
     * @param content  its bytes; empty when {@code tooLarge}
     * @param tooLarge the file was larger than {@code limit} bytes and was not read
     * @param limit    the size limit it was read under
     */
    record Upload(String name, byte[] content, boolean tooLarge, long limit) {

        Upload {
            name = name == null ? "" : name;
            content = content == null ? new byte[0] : content;
        }

        static Upload of(String name, byte[] content, long limit) {
            return new Upload(name, content, false, limit);
        }

        static Upload tooLarge(String name, long limit) {
            return new Upload(name, new byte[0], true, limit);
        }
    }
}
