package io.lineledger.plcsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.model.CommandResult.Outcome;
import io.lineledger.plcsim.model.Step.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** StartBatch, Stop, Reset, Abort, Acknowledge, and the injected faults, on the plain-Java line. */
class LineCommandsAndFaultsTest {

    private static final Instant START = Instant.parse("2026-03-01T08:15:30Z");
    private static final LineTags TAGS = new LineTags("Line1");
    private static final SimulationSettings ONE_BATCH = SimulationSettings.defaults().withBatches(1).withPartsPerBatch(10);

    private static List<Step> runUntil(LineSimulation line, Predicate<Step> last) {
        List<Step> steps = new ArrayList<>();
        for (Optional<Step> step = line.next(); step.isPresent(); step = line.next()) {
            steps.add(step.get());
            if (last.test(step.get())) {
                return steps;
            }
            assertTrue(steps.size() < 100_000, "no end");
        }
        return steps;
    }

    private static List<Step> runAll(LineSimulation line) {
        return runUntil(line, s -> false);
    }

    private static List<Object> valuesOf(List<Step> steps, String tag) {
        List<Object> values = new ArrayList<>();
        for (Step step : steps) {
            for (TagWrite write : step.writes()) {
                if (write.tag().equals(tag)) {
                    values.add(write.value());
                }
            }
        }
        return values;
    }

    private static Predicate<Step> phase(Phase phase) {
        return step -> step.phase() == phase;
    }

    @Test
    void startBatchWithBadArgumentsIsRefusedNamingTheArgument() {
        LineSimulation line = new LineSimulation(ONE_BATCH.withProducts(List.of()), 1, START);

        CommandResult emptyId = line.startBatch(" ", "Shampoo 500 ml", 5);
        CommandResult unknownProduct = line.startBatch("B-1", "Beer", 5);
        CommandResult noParts = line.startBatch("B-1", "Shampoo 500 ml", 0);

        assertEquals(Outcome.INVALID_ARGUMENT, emptyId.outcome());
        assertTrue(emptyId.message().contains("batchId"), emptyId.message());
        assertEquals(Outcome.INVALID_ARGUMENT, unknownProduct.outcome());
        assertTrue(unknownProduct.message().contains("unknown product 'Beer'"), unknownProduct.message());
        assertEquals(Outcome.INVALID_ARGUMENT, noParts.outcome());
        assertTrue(noParts.message().contains("quantity"), noParts.message());
        assertTrue(line.delayToNext().isEmpty(), "nothing started");
    }

    @Test
    void aLineWithoutAutomaticBatchesRunsTheStartedBatchThenWaits() {
        LineSimulation line = new LineSimulation(ONE_BATCH.withProducts(List.of()), 1, START);
        assertTrue(line.delayToNext().isEmpty(), "waits for StartBatch");

        assertTrue(line.startBatch("B-42", "Conditioner 500 ml", 4).done());
        List<Step> steps = runAll(line);

        assertEquals("B-42", steps.get(0).valueOf(TAGS.batchId()));
        assertEquals("Conditioner 500 ml", steps.get(0).valueOf(TAGS.product()));
        assertEquals(4L, steps.get(0).valueOf(TAGS.quantity()));
        assertEquals(4, steps.stream().filter(phase(Phase.PART)).count());
        assertEquals("Complete", steps.get(steps.size() - 1).valueOf(TAGS.batchState()));
        assertTrue(line.delayToNext().isEmpty());
        assertFalse(line.finished(), "a manual line is never done");
        assertTrue(line.startBatch("B-43", "Shampoo 500 ml", 1).done(), "Complete accepts the next batch");
    }

    @Test
    void startBatchWhileABatchRunsIsAnInvalidState() {
        LineSimulation line = new LineSimulation(ONE_BATCH, 1, START);
        runUntil(line, phase(Phase.PART));

        CommandResult result = line.startBatch("B-1", "Shampoo 500 ml", 5);

        assertEquals(Outcome.INVALID_STATE, result.outcome());
        assertTrue(result.message().contains("running a batch"), result.message());
    }

    @Test
    void stationsGoThroughThePackMlStatesOfABatch() {
        List<Step> steps = runAll(new LineSimulation(ONE_BATCH, 1, START));

        assertEquals(List.of("Resetting", "Idle", "Starting", "Execute", "Completing", "Complete"),
                valuesOf(steps, TAGS.state(LineTags.FILLER)));
        assertEquals(List.of(15, 4, 3, 6, 16, 17), valuesOf(steps, TAGS.stateCurrent(LineTags.FILLER)));
    }

    @Test
    void stopHaltsTheLineAndResetResumesTheCycle() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults().withPartsPerBatch(10), 1, START);
        runUntil(line, phase(Phase.PART));

        CommandResult stop = line.stop();
        assertTrue(stop.done());
        assertEquals(List.of("Stopping", "Stopped"), valuesOf(List.of(new Step(0, Phase.COMMAND, stop.writes())),
                TAGS.state(LineTags.CAPPER)));
        assertEquals("Stopped", new Step(0, Phase.COMMAND, stop.writes()).valueOf(TAGS.batchState()));
        assertTrue(line.delayToNext().isEmpty(), "a stopped line waits");
        assertEquals(Outcome.INVALID_STATE, line.stop().outcome(), "already stopped");

        CommandResult reset = line.reset();
        assertTrue(reset.done());
        assertEquals("Idle", new Step(0, Phase.COMMAND, reset.writes()).valueOf(TAGS.state(LineTags.CAPPER)));
        Step next = line.next().orElseThrow();
        assertEquals(Phase.BATCH_SETUP, next.phase());
        assertEquals("LOT-20260301-081530-2", next.valueOf(TAGS.batchId()));
    }

    @Test
    void abortRaisesAlarm9001AndResetClearsTheLine() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults(), 1, START);
        runUntil(line, phase(Phase.PART));

        Step abort = new Step(0, Phase.COMMAND, line.abort().writes());
        assertEquals("Aborted", abort.valueOf(TAGS.state(LineTags.FILLER)));
        assertEquals(9001, abort.valueOf(TAGS.alarmCode(LineTags.FILLER)));
        assertEquals(Boolean.TRUE, abort.valueOf(TAGS.alarmActive(LineTags.FILLER)));
        assertEquals(Boolean.FALSE, abort.valueOf(TAGS.alarmAcknowledged(LineTags.FILLER)));
        assertEquals(Outcome.INVALID_STATE, line.abort().outcome());

        Step reset = new Step(0, Phase.COMMAND, line.reset().writes());
        assertEquals(List.of("Clearing", "Stopped", "Resetting", "Idle"),
                valuesOf(List.of(reset), TAGS.state(LineTags.FILLER)));
        assertEquals(Boolean.FALSE, reset.valueOf(TAGS.alarmActive(LineTags.FILLER)), "the condition is gone");

        Step ack = new Step(0, Phase.COMMAND, line.acknowledge(LineTags.FILLER).writes());
        assertEquals(0, ack.valueOf(TAGS.alarmCode(LineTags.FILLER)), "inactive and acknowledged: cleared");
        assertEquals(Outcome.INVALID_STATE, line.acknowledge(LineTags.FILLER).outcome(), "nothing left to acknowledge");
        assertEquals(Outcome.INVALID_ARGUMENT, line.acknowledge("Palletizer").outcome());
    }

    @Test
    void resetOfARunningLineIsAnInvalidState() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults(), 1, START);
        runUntil(line, phase(Phase.PART));

        assertEquals(Outcome.INVALID_STATE, line.reset().outcome());
    }

    @Test
    void aStationStuckInHeldPausesThePartsUntilTheFaultEnds() {
        // parts from 500 ms every 250 ms; the capper holds at 1000 ms for 2 s
        Fault held = Fault.of(FaultType.STUCK_IN_HELD, 1000, 2000, "Line1", LineTags.CAPPER);
        LineSimulation line = new LineSimulation(ONE_BATCH.withFaults(List.of(held)), 1, START);
        List<Step> steps = runAll(line);

        int begin = indexOf(steps, s -> s.phase() == Phase.FAULT && "Held".equals(s.valueOf(TAGS.state(LineTags.CAPPER))));
        int end = indexOf(steps, s -> s.phase() == Phase.FAULT && "Execute".equals(s.valueOf(TAGS.state(LineTags.CAPPER))));
        Step hold = steps.get(begin);
        assertEquals(2001, hold.valueOf(TAGS.alarmCode(LineTags.CAPPER)));
        assertEquals("Held", hold.valueOf(TAGS.batchState()));
        assertEquals(end, begin + 1, "no part while the capper is held");
        assertEquals(2000, steps.get(end).delayMs());
        assertEquals("Running", steps.get(end).valueOf(TAGS.batchState()));
        assertEquals(10, steps.stream().filter(phase(Phase.PART)).count(), "the batch still makes its quantity");
        assertEquals("Complete", steps.get(steps.size() - 1).valueOf(TAGS.batchState()));
    }

    @Test
    void frozenValuesAreHeldBackThenPublishedAgain() {
        Fault frozen = Fault.of(FaultType.FROZEN_VALUES, 1000, 1000, "Line1", LineTags.CHECKWEIGHER);
        List<Step> steps = runAll(new LineSimulation(ONE_BATCH.withFaults(List.of(frozen)), 1, START));

        long at = 0;
        boolean sawFrozenPart = false;
        for (Step step : steps) {
            at += step.delayMs();
            if (step.phase() == Phase.PART && at > 1000 && at < 2000) {
                assertNull(step.valueOf(TAGS.fillWeight()), "no weight while frozen at " + at);
                assertNotNull(step.valueOf(TAGS.goodCount(LineTags.FILLER)), "the filler still publishes");
                sawFrozenPart = true;
            }
            if (step.phase() == Phase.FAULT && at == 2000) {
                assertNotNull(step.valueOf(TAGS.fillWeight()), "the current weight comes back at the end");
            }
        }
        assertTrue(sawFrozenPart);
    }

    @Test
    void badStatusMarksTheStationsValuesBadForTheDuration() {
        Fault bad = Fault.of(FaultType.BAD_STATUS, 1000, 1000, "Line1", LineTags.CHECKWEIGHER);
        List<Step> steps = runAll(new LineSimulation(ONE_BATCH.withFaults(List.of(bad)), 1, START));

        long at = 0;
        for (Step step : steps) {
            at += step.delayMs();
            for (TagWrite write : step.writes()) {
                boolean checkweigher = write.tag().startsWith("Line1.Checkweigher.");
                boolean during = at >= 1000 && at < 2000;
                Quality expected = checkweigher && during ? Quality.BAD : Quality.GOOD;
                assertEquals(expected, write.quality(), write.tag() + " at " + at);
            }
        }
        Step begin = steps.stream().filter(phase(Phase.FAULT)).findFirst().orElseThrow();
        assertTrue(begin.writes().stream().allMatch(w -> w.tag().startsWith("Line1.Checkweigher.")
                && w.quality() == Quality.BAD), "the current values go Bad at once");
    }

    @Test
    void clockSkewShiftsTheSourceTimesOfTheLine() {
        Fault skew = new Fault(FaultType.CLOCK_SKEW, 1000, 1000, "Line1", null, 1.0, -5000);
        List<Step> steps = runAll(new LineSimulation(ONE_BATCH.withFaults(List.of(skew)), 1, START));

        long at = 0;
        for (Step step : steps) {
            at += step.delayMs();
            if (step.phase() == Phase.PART) {
                assertEquals(at >= 1000 && at < 2000 ? -5000 : 0, step.clockSkewMs(), "at " + at);
            }
        }
    }

    @Test
    void aBurstMakesPartsFaster() {
        Fault burst = new Fault(FaultType.BURST_RATE, 1000, 500, "Line1", null, 5.0, 0);
        List<Step> steps = runAll(new LineSimulation(ONE_BATCH.withPartsPerBatch(20).withFaults(List.of(burst)), 1,
                START));

        long at = 0;
        List<Long> burstDelays = new ArrayList<>();
        Phase previous = null;
        for (Step step : steps) {
            at += step.delayMs();
            if (step.phase() == Phase.PART && previous == Phase.PART && at > 1050 && at <= 1500) {
                burstDelays.add(step.delayMs());
            }
            previous = step.phase();
        }
        assertFalse(burstDelays.isEmpty());
        assertTrue(burstDelays.stream().allMatch(d -> d == 50), "250 ms / 5: " + burstDelays);
    }

    @Test
    void anOutOfSpecRatePushesThatShareOfPartsOutAndThreeInARowRaiseAnAlarm() {
        Recipe always = new Recipe("Bad Batch", Map.of(Characteristic.FILL_WEIGHT, new Spec(500, 0, 0, 495, 505, 1.0)));
        Recipe sometimes = new Recipe("Some Rejects", Map.of(Characteristic.FILL_WEIGHT,
                new Spec(500, 0, 0, 495, 505, 0.2)));
        SimulationSettings settings = SimulationSettings.defaults().withBatches(1).withPartsPerBatch(2000)
                .withRecipes(List.of(always, sometimes), List.of("Some Rejects"));
        List<Step> steps = runAll(new LineSimulation(settings, 3, START));
        long rejects = valuesOf(steps, TAGS.fillWeight()).stream().filter(w -> (Double) w != 500.0).count();
        assertEquals(0.2, rejects / 2000.0, 0.03);

        LineSimulation allBad = new LineSimulation(settings.withPartsPerBatch(3).withProducts(List.of("Bad Batch")), 3,
                START);
        List<Step> badSteps = runAll(allBad);
        assertEquals(List.of(3001), valuesOf(badSteps, TAGS.alarmCode(LineTags.CHECKWEIGHER)));
        assertTrue(allBad.acknowledge(LineTags.CHECKWEIGHER).done());
    }

    @Test
    void driftMovesTheMeanAlongTheBatch() {
        Recipe drifting = new Recipe("Drift", Map.of(Characteristic.FILL_WEIGHT, new Spec(500, 0.5, 0.01, 400, 600, 0)));
        SimulationSettings settings = SimulationSettings.defaults().withBatches(1).withPartsPerBatch(1000)
                .withRecipes(List.of(drifting), List.of("Drift"));
        List<Object> weights = valuesOf(runAll(new LineSimulation(settings, 3, START)), TAGS.fillWeight());

        double first = weights.subList(0, 100).stream().mapToDouble(w -> (Double) w).average().orElseThrow();
        double last = weights.subList(900, 1000).stream().mapToDouble(w -> (Double) w).average().orElseThrow();
        assertEquals(9.0, last - first, 0.5, "0.01 g per part over 900 parts");
    }

    @Test
    void anInjectedFaultBeginsNow() {
        LineSimulation line = new LineSimulation(ONE_BATCH, 1, START);
        runUntil(line, phase(Phase.PART));

        assertTrue(line.inject(Fault.of(FaultType.STUCK_IN_HELD, 0, 1000, "Line1", LineTags.FILLER)).done());
        assertEquals(0, line.delayToNext().orElseThrow());
        assertEquals("Held", line.next().orElseThrow().valueOf(TAGS.state(LineTags.FILLER)));
        assertEquals(Outcome.INVALID_ARGUMENT,
                line.inject(Fault.of(FaultType.FROZEN_VALUES, 0, 1000, "Line1", "Palletizer")).outcome());
    }

    private static int indexOf(List<Step> steps, Predicate<Step> wanted) {
        for (int i = 0; i < steps.size(); i++) {
            if (wanted.test(steps.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such step");
    }
}
