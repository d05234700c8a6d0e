package io.lineledger.plcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.scenario.Scenario;
import io.lineledger.plcsim.server.PlcSimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlcSimulatorTest {

    private static final String FAST = """
            timing: { partsPerBatch: 5, partIntervalMs: 20ms, setupDelayMs: 50ms, completeDelayMs: 50ms, pauseMs: 50ms, batches: 2 }
            lines:
              - name: Line1
              - name: Line2
                stations: [Filler, Labeler, Checkweigher]
            """;

    @TempDir
    Path dir;

    /** Everything the lines published, in order, without the timing. */
    private List<List<TagWrite>> runToTheEnd(long seed, String data) throws Exception {
        List<List<TagWrite>> published = new CopyOnWriteArrayList<>();
        PlcSimulator.Options options = PlcSimulator.Options.defaults().withDataDir(dir.resolve(data))
                .withScenario(Scenario.parse(FAST, "fast.yaml")).withSeed(seed);
        try (PlcSimulator sim = PlcSimulator.start(options, (Step step) -> published.add(step.writes()))) {
            assertTrue(sim.awaitFinished(20, TimeUnit.SECONDS), "both lines ran their two batches");
            assertEquals(4, sim.status().batchesDone());
        }
        return published;
    }

    @Test
    void theSameSeedPublishesTheSameValuesOnEveryLine() throws Exception {
        List<List<TagWrite>> first = runToTheEnd(11, "a");
        List<List<TagWrite>> second = runToTheEnd(11, "b");

        // the two lines interleave by timing; each line's own sequence is what the seed fixes (automatic batch ids
        // embed the start time, so that ids differ across runs)
        for (String line : List.of("Line1.", "Line2.")) {
            assertTrue(ofLine(first, line).equals(ofLine(second, line)), line + " published other values");
        }
        assertTrue(ofLine(first, "Line2.").stream().anyMatch(w -> w.tag().equals("Line2.Labeler.LabelOffset")));
    }

    private static List<TagWrite> ofLine(List<List<TagWrite>> steps, String prefix) {
        List<TagWrite> result = new ArrayList<>();
        steps.forEach(writes -> writes.stream()
                .filter(w -> w.tag().startsWith(prefix) && !w.tag().endsWith(".BatchId"))
                .forEach(result::add));
        return result;
    }

    @Test
    void aServerRestartFromTheScenarioComesBackOnTheSamePortWithTheCurrentValues() throws Exception {
        Scenario scenario = Scenario.parse("""
                timing: { partsPerBatch: 1000, partIntervalMs: 100ms }
                lines:
                  - name: Line1
                faults:
                  - { type: serverRestart, at: 1s, duration: 700ms }
                """, "restart.yaml");
        try (PlcSimulator sim = PlcSimulator.start(PlcSimulator.Options.defaults().withDataDir(dir)
                .withScenario(scenario))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sim.status().serverUp()) {
                assertTrue(System.nanoTime() < deadline, "the server went down");
                Thread.sleep(20);
            }
            while (!sim.status().serverUp()) {
                assertTrue(System.nanoTime() < deadline, "the server came back");
                Thread.sleep(20);
            }
            OpcUaClient client = OpcUaClient.create(sim.endpointUrl());
            client.connect();
            try {
                int ns = client.readNamespaceTable().getIndex(PlcSimServer.NAMESPACE_URI).intValue();
                Object batchId = client.readValue(0, TimestampsToReturn.Neither, new NodeId(ns, "Line1.BatchId"))
                        .getValue().getValue();
                assertTrue(((String) batchId).startsWith("LOT-"), "the batch running before the restart: " + batchId);
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void theCommandLineRefusesABadScenarioNamingFileLineAndField() throws Exception {
        Path scenario = dir.resolve("plant.yaml");
        Files.writeString(scenario, "lines:\n  - name: Line1\n    products: [Beer]\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new PlcSimMain()).execute("--scenario", scenario.toString(), "--port", "0");
        } finally {
            System.setErr(original);
        }

        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(
                "plc-sim: " + scenario + ":3:16: lines[0].products[0]: unknown product 'Beer'"), err.toString());
    }
}
