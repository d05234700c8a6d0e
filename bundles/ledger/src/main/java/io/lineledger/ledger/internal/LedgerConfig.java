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

    @AttributeDefinition(required = false, description = "Encrypted JSON keystore (Ethereum V3, as geth, web3j, Besu's"
            + " tools and the network kit write it) of the account that signs anchor transactions; relative paths are"
            + " under etc/. Give this, signerUrl, or (dev chain only) privateKey")
    String keyStoreFile() default "";

    @AttributeDefinition(required = false, description = "File whose first line is the keystore's password; relative"
            + " paths are under etc/. Read again when it changes, so a fixed password takes effect without a restart")
    String keyStorePasswordFile() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "The keystore's password"
            + " itself, instead of keyStorePasswordFile: only as a reference Karaf resolves, e.g. $[secret:name] (a"
            + " file under etc/) or $[env:NAME], never in plain text")
    String keyStorePassword() default "";

    @AttributeDefinition(required = false, description = "JSON-RPC endpoint of a remote signer that holds the key"
            + " (Web3Signer-style eth_signTransaction), instead of a keystore")
    String signerUrl() default "";

    @AttributeDefinition(required = false, description = "With signerUrl: the account (0x address) the remote signer"
            + " signs for")
    String signerAccount() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Dev chain only (chain id"
            + " 31337, the demo and tests): a private key in plain text (32 bytes as hex). Refused on any other chain,"
            + " as are the dev chain's published test accounts")
    String privateKey() default "";

    @AttributeDefinition(required = false,
            description = "Address of the LineLedgerRegistry contract, deployed by its admin (a separate account that"
                    + " grants this one each line's writer role). Blank only on the dev chain (31337): the ledger then"
                    + " deploys one itself, remembers its address and grants itself the roles (the demo)")
    String contractAddress() default "";

    @AttributeDefinition(description = "Anchor a line's window once it has this many unanchored records")
    int maxRecords() default 50;

    @AttributeDefinition(description = "...or once its oldest unanchored record is this many milliseconds old")
    long maxMillis() default 2000;

    @AttributeDefinition(description = "Most records in one window (one Merkle tree, one transaction): a window takes"
            + " the line's whole unanchored backlog up to this many, so a large backlog goes out in few big windows")
    int maxRecordsPerWindow() default 65_536;

    @AttributeDefinition(description = "Windows of one line sent before the first of them is mined (consecutive"
            + " nonces keep their order); 1 anchors one window per line per block")
    int maxInFlightWindows() default 8;

    @AttributeDefinition(description = "The last window a pass closes on each line (the rest of its backlog) goes"
            + " with other lines' in one transaction (anchorMany), behind windows in flight too, up to this many; 1"
            + " sends each line's window alone")
    int maxLinesPerTransaction() default 16;

    @AttributeDefinition(description = "Milliseconds between passes over open jobs and windows")
    long pollMillis() default 500;

    @AttributeDefinition(description = "Blocks on top of an anchor's block before its records count as anchored;"
            + " 0 on a chain with immediate finality (Besu QBFT), more on a chain that can reorganize")
    int confirmations() default 0;

    @AttributeDefinition(description = "With confirmations > 0: blocks after its block during which an anchor marked"
            + " in the store is still checked against the canonical chain, and taken back and sent again when a deep"
            + " reorganization undid it; 0 turns the check off")
    int reorgWatchBlocks() default 64;

    @AttributeDefinition(description = "EIP-155 chain id to anchor on; a node serving another chain is not used."
            + " 0: the chain of the anchors already stored, else the first one the node reports")
    long chainId() default 0;

    @AttributeDefinition(description = "Milliseconds an anchor transaction may wait in the node's pool before it is"
            + " replaced (same nonce, higher gas price)")
    long stuckAfterMillis() default 30_000;

    @AttributeDefinition(description = "First retry delay in milliseconds after a transient failure of a line;"
            + " it doubles per repeated failure")
    long retryMinMillis() default 500;

    @AttributeDefinition(description = "Longest retry delay in milliseconds, and how often a line in ALARM is"
            + " looked at again")
    long retryMaxMillis() default 60_000;

    @AttributeDefinition(description = "Reverts of one anchor job's transaction before the line is an ALARM")
    int revertsBeforeAlarm() default 3;
}
