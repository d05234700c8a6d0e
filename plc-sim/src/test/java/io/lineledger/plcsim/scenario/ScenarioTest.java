package io.lineledger.plcsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.model.Characteristic;
import io.lineledger.plcsim.model.FaultType;
import io.lineledger.plcsim.model.SimulationSettings;
import io.lineledger.plcsim.model.StationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioTest {

    @TempDir
    Path dir;

    @Test
    void theBenchScenarioHasTenLinesOfThreeMeasuredCharacteristicsAtAThousandPartsASecond() {
        Scenario scenario = Scenario.builtIn("bench");

        assertEquals(10, scenario.lines().size());
        for (SimulationSettings line : scenario.lines()) {
            assertEquals(3, line.stations().stream().filter(s -> s.characteristic() != null).count(), line.line());
            assertEquals(1, line.partIntervalMs());
            assertEquals(List.of("Hand Soap 250 ml"), line.products());
        }
        assertEquals("Line10", scenario.lines().get(9).line());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Scenario.builtIn("plant"));
        assertTrue(unknown.getMessage().contains("plant") && unknown.getMessage().contains("bench"),
                unknown.getMessage());
    }

    @Test
    void theDefaultScenarioHasTheSkeletonsLine1AndALine2WithALabeler() {
        Scenario scenario = Scenario.defaultScenario();

        assertEquals(List.of("Line1", "Line2"), scenario.lines().stream().map(SimulationSettings::line).toList());
        SimulationSettings line1 = scenario.lines().get(0);
        assertEquals(List.of(StationKind.FILLER, StationKind.CAPPER, StationKind.CHECKWEIGHER), line1.stations());
        assertEquals(20, line1.partsPerBatch());
        assertEquals(250, line1.partIntervalMs());
        assertEquals(0, line1.batches(), "forever");
        assertEquals("LOT-", line1.lotPrefix());
        assertEquals(List.of("Shampoo 500 ml", "Conditioner 500 ml", "Shower Gel 500 ml"), line1.products());
        assertEquals(495.0, line1.recipe("Shampoo 500 ml").spec(Characteristic.FILL_WEIGHT).lsl());
        assertTrue(scenario.lines().get(1).stations().contains(StationKind.LABELER));
        assertTrue(scenario.serverFaults().isEmpty());
        assertTrue(scenario.users().isEmpty());
    }

    @Test
    void faultsUsersAndSeedAreRead() {
        Scenario scenario = Scenario.parse("""
                seed: 42
                lines:
                  - name: Line1
                faults:
                  - { type: stuckInHeld, at: 30s, duration: 10s, line: Line1, station: Capper }
                  - { type: burstRate, at: 1m, duration: 5s, line: Line1, factor: 4 }
                  - { type: clockSkew, at: 2m, duration: 1m, line: Line1, skew: -3s }
                  - { type: serverRestart, at: 90s, duration: 2s }
                users:
                  - { name: operator, password: s3cret }
                """, "faults.yaml");

        assertEquals(42L, scenario.seed());
        assertEquals(1, scenario.serverFaults().size());
        assertEquals(90_000, scenario.serverFaults().get(0).atMs());
        var faults = scenario.lines().get(0).faults();
        assertEquals(List.of(FaultType.STUCK_IN_HELD, FaultType.BURST_RATE, FaultType.CLOCK_SKEW),
                faults.stream().map(f -> f.type()).toList());
        assertEquals(30_000, faults.get(0).atMs());
        assertEquals(10_000, faults.get(0).durationMs());
        assertEquals(4.0, faults.get(1).factor());
        assertEquals(-3_000, faults.get(2).skewMs());
        assertEquals(Map.of("operator", "s3cret"), scenario.users());
    }

    @Test
    void moreLinesThanTheFileHasAreCopiesOfItsLastLine() {
        Scenario three = Scenario.defaultScenario().withLines(3);

        assertEquals(List.of("Line1", "Line2", "Line3"), three.lines().stream().map(SimulationSettings::line).toList());
        assertEquals(three.lines().get(1).stations(), three.lines().get(2).stations());
        assertEquals("LOT3-", three.lines().get(2).lotPrefix());
        assertEquals(1, Scenario.defaultScenario().withLines(1).lines().size());
    }

    static Stream<Arguments> badScenarios() {
        return Stream.of(
                Arguments.of("unknown product", """
                        lines:
                          - name: Line1
                            products: [Shampoo 500 ml, Beer]
                        """, 3, "lines[0].products[1]", "unknown product 'Beer'"),
                Arguments.of("unknown station", """
                        lines:
                          - name: Line1
                            stations: [Filler, Caper]
                        """, 3, "lines[0].stations[1]", "unknown station 'Caper'"),
                Arguments.of("misspelt key", """
                        lines:
                          - name: Line1
                            station: [Filler]
                        """, 3, "lines[0].station", "unknown key 'station'"),
                Arguments.of("bad duration", """
                        timing:
                          partIntervalMs: fast
                        lines:
                          - name: Line1
                        """, 2, "timing.partIntervalMs", "not a duration"),
                Arguments.of("spec limits upside down", """
                        recipes:
                          - product: Water
                            fillWeight: { nominal: 500, lsl: 505, usl: 495 }
                        lines:
                          - name: Line1
                        """, 3, "recipes[0].fillWeight.usl", "must be above lsl"),
                Arguments.of("fault on an unknown line", """
                        lines:
                          - name: Line1
                        faults:
                          - { type: frozenValues, at: 1s, duration: 1s, line: Line9 }
                        """, 4, "faults[0].line", "unknown line 'Line9'"),
                Arguments.of("unknown fault type", """
                        lines:
                          - name: Line1
                        faults:
                          - { type: meteorStrike, at: 1s }
                        """, 4, "faults[0].type", "unknown fault type 'meteorStrike'"),
                Arguments.of("burst without factor", """
                        lines:
                          - name: Line1
                        faults:
                          - { type: burstRate, at: 1s, duration: 1s, line: Line1 }
                        """, 4, "faults[0].factor", "missing"),
                Arguments.of("no lines", """
                        seed: 1
                        """, 1, "lines", "needs 'lines'"),
                Arguments.of("not a number", """
                        seed: many
                        lines:
                          - name: Line1
                        """, 1, "seed", "not a whole number"),
                Arguments.of("line defined twice", """
                        lines:
                          - name: Line1
                          - name: Line1
                        """, 3, "lines[1].name", "defined twice"),
                Arguments.of("malformed YAML", """
                        lines:
                          - name: Line1
                           products: [A]
                        """, 3, "", "not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badScenarios")
    void aBadScenarioNamesFileLineAndField(String what, String yaml, int line, String field, String problem) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Scenario.parse(yaml, "plant.yaml"));

        assertEquals("plant.yaml", e.source());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.column() > 0, e.getMessage());
        assertTrue(e.getMessage().startsWith("plant.yaml:" + line + ":" + e.column() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void aScenarioFileIsNamedByItsPathInErrors() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "lines:\n  - name: Line1\n    products: [Beer]\n");

        ScenarioException e = assertThrows(ScenarioException.class, () -> Scenario.load(file));

        assertTrue(e.getMessage().startsWith(file + ":3:16: lines[0].products[0]: unknown product 'Beer'"),
                e.getMessage());
    }
}
