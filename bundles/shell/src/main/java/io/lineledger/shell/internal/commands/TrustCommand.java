package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.RunningParts;
import io.lineledger.shell.internal.ServerCertificates;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lineledger", name = "trust", description = "Lists the OPC UA server certificates a line refused, or "
        + "trusts one of them (moves it from rejected/ to trusted/certs/ of the line's PKI directory)",
        detailedDescription = "Without a certificate (or with --list) it lists the refused ones with their SHA-1 "
                + "thumbprints: compare the thumbprint with the PLC's own certificate before trusting it. The line's "
                + "client connects at its next attempt; no restart. See docs/opcua-security.md.")
@Service
public class TrustCommand implements Action {

    @Reference
    RunningParts parts;

    @Argument(index = 0, name = "lineId", required = true, description = "The line whose client refused the certificate")
    @Completion(LineIdCompleter.class)
    String lineId;

    @Argument(index = 1, name = "certificate", description = "File name in rejected/, or the SHA-1 thumbprint "
            + "(at least its first 6 hex digits)")
    String certificate;

    @Option(name = "--list", description = "Only list the refused certificates")
    boolean list;

    @Override
    public Object execute() throws Exception {
        ServerCertificates certificates;
        try {
            certificates = new ServerCertificates(parts.pkiDirectory(lineId));
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.out.println(e.getMessage());
            return null;
        }
        // Karaf stops parsing options at the first argument: "trust line-1 --list" arrives as the certificate
        if (list || certificate == null || "--list".equals(certificate)) {
            System.out.print(certificates.render(lineId));
            return null;
        }
        try {
            Path trusted = certificates.trust(certificate);
            System.out.println("Trusted: " + trusted + "\nThe client of " + lineId
                    + " uses it at its next connect attempt (lineledger:status shows the connection).");
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
