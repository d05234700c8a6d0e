package io.lineledger.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The server certificates one line's OPC UA client refused ({@code <pki>/rejected/*.der}) and the step that trusts
 * one: moving it to {@code <pki>/trusted/certs/}, which the client watches (its next connect attempt uses it). The
 * layout is the OPC UA bundle's {@code ClientPki}.
 */
public final class ServerCertificates {

    /**
     * A refused certificate.
     *
     * @param thumbprint SHA-1 of the certificate's DER encoding, hex: what the PLC's display or the vendor's tool shows
     * @param problem    why the file could not be read as a certificate; null when it could
     */
    public record Rejected(Path file, String subject, String issuer, String thumbprint, Instant notAfter,
                           String problem) { }

    private final Path pkiDir;

    public ServerCertificates(Path pkiDir) {
        this.pkiDir = pkiDir;
    }

    public Path pkiDir() {
        return pkiDir;
    }

    public Path rejectedDir() {
        return pkiDir.resolve("rejected");
    }

    public Path trustedCerts() {
        return pkiDir.resolve("trusted").resolve("certs");
    }

    /** The refused certificates, by file name; empty when there are none (or the directory does not exist yet). */
    public List<Rejected> rejected() throws IOException {
        if (!Files.isDirectory(rejectedDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(rejectedDir())) {
            return files.filter(Files::isRegularFile).sorted().map(ServerCertificates::read).toList();
        }
    }

    /**
     * Moves the refused certificate named by {@code selector} (its file name, or its SHA-1 thumbprint or a unique
     * start of it of at least 6 hex digits, case and colons ignored) to {@code trusted/certs/} and returns it there.
     *
     * @throws IllegalArgumentException when no certificate or more than one matches, naming the selector
     */
    public Path trust(String selector) throws IOException {
        List<Rejected> matches = rejected().stream().filter(r -> matches(r, selector)).toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no refused certificate in " + rejectedDir() + " matches '" + selector
                    + "' (give its file name or SHA-1 thumbprint, see --list)");
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("'" + selector + "' matches " + matches.size()
                    + " refused certificates; give more of the thumbprint or the file name");
        }
        Rejected chosen = matches.get(0);
        if (chosen.problem() != null) {
            throw new IllegalArgumentException(chosen.file() + " is not a certificate: " + chosen.problem());
        }
        Path target = Files.createDirectories(trustedCerts()).resolve(chosen.file().getFileName());
        return Files.move(chosen.file(), target);
    }

    private static boolean matches(Rejected r, String selector) {
        if (r.file().getFileName().toString().equals(selector)) {
            return true;
        }
        String hex = selector.replace(":", "").toLowerCase(Locale.ROOT);
        return r.thumbprint() != null && hex.length() >= 6 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                && r.thumbprint().startsWith(hex);
    }

    private static Rejected read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
            return new Rejected(file, cert.getSubjectX500Principal().getName(), cert.getIssuerX500Principal().getName(),
                    thumbprint, cert.getNotAfter().toInstant(), null);
        } catch (IOException | CertificateException | NoSuchAlgorithmException | ClassCastException e) {
            return new Rejected(file, null, null, null, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** The text of {@code lineledger:trust <line> --list}. */
    public String render(String lineId) throws IOException {
        List<Rejected> rejected = rejected();
        StringBuilder out = new StringBuilder("PKI directory of ").append(lineId).append(": ").append(pkiDir)
                .append('\n');
        if (rejected.isEmpty()) {
            return out.append("No refused server certificate in ").append(rejectedDir()).append('\n').toString();
        }
        TextTable table = new TextTable("FILE", "SHA-1", "SUBJECT", "VALID UNTIL");
        for (Rejected r : rejected) {
            table.row(r.file().getFileName(), r.thumbprint(), r.problem() == null ? r.subject()
                    : "not a certificate: " + r.problem(), Texts.time(r.notAfter()));
        }
        return out.append(table).append("Compare the SHA-1 with the PLC's own certificate, then: lineledger:trust ")
                .append(lineId).append(" <SHA-1 or file>\n").toString();
    }
}
