package io.lineledger.plcsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.model.Step.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LineSimulationTest {

    private static final Instant START = Instant.parse("2026-03-01T08:15:30Z");
    private static final LineTags TAGS = new LineTags("Line1");

    private static List<Step> run(SimulationSettings settings, long seed) {
        LineSimulation simulation = new LineSimulation(settings, seed, START);
        List<Step> steps = new ArrayList<>();
        for (Optional<Step> step = simulation.next(); step.isPresent(); step = simulation.next()) {
            steps.add(step.get());
            assertTrue(steps.size() < 100_000, "simulation did not end");
        }
        return steps;
    }

    private static List<Double> fillWeights(List<Step> steps) {
        return steps.stream().filter(s -> s.phase() == Phase.PART)
                .map(s -> (Double) s.valueOf(TAGS.fillWeight())).toList();
    }

    @Test
    void sameSeedGivesTheSameSteps() {
        SimulationSettings settings = SimulationSettings.defaults().withBatches(3);
        assertEquals(run(settings, 42), run(settings, 42));
    }

    @Test
    void anotherSeedGivesOtherFillWeights() {
        SimulationSettings settings = SimulationSettings.defaults().withBatches(1);
        assertNotEquals(fillWeights(run(settings, 1)), fillWeights(run(settings, 2)));
    }

    @Test
    void batchCycleSetsBatchIdBeforeRunningAndCompletesAfterTheLastPart() {
        SimulationSettings settings = SimulationSettings.defaults().withBatches(2).withPartsPerBatch(5);
        List<Step> steps = run(settings, 7);

        List<Phase> expectedBatch = new ArrayList<>();
        expectedBatch.add(Phase.BATCH_SETUP);
        expectedBatch.add(Phase.BATCH_RUNNING);
        for (int i = 0; i < 5; i++) {
            expectedBatch.add(Phase.PART);
        }
        expectedBatch.add(Phase.BATCH_COMPLETE);
        List<Phase> expected = new ArrayList<>(expectedBatch);
        expected.addAll(expectedBatch);
        assertEquals(expected, steps.stream().map(Step::phase).toList());

        Step setup = steps.get(0);
        assertEquals("LOT-20260301-081530-1", setup.valueOf(TAGS.batchId()));
        assertEquals("Shampoo 500 ml", setup.valueOf(TAGS.product()));
        assertEquals("Running", steps.get(1).valueOf(TAGS.batchState()));
        assertEquals(500, steps.get(1).delayMs(), "Running comes at least 500 ms after the batch id");
        Step lastPart = steps.get(6);
        assertEquals(5L, lastPart.valueOf(TAGS.partCount()));
        Step complete = steps.get(7);
        assertEquals("Complete", complete.valueOf(TAGS.batchState()));
        assertEquals(500, complete.delayMs());
        assertEquals("LOT-20260301-081530-2", steps.get(8).valueOf(TAGS.batchId()));
        assertEquals(2000, steps.get(8).delayMs(), "pause between batches");
    }

    @Test
    void batchIdIsWrittenBeforeTheBatchRunsAndStaysUntilTheNextBatch() {
        List<Step> steps = run(SimulationSettings.defaults().withBatches(3).withPartsPerBatch(3), 1);
        String currentBatch = "";
        for (Step step : steps) {
            Object id = step.valueOf(TAGS.batchId());
            if (id != null) {
                assertEquals(Phase.BATCH_SETUP, step.phase());
                assertNotEquals(currentBatch, id, "batch ids are unique");
                currentBatch = (String) id;
            }
            if ("Running".equals(step.valueOf(TAGS.batchState()))) {
                assertTrue(!currentBatch.isEmpty());
            }
        }
    }

    @Test
    void checkweigherCountersAddUpToThePartsAndFollowTheSpecLimits() {
        SimulationSettings settings = SimulationSettings.defaults().withBatches(1).withPartsPerBatch(2000);
        List<Step> steps = run(settings, 11);
        long good = 0;
        long reject = 0;
        for (Step step : steps) {
            if (step.phase() != Phase.PART) {
                continue;
            }
            double weight = (Double) step.valueOf(TAGS.fillWeight());
            boolean inSpec = weight >= 495.0 && weight <= 505.0;
            if (inSpec) {
                good++;
                assertEquals(good, step.valueOf(TAGS.goodCount(LineTags.CHECKWEIGHER)));
            } else {
                reject++;
                assertEquals(reject, step.valueOf(TAGS.rejectCount(LineTags.CHECKWEIGHER)));
            }
            assertEquals(good + reject, step.valueOf(TAGS.partCount()));
        }
        assertEquals(2000, good + reject);
        // sd 2.3 g around 500 g: a few percent outside 495..505
        double rejectShare = reject / 2000.0;
        assertTrue(rejectShare > 0.01 && rejectShare < 0.06, "reject share " + rejectShare);
        double mean = fillWeights(steps).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(500.0, mean, 0.2);
    }

    @Test
    void initialValuesCoverEveryTagTheStepsWrite() {
        LineSimulation simulation = new LineSimulation(SimulationSettings.defaults().withBatches(1), 1, START);
        List<String> declared = simulation.initialValues().stream().map(TagWrite::tag).toList();
        for (Optional<Step> step = simulation.next(); step.isPresent(); step = simulation.next()) {
            for (TagWrite write : step.get().writes()) {
                assertTrue(declared.contains(write.tag()), write.tag());
            }
        }
        assertEquals("", simulation.initialValues().stream()
                .filter(w -> w.tag().equals(TAGS.batchId())).findFirst().orElseThrow().value());
    }

    @Test
    void badSettingsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationSettings.defaults().withPartsPerBatch(0));
        assertTrue(e.getMessage().contains("partsPerBatch"), e.getMessage());
    }
}
