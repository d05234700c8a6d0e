package io.lineledger.opcua.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.lineledger.opcua} ({@code etc/io.lineledger.opcua.cfg}). Besides these keys, every
 * {@code tag.<name> = <nodeId>} property names one tag to subscribe to, e.g.
 * {@code tag.batchId = nsu=urn:lineledger:plc-sim;s=Line1.BatchId}.
 */
@ObjectClassDefinition(name = "LineLedger OPC UA source",
        description = "Which OPC UA server and tags a production line is read from. "
                + "Add one tag.<name> = <nodeId> property per tag.")
public @interface OpcUaSourceConfig {

    @AttributeDefinition(description = "OPC UA endpoint of the line's PLC (security None, anonymous)")
    String endpointUrl() default "opc.tcp://127.0.0.1:4840/lineledger";

    @AttributeDefinition(description = "Line id put on every production event")
    String lineId() default "line-1";

    @AttributeDefinition(description = "Requested sampling interval per tag in ms; 0 = as fast as the server can")
    double samplingIntervalMs() default 0;

    @AttributeDefinition(description = "Requested publishing interval of the subscription in ms")
    double publishingIntervalMs() default 100;

    @AttributeDefinition(description = "Keep-alive interval of the subscription in ms when nothing changes; a "
            + "subscription silent for about 1.5 times this long is created anew and the silence reported as a gap")
    double keepAliveMs() default 2000;

    @AttributeDefinition(description = "Timeout of each OPC UA request and of connecting, in ms")
    long requestTimeoutMs() default 5000;

    @AttributeDefinition(description = "Server-side queue per tag, so values between two publishes are not lost")
    int queueSize() default 1000;

    @AttributeDefinition(description = "Longest wait between two connection attempts, in ms")
    long maxReconnectDelayMs() default 10_000;
}
