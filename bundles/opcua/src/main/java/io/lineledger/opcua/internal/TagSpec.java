package io.lineledger.opcua.internal;

import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * One configured tag: where it is read (a node id, or a browse path resolved on each connect), its expected type
 * and its linear scaling.
 *
 * @param name   the tag name the rules refer to
 * @param node   the node, or null when addressed by {@code path}
 * @param path   browse path from the Objects folder, or null when addressed by {@code node}
 * @param type   expected built-in type, or null for any
 * @param scale  factor of a numeric raw value, or null for no scaling
 * @param offset added after scaling, or null for no scaling
 */
record TagSpec(String name, ExpandedNodeId node, List<Segment> path, TagType type, Double scale, Double offset) {

    /** One browse name of a path; {@code namespaceIndex} null when not pinned (the server's namespace of the parent's children). */
    record Segment(Integer namespaceIndex, String name) {
        @Override
        public String toString() {
            return namespaceIndex == null ? name : namespaceIndex + ":" + name;
        }
    }

    TagSpec {
        Objects.requireNonNull(name, "name");
        if ((node == null) == (path == null)) {
            throw new IllegalArgumentException("tag " + name + ": exactly one of node and path");
        }
        path = path == null ? null : List.copyOf(path);
    }

    static TagSpec ofNode(String name, ExpandedNodeId node) {
        return new TagSpec(name, node, null, null, null, null);
    }

    boolean scaled() {
        return scale != null || offset != null;
    }

    /** How the tag is addressed, as configured: the node id or the path. */
    String address() {
        return node != null ? node.toParseableString()
                : String.join("/", path.stream().map(Segment::toString).toList());
    }
}
