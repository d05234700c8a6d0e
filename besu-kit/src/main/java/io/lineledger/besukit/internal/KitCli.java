package io.lineledger.besukit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.besukit.KeyStores;
import io.lineledger.besukit.NetworkCheck;
import io.lineledger.besukit.NetworkDescriptorFile;
import io.lineledger.besukit.NodeKey;
import io.lineledger.besukit.QbftNetwork;
import io.lineledger.besukit.QbftNetworkSpec;
import io.lineledger.besukit.RegistrySetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar lineledger-besu-kit-VERSION-cli.jar <command>}: a QBFT network for Besu, keystores, the registry's
 * deployment by its admin, writer grants, and a check of a node against the descriptor. Exit codes: 0 done,
 * 1 a check found a mismatch, 2 bad arguments or a failure (said on stderr).
 */
@Command(name = "lineledger-besu-kit", mixinStandardHelpOptions = true, version = "lineledger-besu-kit",
        description = "Sets up a Hyperledger Besu QBFT network for LineLedger and the registry auditors pin.",
        subcommands = {KitCli.Network.class, KitCli.KeyStore.class, KitCli.DeployRegistry.class,
                KitCli.GrantWriter.class, KitCli.RevokeWriter.class, KitCli.Check.class,
                CommandLine.HelpCommand.class})
public final class KitCli implements Callable<Integer> {

    static final int FAILED = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new KitCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> FAILED);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            err.println("FAILED: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        int exit = commandLine.execute(args);
        out.flush();
        err.flush();
        return exit;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return FAILED;
    }

    @Command(name = "network", mixinStandardHelpOptions = true, description = "Writes a QBFT network of N validators"
            + " for Besu into a new directory: each node's key, genesis.json (QBFT extraData with the validators,"
            + " free gas: zeroBaseFee), each node's config.toml (min-gas-price=0, static peers) and static-nodes.json.")
    static final class Network implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new (or empty) directory")
        Path out;

        @Option(names = "--validators", defaultValue = "4", description = "Validator nodes (4 tolerate one faulty;"
                + " default ${DEFAULT-VALUE})")
        int validators;

        @Option(names = "--chain-id", required = true, description = "The network's EIP-155 chain id (not 31337)")
        long chainId;

        @Option(names = "--block-period", defaultValue = "2", description = "Seconds between blocks (default"
                + " ${DEFAULT-VALUE})")
        int blockPeriod;

        @Option(names = "--request-timeout", defaultValue = "4", description = "QBFT round timeout in seconds,"
                + " at least twice the block period (default ${DEFAULT-VALUE})")
        int requestTimeout;

        @Option(names = "--epoch-length", defaultValue = "30000", description = "Blocks after which pending votes"
                + " reset (default ${DEFAULT-VALUE})")
        long epochLength;

        @Option(names = "--hosts", split = ",", defaultValue = "127.0.0.1", description = "One host for all nodes"
                + " (ports count up) or one per node (default ${DEFAULT-VALUE})")
        List<String> hosts;

        @Option(names = "--p2p-port", defaultValue = "30303", description = "First p2p port (default ${DEFAULT-VALUE})")
        int p2pPort;

        @Option(names = "--rpc-port", defaultValue = "8545", description = "First JSON-RPC port (default"
                + " ${DEFAULT-VALUE})")
        int rpcPort;

        @Option(names = "--rpc-interface", defaultValue = "127.0.0.1", description = "Where JSON-RPC listens"
                + " (default ${DEFAULT-VALUE})")
        String rpcInterface;

        @Override
        public Integer call() {
            QbftNetwork network = QbftNetwork.generate(new QbftNetworkSpec(validators, chainId, blockPeriod,
                    requestTimeout, epochLength, hosts, p2pPort, rpcPort, rpcInterface));
            network.writeTo(out);
            PrintWriter w = spec.commandLine().getOut();
            w.println("QBFT network of " + validators + " validator(s), chain " + chainId + ", written to " + out);
            network.validatorAddresses().forEach(a -> w.println("  validator " + a));
            w.println("Start each node from its directory: besu --config-file=config.toml");
            return 0;
        }
    }

    @Command(name = "keystore", mixinStandardHelpOptions = true, description = "Writes a new encrypted JSON keystore"
            + " (Ethereum V3) and a password file with a random password: for the ledger's anchoring account"
            + " (keyStoreFile, keyStorePasswordFile) or the registry's admin. Prints the account's address.")
    static final class KeyStore implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The keystore to write (new)")
        Path out;

        @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "Where its random"
                + " password goes (owner-readable only)")
        Path passwordFile;

        @Option(names = "--import-key-file", paramLabel = "FILE", description = "Encrypt this existing private key"
                + " (hex in a file) instead of a new one")
        Path importKeyFile;

        @Option(names = "--standard-scrypt", description = "geth's standard scrypt cost (256 MiB and about a second"
                + " to decrypt) instead of the light one")
        boolean standardScrypt;

        @Override
        public Integer call() throws Exception {
            ECKeyPair key = importKeyFile == null ? Keys.createEcKeyPair()
                    : NodeKey.of(Files.readString(importKeyFile, StandardCharsets.UTF_8)).pair();
            String address = KeyStores.create(out, passwordFile, key, standardScrypt);
            spec.commandLine().getOut().println(address);
            return 0;
        }
    }

    /** The admin's keystore, shared by the commands that sign as the registry's admin. */
    static final class AdminKey {

        @Option(names = "--rpc", required = true, paramLabel = "URL", description = "JSON-RPC of a node of the network")
        String rpcUrl;

        @Option(names = "--admin-keystore", required = true, paramLabel = "FILE", description = "The registry"
                + " admin's keystore (not the ledger's anchoring account)")
        Path keyStore;

        @Option(names = "--admin-password-file", required = true, paramLabel = "FILE")
        Path passwordFile;

        RegistrySetup connect() {
            return new RegistrySetup(rpcUrl, KeyStores.open(keyStore, passwordFile));
        }
    }

    @Command(name = "deploy-registry", mixinStandardHelpOptions = true, description = "Deploys LineLedgerRegistry as"
            + " its admin, grants each line's writer role to the ledger's anchoring account, and writes the network"
            + " descriptor auditors pin (chain id, registry, genesis hash, writers from their grant's block).")
    static final class DeployRegistry implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        AdminKey admin;

        @Option(names = "--writer", required = true, paramLabel = "LINE=0xADDRESS", description = "A line and the"
                + " anchoring account that writes it; repeat per line")
        Map<String, String> writers = new LinkedHashMap<>();

        @Option(names = "--name", defaultValue = "", description = "What the plant calls this network")
        String name;

        @Option(names = "--descriptor", required = true, paramLabel = "FILE", description = "The network descriptor"
                + " to write (lineledger-network JSON)")
        Path descriptor;

        @Override
        public Integer call() {
            try (RegistrySetup setup = admin.connect()) {
                NetworkDescriptorFile written = setup.deploy(name, writers);
                written.write(descriptor);
                PrintWriter w = spec.commandLine().getOut();
                w.println("registry " + written.registry() + " on chain " + written.chainId() + ", admin "
                        + setup.adminAddress());
                writers.forEach((line, account) -> w.println("  " + line + ": writer " + account));
                w.println("descriptor: " + descriptor + " (set contractAddress = " + written.registry()
                        + " in etc/io.lineledger.ledger.cfg)");
                return 0;
            }
        }
    }

    /** A change of one line's writer role, done by the admin and recorded in the descriptor. */
    abstract static class WriterChange implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        AdminKey admin;

        @Option(names = "--descriptor", required = true, paramLabel = "FILE")
        Path descriptor;

        @Option(names = "--line", required = true)
        String line;

        @Option(names = "--account", required = true, paramLabel = "0xADDRESS")
        String account;

        /** Sends the change; returns what to print once the descriptor is written. */
        abstract String change(RegistrySetup setup, NetworkDescriptorFile file);

        @Override
        public Integer call() {
            NetworkDescriptorFile file = NetworkDescriptorFile.read(descriptor);
            String done;
            try (RegistrySetup setup = admin.connect()) {
                done = change(setup, file);
            }
            file.write(descriptor);
            spec.commandLine().getOut().println(done);
            return 0;
        }
    }

    @Command(name = "grant-writer", mixinStandardHelpOptions = true, description = "Grants an anchoring account a"
            + " line's writer role (a new line, or a new key) and records it in the descriptor.")
    static final class GrantWriter extends WriterChange {

        @Override
        String change(RegistrySetup setup, NetworkDescriptorFile file) {
            setup.grantWriter(file, line, account);
            return "granted " + account + " the writer role of " + line;
        }
    }

    @Command(name = "revoke-writer", mixinStandardHelpOptions = true, description = "Revokes an account's writer"
            + " role of a line (a retired key) and records the block in the descriptor.")
    static final class RevokeWriter extends WriterChange {

        @Override
        String change(RegistrySetup setup, NetworkDescriptorFile file) {
            setup.revokeWriter(file, line, account);
            return "revoked " + account + "'s writer role of " + line;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Compares a node with the descriptor:"
            + " chain id, genesis hash, the registry's code, and the QBFT validators where the node offers Besu's"
            + " qbft_getValidatorsByBlockNumber (skipped where it does not).")
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--rpc", required = true, paramLabel = "URL")
        String rpcUrl;

        @Option(names = "--descriptor", required = true, paramLabel = "FILE")
        Path descriptor;

        @Option(names = "--validators", paramLabel = "FILE", description = "validators.json of the network's"
                + " directory, to compare the validators with")
        Path validators;

        @Override
        public Integer call() throws IOException {
            List<String> expected = new ArrayList<>();
            if (validators != null) {
                new ObjectMapper().readTree(validators.toFile()).forEach(v -> expected.add(v.asText()));
            }
            List<NetworkCheck.Result> results = NetworkCheck.run(rpcUrl, NetworkDescriptorFile.read(descriptor),
                    expected);
            results.forEach(spec.commandLine().getOut()::println);
            return results.stream().anyMatch(r -> Boolean.FALSE.equals(r.ok())) ? 1 : 0;
        }
    }
}
