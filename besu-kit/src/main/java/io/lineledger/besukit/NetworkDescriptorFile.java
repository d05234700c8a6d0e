package io.lineledger.besukit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The network descriptor a plant publishes and auditors pin ({@code lineledger-network} v1, read by the verifier's
 * {@code NetworkDescriptor}): chain id, registry, the genesis block's hash, and each line's writers over time. The kit
 * writes it when it deploys the registry and keeps it in step with every grant and revocation it makes.
 */
public final class NetworkDescriptorFile {

    static final String FORMAT = "lineledger-network";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root;

    private NetworkDescriptorFile(ObjectNode root) {
        this.root = root;
    }

    /** A new descriptor: no line has a writer yet. */
    public static NetworkDescriptorFile create(String name, long chainId, String registry, String genesisHash) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("name", name);
        root.put("chainId", chainId);
        root.put("registry", registry);
        ObjectNode pinned = root.putObject("pinnedBlock");
        pinned.put("number", 0);
        pinned.put("hash", genesisHash);
        root.putObject("lines");
        return new NetworkDescriptorFile(root);
    }

    public static NetworkDescriptorFile read(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || !node.isObject() || !FORMAT.equals(node.path("format").asText())) {
                throw new IllegalArgumentException(file + " is not a " + FORMAT + " descriptor");
            }
            return new NetworkDescriptorFile((ObjectNode) node);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the network descriptor " + file + ": " + e.getMessage());
        }
    }

    public long chainId() {
        return root.get("chainId").asLong();
    }

    public String registry() {
        return root.get("registry").asText();
    }

    public String genesisHash() {
        return root.get("pinnedBlock").get("hash").asText();
    }

    /** Records that {@code account} holds the line's writer role from {@code block} on. */
    public void granted(String lineId, String account, long block) {
        ObjectNode line = root.with("lines").has(lineId) ? (ObjectNode) root.get("lines").get(lineId)
                : root.with("lines").putObject(lineId);
        ArrayNode writers = line.has("writers") ? (ArrayNode) line.get("writers") : line.putArray("writers");
        writers.addObject().put("address", account.toLowerCase(Locale.ROOT)).put("fromBlock", block);
    }

    /**
     * Records that {@code account} lost the line's writer role in {@code block} (its open grant ends there).
     *
     * @throws IllegalArgumentException when the descriptor shows no open grant of the account on the line
     */
    public void revoked(String lineId, String account, long block) {
        JsonNode writers = root.path("lines").path(lineId).path("writers");
        for (JsonNode writer : writers) {
            if (writer.path("address").asText().equalsIgnoreCase(account) && !writer.hasNonNull("toBlock")) {
                ((ObjectNode) writer).put("toBlock", block);
                return;
            }
        }
        throw new IllegalArgumentException("the descriptor shows no open grant of " + account + " on line " + lineId);
    }

    public String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, json(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
