package io.lineledger.certificates.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value CertificatesServlet#PID}, i.e. {@code etc/io.lineledger.certificates.cfg}. */
@ObjectClassDefinition(name = "LineLedger certificates", description = "Batch certificate pages and proof downloads")
public @interface CertificatesConfig {

    @AttributeDefinition(description = "Shown above every page, e.g. the plant's name")
    String title() default "LineLedger";

    @AttributeDefinition(description = "Rows per page of the batch list, unless a request asks for another size (1..1000)")
    int recentBatches() default 50;

    @AttributeDefinition(description = "JSON-RPC URL of a chain node that certificates are compared with and the verify"
            + " page checks proof files against; empty: none (then no certificate says anchored or sealed, and chain"
            + " checks of proof files cannot run)")
    String verifyRpcUrl() default "";

    @AttributeDefinition(description = "Network descriptor file (lineledger-network; relative to Karaf's etc/) that"
            + " certificates and the verify page pin the chain's facts to")
    String verifyNetwork() default "";

    @AttributeDefinition(description = "Without a descriptor: the registry address the verify page pins proofs to"
            + " (weaker: who anchored is not checked)")
    String verifyRegistry() default "";

    @AttributeDefinition(description = "Largest proof file the verify page reads, in bytes (1 KiB..64 MiB)")
    long verifyMaxBytes() default 8L * 1024 * 1024;

    @AttributeDefinition(description = "A certificate whose records have not changed is compared with the chain again"
            + " after this many minutes (1..1440); any change of its records, anchors or seal is compared at once")
    int chainRecheckMinutes() default 10;

    @AttributeDefinition(description = "How long a certificate page waits for its comparison with the chain before it"
            + " says 'checking' and refreshes itself, in milliseconds (0..30000)")
    int chainCheckWaitMillis() default 3000;

    @AttributeDefinition(description = "File of the signers' full names, one 'user = Full Name' per line (UTF-8),"
            + " relative to etc/; read at every signature, so a line added counts at once. A user without a full name"
            + " there cannot sign a release")
    String signerNamesFile() default "lineledger/signers.properties";
}
