package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.store.testing.H2RecordStores;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class CertificatesServletTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    static CertificatesConfig config(String title, int recentBatches) {
        return config(title, recentBatches, "", "", 8L * 1024 * 1024);
    }

    static CertificatesConfig config(String title, int recentBatches, String rpcUrl, String registry, long maxBytes) {
        return config(title, recentBatches, rpcUrl, registry, maxBytes, "lineledger/signers.properties");
    }

    /** @param signerNamesFile the signers' full names ({@link Realms#signerNamesFile}) */
    static CertificatesConfig config(String title, int recentBatches, String rpcUrl, String registry, long maxBytes,
                                     String signerNamesFile) {
        return new CertificatesConfig() {
            @Override public Class<? extends Annotation> annotationType() { return CertificatesConfig.class; }
            @Override public String title() { return title; }
            @Override public int recentBatches() { return recentBatches; }
            @Override public String verifyRpcUrl() { return rpcUrl; }
            @Override public String verifyNetwork() { return ""; }
            @Override public String verifyRegistry() { return registry; }
            @Override public long verifyMaxBytes() { return maxBytes; }
            @Override public int chainRecheckMinutes() { return 10; }
            @Override public int chainCheckWaitMillis() { return 20_000; }
            @Override public String signerNamesFile() { return signerNamesFile; }
        };
    }

    private WebAccess access() {
        return Realms.access(Realms.usersFile(dir), java.time.Clock.systemUTC());
    }

    @Test
    void activationFailsNamingPidKeyAndValueForABadBatchCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CertificatesServlet(H2RecordStores.newStore(), access(), config("Plant", 0)));
        assertEquals("io.lineledger.certificates: 'recentBatches' must be 1..1000, got 0", e.getMessage());
    }

    @Test
    void activationFailsForABlankTitle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CertificatesServlet(H2RecordStores.newStore(), access(), config("  ", 50)));
        assertEquals("io.lineledger.certificates: 'title' must not be blank, got '  '", e.getMessage());
    }

    @Test
    void activationFailsNamingTheVerifyKeysAndValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CertificatesServlet(
                H2RecordStores.newStore(), access(), config("Plant", 50, "ftp://node", "", 8192)));
        assertTrue(e.getMessage().startsWith("io.lineledger.certificates: verifyRpcUrl 'ftp://node'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CertificatesServlet(
                H2RecordStores.newStore(), access(), config("Plant", 50, "", "0x12", 8192)));
        assertTrue(e.getMessage().contains("verifyRegistry '0x12'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CertificatesServlet(
                H2RecordStores.newStore(), access(), config("Plant", 50, "", "", 10)));
        assertEquals("io.lineledger.certificates: 'verifyMaxBytes' must be 1024..67108864, got 10", e.getMessage());
    }

    @Test
    void activationFailsForABlankSignerNamesFileButNotForAMissingOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CertificatesServlet(
                H2RecordStores.newStore(), access(), config("Plant", 50, "", "", 8192, " ")));
        assertEquals("io.lineledger.certificates: 'signerNamesFile' must name the file of the signers' full names,"
                + " got ' '", e.getMessage());
        // an integrator adds the file later: until then nobody signs, and the release form says why
        new CertificatesServlet(H2RecordStores.newStore(), access(), config("Plant", 50, "", "", 8192,
                dir.resolve("not-yet.properties").toString()));
    }

    @Test
    void withoutCredentialsNothingIsServed() throws Exception {
        io.lineledger.store.RecordStore store = H2RecordStores.newStore();
        io.lineledger.certificates.Batches.complete3(store, "LOT-1", 500.0);
        CertificatesServlet servlet = new CertificatesServlet(store, access(), config("Plant", 50));

        Captured anonymous = get(servlet, "/lineledger/batches/LOT-1", "format=pdf", null);

        assertEquals(401, anonymous.status[0]);
        assertEquals(WebResponse.JSON, anonymous.contentType[0]);
    }

    @Test
    void defaultsActivate() {
        new CertificatesServlet(H2RecordStores.newStore(), access(), config("LineLedger", 50));
    }

    @Test
    void getPassesTheQueryAndAnAbsoluteOriginAndWritesTheBytesAsTheyAre() throws Exception {
        io.lineledger.store.RecordStore store = H2RecordStores.newStore();
        io.lineledger.certificates.Batches.complete3(store, "LOT-1", 500.0);
        CertificatesServlet servlet = new CertificatesServlet(store, access(), config("Plant", 50));

        Captured pdf = get(servlet, "/lineledger/batches/LOT-1", "format=pdf");
        assertEquals(200, pdf.status[0]);
        assertEquals(WebResponse.PDF, pdf.contentType[0]);
        assertEquals("%PDF-", new String(pdf.body.toByteArray(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(pdf.body.size(), pdf.contentLength[0]);
        try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(pdf.body.toByteArray())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(d);
            assertTrue(text.contains("Verify: http://plant.example:8181/lineledger/batches/LOT-1"), text);
        }

        Captured bad = get(servlet, "/lineledger/api/batches", "page=x");
        assertEquals(400, bad.status[0]);
        assertTrue(bad.body.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\"parameter\" : \"page\""));
    }

    /** What the servlet wrote. */
    private static final class Captured {
        final int[] status = new int[1];
        final int[] contentLength = new int[1];
        final String[] contentType = new String[1];
        final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    }

    /** A GET to http://plant.example:8181{uri}?{query} in the default context, with the Servlet API as proxies. */
    private static Captured get(CertificatesServlet servlet, String uri, String query) throws Exception {
        return get(servlet, uri, query, "Basic " + java.util.Base64.getEncoder().encodeToString(
                (Realms.INTEGRATOR + ":" + Realms.password(Realms.INTEGRATOR)).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static Captured get(CertificatesServlet servlet, String uri, String query, String authorization)
            throws Exception {
        Captured captured = new Captured();
        java.util.Map<String, String> headers = authorization == null ? java.util.Map.of()
                : java.util.Map.of("Authorization", authorization);
        javax.servlet.http.HttpServletRequest request = proxy(javax.servlet.http.HttpServletRequest.class,
                (method, args) -> switch (method) {
                    case "getContextPath" -> "";
                    case "getRequestURI" -> uri;
                    case "getRequestURL" -> new StringBuffer("http://plant.example:8181" + uri);
                    case "getQueryString" -> query;
                    case "getMethod" -> "GET";
                    case "getRemoteAddr" -> "192.0.2.7";
                    case "getHeaderNames" -> java.util.Collections.enumeration(headers.keySet());
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> null;
                });
        javax.servlet.ServletOutputStream out = new javax.servlet.ServletOutputStream() {
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(javax.servlet.WriteListener listener) { }
            @Override public void write(int b) { captured.body.write(b); }
        };
        javax.servlet.http.HttpServletResponse response = proxy(javax.servlet.http.HttpServletResponse.class,
                (method, args) -> {
                    switch (method) {
                        case "setStatus" -> captured.status[0] = (Integer) args[0];
                        case "setContentType" -> captured.contentType[0] = (String) args[0];
                        case "setContentLength" -> captured.contentLength[0] = (Integer) args[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> { }
                    }
                    return null;
                });
        servlet.doGet(request, response);
        return captured;
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> answer.answer(method.getName(), args));
    }
}
