package io.lineledger.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCertificatesTest {

    /** plc-server.der: a self-signed certificate made with openssl for these tests. */
    private static final String THUMBPRINT = "ff69d83f33f9d04343ecbdce43e438ceaad9756c";

    @TempDir
    Path pki;

    private Path reject(String fileName) throws IOException {
        Path rejected = Files.createDirectories(pki.resolve("rejected"));
        try (InputStream in = getClass().getResourceAsStream("/plc-server.der")) {
            Files.copy(in, rejected.resolve(fileName));
        }
        return rejected.resolve(fileName);
    }

    @Test
    void refusedCertificatesAreListedWithSubjectAndSha1() throws IOException {
        reject("3a1f.der");
        Files.writeString(pki.resolve("rejected").resolve("garbage.der"), "not a certificate");

        List<ServerCertificates.Rejected> rejected = new ServerCertificates(pki).rejected();

        assertEquals(2, rejected.size());
        ServerCertificates.Rejected cert = rejected.get(0);
        assertEquals(THUMBPRINT, cert.thumbprint());
        assertTrue(cert.subject().contains("CN=plc-sim test server"), cert.subject());
        assertNull(cert.problem());
        assertTrue(rejected.get(1).problem() != null);
        String text = new ServerCertificates(pki).render("line-1");
        assertTrue(text.contains(THUMBPRINT) && text.contains("not a certificate"), text);
    }

    @Test
    void trustingByThumbprintMovesTheFileToTrustedCerts() throws IOException {
        Path file = reject("3a1f.der");

        Path trusted = new ServerCertificates(pki).trust("FF:69:D8:3F");

        assertEquals(pki.resolve("trusted").resolve("certs").resolve("3a1f.der"), trusted);
        assertTrue(Files.isRegularFile(trusted));
        assertFalse(Files.exists(file));
    }

    @Test
    void trustingByFileNameWorksAndAnUnknownSelectorIsRefusedNamingIt() throws IOException {
        reject("3a1f.der");
        ServerCertificates certificates = new ServerCertificates(pki);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> certificates.trust("abcdef"));
        assertTrue(e.getMessage().contains("'abcdef'"), e.getMessage());
        assertTrue(Files.isRegularFile(certificates.trust("3a1f.der")));
    }

    @Test
    void anAmbiguousThumbprintIsRefused() throws IOException {
        reject("a.der");
        reject("b.der");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerCertificates(pki).trust(THUMBPRINT));
        assertTrue(e.getMessage().contains("matches 2"), e.getMessage());
    }

    @Test
    void noRejectedDirectoryMeansNothingRefused() throws IOException {
        assertTrue(new ServerCertificates(pki.resolve("pki-none")).rejected().isEmpty());
    }

    @Test
    void thePkiDirectoryFollowsTheOpcUaBundlesSetting() {
        Path data = Path.of("/karaf/data");
        assertEquals(Path.of("/karaf/data/lineledger/pki/pki-line-1"),
                PkiLocation.of("line-1", " lineledger/pki ", data, null));
        assertEquals(Path.of("/karaf/data/cache/bundle42/data/pki-line-1"),
                PkiLocation.of("line-1", "", data, Path.of("/karaf/data/cache/bundle42/data")));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> PkiLocation.of("line-1", null, data, null));
        assertTrue(missing.getMessage().contains("io.lineledger.opcua"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PkiLocation.of("../etc", null, data, null));
    }
}
