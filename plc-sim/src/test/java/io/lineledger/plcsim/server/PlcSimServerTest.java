package io.lineledger.plcsim.server;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Milo client against the running simulator: browse, read, call, subscribe. One server for the class. */
class PlcSimServerTest {

    /** Line1 runs batches by itself (like the skeleton's, faster); Line2 runs only what StartBatch asks for. */
    private static final String SCENARIO = """
            seed: 5
            timing: { partsPerBatch: 8, partIntervalMs: 40ms, setupDelayMs: 300ms, completeDelayMs: 200ms, pauseMs: 300ms }
            lines:
              - name: Line1
                stations: [Filler, Capper, Checkweigher]
                products: [Shampoo 500 ml, Conditioner 500 ml]
              - name: Line2
                stations: [Filler, Capper, Labeler, Checkweigher]
                products: []
                partsPerBatch: 5
            """;

    private record Change(String tag, Object value) { }

    @TempDir
    static Path dataDir;

    private static final Map<String, List<Double>> publishedByBatch = new ConcurrentHashMap<>();
    private static PlcSimulator sim;
    private static OpcUaClient client;
    private static int ns;

    @BeforeAll
    static void startSimulatorAndClient() throws Exception {
        AtomicReference<String> publishing = new AtomicReference<>();
        PlcSimulator.Options options = PlcSimulator.Options.defaults().withDataDir(dataDir)
                .withScenario(Scenario.parse(SCENARIO, "test.yaml"));
        sim = PlcSimulator.start(options, (Step step) -> {
            if (step.valueOf("Line1.BatchId") != null) {
                publishing.set((String) step.valueOf("Line1.BatchId"));
            }
            Object w = step.valueOf("Line1.Checkweigher.FillWeight");
            if (w != null) {
                publishedByBatch.computeIfAbsent(publishing.get(), b -> new CopyOnWriteArrayList<>()).add((Double) w);
            }
        });
        client = OpcUaClient.create(sim.endpointUrl(),
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst(),
                transport -> { },
                config -> { });
        client.connect();
        ns = client.readNamespaceTable().getIndex(PlcSimServer.NAMESPACE_URI).intValue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static NodeId node(String id) {
        return new NodeId(ns, id);
    }

    @Test
    void theEndpointIsTheSkeletonsAndNoneIsTheOnlySecurityWithoutUsers() {
        assertTrue(sim.endpointUrl().matches("opc\\.tcp://127\\.0\\.0\\.1:\\d+/lineledger"), sim.endpointUrl());
        assertEquals(List.of("None (anonymous)"), sim.securityModes());
    }

    @Test
    void linesAndStationsAreTypedObjectsWithStableBrowseNames() throws Exception {
        Map<String, ReferenceDescription> objects = browse(NodeIds.ObjectsFolder);
        assertTrue(objects.keySet().containsAll(Set.of("Line1", "Line2", "Simulator")), objects.keySet().toString());
        assertEquals(node("LineType").expanded(), objects.get("Line1").getTypeDefinition());

        Map<String, ReferenceDescription> line2 = browse(node("Line2"));
        assertTrue(line2.keySet().containsAll(Set.of("Filler", "Capper", "Labeler", "Checkweigher", "BatchId",
                "Product", "BatchState", "PartCount", "Quantity", "Shift", "StartBatch", "Stop", "Reset", "Abort")),
                line2.keySet().toString());
        assertEquals(NodeClass.Method, line2.get("StartBatch").getNodeClass());
        assertEquals(node("StationType").expanded(), line2.get("Labeler").getTypeDefinition());

        Map<String, ReferenceDescription> labeler = browse(node("Line2.Labeler"));
        assertTrue(labeler.keySet().containsAll(Set.of("State", "StateCurrent", "UnitModeCurrent", "Speed",
                "GoodCount", "RejectCount", "LabelOffset", "AlarmCode", "AlarmText", "AlarmActive",
                "AlarmAcknowledged", "Acknowledge")), labeler.keySet().toString());
        assertEquals(NodeIds.AnalogItemType.expanded(), labeler.get("LabelOffset").getTypeDefinition());

        Map<String, ReferenceDescription> types = browse(NodeIds.BaseObjectType);
        assertTrue(types.keySet().containsAll(Set.of("LineType", "StationType")), "types are subtypes of BaseObjectType");
    }

    @Test
    void analogItemsCarryEuRangeAndEngineeringUnitsFoundByBrowsePath() throws Exception {
        NodeId range = resolve("Line1", "Checkweigher", "FillWeight", "EURange");
        NodeId units = resolve("Line1", "Checkweigher", "FillWeight", "EngineeringUnits");
        assertEquals(node("Line1.Checkweigher.FillWeight"), resolve("Line1", "Checkweigher", "FillWeight"),
                "the browse path and the skeleton's node id name the same node");

        Range euRange = (Range) ((ExtensionObject) client.readValue(0, TimestampsToReturn.Neither, range).getValue()
                .getValue()).decode(client.getStaticEncodingContext());
        EUInformation eu = (EUInformation) ((ExtensionObject) client.readValue(0, TimestampsToReturn.Neither, units)
                .getValue().getValue()).decode(client.getStaticEncodingContext());
        assertEquals(0.0, euRange.getLow());
        assertEquals(1000.0, euRange.getHigh());
        assertEquals("g", eu.getDisplayName().text());
    }

    @Test
    void startBatchRunsTheBatchAndBadArgumentsOrStatesGetStatusCodes() throws Exception {
        assertEquals(StatusCodes.Bad_InvalidArgument, call("Line2", "StartBatch",
                new Variant("B-1"), new Variant("Beer"), new Variant(uint(5))).getValue(), "unknown product");
        assertEquals(StatusCodes.Bad_InvalidArgument, call("Line2", "StartBatch",
                new Variant(""), new Variant("Shampoo 500 ml"), new Variant(uint(5))).getValue(), "empty batch id");
        assertEquals(StatusCodes.Bad_InvalidArgument, call("Line2", "StartBatch",
                new Variant("B-1"), new Variant("Shampoo 500 ml"), new Variant(uint(0))).getValue(), "no parts");
        assertTrue(call("Line2", "StartBatch", new Variant("B-1"), new Variant("Shampoo 500 ml"),
                new Variant(5)).isBad(), "Int32 where UInt32 is declared");
        assertTrue(call("Line2", "StartBatch", new Variant("B-1")).isBad(), "arguments missing");

        assertTrue(call("Line2", "StartBatch", new Variant("B-100"), new Variant("Shower Gel 500 ml"),
                new Variant(uint(5))).isGood());
        assertEquals(StatusCodes.Bad_InvalidState, call("Line2", "StartBatch", new Variant("B-101"),
                new Variant("Shampoo 500 ml"), new Variant(uint(5))).getValue(), "a batch is running");
        awaitValue("Line2.BatchState", "Complete");
        assertEquals("B-100", read("Line2.BatchId"));
        assertEquals(5L, read("Line2.PartCount"));
        assertEquals("Complete", read("Line2.Labeler.State"));
        assertEquals(17, read("Line2.Labeler.StateCurrent"));

        // Reset: Complete → Idle; again: nothing to reset
        assertTrue(call("Line2", "Reset").isGood());
        assertEquals("Idle", read("Line2.Filler.State"));
        assertEquals(StatusCodes.Bad_InvalidState, call("Line2", "Reset").getValue());

        // Abort: alarm, Reset clears, Acknowledge clears the alarm
        assertTrue(call("Line2", "Abort").isGood());
        assertEquals("Aborted", read("Line2.Capper.State"));
        assertEquals(9001, read("Line2.Capper.AlarmCode"));
        assertEquals(StatusCodes.Bad_InvalidState, call("Line2", "Abort").getValue());
        assertTrue(call("Line2", "Reset").isGood());
        assertTrue(call("Line2.Capper", "Acknowledge").isGood());
        assertEquals(0, read("Line2.Capper.AlarmCode"));
        assertEquals(StatusCodes.Bad_InvalidState, call("Line2.Capper", "Acknowledge").getValue());

        // Stop: Idle → Stopped; again: already stopped
        assertTrue(call("Line2", "Stop").isGood());
        assertEquals("Stopped", read("Line2.Filler.State"));
        assertEquals(StatusCodes.Bad_InvalidState, call("Line2", "Stop").getValue());

        assertEquals(StatusCodes.Bad_InvalidArgument, call("Simulator", "InjectFault", new Variant("meteorStrike"),
                new Variant("Line2"), new Variant(uint(100)), new Variant(0.0)).getValue());
    }

    @Test
    void anInjectedFaultShowsAsBadStatus() throws Exception {
        assertTrue(call("Simulator", "InjectFault", new Variant("badStatus"), new Variant("Line2.Filler"),
                new Variant(uint(60_000)), new Variant(0.0)).isGood());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        DataValue value;
        do {
            value = client.readValue(0, TimestampsToReturn.Both, node("Line2.Filler.State"));
        } while (value.getStatusCode().isGood() && System.nanoTime() < deadline);
        assertEquals(StatusCodes.Bad_SensorFailure, value.getStatusCode().getValue());
        assertTrue(client.readValue(0, TimestampsToReturn.Both, node("Line2.Capper.State")).getStatusCode().isGood());
    }

    @Test
    void aSubscriberReceivesEveryFillWeightOfABatchInOrder() throws Exception {
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        OpcUaSubscription subscription = new OpcUaSubscription(client, 20.0);
        subscription.create();
        for (String tag : List.of("BatchId", "BatchState", "Checkweigher.FillWeight")) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node("Line1." + tag));
            item.setSamplingInterval(0.0);
            item.setQueueSize(Unsigned.uint(100));
            item.setDiscardOldest(false);
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, Unsigned.uint(0), 0.0));
            item.setDataValueListener((i, value) -> changes.add(new Change(tag, value.getValue().getValue())));
            subscription.addMonitoredItem(item);
        }
        subscription.synchronizeMonitoredItems();
        try {
            // one whole batch seen from its setup: Idle (with its id), Running, every FillWeight, Complete
            String currentBatch = null;
            boolean setupSeen = false;
            String runningBatch = null;
            List<Double> received = new ArrayList<>();
            boolean completed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!completed && System.nanoTime() < deadline) {
                Change change = changes.poll(500, TimeUnit.MILLISECONDS);
                if (change == null) {
                    continue;
                }
                switch (change.tag()) {
                    case "BatchId" -> currentBatch = (String) change.value();
                    case "BatchState" -> {
                        if ("Idle".equals(change.value())) {
                            setupSeen = true;
                        } else if ("Running".equals(change.value()) && setupSeen) {
                            runningBatch = currentBatch;
                            received.clear();
                        } else if ("Complete".equals(change.value()) && runningBatch != null) {
                            completed = true;
                        }
                    }
                    default -> {
                        if (runningBatch != null) {
                            received.add((Double) change.value());
                        }
                    }
                }
            }
            assertTrue(completed, "a batch ran from Running to Complete");
            assertNotNull(runningBatch);
            assertEquals(publishedByBatch.get(runningBatch), received, "one FillWeight notification per part, in order");
            assertEquals(8, received.size());
        } finally {
            subscription.delete();
        }
    }

    // ---- helpers ----

    private static Map<String, ReferenceDescription> browse(NodeId nodeId) throws Exception {
        var result = client.browse(new BrowseDescription(nodeId, BrowseDirection.Forward, NodeIds.HierarchicalReferences,
                true, uint(0), uint(BrowseResultMask.All.getValue())));
        assertTrue(result.getStatusCode().isGood(), result.getStatusCode().toString());
        return Arrays.stream(result.getReferences())
                .collect(Collectors.toMap(r -> r.getBrowseName().name(), r -> r, (a, b) -> a));
    }

    private static NodeId resolve(String... names) throws Exception {
        RelativePathElement[] elements = Arrays.stream(names)
                .map(name -> new RelativePathElement(NodeIds.HierarchicalReferences, false, true,
                        new QualifiedName(name.equals("EURange") || name.equals("EngineeringUnits") ? 0 : ns, name)))
                .toArray(RelativePathElement[]::new);
        BrowsePathResult result = client.translateBrowsePaths(List.of(
                new BrowsePath(NodeIds.ObjectsFolder, new RelativePath(elements)))).getResults()[0];
        assertTrue(result.getStatusCode().isGood(), String.join("/", names) + ": " + result.getStatusCode());
        ExpandedNodeId target = result.getTargets()[0].getTargetId();
        return target.toNodeIdOrThrow(client.getNamespaceTable());
    }

    private static StatusCode call(String object, String method, Variant... args) throws Exception {
        var response = client.call(List.of(new CallMethodRequest(node(object), node(object + "." + method), args)));
        return response.getResults()[0].getStatusCode();
    }

    private static Object read(String tag) throws Exception {
        return client.readValue(0, TimestampsToReturn.Neither, node(tag)).getValue().getValue();
    }

    private static void awaitValue(String tag, Object expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!expected.equals(read(tag))) {
            assertTrue(System.nanoTime() < deadline, tag + " did not become " + expected + ": " + read(tag));
            Thread.sleep(20);
        }
    }
}
