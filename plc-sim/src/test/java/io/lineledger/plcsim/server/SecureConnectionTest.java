package io.lineledger.plcsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.model.SimulationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic256Sha256 with user name and password; the server's certificate in its own PKI directory. */
class SecureConnectionTest {

    private static final String CLIENT_URI = "urn:lineledger:plc-sim:test-client";

    @TempDir
    Path dataDir;

    private PlcSimulator start(boolean trustAllClients) {
        return PlcSimulator.start(PlcSimulator.Options.defaults().withDataDir(dataDir)
                .withSettings(SimulationSettings.defaults().withPartIntervalMs(50))
                .withUsers(Map.of("operator", "s3cret"))
                .withTrustAllClients(trustAllClients));
    }

    private static OpcUaClient connect(String endpointUrl, MessageSecurityMode mode, IdentityProvider identity)
            throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("plc-sim test client").setApplicationUri(CLIENT_URI).addDnsName("localhost").build();
        OpcUaClient client = OpcUaClient.create(endpointUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.Basic256Sha256.getUri().equals(e.getSecurityPolicyUri())
                                && e.getSecurityMode() == mode)
                        .findFirst(),
                transport -> { },
                config -> config.setApplicationUri(CLIENT_URI)
                        .setKeyPair(keyPair)
                        .setCertificate(certificate)
                        .setCertificateChain(new X509Certificate[] {certificate})
                        // the test trusts the simulator's self-signed certificate as it is
                        .setCertificateValidator(new CertificateValidator.InsecureCertificateValidator())
                        .setIdentityProvider(identity));
        client.connect();
        return client;
    }

    private static UsernameProvider user(String name, String password) {
        return new UsernameProvider(name, password, new CertificateValidator.InsecureCertificateValidator());
    }

    @Test
    void aUserReadsOverSignAndEncryptAndWrongCredentialsOrAnonymousAreRefused() throws Exception {
        try (PlcSimulator sim = start(true)) {
            assertEquals(List.of("None (anonymous)", "Basic256Sha256 Sign (user name)",
                    "Basic256Sha256 SignAndEncrypt (user name)"), sim.securityModes());
            assertTrue(Files.isRegularFile(dataDir.resolve("pki").resolve("server.pfx")),
                    "the server certificate lives in the instance's PKI directory");

            OpcUaClient client = connect(sim.endpointUrl(), MessageSecurityMode.SignAndEncrypt, user("operator", "s3cret"));
            try {
                int ns = client.readNamespaceTable().getIndex(PlcSimServer.NAMESPACE_URI).intValue();
                var value = client.readValue(0, TimestampsToReturn.Both, new NodeId(ns, "Line1.BatchState"));
                assertTrue(value.getStatusCode().isGood());
                assertTrue(value.getValue().getValue() instanceof String);
            } finally {
                client.disconnect();
            }

            assertThrows(Exception.class, () -> connect(sim.endpointUrl(), MessageSecurityMode.SignAndEncrypt,
                    user("operator", "wrong")).disconnect(), "wrong password");
            assertThrows(Exception.class, () -> connect(sim.endpointUrl(), MessageSecurityMode.Sign,
                    new AnonymousProvider()).disconnect(), "anonymous only on None");
        }
    }

    @Test
    void anUntrustedClientCertificateIsRejectedIntoTheRejectedDirectory() throws Exception {
        try (PlcSimulator sim = start(false)) {
            assertThrows(Exception.class, () -> connect(sim.endpointUrl(), MessageSecurityMode.SignAndEncrypt,
                    user("operator", "s3cret")).disconnect());

            try (Stream<Path> rejected = Files.walk(dataDir.resolve("pki").resolve("rejected"))) {
                assertTrue(rejected.anyMatch(Files::isRegularFile), "the client's certificate waits in rejected/");
            }
        }
    }
}
