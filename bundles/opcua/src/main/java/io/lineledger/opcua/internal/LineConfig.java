package io.lineledger.opcua.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One line, factory PID {@code io.lineledger.line} ({@code etc/io.lineledger.line-<name>.cfg}); the keys the OPC UA
 * source reads (docs/plant-configuration.md). Besides these: {@code tag.<name>[.node|.path|.type|.scale|.offset]},
 * the subscription settings of {@link OpcUaSourceConfig} to override the shared defaults, and the rules' keys.
 */
@ObjectClassDefinition(name = "LineLedger line",
        description = "A production line: which PLC and which tags (tag.<name> = <nodeId>, tag.<name>.path = "
                + "<browse path>, tag.<name>.type, .scale, .offset), and what the tags mean for the rules")
public @interface LineConfig {

    @AttributeDefinition(description = "Line id on every record: letters, digits, '_', '.', '-'; unique")
    String lineId();

    @AttributeDefinition(description = "OPC UA endpoint of the line's PLC, opc.tcp://host:port/path")
    String endpointUrl();

    @AttributeDefinition(description = "None or Basic256Sha256", options = {
        @Option(label = "None", value = "None"), @Option(label = "Basic256Sha256", value = "Basic256Sha256")})
    String securityPolicy() default "None";

    @AttributeDefinition(description = "None (with policy None), Sign or SignAndEncrypt", required = false)
    String securityMode();

    @AttributeDefinition(description = "User name; anonymous when empty", required = false)
    String userName();

    @AttributeDefinition(description = "File holding the password, relative to Karaf's etc/", required = false)
    String passwordFile();

    @AttributeDefinition(description = "The password itself (prefer passwordFile or $[secret:...])", required = false,
            type = AttributeType.PASSWORD)
    String password();

    // the rules' fixed keys (read by the rules bundle, described here so that one description covers the PID)

    @AttributeDefinition(name = "batch.idTag", description = "The tag holding the batch (lot) id")
    String batch_idTag();

    @AttributeDefinition(name = "batch.productTag", required = false, description = "The tag holding the product")
    String batch_productTag();

    @AttributeDefinition(name = "batch.recipeTag", required = false, description = "The tag holding the recipe")
    String batch_recipeTag();

    @AttributeDefinition(name = "batch.boundary", description = "How a batch starts and ends: state, packml, flag,"
            + " idChange")
    String batch_boundary() default "state";

    @AttributeDefinition(name = "batch.stateTag", required = false, description = "The tag the boundary reads")
    String batch_stateTag();

    @AttributeDefinition(name = "counter.totalTag", required = false, description = "Parts made in the batch")
    String counter_totalTag();

    @AttributeDefinition(name = "counter.goodTag", required = false, description = "Good parts (with rejectTag)")
    String counter_goodTag();

    @AttributeDefinition(name = "counter.rejectTag", required = false, description = "Rejected parts (with goodTag)")
    String counter_rejectTag();
}
