package io.lineledger.plcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedValueJournalTest {

    private static final String TWO_BATCHES = """
            timing: { partsPerBatch: 4, partIntervalMs: 20ms, setupDelayMs: 50ms, completeDelayMs: 50ms, pauseMs: 50ms, batches: 2 }
            lines:
              - name: Line1
            """;

    @TempDir
    Path dir;

    private void runTwoBatches(Path journalFile, String data) throws Exception {
        PlcSimulator.Options options = PlcSimulator.Options.defaults().withDataDir(dir.resolve(data))
                .withScenario(Scenario.parse(TWO_BATCHES, "two.yaml")).withSeed(5);
        try (ServedValueJournal journal = ServedValueJournal.open(journalFile);
             PlcSimulator sim = PlcSimulator.start(options, step -> { }, journal::record)) {
            assertTrue(sim.awaitFinished(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void everyServedFillWeightIsJournalledWithItsBatchAndSourceTime() throws Exception {
        Path file = dir.resolve("served.tsv");
        runTwoBatches(file, "a");

        List<String> lines = Files.readAllLines(file);
        assertEquals(ServedValueJournal.HEADER, lines.get(0));
        List<String[]> weights = lines.stream().skip(1).map(l -> l.split("\t"))
                .filter(f -> f[3].equals("Line1.Checkweigher.FillWeight")).toList();
        assertEquals(8, weights.size(), "one fill weight per part of two batches of four");
        for (String[] f : weights) {
            assertEquals(7, f.length);
            Instant.parse(f[0]);
            assertEquals("Line1", f[1]);
            assertTrue(f[2].startsWith("LOT-"), "batch id of the running batch: " + f[2]);
            Double.parseDouble(f[4]);
            assertEquals("GOOD", f[5]);
            assertEquals("PART", f[6]);
        }
        assertEquals(2, weights.stream().map(f -> f[2]).distinct().count());
    }

    @Test
    void aRestartedSimulatorAppendsToTheJournal() throws Exception {
        Path file = dir.resolve("served.tsv");
        runTwoBatches(file, "a");
        long first = Files.readAllLines(file).size();
        runTwoBatches(file, "b");

        List<String> lines = Files.readAllLines(file);
        assertEquals(2 * first - 1, lines.size(), "the second run adds its values without a second header");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("#")).count());
    }
}
