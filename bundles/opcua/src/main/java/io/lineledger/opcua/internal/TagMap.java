package io.lineledger.opcua.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * The tags of a line, from configuration properties (see docs/plant-configuration.md):
 * <pre>
 * tag.batchId = nsu=urn:lineledger:plc-sim;s=Line1.BatchId          (short for tag.batchId.node)
 * tag.fillWeight.path = Line2/Checkweigher/FillWeight                 (browse path from Objects)
 * tag.fillWeight.type = Double                                        (checked on connect and per value)
 * tag.rawWeight.scale = 0.1   tag.rawWeight.offset = 0                (value = raw × scale + offset)
 * </pre>
 * Node ids may name their namespace by URI ({@code nsu=}, stable across server restarts) or by index
 * ({@code ns=}). Tag names may contain dots; the last segment {@code node}, {@code path}, {@code type},
 * {@code scale} or {@code offset} is an attribute. Tags are kept sorted by name.
 */
public final class TagMap {

    public static final String PREFIX = "tag.";
    private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
    private static final Pattern SEGMENT = Pattern.compile("(?:(\\d+):)?(.+)");
    private static final Set<String> ATTRIBUTES = Set.of("node", "path", "type", "scale", "offset");

    private final Map<String, TagSpec> tags;

    private TagMap(Map<String, TagSpec> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    /**
     * Reads every {@code tag.*} property; other properties are ignored.
     *
     * @throws IllegalArgumentException naming the key and value of a bad entry, or when there is no tag
     */
    public static TagMap fromProperties(Map<String, ?> properties) {
        // tag name → attribute → key and value
        Map<String, Map<String, String[]>> byTag = new TreeMap<>();
        for (Map.Entry<String, ?> entry : new TreeMap<>(properties).entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            String value = entry.getValue() == null ? "" : entry.getValue().toString().trim();
            int dot = rest.lastIndexOf('.');
            String attribute = dot < 0 ? null : rest.substring(dot + 1);
            String name = attribute != null && ATTRIBUTES.contains(attribute) ? rest.substring(0, dot) : rest;
            if (attribute == null || !ATTRIBUTES.contains(attribute)) {
                attribute = "node";
            }
            if (!TAG_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(key + " = " + value
                        + ": the tag name after 'tag.' must be letters, digits, '_', '.' or '-'");
            }
            Map<String, String[]> attributes = byTag.computeIfAbsent(name, n -> new TreeMap<>());
            String[] earlier = attributes.put(attribute, new String[] {key, value});
            if (earlier != null) {
                throw new IllegalArgumentException(key + " = " + value + ": tag '" + name + "' already has its node in "
                        + earlier[0] + " = " + earlier[1] + "; keep one of them");
            }
        }
        Map<String, TagSpec> tags = new LinkedHashMap<>();
        byTag.forEach((name, attributes) -> tags.put(name, spec(name, attributes)));
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("no tags configured: add at least one "
                    + PREFIX + "<name> = <nodeId>, e.g. tag.batchId = nsu=urn:lineledger:plc-sim;s=Line1.BatchId");
        }
        return new TagMap(tags);
    }

    private static TagSpec spec(String name, Map<String, String[]> attributes) {
        String[] node = attributes.get("node");
        String[] path = attributes.get("path");
        if (node != null && path != null) {
            throw new IllegalArgumentException(path[0] + " = " + path[1] + ": tag '" + name + "' also has a node id ("
                    + node[0] + " = " + node[1] + "); give either a node id or a browse path");
        }
        if (node == null && path == null) {
            String[] any = attributes.values().iterator().next();
            throw new IllegalArgumentException(any[0] + " = " + any[1] + ": tag '" + name + "' has no node; add "
                    + PREFIX + name + " = <nodeId> or " + PREFIX + name + ".path = <browse path>");
        }
        TagType type = attributes.containsKey("type")
                ? TagType.parse(attributes.get("type")[0], attributes.get("type")[1]) : null;
        Double scale = number(attributes.get("scale"));
        Double offset = number(attributes.get("offset"));
        if (scale != null && scale == 0) {
            throw new IllegalArgumentException(attributes.get("scale")[0] + " = " + attributes.get("scale")[1]
                    + ": a scale of 0 makes every value the offset");
        }
        if ((scale != null || offset != null) && (type == TagType.String || type == TagType.Boolean)) {
            String[] which = scale != null ? attributes.get("scale") : attributes.get("offset");
            throw new IllegalArgumentException(which[0] + " = " + which[1] + ": tag '" + name + "' is of type " + type
                    + "; only numeric tags can be scaled");
        }
        return node != null
                ? new TagSpec(name, parseNodeId(node[0], node[1]), null, type, scale, offset)
                : new TagSpec(name, null, parsePath(path[0], path[1]), type, scale, offset);
    }

    private static Double number(String[] keyValue) {
        if (keyValue == null) {
            return null;
        }
        try {
            double value = java.lang.Double.parseDouble(keyValue[1]);
            if (java.lang.Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(keyValue[0] + " = " + keyValue[1] + ": not a finite number, e.g. 0.1");
    }

    static ExpandedNodeId parseNodeId(String key, String value) {
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

    /** {@code Line2/Checkweigher/FillWeight}, optionally {@code Objects/} first, segments optionally {@code <ns>:name}. */
    static List<TagSpec.Segment> parsePath(String key, String value) {
        String path = value.startsWith("/") ? value.substring(1) : value;
        if (path.startsWith("Objects/")) {
            path = path.substring("Objects/".length());
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException(key + " = " + value + ": empty browse path; expected e.g. "
                    + "Line2/Checkweigher/FillWeight");
        }
        List<TagSpec.Segment> segments = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            var matcher = SEGMENT.matcher(part.trim());
            if (part.isBlank() || !matcher.matches()) {
                throw new IllegalArgumentException(key + " = " + value + ": empty segment in the browse path");
            }
            Integer ns = matcher.group(1) == null ? null : Integer.valueOf(matcher.group(1));
            if (ns != null && ns > 65535) {
                throw new IllegalArgumentException(key + " = " + value + ": namespace index " + ns + " out of range");
            }
            segments.add(new TagSpec.Segment(ns, matcher.group(2)));
        }
        return segments;
    }

    /** Tag name → spec, sorted by tag name. */
    public Map<String, TagSpec> tags() {
        return tags;
    }

    public int size() {
        return tags.size();
    }

    @Override
    public String toString() {
        return tags.toString();
    }
}
