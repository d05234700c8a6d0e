package io.lineledger.opcua.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;

/**
 * Finds each tag's node on the server at connect: node ids through the server's namespace table, browse paths with
 * TranslateBrowsePathsToNodeIds from the Objects folder, then every node's DataType attribute against the tag's
 * type. A tag that fails is reported and left out; the others are returned.
 *
 * <p>A path segment without {@code <nsIndex>:} matches its browse name in any one namespace: the path is tried
 * with all its unpinned segments in namespace 1, 2, … and then 0, in one request; the first that resolves wins.
 */
final class TagResolver {

    /** Where a tag's problem goes. */
    @FunctionalInterface
    interface Problems {
        void report(String tag, String node, String problem);
    }

    /** DataTypes of nodes whose values can be of several built-in types: only the values are checked. */
    private static final List<NodeId> ANY_VALUE = List.of(NodeIds.BaseDataType, NodeIds.Number, NodeIds.Integer,
            NodeIds.UInteger);

    /** Operations per request: servers limit them (MaxNodesPerTranslateBrowsePathsToNodeIds, MaxNodesPerRead). */
    private static final int MAX_PER_REQUEST = 100;

    private final OpcUaClient client;
    private final SubscriberSettings settings;

    TagResolver(OpcUaClient client, SubscriberSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Tag → node, for the tags that exist with a fitting type, sorted by tag. */
    Map<String, NodeId> resolve(Problems problems) throws Exception {
        NamespaceTable namespaces = client.readNamespaceTable();
        Map<String, NodeId> nodes = new TreeMap<>();
        List<TagSpec> byPath = new ArrayList<>();
        for (TagSpec tag : settings.tags().tags().values()) {
            if (tag.node() == null) {
                byPath.add(tag);
                continue;
            }
            Optional<NodeId> nodeId = tag.node().toNodeId(namespaces);
            if (nodeId.isPresent()) {
                nodes.put(tag.name(), nodeId.get());
            } else {
                problems.report(tag.name(), tag.address(), "the server has no namespace " + tag.node().getNamespaceUri());
            }
        }
        if (!byPath.isEmpty()) {
            nodes.putAll(translate(byPath, namespaces, problems));
        }
        return checkDataTypes(nodes, problems);
    }

    private Map<String, NodeId> translate(List<TagSpec> tags, NamespaceTable namespaces, Problems problems) throws Exception {
        List<BrowsePath> paths = new ArrayList<>();
        List<TagSpec> pathTags = new ArrayList<>();
        for (TagSpec tag : tags) {
            for (int ns : candidateNamespaces(tag, namespaces.toArray().length)) {
                paths.add(browsePath(tag, ns));
                pathTags.add(tag);
            }
        }
        List<BrowsePathResult> results = new ArrayList<>();
        for (int from = 0; from < paths.size(); from += MAX_PER_REQUEST) {
            BrowsePathResult[] chunk = client.translateBrowsePaths(
                    paths.subList(from, Math.min(paths.size(), from + MAX_PER_REQUEST))).getResults();
            results.addAll(chunk == null ? List.of() : List.of(chunk));
        }
        Map<String, NodeId> found = new LinkedHashMap<>();
        Map<String, StatusCode> failures = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            TagSpec tag = pathTags.get(i);
            if (found.containsKey(tag.name())) {
                continue;
            }
            BrowsePathResult result = i >= results.size() ? null : results.get(i);
            if (result != null && result.getStatusCode().isGood() && result.getTargets() != null
                    && result.getTargets().length > 0 && result.getTargets()[0].getTargetId().isLocal()) {
                Optional<NodeId> node = result.getTargets()[0].getTargetId().toNodeId(namespaces);
                if (node.isPresent()) {
                    found.put(tag.name(), node.get());
                    continue;
                }
            }
            failures.putIfAbsent(tag.name(), result == null ? StatusCode.BAD : result.getStatusCode());
        }
        for (TagSpec tag : tags) {
            if (!found.containsKey(tag.name())) {
                StatusCode status = failures.getOrDefault(tag.name(), StatusCode.BAD);
                problems.report(tag.name(), "Objects/" + tag.address(), "the browse path does not resolve ("
                        + (status.getValue() == StatusCodes.Bad_NoMatch ? "no such node" : status) + ")");
            }
        }
        return found;
    }

    /** -1 when the tag's segments are all pinned; else the namespaces to try for its unpinned segments. */
    private static List<Integer> candidateNamespaces(TagSpec tag, int namespaceCount) {
        if (tag.path().stream().allMatch(s -> s.namespaceIndex() != null)) {
            return List.of(-1);
        }
        List<Integer> candidates = new ArrayList<>();
        for (int ns = 1; ns < namespaceCount; ns++) {
            candidates.add(ns);
        }
        candidates.add(0);
        return candidates;
    }

    private static BrowsePath browsePath(TagSpec tag, int unpinnedNamespace) {
        RelativePathElement[] elements = tag.path().stream()
                .map(s -> new RelativePathElement(NodeIds.HierarchicalReferences, false, true,
                        new QualifiedName(s.namespaceIndex() != null ? s.namespaceIndex() : unpinnedNamespace, s.name())))
                .toArray(RelativePathElement[]::new);
        return new BrowsePath(NodeIds.ObjectsFolder, new RelativePath(elements));
    }

    private Map<String, NodeId> checkDataTypes(Map<String, NodeId> nodes, Problems problems) throws Exception {
        if (nodes.isEmpty()) {
            return nodes;
        }
        List<String> tags = List.copyOf(nodes.keySet());
        List<ReadValueId> reads = tags.stream()
                .map(tag -> new ReadValueId(nodes.get(tag), AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE))
                .toList();
        List<DataValue> values = new ArrayList<>();
        for (int from = 0; from < reads.size(); from += MAX_PER_REQUEST) {
            DataValue[] chunk = client.read(0, TimestampsToReturn.Neither,
                    reads.subList(from, Math.min(reads.size(), from + MAX_PER_REQUEST))).getResults();
            values.addAll(chunk == null ? List.of() : List.of(chunk));
        }
        Map<String, NodeId> usable = new TreeMap<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            NodeId node = nodes.get(tag);
            DataValue value = i >= values.size() ? null : values.get(i);
            StatusCode status = value == null ? StatusCode.BAD : value.getStatusCode();
            if (status == null || !status.isGood()) {
                long code = status == null ? StatusCodes.Bad_UnexpectedError : status.getValue();
                problems.report(tag, node.toParseableString(), code == StatusCodes.Bad_NodeIdUnknown
                        ? "no such node on the server"
                        : code == StatusCodes.Bad_AttributeIdInvalid ? "not a variable" : "cannot read it: " + status);
                continue;
            }
            TagType expected = settings.tags().tags().get(tag).type();
            Object dataType = value.getValue() == null ? null : value.getValue().getValue();
            if (expected != null && dataType instanceof NodeId actual && !ANY_VALUE.contains(actual)
                    && !expected.dataType().equals(actual) && !(expected == TagType.Double && actual.equals(NodeIds.Duration))) {
                TagType known = TagType.ofDataType(actual);
                problems.report(tag, node.toParseableString(), "its data type is "
                        + (known != null ? known.name() : actual.toParseableString()) + ", the configuration says "
                        + expected);
                continue;
            }
            usable.put(tag, node);
        }
        return usable;
    }
}
