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

    @AttributeDefinition(description = "JSON-RPC URL of a chain node the verify page checks proof files against; empty:"
            + " none (chain checks then cannot run)")
    String verifyRpcUrl() default "";

    @AttributeDefinition(description = "Network descriptor file (lineledger-network) the verify page pins proofs to")
    String verifyNetwork() default "";

    @AttributeDefinition(description = "Without a descriptor: the registry address the verify page pins proofs to"
            + " (weaker: who anchored is not checked)")
    String verifyRegistry() default "";

    @AttributeDefinition(description = "Largest proof file the verify page reads, in bytes (1 KiB..64 MiB)")
    long verifyMaxBytes() default 8L * 1024 * 1024;
}
