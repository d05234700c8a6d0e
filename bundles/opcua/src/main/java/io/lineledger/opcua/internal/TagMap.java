package io.lineledger.opcua.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * Which OPC UA node each logical tag reads, from configuration properties {@code tag.<name> = <nodeId>}, e.g.
 * {@code tag.batchId = nsu=urn:lineledger:plc-sim;s=Line1.BatchId}. Node ids may name their namespace by URI
 * ({@code nsu=}, stable across server restarts) or by index ({@code ns=}). Tags are kept sorted by name.
 */
public final class TagMap {

    public static final String PREFIX = "tag.";
    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    private final Map<String, ExpandedNodeId> nodesByTag;

    private TagMap(Map<String, ExpandedNodeId> nodesByTag) {
        this.nodesByTag = Collections.unmodifiableMap(nodesByTag);
    }

    /**
     * Reads every {@code tag.*} property; other properties are ignored.
     *
     * @throws IllegalArgumentException naming the key and value of a bad entry, or when there is no entry
     */
    public static TagMap fromProperties(Map<String, ?> properties) {
        Map<String, ExpandedNodeId> nodes = new TreeMap<>();
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String name = key.substring(PREFIX.length());
            Object raw = entry.getValue();
            String value = raw == null ? "" : raw.toString().trim();
            if (!TAG_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(key + " = " + value
                        + ": the tag name after 'tag.' must be letters, digits, '_', '.' or '-'");
            }
            nodes.put(name, parseNodeId(key, value));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no tags configured: add at least one "
                    + PREFIX + "<name> = <nodeId>, e.g. tag.batchId = nsu=urn:lineledger:plc-sim;s=Line1.BatchId");
        }
        return new TagMap(new LinkedHashMap<>(nodes));
    }

    private static ExpandedNodeId parseNodeId(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty: expected an OPC UA node id such as "
                    + "nsu=urn:lineledger:plc-sim;s=Line1.BatchId");
        }
        ExpandedNodeId nodeId;
        try {
            nodeId = ExpandedNodeId.parse(value);
        } catch (RuntimeException e) {
            nodeId = null;
        }
        if (nodeId == null || nodeId.isNull()) {
            throw new IllegalArgumentException(key + " = " + value + ": not an OPC UA node id; expected e.g. "
                    + "nsu=<namespace uri>;s=<name> or ns=<index>;i=<number>");
        }
        if (!nodeId.isLocal()) {
            throw new IllegalArgumentException(key + " = " + value + ": node ids on another server (svr=) are not supported");
        }
        return nodeId;
    }

    /** Tag name → node id, sorted by tag name. */
    public Map<String, ExpandedNodeId> nodesByTag() {
        return nodesByTag;
    }

    public int size() {
        return nodesByTag.size();
    }

    @Override
    public String toString() {
        return nodesByTag.toString();
    }
}
