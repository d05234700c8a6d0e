package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.plcsim.model.LineSimulation;
import io.lineledger.plcsim.model.SimulationSettings;
import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.scenario.Scenario;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plc-sim's default lines, as its model writes them (the same sequence its OPC UA server publishes, each step's
 * values with one source time), played through the example line configurations of docs/examples/lines.
 */
class PlcSimLinesIntoRulesTest {

    private static final Instant START = Instant.parse("2026-01-05T06:00:00Z");

    @TempDir
    Path spool;

    private RulesHarness line;

    @AfterEach
    void stop() {
        if (line != null) {
            line.close();
        }
    }

    /** plc-sim's tag name (its string node id) to the tag name the example configuration gives it. */
    private static Map<String, String> tagNames(Map<String, Object> configuration) {
        Map<String, String> names = new HashMap<>();
        configuration.forEach((key, value) -> {
            String node = value.toString();
            if (key.startsWith("tag.") && key.endsWith(".node")) {
                names.put(node.substring(node.indexOf(";s=") + 3), key.substring(4, key.length() - 5));
            } else if (key.startsWith("tag.") && key.endsWith(".path")) {
                names.put(node.replace('/', '.'), key.substring(4, key.length() - 5));
            }
        });
        return names;
    }

    /** Plays the line until {@code batches} batches completed and the next one is set up; returns the simulation. */
    private LineSimulation play(String simLine, Map<String, Object> configuration, int batches) throws Exception {
        SimulationSettings settings = Scenario.defaultScenario().lines().stream()
                .filter(l -> l.line().equals(simLine)).findFirst().orElseThrow();
        LineSimulation plc = new LineSimulation(settings, 7, START);
        line = new RulesHarness(configuration, spool);
        Map<String, String> names = tagNames(configuration);
        send(plc.initialValues(), START, names);
        while (plc.batchesDone() < batches || plc.nowMs() == 0) {
            Step step = plc.next().orElseThrow();
            send(step.writes(), START.plusMillis(plc.nowMs()), names);
        }
        Step setup = plc.next().orElseThrow(); // the next batch's setup: the line moves on
        send(setup.writes(), START.plusMillis(plc.nowMs()), names);
        return plc;
    }

    private void send(List<TagWrite> writes, Instant sourceTime, Map<String, String> names) {
        for (TagWrite write : writes) {
            String tag = names.get(write.tag());
            if (tag != null) {
                // the OPC UA source delivers Int32 as Long
                Object value = write.value() instanceof Integer i ? (Object) i.longValue() : write.value();
                line.at(tag, value, sourceTime);
            }
        }
    }

    private List<LineRecord> completed() {
        return line.records().stream().filter(r -> r.type().equals("batch-completed")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> statistics(LineRecord completed) {
        return (Map<String, Map<String, Object>>) completed.fields().get("characteristics");
    }

    @Test
    void line1sBatchesAreRecordedByTheirStateStrings() throws Exception {
        play("Line1", ShippedExampleLinesTest.example("line-1"), 2);

        List<LineRecord> batches = completed();
        assertEquals(2, batches.size());
        for (LineRecord batch : batches) {
            assertEquals(20, ((Number) batch.fields().get("parts")).intValue());
            assertEquals(20, ((Number) batch.fields().get("partsReported")).intValue());
            assertTrue(List.of("PASS", "FAIL").contains(batch.fields().get("verdict")), batch.fields().toString());
            assertEquals(20, ((Number) statistics(batch).get("fillWeight").get("n")).intValue());
        }
        onlyTheInitialMeasurementsAreRefused(1);
    }

    /** Each measurement's initial value (0.0, no batch running) is a dead letter; nothing else is. */
    private void onlyTheInitialMeasurementsAreRefused(long characteristics) {
        assertEquals(Map.of(io.lineledger.routes.DeadLetterCause.NO_BATCH_RUNNING, characteristics),
                line.rules.status().deadLetters().byCause(), line.rules.status().deadLetters().toString());
    }

    @Test
    void line2sBatchesAreRecordedByThePackMlStateWithThreeCharacteristicsAndTheProductsLimits() throws Exception {
        play("Line2", ShippedExampleLinesTest.example("line-2"), 2);

        List<LineRecord> batches = completed();
        assertEquals(2, batches.size());
        for (LineRecord batch : batches) {
            assertEquals("Hand Soap 250 ml", batch.fields().get("product"));
            assertEquals(30, ((Number) batch.fields().get("parts")).intValue(), batch.fields().toString());
            assertEquals(30, ((Number) batch.fields().get("partsReported")).intValue());
            assertTrue(List.of("PASS", "FAIL").contains(batch.fields().get("verdict")), batch.fields().toString());
            Map<String, Map<String, Object>> stats = statistics(batch);
            assertEquals(List.of(30, 30, 30), List.of("fillWeight", "capTorque", "labelOffset").stream()
                    .map(c -> ((Number) stats.get(c).get("n")).intValue()).toList());
            assertEquals(246.0, ((Number) stats.get("fillWeight").get("lsl")).doubleValue());
            double cp = ((Number) stats.get("fillWeight").get("cp")).doubleValue();
            assertTrue(cp > 0.5 && cp < 3, "Cp of a 250 ± 4 g fill with sd 1.2 g: about 1.1, got " + cp);
        }
        onlyTheInitialMeasurementsAreRefused(3);
        assertEquals(List.of(), line.rules.status().routeFiles());
    }

    @Test
    void line2GoesOnAfterHeldAndAnAbortEndsTheBatchAsInterrupted() throws Exception {
        Map<String, Object> configuration = ShippedExampleLinesTest.example("line-2");
        SimulationSettings settings = Scenario.defaultScenario().lines().stream()
                .filter(l -> l.line().equals("Line2")).findFirst().orElseThrow();
        LineSimulation plc = new LineSimulation(settings, 11, START);
        line = new RulesHarness(configuration, spool);
        Map<String, String> names = tagNames(configuration);
        send(plc.initialValues(), START, names);
        int parts = 0;
        boolean held = false;
        while (plc.batchesDone() < 1 || parts < 35) {
            Step step = plc.next().orElseThrow();
            send(step.writes(), START.plusMillis(plc.nowMs()), names);
            parts += step.phase() == Step.Phase.PART ? 1 : 0;
            if (parts == 10 && !held) {
                held = true; // the checkweigher stops in Held for 2 s, then executes again
                assertTrue(plc.inject(io.lineledger.plcsim.model.Fault.of(
                        io.lineledger.plcsim.model.FaultType.STUCK_IN_HELD, 0, 2000, "Line2", "Checkweigher")).done());
            }
        }
        send(plc.abort().writes(), START.plusMillis(plc.nowMs()), names);
        line.wallClock.advance(java.time.Duration.ofHours(2));
        line.rules.releaseOverdueCompletions();

        List<LineRecord> batches = completed();
        assertEquals(2, batches.size(), line.types().toString());
        LineRecord first = batches.get(0);
        assertEquals(30, ((Number) first.fields().get("parts")).intValue(), first.fields().toString());
        assertEquals(null, first.fields().get("interrupted"), "Held, then Execute again: the batch went on");
        LineRecord aborted = batches.get(1);
        assertEquals(true, aborted.fields().get("interrupted"));
        assertEquals(5, ((Number) aborted.fields().get("parts")).intValue());
        assertTrue(((List<?>) aborted.fields().get("reasons")).contains("interrupted: checkweigher.state = 9"),
                aborted.fields().get("reasons").toString());
        assertTrue(!"PASS".equals(aborted.fields().get("verdict")));
        List<LineRecord> alarms = line.records().stream().filter(r -> r.type().equals("alarm")).toList();
        assertTrue(alarms.stream().anyMatch(r -> first.batchId().equals(r.batchId())
                && ((Number) r.fields().get("value")).longValue() == 2001), alarms.toString());
        assertEquals(4, alarms.stream().filter(r -> aborted.batchId().equals(r.batchId())
                && ((Number) r.fields().get("value")).longValue() == 9001).count(), "every station's abort alarm");
    }
}
