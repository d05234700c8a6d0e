package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.model.SimulationSettings;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.server.PlcSimServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic256Sha256 with user name and password against plc-sim's secured endpoints. plc-sim trusts any client here
 * (--trust-all-clients); what is tested is this client: its certificate, its trust list, its user.
 */
class SecureSourceTest {

    private static final String NS = "nsu=urn:lineledger:plc-sim;s=";

    @TempDir
    Path dir;

    private PlcSimulator sim;
    private final BlockingQueue<ProductionEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void startSimulator() throws Exception {
        sim = PlcSimulator.start(PlcSimulator.Options.defaults().withDataDir(dir.resolve("sim"))
                .withSettings(SimulationSettings.defaults().withPartIntervalMs(50))
                .withUsers(Map.of("operator", "s3cret"))
                .withTrustAllClients(true));
        Files.writeString(dir.resolve("operator.password"), "s3cret\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("wrong.password"), "guess\n", StandardCharsets.UTF_8);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private Path pki() {
        return dir.resolve("client-pki");
    }

    private LineSubscriber start(MessageSecurityMode mode, String passwordFile) {
        ClientSecurity security = new ClientSecurity(SecurityPolicy.Basic256Sha256, mode, "operator",
                dir.resolve(passwordFile), null);
        SubscriberSettings settings = SubscriberSettings.of(sim.endpointUrl(), "line-1",
                        TagMap.fromProperties(Map.of("tag.batchState", NS + "Line1.BatchState",
                                "tag.weight", NS + "Line1.Checkweigher.FillWeight")), pki())
                .withIntervals(0, 20, 2000)
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofMillis(300))
                .withConfiguration("io.lineledger.line~secure")
                .withSecurity(security);
        LineSubscriber subscriber = new LineSubscriber(settings);
        subscriber.addListener(events::add);
        subscriber.start();
        return subscriber;
    }

    /** What an administrator does after checking the certificate: put the server's certificate into trusted/certs. */
    private void trustTheServer() throws Exception {
        List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(sim.endpointUrl()).get(10, TimeUnit.SECONDS);
        byte[] certificate = endpoints.stream()
                .filter(e -> SecurityPolicy.Basic256Sha256.getUri().equals(e.getSecurityPolicyUri()))
                .findFirst().orElseThrow().getServerCertificate().bytesOrEmpty();
        Path trusted = Files.createDirectories(pki().resolve("trusted").resolve("certs"));
        Files.write(trusted.resolve("plc-sim.der"), certificate);
    }

    private static boolean waitFor(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private ProductionEvent awaitWeight() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ProductionEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.tag().equals("weight") && event.value() instanceof Double d && d > 0) {
                return event;
            }
        }
        return null;
    }

    @Test
    void anUntrustedServerCertificateIsRefusedIntoRejectedAndConnectsOnceMovedToTrusted() throws Exception {
        try (LineSubscriber subscriber = start(MessageSecurityMode.SignAndEncrypt, "operator.password")) {
            Path rejected = pki().resolve("rejected");
            assertTrue(waitFor(() -> subscriber.status().lastError() != null
                    && subscriber.status().lastError().contains("is not trusted"), 20), "refused: " + subscriber.status());
            assertFalse(subscriber.status().connected());
            List<Path> files;
            try (Stream<Path> list = Files.list(rejected)) {
                files = list.filter(f -> f.toString().endsWith(".der")).toList();
            }
            assertEquals(1, files.size(), "the server's certificate waits in rejected/: " + files);
            Path trusted = pki().resolve("trusted").resolve("certs");
            String error = subscriber.status().lastError();
            assertTrue(error.contains("move " + files.get(0) + " to " + trusted + "/"), error);
            assertTrue(events.isEmpty(), "nothing read from an untrusted server");

            Files.move(files.get(0), trusted.resolve(files.get(0).getFileName())); // the documented step
            assertNotNull(awaitWeight(), "connected once the certificate is trusted");
            SourceStatus status = subscriber.status();
            assertTrue(status.connected() && status.subscribed(), status.toString());
            assertEquals("Basic256Sha256 SignAndEncrypt, user operator", status.security());
            assertTrue(Files.isRegularFile(pki().resolve("own").resolve("client.pfx")), "the client's certificate is kept");
            assertTrue(Files.isRegularFile(pki().resolve("own").resolve("client.der")), "and exported for the PLC");
        }
    }

    @Test
    void signWithUserAndPasswordReadsTheLineAndKeepsTheClientCertificate() throws Exception {
        trustTheServer();
        byte[] certificate;
        try (LineSubscriber subscriber = start(MessageSecurityMode.Sign, "operator.password")) {
            assertNotNull(awaitWeight(), "values over Sign");
            assertEquals("Basic256Sha256 Sign, user operator", subscriber.status().security());
            certificate = Files.readAllBytes(pki().resolve("own").resolve("client.der"));
        }
        events.clear();
        try (LineSubscriber again = start(MessageSecurityMode.SignAndEncrypt, "operator.password")) {
            assertNotNull(awaitWeight(), "values over SignAndEncrypt");
            assertEquals(List.of(certificate.length), List.of(Files.readAllBytes(pki().resolve("own")
                    .resolve("client.der")).length));
            assertTrue(java.util.Arrays.equals(certificate, Files.readAllBytes(pki().resolve("own").resolve("client.der"))),
                    "generated once and kept");
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorNamingTheUserAndThePasswordFile() throws Exception {
        trustTheServer();
        try (LineSubscriber subscriber = start(MessageSecurityMode.SignAndEncrypt, "wrong.password")) {
            assertTrue(waitFor(() -> subscriber.status().lastError() != null
                    && subscriber.status().lastError().contains("refused user"), 20), "refused: " + subscriber.status());
            String error = subscriber.status().lastError();
            assertTrue(error.startsWith("the server refused user 'operator' (StatusCode[name=Bad_"), error);
            assertTrue(error.endsWith("check userName and passwordFile = " + dir.resolve("wrong.password")), error);
            assertFalse(error.contains("guess"), "never the password");
            assertFalse(subscriber.status().connected());
            assertTrue(events.isEmpty());
        }
    }

    @Test
    void aServerWithoutTheConfiguredSecurityIsAClearErrorListingWhatItOffers() throws Exception {
        try (PlcSimServer insecure = PlcSimServer.start("127.0.0.1", 0, dir.resolve("insecure-pki"),
                List.of(new TagWrite("T.A", 0L)))) {
            SubscriberSettings settings = SubscriberSettings.of(insecure.endpointUrl(), "line-1",
                            TagMap.fromProperties(Map.of("tag.a", "nsu=urn:lineledger:plc-sim;s=T.A")), pki())
                    .withReconnectDelays(Duration.ofMillis(100), Duration.ofMillis(300))
                    .withSecurity(new ClientSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, null, null,
                            null));
            try (LineSubscriber subscriber = new LineSubscriber(settings)) {
                subscriber.start();
                assertTrue(waitFor(() -> subscriber.status().lastError() != null, 20));
                assertEquals("the server offers no endpoint with security Basic256Sha256 Sign; it offers [None None]",
                        subscriber.status().lastError());
            }
        }
    }

    @Test
    void anUnreadablePasswordFileIsAClearErrorNamingTheFile() throws Exception {
        trustTheServer();
        try (LineSubscriber subscriber = start(MessageSecurityMode.Sign, "missing.password")) {
            assertTrue(waitFor(() -> subscriber.status().lastError() != null, 20));
            String error = subscriber.status().lastError();
            assertTrue(error.startsWith("passwordFile = " + dir.resolve("missing.password") + ": cannot read it"), error);
        }
    }
}
