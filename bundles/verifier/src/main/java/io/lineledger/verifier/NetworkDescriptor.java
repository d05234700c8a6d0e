package io.lineledger.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.model.Bytes32;
import io.lineledger.verifier.internal.BoundedJsonFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The trust anchor an auditor pins: which network, which registry on it, and which accounts were allowed to
 * anchor each line when. The plant publishes it (the certificate links to it); a proof verifies VALID only
 * against it, because anyone can deploy a look-alike registry on the same chain.
 *
 * <pre>
 * { "format": "lineledger-network", "version": 1, "name": "Example plant, production",
 *   "chainId": 31337, "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
 *   "pinnedBlock": { "number": 0, "hash": "0x…" },
 *   "lines": { "line-1": { "writers": [ { "address": "0x…", "fromBlock": 1, "toBlock": 5000 },
 *                                        { "address": "0x…", "fromBlock": 4990 } ] } } }
 * </pre>
 *
 * @param name        what the plant calls this network (shown to the auditor; may be empty)
 * @param chainId     EIP-155 chain id
 * @param registry    address of the LineLedgerRegistry every proof must name
 * @param pinnedBlock a block the node must hold with exactly this hash (0 is the genesis block): a node of another
 *                    network with the same chain id is refused
 * @param lines       per line id, the accounts granted the line's writer role and the blocks they held it in
 */
public record NetworkDescriptor(String name, long chainId, String registry, PinnedBlock pinnedBlock,
                                Map<String, List<WriterGrant>> lines) {

    public static final String FORMAT = "lineledger-network";
    public static final int VERSION = 1;

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public NetworkDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(pinnedBlock, "pinnedBlock");
        Map<String, List<WriterGrant>> copy = new LinkedHashMap<>();
        lines.forEach((line, writers) -> copy.put(line, List.copyOf(writers)));
        lines = java.util.Collections.unmodifiableMap(copy);
    }

    /** A block the node must hold, by number and hash. */
    public record PinnedBlock(long number, Bytes32 hash) {

        public PinnedBlock {
            Objects.requireNonNull(hash, "hash");
        }
    }

    /**
     * One grant of a line's writer role.
     *
     * @param address   the account
     * @param fromBlock the block of the grant (inclusive)
     * @param toBlock   the block of the revocation (inclusive: the contract refused the account's anchors after
     *                  the revoking transaction), or empty while the account still holds the role
     */
    public record WriterGrant(String address, long fromBlock, Optional<Long> toBlock) {

        public WriterGrant {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(toBlock, "toBlock");
        }

        public boolean authorizes(String account, long block) {
            return address.equalsIgnoreCase(account) && block >= fromBlock
                    && toBlock.map(to -> block <= to).orElse(true);
        }

        @Override
        public String toString() {
            return address + " (blocks " + fromBlock + ".." + toBlock.map(String::valueOf).orElse("") + ")";
        }
    }

    /** The grants of {@code lineId}; empty when the descriptor does not name the line. */
    public List<WriterGrant> writersOf(String lineId) {
        return lines.getOrDefault(lineId, List.of());
    }

    /** Whether {@code account} held the writer role of {@code lineId} in {@code block}, per this descriptor. */
    public boolean authorizes(String lineId, String account, long block) {
        return writersOf(lineId).stream().anyMatch(grant -> grant.authorizes(account, block));
    }

    /** Reads a descriptor file with the same limits as a proof file (size, UTF-8, no duplicate keys). */
    public static NetworkDescriptor read(Path file, long maxBytes) {
        String text;
        try {
            text = BoundedJsonFile.read(file, maxBytes);
        } catch (BoundedJsonFile.UnreadableException e) {
            throw new NetworkDescriptorException(e.getMessage());
        }
        try {
            return parse(text);
        } catch (NetworkDescriptorException e) {
            throw new NetworkDescriptorException(file + " is not a valid network descriptor: " + e.getMessage());
        }
    }

    /** Parses a descriptor; a {@link NetworkDescriptorException} names the field and the value at fault. */
    public static NetworkDescriptor parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NetworkDescriptorException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new NetworkDescriptorException("a network descriptor must be a JSON object");
        }
        String format = text(root, "format", "format");
        if (!FORMAT.equals(format)) {
            throw new NetworkDescriptorException("field 'format' must be '" + FORMAT + "', got '" + format + "'");
        }
        long version = number(root, "version", "version");
        if (version != VERSION) {
            throw new NetworkDescriptorException("field 'version': unsupported version " + version
                    + " (this reader knows " + VERSION + ")");
        }
        JsonNode nameNode = root.get("name");
        if (nameNode != null && !nameNode.isTextual()) {
            throw new NetworkDescriptorException("field 'name' must be a string, got " + nameNode);
        }
        String name = nameNode == null ? "" : nameNode.asText();
        long chainId = atLeast(1, number(root, "chainId", "chainId"), "chainId");
        String registry = address(root, "registry", "registry");
        JsonNode block = object(root, "pinnedBlock", "pinnedBlock");
        long blockNumber = atLeast(0, number(block, "number", "pinnedBlock.number"), "pinnedBlock.number");
        Bytes32 blockHash = bytes32(block, "hash", "pinnedBlock.hash");
        JsonNode linesNode = object(root, "lines", "lines");
        Map<String, List<WriterGrant>> lines = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = linesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> line = it.next();
            String at = "lines." + line.getKey();
            if (!line.getValue().isObject()) {
                throw new NetworkDescriptorException("field '" + at + "' must be a JSON object, got "
                        + line.getValue());
            }
            JsonNode writersNode = line.getValue().get("writers");
            if (writersNode == null || !writersNode.isArray()) {
                throw new NetworkDescriptorException("field '" + at + ".writers' must be an array, got " + writersNode);
            }
            List<WriterGrant> writers = new ArrayList<>();
            for (int i = 0; i < writersNode.size(); i++) {
                writers.add(grant(writersNode.get(i), at + ".writers[" + i + "]"));
            }
            lines.put(line.getKey(), writers);
        }
        return new NetworkDescriptor(name, chainId, registry, new PinnedBlock(blockNumber, blockHash), lines);
    }

    private static WriterGrant grant(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new NetworkDescriptorException("field '" + at + "' must be a JSON object, got " + node);
        }
        String address = address(node, "address", at + ".address");
        long from = atLeast(0, number(node, "fromBlock", at + ".fromBlock"), at + ".fromBlock");
        Optional<Long> to = Optional.empty();
        if (node.has("toBlock") && !node.get("toBlock").isNull()) {
            to = Optional.of(atLeast(from, number(node, "toBlock", at + ".toBlock"), at + ".toBlock"));
        }
        return new WriterGrant(address, from, to);
    }

    private static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new NetworkDescriptorException("field '" + path + "' must be a JSON object, got " + node);
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new NetworkDescriptorException("field '" + path + "' must be a string, got " + node);
        }
        return node.asText();
    }

    private static String address(JsonNode parent, String field, String path) {
        String value = text(parent, field, path);
        if (!ADDRESS.matcher(value).matches()) {
            throw new NetworkDescriptorException("field '" + path + "' must be a 0x-prefixed 20-byte address, got '"
                    + value + "'");
        }
        return value;
    }

    private static Bytes32 bytes32(JsonNode parent, String field, String path) {
        String value = text(parent, field, path);
        try {
            return Bytes32.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw new NetworkDescriptorException("field '" + path + "': " + e.getMessage());
        }
    }

    private static long number(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new NetworkDescriptorException("field '" + path + "' must be a whole number, got " + node);
        }
        return node.asLong();
    }

    private static long atLeast(long min, long value, String path) {
        if (value < min) {
            throw new NetworkDescriptorException("field '" + path + "' must be >= " + min + ", got " + value);
        }
        return value;
    }
}
