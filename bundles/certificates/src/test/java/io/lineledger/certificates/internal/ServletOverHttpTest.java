package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet's own edge over real HTTP (Jetty, javax.servlet, as pax-web runs it): cookies, forms, multipart
 * uploads and their size limits, the filter in front. No browser needed.
 */
class ServletOverHttpTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final RecordStore store = H2RecordStores.newStore();
    private JettySite site;

    @BeforeEach
    void start() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);
        // a verify limit of 4 KiB, a container limit of 16 KiB per part
        site = new JettySite(store, dir, CertificatesServletTest.config("Plant Nord", 50, "", "", 4096,
                Realms.signerNamesFile(dir).toString()), 16 * 1024);
    }

    @AfterEach
    void stop() throws Exception {
        site.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(site.base + path));
    }

    private static String basic(String user) {
        return TestSite.basic(user).get("Authorization");
    }

    @Test
    void aBrowserSignsInWithTheFormAndItsCookieCarriesTheSession() throws Exception {
        HttpResponse<String> anonymous = send(to("/lineledger/batches/LOT-1").header("Accept", "text/html"));
        assertEquals(303, anonymous.statusCode());

        HttpResponse<String> signIn = send(to("/lineledger/login").header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestSite.form("user", Realms.SUPERVISOR, "password",
                        Realms.password(Realms.SUPERVISOR), "next", "/lineledger/batches/LOT-1"))));
        assertEquals(303, signIn.statusCode(), signIn.body());
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);

        HttpResponse<String> page = send(to("/lineledger/batches/LOT-1").header("Accept", "text/html")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-user=\"sam\""));
    }

    @Test
    void theFilterGuardsPathsOfOtherServletsAndLeavesTheHealthCheckOpen() throws Exception {
        assertEquals(401, send(to("/lineledger/metrics")).statusCode());
        assertEquals(404, send(to("/lineledger/metrics").header("Authorization", basic(Realms.AUDITOR)))
                .statusCode(), "signed in, the request goes on (no metrics servlet here)");
        assertEquals(404, send(to("/lineledger/health")).statusCode(), "open: no sign-in asked");
    }

    @Test
    void aProofFileOverTheVerifyLimitIsNotReadAndOneOverTheContainersLimitIsRefusedAlike() throws Exception {
        byte[] proof = send(to("/lineledger/proof/line-1/2").header("Authorization", basic(Realms.AUDITOR)))
                .body().getBytes(StandardCharsets.UTF_8);
        assertTrue(proof.length < 4096, "a proof of 10 records fits the limit: " + proof.length);

        HttpResponse<String> small = send(upload(proof));
        HttpResponse<String> over = send(upload(new byte[6 * 1024]));
        HttpResponse<String> huge = send(upload(new byte[40 * 1024]));

        assertEquals(200, small.statusCode(), small.body());
        assertTrue(small.body().contains("\"name\" : \"record-digest\",\n    \"result\" : \"PASS\""), small.body());
        for (HttpResponse<String> refused : java.util.List.of(over, huge)) {
            assertEquals(200, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"verdict\" : \"COULD NOT CHECK\""), refused.body());
            assertTrue(refused.body().contains("larger than the limit of 4096 bytes: not read"), refused.body());
        }
        HttpResponse<String> raw = send(to("/lineledger/api/verify").header("Authorization", basic(Realms.AUDITOR))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(proof)));
        assertTrue(raw.body().contains("\"result\" : \"PASS\""), raw.body());
    }

    @Test
    void aReleaseFromAScriptIsRecordedAndAMalformedBodyIsRefused() throws Exception {
        HttpResponse<String> signed = send(to("/lineledger/api/batches/LOT-1/release")
                .header("Authorization", basic(Realms.SUPERVISOR))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestSite.form("decision", "release", "meaning", "review",
                        "reason", "Checked over HTTP", "password", Realms.password(Realms.SUPERVISOR)))));
        HttpResponse<String> broken = send(to("/lineledger/api/verify").header("Authorization", basic(Realms.AUDITOR))
                .header("Content-Type", "multipart/form-data; boundary=nothing")
                .POST(HttpRequest.BodyPublishers.ofString("garbage")));

        assertEquals(201, signed.statusCode(), signed.body());
        assertEquals("release", store.find(LINE, 6).orElseThrow().type());
        assertEquals(400, broken.statusCode(), broken.body());
        assertFalse(broken.body().contains("Exception"), broken.body());
    }

    private HttpRequest.Builder upload(byte[] file) {
        String boundary = "----lineledger" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"proof\"; filename=\"p.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return to("/lineledger/api/verify").header("Authorization", basic(Realms.AUDITOR))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }
}
