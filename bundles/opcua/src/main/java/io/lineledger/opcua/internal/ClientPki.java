package io.lineledger.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * One client's PKI directory: its own certificate ({@code own/client.pfx}, self-signed, generated once and kept;
 * {@code own/client.der} to hand to the PLC's administrator), the server certificates it trusts
 * ({@code trusted/certs}) and the ones it refused ({@code rejected/}). A server certificate is trusted only when in
 * {@code trusted/certs}; there is no trust-all.
 */
final class ClientPki implements AutoCloseable {

    /** The key store lives in Karaf's data area; file permissions protect it, not this password. */
    private static final char[] KEY_STORE_PASSWORD = "lineledger".toCharArray();
    private static final String ALIAS = "client";

    /** A server certificate the validator refused, and where it was put. */
    record Rejection(X509Certificate certificate, String thumbprint, Path file) { }

    private final Path dir;
    private final TrustListDirectory trustList;
    private final CertificateValidator validator;
    private final AtomicReference<Rejection> lastRejection = new AtomicReference<>();
    private KeyPair keyPair;
    private X509Certificate certificate;

    ClientPki(Path dir) throws IOException {
        this.dir = dir;
        Path rejected = Files.createDirectories(dir.resolve("rejected"));
        this.trustList = new TrustListDirectory(dir);
        FileBasedCertificateQuarantine quarantine = new FileBasedCertificateQuarantine(rejected.toFile()) {
            @Override
            public void addRejectedCertificate(X509Certificate refused) {
                super.addRejectedCertificate(refused);
                String thumbprint = thumbprint(refused);
                // Milo names the file after the SHA-1 of the certificate's signature
                lastRejection.set(new Rejection(refused, thumbprint, rejected.resolve(signatureDigest(refused) + ".der")));
            }
        };
        this.validator = new DefaultClientCertificateValidator(trustList, quarantine);
    }

    Path trustedCerts() {
        return dir.resolve("trusted").resolve("certs");
    }

    /** Checks server certificates against {@code trusted/}; refused ones are saved to {@code rejected/}. */
    CertificateValidator validator() {
        return validator;
    }

    /** The last server certificate refused, cleared by the call. */
    Rejection takeRejection() {
        return lastRejection.getAndSet(null);
    }

    KeyPair keyPair() {
        return keyPair;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Loads this client's certificate, or creates it for {@code applicationUri} when there is none yet. */
    void loadOrCreateCertificate(String applicationUri, String commonName) throws Exception {
        if (certificate != null) {
            return;
        }
        Path own = Files.createDirectories(dir.resolve("own"));
        Path store = own.resolve("client.pfx");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        if (Files.isRegularFile(store)) {
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, KEY_STORE_PASSWORD);
            }
            Certificate kept = keyStore.getCertificate(ALIAS);
            if (kept instanceof X509Certificate x509 && keyStore.getKey(ALIAS, KEY_STORE_PASSWORD) instanceof PrivateKey key) {
                keyPair = new KeyPair(x509.getPublicKey(), key);
                certificate = x509;
                return;
            }
            throw new IllegalStateException(store + " holds no client key and certificate; move it away to have a "
                    + "new one generated (the PLCs must then trust the new certificate)");
        }
        KeyPair generated = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate created = new SelfSignedCertificateBuilder(generated)
                .setCommonName(commonName)
                .setOrganization("LineLedger")
                .setApplicationUri(applicationUri)
                .addDnsName("localhost")
                .build();
        keyStore.load(null, null);
        keyStore.setKeyEntry(ALIAS, generated.getPrivate(), KEY_STORE_PASSWORD, new Certificate[] {created});
        Path temp = Files.createTempFile(own, "client", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            keyStore.store(out, KEY_STORE_PASSWORD);
        }
        Files.move(temp, store, StandardCopyOption.ATOMIC_MOVE);
        Files.write(own.resolve("client.der"), created.getEncoded());
        keyPair = generated;
        certificate = created;
    }

    static String thumbprint(X509Certificate certificate) {
        try {
            return sha1Hex(certificate.getEncoded());
        } catch (Exception e) {
            return "?";
        }
    }

    private static String signatureDigest(X509Certificate certificate) {
        try {
            return sha1Hex(certificate.getSignature());
        } catch (Exception e) {
            return "?";
        }
    }

    /** SHA-1 in hex: the thumbprint of a certificate's encoding, and the names Milo and the trust list give files. */
    static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JVM", e); // every Java SE has it
        }
    }

    @Override
    public void close() {
        // nothing held open: the trust list reads its directories when asked (TrustListDirectory)
    }
}
