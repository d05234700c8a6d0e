package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.certificates.Batches;
import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreBusyException;
import io.lineledger.store.testing.H2RecordStores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page views read through the store's page view service, whose connection budget may be busy for a page's whole wait
 * (the budget itself: {@code PageViewStoreTest} in the store bundle). Such a page is busy, not broken: 503 with
 * Retry-After and the reason, over HTTP as a browser sees it, and the next page once a connection is free is served.
 */
class PageViewsBusyTest {

    @TempDir
    Path dir;

    @Test
    void aPageWhoseConnectionBudgetStaysBusyIsAnswered503WithTheReason() throws Exception {
        RecordStore store = H2RecordStores.newStore();
        Batches.complete3(store, "LOT-1", 500.0);
        AtomicBoolean busy = new AtomicBoolean();
        // the store's reads as they come when every connection of the page budget stays taken for the wait
        RecordStore pageViews = (RecordStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RecordStore.class}, (proxy, method, args) -> {
                    if (busy.get()) {
                        throw new StoreBusyException("page views hold all 4 database connections they may use"
                                + " (io.lineledger.store pages.maxConnections) and none came free within 5000 ms: try"
                                + " again in a moment (recording is not affected)", 5000);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (JettySite site = new JettySite(pageViews, dir, CertificatesServletTest.config("Plant", 50),
                8L * 1024 * 1024)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest certificate = HttpRequest.newBuilder(URI.create(site.base + "/lineledger/batches/LOT-1"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((Realms.INTEGRATOR + ":"
                            + Realms.password(Realms.INTEGRATOR)).getBytes(StandardCharsets.UTF_8))).GET().build();
            assertEquals(200, http.send(certificate, HttpResponse.BodyHandlers.ofString()).statusCode());

            busy.set(true);
            HttpResponse<String> refused = http.send(certificate, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
            assertTrue(refused.body().contains("pages.maxConnections"), refused.body());
            assertTrue(refused.body().contains("try again in a moment"), refused.body());

            busy.set(false);
            assertEquals(200, http.send(certificate, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
