package io.lineledger.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.TrustListManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PKI directory's trust list ({@code trusted/certs}, {@code trusted/crl}, {@code issuers/certs},
 * {@code issuers/crl}, the layout of Milo's file-based trust list), read again whenever a file in it changed: the
 * validator asks for it only when a session is opened. Milo's {@code FileBasedTrustListManager} watches the
 * directories instead, with two threads per client (its watcher and the JDK's): 168 idle threads for 84 lines.
 */
final class TrustListDirectory implements TrustListManager {

    private static final Logger LOG = LoggerFactory.getLogger(TrustListDirectory.class);

    private final Path trustedCerts;
    private final Path trustedCrls;
    private final Path issuerCerts;
    private final Path issuerCrls;
    private Snapshot snapshot; // guarded by this

    /** What the directories held when last read, and how they looked then (names, sizes, modification times). */
    private record Snapshot(String look, List<X509Certificate> trustedCerts, List<X509CRL> trustedCrls,
                            List<X509Certificate> issuerCerts, List<X509CRL> issuerCrls, DateTime readAt) {
    }

    TrustListDirectory(Path pkiDir) throws IOException {
        trustedCerts = Files.createDirectories(pkiDir.resolve("trusted").resolve("certs"));
        trustedCrls = Files.createDirectories(pkiDir.resolve("trusted").resolve("crl"));
        issuerCerts = Files.createDirectories(pkiDir.resolve("issuers").resolve("certs"));
        issuerCrls = Files.createDirectories(pkiDir.resolve("issuers").resolve("crl"));
    }

    private synchronized Snapshot current() {
        String look = look(trustedCerts) + look(trustedCrls) + look(issuerCerts) + look(issuerCrls);
        if (snapshot == null || !snapshot.look().equals(look)) {
            snapshot = new Snapshot(look, certificates(trustedCerts), crls(trustedCrls), certificates(issuerCerts),
                    crls(issuerCrls), DateTime.now());
        }
        return snapshot;
    }

    @Override
    public List<X509CRL> getIssuerCrls() {
        return current().issuerCrls();
    }

    @Override
    public List<X509CRL> getTrustedCrls() {
        return current().trustedCrls();
    }

    @Override
    public List<X509Certificate> getIssuerCertificates() {
        return current().issuerCerts();
    }

    @Override
    public List<X509Certificate> getTrustedCertificates() {
        return current().trustedCerts();
    }

    @Override
    public DateTime getLastUpdateTime() {
        return current().readAt();
    }

    @Override
    public void setIssuerCrls(List<X509CRL> crls) {
        replace(issuerCrls, crls.stream().map(TrustListDirectory::encoded).toList());
    }

    @Override
    public void setTrustedCrls(List<X509CRL> crls) {
        replace(trustedCrls, crls.stream().map(TrustListDirectory::encoded).toList());
    }

    @Override
    public void setIssuerCertificates(List<X509Certificate> certificates) {
        replace(issuerCerts, certificates.stream().map(TrustListDirectory::encoded).toList());
    }

    @Override
    public void setTrustedCertificates(List<X509Certificate> certificates) {
        replace(trustedCerts, certificates.stream().map(TrustListDirectory::encoded).toList());
    }

    @Override
    public void addIssuerCertificate(X509Certificate certificate) {
        write(issuerCerts, encoded(certificate));
    }

    @Override
    public void addTrustedCertificate(X509Certificate certificate) {
        write(trustedCerts, encoded(certificate));
    }

    @Override
    public boolean removeIssuerCertificate(ByteString thumbprint) {
        return remove(issuerCerts, thumbprint);
    }

    @Override
    public boolean removeTrustedCertificate(ByteString thumbprint) {
        return remove(trustedCerts, thumbprint);
    }

    // ---- files -------------------------------------------------------------------------------------------

    /** The directory's regular files by name, with size and modification time: changes when any file does. */
    private static String look(Path dir) {
        StringBuilder look = new StringBuilder(dir.toString()).append('{');
        TreeMap<String, String> files = new TreeMap<>();
        forEachFile(dir, file -> {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            files.put(file.getFileName().toString(), attributes.size() + "@" + attributes.lastModifiedTime());
        });
        files.forEach((name, stamp) -> look.append(name).append('=').append(stamp).append(';'));
        return look.append('}').toString();
    }

    private static List<X509Certificate> certificates(Path dir) {
        List<X509Certificate> certificates = new ArrayList<>();
        forEachFile(dir, file -> {
            try {
                certificates.addAll(CertificateUtil.decodeCertificates(Files.readAllBytes(file)));
            } catch (UaException e) {
                LOG.warn("{} is not a certificate and is not trusted: {}", file, e.getMessage());
            }
        });
        return List.copyOf(certificates);
    }

    private static List<X509CRL> crls(Path dir) {
        List<X509CRL> crls = new ArrayList<>();
        forEachFile(dir, file -> {
            try (InputStream in = Files.newInputStream(file)) {
                for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                    crls.add((X509CRL) crl);
                }
            } catch (CertificateException | CRLException e) {
                LOG.warn("{} is not a certificate revocation list and is not read: {}", file, e.getMessage());
            }
        });
        return List.copyOf(crls);
    }

    @FunctionalInterface
    private interface FileWork {
        void accept(Path file) throws IOException;
    }

    private static void forEachFile(Path dir, FileWork work) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path file : files) {
                work.accept(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private synchronized void replace(Path dir, List<byte[]> encodings) {
        forEachFile(dir, Files::delete);
        encodings.forEach(encoding -> write(dir, encoding));
    }

    private synchronized void write(Path dir, byte[] encoding) {
        try {
            Files.write(dir.resolve(ClientPki.sha1Hex(encoding) + fileSuffix(dir)), encoding);
        } catch (IOException e) {
            throw new UncheckedIOException("writing into " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private synchronized boolean remove(Path dir, ByteString thumbprint) {
        boolean[] removed = {false};
        forEachFile(dir, file -> {
            try {
                for (X509Certificate certificate : CertificateUtil.decodeCertificates(Files.readAllBytes(file))) {
                    if (CertificateUtil.thumbprint(certificate).equals(thumbprint)) {
                        Files.delete(file);
                        removed[0] = true;
                        return;
                    }
                }
            } catch (UaException e) {
                // not a certificate: not the one to remove
            }
        });
        return removed[0];
    }

    private String fileSuffix(Path dir) {
        return dir.equals(trustedCrls) || dir.equals(issuerCrls) ? ".crl" : ".der";
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalArgumentException("revocation list cannot be encoded: " + e.getMessage(), e);
        }
    }
}
