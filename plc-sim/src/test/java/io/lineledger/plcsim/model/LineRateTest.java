package io.lineledger.plcsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.model.Step.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rates set at run time: finer than a millisecond, above 1,000 parts a second, and the batch size. */
class LineRateTest {

    private static final Instant START = Instant.parse("2026-03-01T08:15:30Z");

    /** Steps until the simulation clock passes {@code untilMicros} (delays summed in µs). */
    private static List<Long> partTimesMicros(LineSimulation line, long untilMicros) {
        List<Long> times = new ArrayList<>();
        long at = 0;
        while (true) {
            long delay = line.delayToNextMicros().orElseThrow();
            if (at + delay > untilMicros) {
                return times;
            }
            at += delay;
            Optional<Step> step = line.next();
            if (step.orElseThrow().phase() == Phase.PART) {
                times.add(at);
            }
        }
    }

    @Test
    void aRateAboveOneThousandPartsASecondSpacesPartsInMicroseconds() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults().withPartsPerBatch(1_000_000)
                .withPhaseDelays(0, 0, 0), 3, START);
        line.setPartsPerSecond(5_000);

        List<Long> parts = partTimesMicros(line, 1_000_000);

        assertEquals(5_000, parts.size(), "one second of simulated time at 5,000 parts/s");
        for (int i = 1; i < parts.size(); i++) {
            assertEquals(200, parts.get(i) - parts.get(i - 1), "a part every 200 µs");
        }
        assertEquals(5_000.0, line.partsPerSecond());
    }

    @Test
    void aFractionalRateKeepsItsAverage() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults().withPartsPerBatch(1_000_000)
                .withPhaseDelays(0, 0, 0), 3, START);
        line.setPartsPerSecond(333.3);

        assertEquals(333, partTimesMicros(line, 1_000_000).size());
    }

    @Test
    void withoutARateTheSettingsIntervalHoldsInWholeMilliseconds() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults().withPartIntervalMs(40)
                .withPartsPerBatch(1_000).withPhaseDelays(0, 0, 0), 3, START);

        List<Long> parts = partTimesMicros(line, 1_000_000);

        assertEquals(25, parts.size());
        assertEquals(40_000, parts.get(1) - parts.get(0));
        assertEquals(25.0, line.partsPerSecond());
    }

    @Test
    void aNewRateAppliesFromThePartAfterTheLastStep() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults().withPartIntervalMs(100)
                .withPartsPerBatch(1_000).withPhaseDelays(0, 0, 0), 3, START);
        partTimesMicros(line, 250_000); // setup, running, parts at 0, 100 and 200 ms

        line.setPartsPerSecond(1_000);

        assertEquals(1_000, line.delayToNextMicros().orElseThrow(), "the next part 1 ms after the last one");
        line.setPartsPerSecond(0);
        assertEquals(100_000, line.delayToNextMicros().orElseThrow(), "0: back to the settings' 100 ms");
    }

    @Test
    void theBatchSizeSetAtRunTimeCountsFromTheNextBatch() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults().withPartsPerBatch(3)
                .withPhaseDelays(0, 0, 0), 3, START);
        line.next(); // the first batch is set up with 3 parts
        line.setPartsPerBatch(5);

        List<Long> quantities = new ArrayList<>();
        for (int i = 0; i < 30 && quantities.size() < 2; i++) {
            Step step = line.next().orElseThrow();
            Object quantity = step.valueOf(line.tags().quantity());
            if (step.phase() == Phase.BATCH_SETUP) {
                quantities.add((Long) quantity);
            }
        }
        assertEquals(List.of(5L), quantities.subList(0, 1), "the second batch has 5 parts");
        assertEquals(5, line.partsPerBatch());
    }

    @Test
    void badRatesAndBatchSizesAreRefused() {
        LineSimulation line = new LineSimulation(SimulationSettings.defaults(), 3, START);
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> line.setPartsPerSecond(-1));
        assertTrue(negative.getMessage().contains("partsPerSecond"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> line.setPartsPerSecond(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> line.setPartsPerBatch(-1));
    }
}
