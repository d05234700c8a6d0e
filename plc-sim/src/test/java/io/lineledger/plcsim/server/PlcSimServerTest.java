package io.lineledger.plcsim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.model.SimulationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlcSimServerTest {

    private record Change(String tag, Object value) { }

    @TempDir
    Path dataDir;

    @Test
    void clientReadsTagsAndReceivesEveryFillWeightAndTheBatchCompleting() throws Exception {
        SimulationSettings fast = SimulationSettings.defaults()
                .withPartsPerBatch(8).withPartIntervalMs(40).withPhaseDelays(300, 200, 300);
        Map<String, List<Double>> publishedByBatch = new ConcurrentHashMap<>();
        AtomicReference<String> publishingBatch = new AtomicReference<>();
        PlcSimulator.Options options = PlcSimulator.Options.defaults().withDataDir(dataDir).withSettings(fast).withSeed(5);
        try (PlcSimulator sim = PlcSimulator.start(options, step -> {
            if (step.valueOf("Line1.BatchId") != null) {
                publishingBatch.set((String) step.valueOf("Line1.BatchId"));
            }
            Object w = step.valueOf("Line1.Checkweigher.FillWeight");
            if (w != null) {
                publishedByBatch.computeIfAbsent(publishingBatch.get(), b -> new CopyOnWriteArrayList<>()).add((Double) w);
            }
        })) {
            assertTrue(sim.endpointUrl().matches("opc\\.tcp://127\\.0\\.0\\.1:\\d+/lineledger"), sim.endpointUrl());

            OpcUaClient client = OpcUaClient.create(sim.endpointUrl(),
                    endpoints -> endpoints.stream()
                            .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst(),
                    transport -> { },
                    config -> { });
            client.connect();
            try {
                NodeId batchId = node(client, "Line1.BatchId");
                NodeId batchState = node(client, "Line1.BatchState");
                NodeId fillWeight = node(client, "Line1.Checkweigher.FillWeight");
                DataValue before = client.readValue(0, TimestampsToReturn.Both, batchState);
                assertTrue(before.getStatusCode().isGood());

                BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
                OpcUaSubscription subscription = new OpcUaSubscription(client, 20.0);
                subscription.create();
                Map<String, NodeId> tags = Map.of("BatchId", batchId, "BatchState", batchState, "FillWeight", fillWeight);
                for (Map.Entry<String, NodeId> tag : tags.entrySet()) {
                    OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(tag.getValue());
                    item.setSamplingInterval(0.0);
                    item.setQueueSize(Unsigned.uint(100));
                    item.setDiscardOldest(false);
                    item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, Unsigned.uint(0), 0.0));
                    item.setDataValueListener((i, value) ->
                            changes.add(new Change(tag.getKey(), value.getValue().getValue())));
                    subscription.addMonitoredItem(item);
                }
                subscription.synchronizeMonitoredItems();

                // follow one whole batch seen from its start: Running, every FillWeight, Complete
                String currentBatch = null;
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
                            if ("Running".equals(change.value())) {
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
                assertEquals(publishedByBatch.get(runningBatch), received, "one FillWeight notification per part, in order");
                assertEquals(8, received.size());
                subscription.delete();
            } finally {
                client.disconnect();
            }
        }
    }

    private static NodeId node(OpcUaClient client, String id) throws Exception {
        return ExpandedNodeId.parse("nsu=" + PlcSimServer.NAMESPACE_URI + ";s=" + id)
                .toNodeIdOrThrow(client.readNamespaceTable());
    }
}
