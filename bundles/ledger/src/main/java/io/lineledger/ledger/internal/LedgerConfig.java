package io.lineledger.ledger.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.lineledger.ledger} ({@code etc/io.lineledger.ledger.cfg}). */
@ObjectClassDefinition(name = "LineLedger ledger", description = "Anchoring of line records on the LineLedgerRegistry contract")
public @interface LedgerConfig {

    String PID = "io.lineledger.ledger";

    @AttributeDefinition(description = "JSON-RPC endpoint of the chain node (http or https)")
    String rpcUrl() default "http://127.0.0.1:8545";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Private key (32 bytes as hex) of the account that signs anchor transactions")
    String privateKey();

    @AttributeDefinition(required = false,
            description = "Address of the LineLedgerRegistry contract; blank deploys one and remembers its address")
    String contractAddress() default "";

    @AttributeDefinition(description = "Anchor a line's window once it has this many unanchored records")
    int maxRecords() default 50;

    @AttributeDefinition(description = "...or once its oldest unanchored record is this many milliseconds old")
    long maxMillis() default 2000;

    @AttributeDefinition(description = "Milliseconds between passes over open jobs and windows")
    long pollMillis() default 500;

    @AttributeDefinition(description = "Blocks on top of an anchor's block before its records count as anchored")
    int confirmations() default 0;
}
