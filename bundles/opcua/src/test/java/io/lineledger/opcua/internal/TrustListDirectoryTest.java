package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustListDirectoryTest {

    @TempDir
    Path pki;

    @Test
    void aCertificateMovedIntoTrustedIsTrustedAtTheNextAskAndNoLongerOnceRemoved() throws Exception {
        TrustListDirectory trustList = new TrustListDirectory(pki);
        assertTrue(trustList.getTrustedCertificates().isEmpty());
        assertTrue(trustList.getIssuerCertificates().isEmpty());
        assertTrue(trustList.getTrustedCrls().isEmpty());

        X509Certificate server = certificate("plc-1");
        Path file = pki.resolve("trusted").resolve("certs").resolve("plc-1.der");
        Files.write(file, server.getEncoded()); // what an administrator does, no call to the trust list
        assertEquals(List.of(server), trustList.getTrustedCertificates());

        Files.delete(file);
        assertTrue(trustList.getTrustedCertificates().isEmpty(), "a removed file is no longer trusted");
    }

    @Test
    void aFileThatIsNoCertificateIsNotTrustedAndTheOthersStillAre() throws Exception {
        TrustListDirectory trustList = new TrustListDirectory(pki);
        Path trusted = pki.resolve("trusted").resolve("certs");
        X509Certificate server = certificate("plc-2");
        Files.write(trusted.resolve("plc-2.der"), server.getEncoded());
        Files.writeString(trusted.resolve("notes.txt"), "not a certificate");
        assertEquals(List.of(server), trustList.getTrustedCertificates());
    }

    @Test
    void addedCertificatesAreFilesAndRemovingByThumbprintDeletesThem() throws Exception {
        TrustListDirectory trustList = new TrustListDirectory(pki);
        X509Certificate issuer = certificate("issuer");
        X509Certificate server = certificate("plc-3");
        trustList.addIssuerCertificate(issuer);
        trustList.addTrustedCertificate(server);
        assertEquals(List.of(issuer), trustList.getIssuerCertificates());
        assertEquals(List.of(server), trustList.getTrustedCertificates());
        try (Stream<Path> files = Files.list(pki.resolve("trusted").resolve("certs"))) {
            assertEquals(1, files.count());
        }

        assertFalse(trustList.removeTrustedCertificate(CertificateUtil.thumbprint(issuer)), "not in trusted");
        assertTrue(trustList.removeTrustedCertificate(CertificateUtil.thumbprint(server)));
        assertTrue(trustList.getTrustedCertificates().isEmpty());

        trustList.setTrustedCertificates(List.of(server, issuer));
        assertEquals(2, trustList.getTrustedCertificates().size());
        trustList.setTrustedCertificates(List.of());
        assertTrue(trustList.getTrustedCertificates().isEmpty());
    }

    private static X509Certificate certificate(String name) throws Exception {
        return new SelfSignedCertificateBuilder(SelfSignedCertificateGenerator.generateRsaKeyPair(2048))
                .setCommonName(name)
                .setApplicationUri("urn:test:" + name)
                .build();
    }
}
