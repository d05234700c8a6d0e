package io.lineledger.verifier.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.Finding;
import io.lineledger.verifier.NetworkDescriptor;
import io.lineledger.verifier.NetworkDescriptorException;
import io.lineledger.verifier.ProofVerifier;
import io.lineledger.verifier.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar lineledger-verifier-VERSION-cli.jar verify proof.json --rpc URL [--network network.json |
 * --contract 0x…] [--json] [--max-bytes N]}. Exit codes: 0 valid, 1 invalid, 2 could not check (bad arguments,
 * unreadable proof or descriptor file, node unreachable or of another network), 3 unpinned (every check passed,
 * but nothing pinned the registry).
 */
@Command(name = "lineledger-verifier", mixinStandardHelpOptions = true,
        versionProvider = VerifierCli.Version.class,
        description = "Checks LineLedger proof files against a JSON-RPC node of the chain they were anchored on.",
        subcommands = {VerifierCli.Verify.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:VALID", "1:INVALID",
                "2:COULD NOT CHECK (bad arguments, unreadable proof file, node unreachable or of another network)",
                "3:UNPINNED (every check passed, but no --network or --contract pinned the registry)"})
public final class VerifierCli implements Callable<Integer> {

    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), ChainReader::connect));
    }

    /** Runs the command line with the given streams and node connector; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Function<String, ChainReader> connect) {
        CommandLine commandLine = new CommandLine(new VerifierCli(), new Factory(connect));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> USAGE);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            err.println("COULD NOT CHECK: " + TerminalText.escape(String.valueOf(e)));
            return USAGE;
        });
        int exit;
        try {
            exit = commandLine.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // never exit 1 (INVALID) through an error the file provoked
            err.println("COULD NOT CHECK: the verifier ran out of memory or stack (" + e.getClass().getSimpleName()
                    + "); is the file hostile?");
            exit = USAGE;
        }
        out.flush();
        err.flush();
        return exit;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Checks one proof file, its kind told by its format: a record (lineledger-proof v2, or the "
                    + "weaker v1), a line range (lineledger-range-proof) or a batch (lineledger-batch-proof). Record "
                    + "digests, prev links, Merkle proofs, leaf positions and anchored ranges, and on the chain the "
                    + "chain id, the registry's anchorOf(root), the anchoring transactions' receipts and Anchored logs "
                    + "and a batch's seal and revisions. "
                    + "With --network also the pinned registry, the node's network (a pinned block hash) and that the "
                    + "anchoring account was the line's writer in that block.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:VALID", "1:INVALID", "2:COULD NOT CHECK", "3:UNPINNED (no --network or --contract)"})
    static final class Verify implements Callable<Integer> {

        private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

        private final Function<String, ChainReader> connect;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<proof.json>", description = "The proof file: lineledger-proof (v2 or v1), lineledger-range-proof or "
                + "lineledger-batch-proof JSON.")
        Path proofFile;

        @Option(names = "--rpc", required = true, paramLabel = "URL",
                description = "JSON-RPC endpoint of a node of the anchoring chain, e.g. http://127.0.0.1:8545")
        String rpcUrl;

        @Option(names = "--network", paramLabel = "FILE",
                description = "The plant's network descriptor (lineledger-network JSON) you pin: chain id, registry, "
                        + "a block hash, and each line's writers over time. Without it (or --contract) the best "
                        + "verdict is UNPINNED.")
        Path networkFile;

        @Option(names = "--contract", paramLabel = "0x…",
                description = "A weaker pin: the registry address you trust; the proof must name this contract, but "
                        + "who anchored the root is not checked.")
        String contract;

        @Option(names = "--json", description = "Print the result as JSON (ASCII only) for scripts.")
        boolean json;

        @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "" + BoundedJsonFile.DEFAULT_MAX_BYTES,
                description = "Refuse proof and descriptor files larger than this (COULD NOT CHECK); "
                        + "default ${DEFAULT-VALUE} (16 MiB).")
        long maxBytes;

        Verify(Function<String, ChainReader> connect) {
            this.connect = connect;
        }

        @Override
        public Integer call() {
            if (contract != null && !ADDRESS.matcher(contract).matches()) {
                throw usage("--contract must be a 0x-prefixed 20-byte address, got '" + contract + "'");
            }
            if (contract != null && networkFile != null) {
                throw usage("give --network or --contract, not both: the network descriptor names the registry");
            }
            if (maxBytes < 1) {
                throw usage("--max-bytes must be at least 1, got " + maxBytes);
            }
            try {
                Web3jChainReader.checkUrl(rpcUrl);
            } catch (IllegalArgumentException e) {
                throw usage("--rpc: " + e.getMessage());
            }
            NetworkDescriptor network = null;
            if (networkFile != null) {
                try {
                    network = NetworkDescriptor.read(networkFile, maxBytes);
                } catch (NetworkDescriptorException e) {
                    // the auditor's own input, not the proof: no verdict on the proof, the reason on stderr
                    spec.commandLine().getErr().println("COULD NOT CHECK: --network: "
                            + TerminalText.escape(e.getMessage()));
                    return Verification.Outcome.UNCHECKABLE.exitCode();
                }
            }
            Verification result;
            try (ChainReader chain = connect.apply(rpcUrl)) {
                ProofVerifier verifier = new ProofVerifier(chain).withMaxBytes(maxBytes).expectingContract(contract);
                result = (network == null ? verifier : verifier.pinnedTo(network)).verify(proofFile);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? toJson(result) : result.report());
            out.flush();
            return result.exitCode();
        }

        private ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), TerminalText.escape(message));
        }

        /** Pure ASCII (JSON escapes for everything else), so no byte of it can steer a terminal either. */
        private String toJson(Verification result) {
            ObjectMapper mapper = new ObjectMapper();
            mapper.getFactory().configure(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true);
            ObjectNode root = mapper.createObjectNode();
            root.put("verdict", result.outcome().label());
            root.put("outcome", result.outcome().name());
            root.put("exitCode", result.exitCode());
            root.put("proofFile", proofFile.toString());
            root.put("rpc", rpcUrl);
            ObjectNode pin = root.putObject("pin");
            pin.put("level", result.pin().level().name());
            pin.put("detail", result.pin().detail());
            result.checks(Finding.Status.FAIL).forEach(root.putArray("failedChecks")::add);
            result.checks(Finding.Status.NOT_CHECKED).forEach(root.putArray("notCheckedChecks")::add);
            result.notes().forEach(root.putArray("notes")::add);
            ArrayNode checks = root.putArray("checks");
            for (Finding f : result.findings()) {
                checks.addObject().put("name", f.check()).put("result", f.status().name()).put("detail", f.detail());
            }
            try {
                return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Gives the verify command its node connector (real or a test double). */
    private static final class Factory implements CommandLine.IFactory {

        private final Function<String, ChainReader> connect;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(Function<String, ChainReader> connect) {
            this.connect = connect;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == Verify.class) {
                return type.cast(new Verify(connect));
            }
            return fallback.create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = VerifierCli.class.getResourceAsStream("/io/lineledger/verifier/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"lineledger-verifier " + properties.getProperty("version", "unknown"),
                    "proof file formats: lineledger-proof v" + io.lineledger.model.ProofFile.VERSION + " (and v1), "
                            + io.lineledger.model.RangeProofFile.RANGE_FORMAT + " and "
                            + io.lineledger.model.RangeProofFile.BATCH_FORMAT + " v" + io.lineledger.model.RangeProofFile.VERSION};
        }
    }
}
