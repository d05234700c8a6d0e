package io.lineledger.verifier.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.Finding;
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
 * {@code java -jar lineledger-verifier-VERSION-cli.jar verify proof.json --rpc URL [--contract 0x…] [--json]}.
 * Exit codes: 0 valid, 1 invalid, 2 could not check (bad arguments, unreadable proof file, node unreachable).
 */
@Command(name = "lineledger-verifier", mixinStandardHelpOptions = true,
        versionProvider = VerifierCli.Version.class,
        description = "Checks LineLedger proof files against a JSON-RPC node of the chain they were anchored on.",
        subcommands = {VerifierCli.Verify.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:VALID", "1:INVALID", "2:COULD NOT CHECK (bad arguments, unreadable proof file, node unreachable)"})
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
            err.println("COULD NOT CHECK: " + e);
            return USAGE;
        });
        int exit = commandLine.execute(args);
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
            description = "Checks one proof file: record digest, Merkle proof, anchored range, and on the chain the "
                    + "chain id, the registry's anchorOf(root) and the anchoring transaction's receipt and Anchored log.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:VALID", "1:INVALID", "2:COULD NOT CHECK"})
    static final class Verify implements Callable<Integer> {

        private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

        private final Function<String, ChainReader> connect;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<proof.json>", description = "The proof file (lineledger-proof v1 JSON).")
        Path proofFile;

        @Option(names = "--rpc", required = true, paramLabel = "URL",
                description = "JSON-RPC endpoint of a node of the anchoring chain, e.g. http://127.0.0.1:8545")
        String rpcUrl;

        @Option(names = "--contract", paramLabel = "0x…",
                description = "The registry address you trust; the proof must name this contract.")
        String contract;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        Verify(Function<String, ChainReader> connect) {
            this.connect = connect;
        }

        @Override
        public Integer call() {
            if (contract != null && !ADDRESS.matcher(contract).matches()) {
                throw new ParameterException(spec.commandLine(),
                        "--contract must be a 0x-prefixed 20-byte address, got '" + contract + "'");
            }
            try {
                Web3jChainReader.checkUrl(rpcUrl);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--rpc: " + e.getMessage());
            }
            Verification result;
            try (ChainReader chain = connect.apply(rpcUrl)) {
                result = new ProofVerifier(chain).expectingContract(contract).verify(proofFile);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? toJson(result) : result.report());
            out.flush();
            return result.exitCode();
        }

        private String toJson(Verification result) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("result", result.outcome().name());
            root.put("verdict", result.outcome().label());
            root.put("exitCode", result.exitCode());
            root.put("proofFile", proofFile.toString());
            root.put("rpc", rpcUrl);
            ArrayNode findings = root.putArray("findings");
            for (Finding f : result.findings()) {
                findings.addObject().put("check", f.check()).put("status", f.status().name()).put("detail", f.detail());
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
                    "proof file format lineledger-proof v" + io.lineledger.model.ProofFile.VERSION};
        }
    }
}
