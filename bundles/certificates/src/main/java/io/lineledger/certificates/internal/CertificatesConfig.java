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
}
