package io.lineledger.opcua.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings shared by all lines, PID {@code io.lineledger.opcua} ({@code etc/io.lineledger.opcua.cfg}, optional): the
 * defaults of each line's subscription settings. A line's own configuration ({@code etc/io.lineledger.line-*.cfg})
 * may set any of them for itself.
 */
@ObjectClassDefinition(name = "LineLedger OPC UA source",
        description = "Subscription defaults of every line read over OPC UA; each line is configured in its own "
                + "io.lineledger.line configuration")
public @interface OpcUaSourceConfig {

    @AttributeDefinition(description = "Requested sampling interval per tag in ms; 0 = as fast as the server can")
    double samplingIntervalMs() default 0;

    @AttributeDefinition(description = "Requested publishing interval of the subscription in ms")
    double publishingIntervalMs() default 100;

    @AttributeDefinition(description = "Keep-alive interval of the subscription in ms when nothing changes; a "
            + "subscription silent for about 1.5 times this long is created anew and the silence reported as a gap")
    double keepAliveMs() default 2000;

    @AttributeDefinition(description = "Timeout of each OPC UA request and of connecting, in ms")
    long requestTimeoutMs() default 5000;

    @AttributeDefinition(description = "Server-side queue per tag: the values between two publishes and during a "
            + "short stall of the client (3 s of a tag changing 3,334 times a second); when it overflows, the oldest "
            + "values are discarded and reported as an opcua-queue-overflow gap")
    int queueSize() default SubscriberSettings.DEFAULT_QUEUE_SIZE;

    @AttributeDefinition(description = "Values held at most per line between the OPC UA client and the rules; when "
            + "the rules and store fall further behind, values are dropped and reported as an ingest-dropped gap")
    int ingestQueueCapacity() default SubscriberSettings.DEFAULT_INGEST_QUEUE_CAPACITY;

    @AttributeDefinition(description = "Values held at most in all lines' ingest queues together (about 250 bytes of "
            + "memory each), so that memory stays bounded however many lines there are; a line holding fewer than "
            + "2,000 always gets room. When the rules and store fall behind on many lines at once, values beyond it "
            + "are dropped and reported as ingest-dropped gaps")
    long ingestBudget() default 200_000;

    @AttributeDefinition(description = "Lines handing values to their rules at once; 0 = one per processor core. "
            + "More than the cores only lets the lines' threads crowd out anchoring under overload")
    int ingestConcurrency() default 0;

    @AttributeDefinition(description = "Longest wait between two connection attempts, in ms")
    long maxReconnectDelayMs() default 10_000;

    @AttributeDefinition(description = "Directory of the lines' PKI directories (pki-<lineId>: client certificate, "
            + "trusted and rejected server certificates); relative to Karaf's data/. Empty: this bundle's data area")
    String pkiDirectory() default "";
}
