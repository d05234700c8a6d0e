package io.lineledger.plcsim.server;

import io.lineledger.plcsim.model.Characteristic;
import io.lineledger.plcsim.model.CommandResult;
import io.lineledger.plcsim.model.LineLayout;
import io.lineledger.plcsim.model.Quality;
import io.lineledger.plcsim.model.TagInfo;
import io.lineledger.plcsim.model.TagWrite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemType;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * The simulator's address space. With line layouts: object types {@code LineType} and {@code StationType}, one
 * {@code LineType} object per line under Objects with its stations as {@code StationType} components, variables as
 * components (analog ones as AnalogItemType with EURange and EngineeringUnits), methods StartBatch, Stop, Reset,
 * Abort on each line and Acknowledge on each station, and a {@code Simulator} object with InjectFault. Without
 * layouts (plain tags): one folder per dotted name prefix. Node ids are the tag names either way.
 *
 * <p>Values are pushed to monitored items on every write instead of being sampled, so a client sees every
 * per-part value however fast the line runs.
 */
final class LineNamespace extends ManagedNamespaceWithLifecycle {

    static final String LINE_TYPE = "LineType";
    static final String STATION_TYPE = "StationType";
    static final String SIMULATOR = "Simulator";

    private static final StatusCode UNCERTAIN = new StatusCode(StatusCodes.Uncertain_SensorNotAccurate);
    private static final StatusCode BAD = new StatusCode(StatusCodes.Bad_SensorFailure);
    /** UNECE codes of the units used, for EUInformation. */
    private static final Map<String, String> UNECE = Map.of("g", "GRM", "N·m", "NU", "mm", "MMT", "1/min", "C94");

    private final Map<NodeId, List<DataItem>> itemsByNode = new ConcurrentHashMap<>();
    private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();
    private final Map<String, UaFolderNode> folders = new ConcurrentHashMap<>();

    /** Plain tags in folders. */
    LineNamespace(OpcUaServer server, String namespaceUri, List<TagWrite> initialValues) {
        super(server, namespaceUri);
        getLifecycleManager().addStartupTask(() -> initialValues.forEach(this::addPlainVariable));
    }

    /** Lines and stations as typed objects with methods; {@code currentValues} (may be empty) override initial ones. */
    LineNamespace(OpcUaServer server, String namespaceUri, List<LineLayout> layouts, List<TagWrite> currentValues,
                  LineControl control) {
        super(server, namespaceUri);
        getLifecycleManager().addStartupTask(() -> {
            UaObjectTypeNode lineType = addTypes();
            for (LineLayout layout : layouts) {
                addLine(layout, lineType, control);
            }
            addSimulator(control);
            write(currentValues, DateTime.now());
        });
    }

    /** Sets the tags' values with one source time and notifies monitored items, in the given order. */
    void write(List<TagWrite> writes, DateTime sourceTime) {
        DateTime serverTime = DateTime.now();
        for (TagWrite write : writes) {
            UaVariableNode node = variables.get(write.tag());
            if (node == null) {
                throw new IllegalArgumentException("no such tag: " + write.tag());
            }
            DataValue value = new DataValue(new Variant(write.value()), statusOf(write.quality()), sourceTime, serverTime);
            node.setValue(value);
            for (DataItem item : itemsByNode.getOrDefault(node.getNodeId(), List.of())) {
                if (item.isSamplingEnabled()) {
                    item.setValue(value);
                }
            }
        }
    }

    private static StatusCode statusOf(Quality quality) {
        return switch (quality) {
            case GOOD -> StatusCode.GOOD;
            case UNCERTAIN -> UNCERTAIN;
            case BAD -> BAD;
        };
    }

    // ---- types ----

    private UaObjectTypeNode addTypes() {
        UaObjectTypeNode lineType = objectType(LINE_TYPE, "A packaging line running batches");
        for (String name : List.of("BatchId", "Product", "BatchState", "Shift")) {
            declare(lineType, name, NodeIds.String, NodeIds.ModellingRule_Mandatory);
        }
        declare(lineType, "PartCount", NodeIds.Int64, NodeIds.ModellingRule_Mandatory);
        declare(lineType, "Quantity", NodeIds.Int64, NodeIds.ModellingRule_Mandatory);
        declareMethod(lineType, "StartBatch", startBatchArguments());
        declareMethod(lineType, "Stop", new Argument[0]);
        declareMethod(lineType, "Reset", new Argument[0]);
        declareMethod(lineType, "Abort", new Argument[0]);

        UaObjectTypeNode stationType = objectType(STATION_TYPE, "A PackML unit of a line (OPC 30050)");
        declare(stationType, "State", NodeIds.String, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "StateCurrent", NodeIds.Int32, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "UnitModeCurrent", NodeIds.Int32, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "Speed", NodeIds.Double, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "GoodCount", NodeIds.Int64, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "RejectCount", NodeIds.Int64, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "AlarmCode", NodeIds.Int32, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "AlarmText", NodeIds.String, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "AlarmActive", NodeIds.Boolean, NodeIds.ModellingRule_Mandatory);
        declare(stationType, "AlarmAcknowledged", NodeIds.Boolean, NodeIds.ModellingRule_Mandatory);
        for (Characteristic c : Characteristic.values()) {
            declare(stationType, c.tagName(), NodeIds.Double, NodeIds.ModellingRule_Optional);
        }
        declareMethod(stationType, "Acknowledge", new Argument[0]);
        return lineType;
    }

    private UaObjectTypeNode objectType(String name, String description) {
        UaObjectTypeNode type = UaObjectTypeNode.builder(getNodeContext())
                .setNodeId(newNodeId(name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDescription(LocalizedText.english(description))
                .setIsAbstract(false)
                .build();
        getNodeManager().addNode(type);
        type.addReference(new Reference(type.getNodeId(), NodeIds.HasSubtype, NodeIds.BaseObjectType.expanded(), false));
        return type;
    }

    private void declare(UaObjectTypeNode type, String name, NodeId dataType, NodeId modellingRule) {
        UaVariableNode node = UaVariableNode.builder(getNodeContext())
                .setNodeId(newNodeId(type.getBrowseName().name() + "." + name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(dataType)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .build();
        getNodeManager().addNode(node);
        node.addReference(new Reference(node.getNodeId(), NodeIds.HasModellingRule, modellingRule.expanded(), true));
        type.addComponent(node);
    }

    private void declareMethod(UaObjectTypeNode type, String name, Argument[] inputs) {
        UaMethodNode method = UaMethodNode.builder(getNodeContext())
                .setNodeId(newNodeId(type.getBrowseName().name() + "." + name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .build();
        if (inputs.length > 0) {
            method.setInputArguments(inputs);
        }
        getNodeManager().addNode(method);
        method.addReference(new Reference(method.getNodeId(), NodeIds.HasModellingRule,
                NodeIds.ModellingRule_Mandatory.expanded(), true));
        type.addComponent(method);
    }

    private static Argument[] startBatchArguments() {
        return new Argument[] {
            new Argument("batchId", NodeIds.String, ValueRanks.Scalar, null, LocalizedText.english("the batch (lot) id")),
            new Argument("product", NodeIds.String, ValueRanks.Scalar, null, LocalizedText.english("a product of the line's recipes")),
            new Argument("quantity", NodeIds.UInt32, ValueRanks.Scalar, null, LocalizedText.english("parts to make, >= 1"))
        };
    }

    // ---- instances ----

    private void addLine(LineLayout layout, UaObjectTypeNode lineType, LineControl control) {
        String line = layout.line();
        UaObjectNode lineNode = object(line, line, NodeIds.ObjectsFolder, lineType.getNodeId(), true);
        NodeId stationType = newNodeId(STATION_TYPE);
        Map<String, UaObjectNode> stations = new ConcurrentHashMap<>();
        for (String station : layout.stations()) {
            UaObjectNode stationNode = object(line + "." + station, station, null, stationType, false);
            lineNode.addComponent(stationNode);
            stations.put(station, stationNode);
            method(stationNode, "Acknowledge", new Argument[0], args -> control.acknowledge(line, station));
        }
        for (TagInfo info : layout.tags()) {
            String rest = info.tag().substring(line.length() + 1);
            int dot = rest.indexOf('.');
            UaNode parent = dot < 0 ? lineNode : stations.get(rest.substring(0, dot));
            if (parent == null) {
                throw new IllegalArgumentException("tag " + info.tag() + " belongs to no station of " + line);
            }
            UaVariableNode variable = info.analog() ? analogVariable(info) : plainVariable(info);
            ((UaObjectNode) parent).addComponent(variable);
        }
        method(lineNode, "StartBatch", startBatchArguments(), args -> control.startBatch(line,
                (String) args[0].getValue(), (String) args[1].getValue(), ((UInteger) args[2].getValue()).longValue()));
        method(lineNode, "Stop", new Argument[0], args -> control.stop(line));
        method(lineNode, "Reset", new Argument[0], args -> control.reset(line));
        method(lineNode, "Abort", new Argument[0], args -> control.abort(line));
    }

    private void addSimulator(LineControl control) {
        UaObjectNode simulator = object(SIMULATOR, SIMULATOR, NodeIds.ObjectsFolder, NodeIds.BaseObjectType, true);
        Argument[] inputs = {
            new Argument("type", NodeIds.String, ValueRanks.Scalar, null, LocalizedText.english(
                    "serverRestart, frozenValues, badStatus, uncertainStatus, clockSkew, burstRate, stuckInHeld")),
            new Argument("target", NodeIds.String, ValueRanks.Scalar, null, LocalizedText.english(
                    "Line1 or Line1.Capper; empty for serverRestart")),
            new Argument("durationMs", NodeIds.UInt32, ValueRanks.Scalar, null, LocalizedText.english("how long")),
            new Argument("parameter", NodeIds.Double, ValueRanks.Scalar, null, LocalizedText.english(
                    "burstRate: factor; clockSkew: skew in ms; else ignored"))
        };
        method(simulator, "InjectFault", inputs, args -> control.injectFault((String) args[0].getValue(),
                (String) args[1].getValue(), ((UInteger) args[2].getValue()).longValue(), (Double) args[3].getValue()));
    }

    private UaObjectNode object(String id, String name, NodeId organizedBy, NodeId typeDefinition, boolean organized) {
        UaObjectNode node = UaObjectNode.builder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setTypeDefinition(typeDefinition)
                .build();
        getNodeManager().addNode(node);
        if (organized) {
            node.addReference(new Reference(node.getNodeId(), NodeIds.Organizes, organizedBy.expanded(), false));
        }
        return node;
    }

    private void method(UaObjectNode owner, String name, Argument[] inputs, Function<Variant[], CommandResult> action) {
        String id = owner.getNodeId().getIdentifier() + "." + name;
        UaMethodNode method = UaMethodNode.builder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setExecutable(true)
                .setUserExecutable(true)
                .build();
        CommandMethod handler = new CommandMethod(method, inputs, action);
        if (inputs.length > 0) {
            method.setInputArguments(inputs);
        }
        method.setInvocationHandler(handler);
        getNodeManager().addNode(method);
        owner.addComponent(method);
    }

    private UaVariableNode plainVariable(TagInfo info) {
        UaVariableNode node = UaVariableNode.builder(getNodeContext())
                .setNodeId(newNodeId(info.tag()))
                .setBrowseName(newQualifiedName(info.browseName()))
                .setDisplayName(LocalizedText.english(info.browseName()))
                .setDescription(LocalizedText.english(info.description()))
                .setDataType(dataType(info.initialValue()))
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setValue(new DataValue(new Variant(info.initialValue()), StatusCode.GOOD, DateTime.now(), DateTime.now()))
                .build();
        getNodeManager().addNode(node);
        variables.put(info.tag(), node);
        return node;
    }

    private UaVariableNode analogVariable(TagInfo info) {
        NodeId nodeId = newNodeId(info.tag());
        AnalogItemTypeNode node = new AnalogItemTypeNode(getNodeContext(), nodeId,
                newQualifiedName(info.browseName()), LocalizedText.english(info.browseName()),
                LocalizedText.english(info.description()), UInteger.MIN, UInteger.MIN, null, null, null,
                new DataValue(new Variant(info.initialValue()), StatusCode.GOOD, DateTime.now(), DateTime.now()),
                NodeIds.Double, ValueRanks.Scalar, null);
        node.setAccessLevel(AccessLevel.toValue(AccessLevel.READ_ONLY));
        node.setUserAccessLevel(AccessLevel.toValue(AccessLevel.READ_ONLY));
        node.addReference(new Reference(nodeId, NodeIds.HasTypeDefinition, NodeIds.AnalogItemType.expanded(), true));
        getNodeManager().addNode(node);
        node.setProperty(AnalogItemType.EU_RANGE, new Range(info.rangeLow(), info.rangeHigh()));
        String code = UNECE.get(info.unit());
        node.setProperty(AnalogItemType.ENGINEERING_UNITS, new EUInformation(
                "http://www.opcfoundation.org/UA/units/un/cefact", code == null ? -1 : unitId(code),
                LocalizedText.english(info.unit()), LocalizedText.english(info.unitDescription())));
        variables.put(info.tag(), node);
        return node;
    }

    /** OPC UA Part 8: the UnitId of a UNECE common code packs its characters into an Int32. */
    private static int unitId(String code) {
        int id = 0;
        for (char c : code.toCharArray()) {
            id = (id << 8) | c;
        }
        return id;
    }

    // ---- plain tags ----

    private void addPlainVariable(TagWrite initial) {
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
                .setValue(new DataValue(new Variant(initial.value()), statusOf(initial.quality()), DateTime.now(),
                        DateTime.now()))
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
        } else if (value instanceof Integer) {
            return NodeIds.Int32;
        } else if (value instanceof Double) {
            return NodeIds.Double;
        } else if (value instanceof Boolean) {
            return NodeIds.Boolean;
        }
        throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
    }

    // ---- monitored items ----

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
