package io.lineledger.plcsim.server;

import io.lineledger.plcsim.model.TagWrite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The simulated line's address space: one folder per dotted name prefix (Line1, Line1.Filler, …) under Objects,
 * one read-only variable per tag, string node ids equal to the tag names.
 *
 * <p>Values are pushed to monitored items on every write instead of being sampled, so a client sees every
 * per-part value however fast the line runs.
 */
final class LineNamespace extends ManagedNamespaceWithLifecycle {

    private final Map<NodeId, List<DataItem>> itemsByNode = new ConcurrentHashMap<>();
    private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();
    private final Map<String, UaFolderNode> folders = new ConcurrentHashMap<>();

    LineNamespace(OpcUaServer server, String namespaceUri, List<TagWrite> initialValues) {
        super(server, namespaceUri);
        getLifecycleManager().addStartupTask(() -> initialValues.forEach(this::addVariable));
    }

    /** Sets the tags' values with one source time and notifies monitored items, in the given order. */
    void write(List<TagWrite> writes, DateTime sourceTime) {
        for (TagWrite write : writes) {
            UaVariableNode node = variables.get(write.tag());
            if (node == null) {
                throw new IllegalArgumentException("no such tag: " + write.tag());
            }
            DataValue value = new DataValue(new Variant(write.value()), StatusCode.GOOD, sourceTime, DateTime.now());
            node.setValue(value);
            for (DataItem item : itemsByNode.getOrDefault(node.getNodeId(), List.of())) {
                if (item.isSamplingEnabled()) {
                    item.setValue(value);
                }
            }
        }
    }

    private void addVariable(TagWrite initial) {
        String tag = initial.tag();
        int dot = tag.lastIndexOf('.');
        UaFolderNode parent = dot < 0 ? null : folder(tag.substring(0, dot));
        String name = tag.substring(dot + 1);
        UaVariableNode node = UaVariableNode.builder(getNodeContext())
                .setNodeId(newNodeId(tag))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(dataType(initial.value()))
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setValue(new DataValue(new Variant(initial.value()), StatusCode.GOOD, DateTime.now(), DateTime.now()))
                .build();
        getNodeManager().addNode(node);
        if (parent != null) {
            parent.addOrganizes(node);
        }
        variables.put(tag, node);
    }

    private UaFolderNode folder(String path) {
        UaFolderNode existing = folders.get(path);
        if (existing != null) {
            return existing;
        }
        int dot = path.lastIndexOf('.');
        String name = path.substring(dot + 1);
        UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(path), newQualifiedName(name),
                LocalizedText.english(name));
        getNodeManager().addNode(folder);
        if (dot < 0) {
            folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes,
                    NodeIds.ObjectsFolder.expanded(), false));
        } else {
            folder(path.substring(0, dot)).addOrganizes(folder);
        }
        folders.put(path, folder);
        return folder;
    }

    private static NodeId dataType(Object value) {
        if (value instanceof String) {
            return NodeIds.String;
        } else if (value instanceof Long) {
            return NodeIds.Int64;
        } else if (value instanceof Double) {
            return NodeIds.Double;
        }
        throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        for (DataItem item : items) {
            if (!AttributeId.Value.isEqual(item.getReadValueId().getAttributeId())) {
                continue; // only values change here; other attributes are read, not monitored
            }
            NodeId nodeId = item.getReadValueId().getNodeId();
            itemsByNode.computeIfAbsent(nodeId, id -> new CopyOnWriteArrayList<>()).add(item);
            // the current value first, as OPC UA requires of a new monitored item
            getNodeManager().getNode(nodeId)
                    .filter(UaVariableNode.class::isInstance)
                    .map(node -> ((UaVariableNode) node).getValue())
                    .ifPresent(item::setValue);
        }
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        // nothing to re-sample: values are pushed on write
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        for (DataItem item : items) {
            List<DataItem> list = itemsByNode.get(item.getReadValueId().getNodeId());
            if (list != null) {
                list.remove(item);
            }
        }
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        // sampling on/off is checked on every write
    }

}
