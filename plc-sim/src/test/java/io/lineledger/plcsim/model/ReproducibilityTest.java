package io.lineledger.plcsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lineledger.plcsim.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Same seed → same sequence of values and events, on every line, with faults and commands. */
class ReproducibilityTest {

    private static final Instant START = Instant.parse("2026-03-01T05:59:00Z"); // a shift change on the way

    private static final String FAULTY = """
            lines:
              - name: Line1
                stations: [Filler, Capper, Labeler, Checkweigher]
                partsPerBatch: 15
              - name: Line2
            faults:
              - { type: stuckInHeld, at: 3s, duration: 2s, line: Line1, station: Labeler }
              - { type: badStatus, at: 5s, duration: 3s, line: Line2, station: Checkweigher }
              - { type: frozenValues, at: 9s, duration: 2s, line: Line1 }
              - { type: burstRate, at: 12s, duration: 4s, line: Line2, factor: 3 }
              - { type: clockSkew, at: 14s, duration: 4s, line: Line1, skew: 2s }
            """;

    /** Each line's steps with their timing, plus commands at fixed steps. */
    private static List<List<Step>> run(Scenario scenario, long seed) {
        List<List<Step>> result = new ArrayList<>();
        for (int i = 0; i < scenario.lines().size(); i++) {
            LineSimulation line = new LineSimulation(scenario.lines().get(i), seed + i, START);
            List<Step> steps = new ArrayList<>();
            for (int n = 0; n < 400; n++) {
                if (n == 150) {
                    steps.add(new Step(0, Step.Phase.COMMAND, line.stop().writes()));
                    steps.add(new Step(0, Step.Phase.COMMAND, line.reset().writes()));
                }
                Optional<Step> step = line.next();
                if (step.isEmpty()) {
                    break;
                }
                steps.add(step.get());
            }
            result.add(steps);
        }
        return result;
    }

    @Test
    void theSameSeedGivesTheSameValuesAndEventsOnEveryLineOfTheDefaultScenario() {
        Scenario scenario = Scenario.defaultScenario();

        List<List<Step>> first = run(scenario, 7);
        assertEquals(first, run(scenario, 7));
        assertEquals(2, first.size());
        assertEquals(400 + 2, first.get(0).size());
    }

    @Test
    void theSameSeedGivesTheSameRunWithFaults() {
        Scenario scenario = Scenario.parse(FAULTY, "faulty.yaml");

        List<List<Step>> first = run(scenario, 99);
        assertEquals(first, run(scenario, 99));
        assertEquals(true, first.get(0).stream().anyMatch(s -> s.phase() == Step.Phase.FAULT));
    }

    @Test
    void anotherSeedGivesOtherValues() {
        Scenario scenario = Scenario.defaultScenario();

        assertNotEquals(run(scenario, 1), run(scenario, 2));
    }

    @Test
    void addingAStationDoesNotChangeTheOtherStationsValues() {
        SimulationSettings three = SimulationSettings.defaults().withBatches(2);
        SimulationSettings four = three.withStations(List.of(StationKind.FILLER, StationKind.CAPPER,
                StationKind.LABELER, StationKind.CHECKWEIGHER));
        LineTags tags = new LineTags("Line1");

        assertEquals(weights(new LineSimulation(three, 5, START), tags), weights(new LineSimulation(four, 5, START), tags));
    }

    private static List<Object> weights(LineSimulation line, LineTags tags) {
        List<Object> weights = new ArrayList<>();
        for (Optional<Step> step = line.next(); step.isPresent(); step = line.next()) {
            Object weight = step.get().valueOf(tags.fillWeight());
            if (weight != null) {
                weights.add(weight);
            }
        }
        return weights;
    }
}
