package io.lineledger.besukit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A QBFT private network of N validators for Hyperledger Besu, as files: each node's key, a genesis whose
 * {@code extraData} lists the validators, free gas ({@code zeroBaseFee} in the genesis, {@code min-gas-price=0} on
 * every node), each node's TOML configuration and the static peer list. Nothing here runs Besu.
 *
 * <pre>
 * out/genesis.json          chain id, QBFT block period, free gas, extraData with the validators
 * out/static-nodes.json     every node's enode
 * out/validators.json       the validator addresses, ascending (what `besu rlp encode` takes)
 * out/node-1/key            the node's private key (only its owner may read it)
 * out/node-1/key.pub        its public key (the enode id)
 * out/node-1/address        its validator address
 * out/node-1/config.toml    start it from its directory: besu --config-file=config.toml
 * </pre>
 */
public final class QbftNetwork {

    /** What Istanbul-family consensus puts in mixHash. */
    static final String BFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";
    /** A free-gas network needs no tight block gas limit (Besu's free gas guide: the largest). */
    static final String GAS_LIMIT = "0x1fffffffffffff";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final QbftNetworkSpec spec;
    private final List<NodeKey> keys;

    /** A network with fresh keys. */
    public static QbftNetwork generate(QbftNetworkSpec spec) {
        List<NodeKey> keys = new ArrayList<>();
        for (int i = 0; i < spec.validators(); i++) {
            keys.add(NodeKey.generate());
        }
        return new QbftNetwork(spec, keys);
    }

    /** A network of given keys (node i has key i). */
    public QbftNetwork(QbftNetworkSpec spec, List<NodeKey> keys) {
        if (keys.size() != spec.validators()) {
            throw new IllegalArgumentException(spec.validators() + " validators need as many keys, got " + keys.size());
        }
        this.spec = spec;
        this.keys = List.copyOf(keys);
    }

    /** The validator addresses in ascending order, as Besu's documentation asks for the genesis. */
    public List<String> validatorAddresses() {
        return keys.stream().map(NodeKey::address).sorted(Comparator.naturalOrder()).toList();
    }

    public List<NodeKey> keys() {
        return keys;
    }

    /** The genesis file's JSON. */
    public String genesis() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode config = root.putObject("config");
        config.put("chainId", spec.chainId());
        for (String fork : List.of("homesteadBlock", "eip150Block", "eip155Block", "eip158Block", "byzantiumBlock",
                "constantinopleBlock", "petersburgBlock", "istanbulBlock", "muirGlacierBlock", "berlinBlock",
                "londonBlock")) {
            config.put(fork, 0);
        }
        // London's base fee stays 0: with min-gas-price=0 on every node, transactions cost nothing. No Shanghai:
        // the registry is compiled for Paris (no PUSH0).
        config.put("zeroBaseFee", true);
        config.put("contractSizeLimit", 2147483647);
        ObjectNode qbft = config.putObject("qbft");
        qbft.put("blockperiodseconds", spec.blockPeriodSeconds());
        qbft.put("epochlength", spec.epochLength());
        qbft.put("requesttimeoutseconds", spec.requestTimeoutSeconds());
        root.put("nonce", "0x0");
        root.put("timestamp", "0x0");
        root.put("gasLimit", GAS_LIMIT);
        root.put("difficulty", "0x1");
        root.put("mixHash", BFT_MIX_HASH);
        root.put("coinbase", "0x0000000000000000000000000000000000000000");
        root.putObject("alloc");
        root.put("extraData", QbftExtraData.genesis(validatorAddresses()));
        return write(root);
    }

    /** Every node's enode, as static-nodes.json lists them. */
    public String staticNodes() {
        ArrayNode nodes = JSON.createArrayNode();
        for (int i = 0; i < keys.size(); i++) {
            nodes.add(keys.get(i).enode(spec.host(i), spec.p2pPort(i)));
        }
        return write(nodes);
    }

    /** Node {@code i}'s (0-based) Besu configuration; relative paths are from its own directory. */
    public String nodeConfig(int i) {
        return String.join("\n",
                "# Besu node " + (i + 1) + " of " + keys.size() + " (validator " + keys.get(i).address() + ")",
                "# start it from this directory: besu --config-file=config.toml",
                "data-path=\"data\"",
                "genesis-file=\"../genesis.json\"",
                "node-private-key-file=\"key\"",
                "",
                "# peers: every validator, no discovery",
                "static-nodes-file=\"../static-nodes.json\"",
                "discovery-enabled=false",
                "p2p-host=\"" + spec.host(i) + "\"",
                "p2p-port=" + spec.p2pPort(i),
                "",
                "# free gas: with zeroBaseFee in the genesis, no transaction needs a balance",
                "min-gas-price=0",
                "",
                "# JSON-RPC for LineLedger (ETH) and for checking the validators (QBFT)",
                "rpc-http-enabled=true",
                "rpc-http-host=\"" + spec.rpcInterface() + "\"",
                "rpc-http-port=" + spec.rpcPort(i),
                "rpc-http-api=[\"ETH\",\"NET\",\"WEB3\",\"QBFT\"]",
                "host-allowlist=" + allowlist(spec.host(i)),
                "revert-reason-enabled=true",
                "") + "\n";
    }

    /** Besu answers JSON-RPC only for these Host headers. */
    private static String allowlist(String host) {
        java.util.LinkedHashSet<String> hosts = new java.util.LinkedHashSet<>(List.of("localhost", "127.0.0.1", host));
        return "[" + String.join(",", hosts.stream().map(h -> "\"" + h + "\"").toList()) + "]";
    }

    /** Writes the network into {@code dir}, which must not exist or be empty: keys are never overwritten. */
    public void writeTo(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException(dir + " exists and is not empty: a network's keys are never"
                                + " overwritten; choose a new directory");
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("genesis.json"), genesis(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("static-nodes.json"), staticNodes(), StandardCharsets.UTF_8);
            ArrayNode validators = JSON.createArrayNode();
            validatorAddresses().forEach(validators::add);
            Files.writeString(dir.resolve("validators.json"), write(validators), StandardCharsets.UTF_8);
            for (int i = 0; i < keys.size(); i++) {
                Path node = Files.createDirectories(dir.resolve("node-" + (i + 1)));
                writePrivate(node.resolve("key"), keys.get(i).privateKeyHex());
                Files.writeString(node.resolve("key.pub"), "0x" + keys.get(i).publicKeyHex(), StandardCharsets.UTF_8);
                Files.writeString(node.resolve("address"), keys.get(i).address(), StandardCharsets.UTF_8);
                Files.writeString(node.resolve("config.toml"), nodeConfig(i), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the network to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A file only its owner may read (where the file system knows POSIX permissions). */
    static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static String write(Object json) {
        try {
            return JSON.writeValueAsString(json) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
