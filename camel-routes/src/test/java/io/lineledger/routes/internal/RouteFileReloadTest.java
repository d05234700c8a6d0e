package io.lineledger.routes.internal;

import static io.lineledger.routes.internal.TestLines.line1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.routes.DeadLetterCause;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route files in the directory integrators edit: written there by the bundle, reloaded on change into the running
 * rules, a broken file refused with its line while the previous version runs on.
 */
class RouteFileReloadTest {

    @TempDir
    Path temp;

    private Path directory;
    private RouteFileWatcher watcher;
    private RulesHarness line;
    private AutoCloseable listening;

    /** quality-check.yaml edited: only passing values are recorded (a change the test can see). */
    private static final String ONLY_PASSING = """
            - route:
                id: quality-check
                from:
                  uri: direct:quality-check
                  steps:
                    - bean:
                        ref: qualityCheck
                        method: measure
                    - filter:
                        simple: "${body.fields()[verdict]} == 'PASS'"
                        steps:
                          - to: direct:append-record
            """;

    @BeforeEach
    void start() throws Exception {
        directory = temp.resolve("etc/lineledger/routes");
        watcher = new RouteFileWatcher(new RouteFiles(directory));
        line = new RulesHarness(line1(), temp.resolve("spool"), watcher::current);
        listening = watcher.onChange(line.rules::reload);
    }

    @AfterEach
    void stop() throws Exception {
        listening.close();
        line.close();
    }

    private void edit(String file, String content) throws Exception {
        Files.writeString(directory.resolve(file), content, StandardCharsets.UTF_8);
        watcher.poll();
    }

    private void runBatchWith(String batchId, double... weights) {
        line.plc("batchId", batchId);
        line.plc("batchState", "Running");
        for (double weight : weights) {
            line.plc("checkweigher.fillWeight", weight);
        }
    }

    private List<Double> recordedWeights(String batchId) {
        return line.batch(batchId).stream().filter(r -> r.type().equals("quality"))
                .map(r -> ((Number) r.fields().get("value")).doubleValue()).toList();
    }

    @Test
    void theBundlesFilesAreWrittenIntoAMissingDirectoryAndNotOverwrittenLater() throws Exception {
        assertEquals(RouteFiles.builtIn().keySet().stream().sorted().toList(), Files.list(directory)
                .map(p -> p.getFileName().toString()).sorted().toList());
        Files.writeString(directory.resolve("quality-check.yaml"), ONLY_PASSING);
        assertTrue(!new RouteFiles(directory).installDefaults(), "an existing directory is the integrator's");
        assertEquals(ONLY_PASSING, Files.readString(directory.resolve("quality-check.yaml")));
        assertEquals("error-handling.yaml", watcher.current().keySet().iterator().next(),
                "the route configuration loads first");
    }

    @Test
    void aChangedFileIsLoadedIntoTheRunningRulesWithoutARestart() throws Exception {
        edit("quality-check.yaml", ONLY_PASSING);
        runBatchWith("LOT-1", 500.0, 520.0, 501.0);

        assertEquals(List.of(500.0, 501.0), recordedWeights("LOT-1"));
        assertEquals(List.of(), line.rules.status().routeFiles());
        assertEquals(List.of("batch-started", "quality", "quality"), line.types(), "no gap: the line was read on");
    }

    @Test
    void aBrokenFileIsRefusedWithItsLineAndThePreviousRoutesKeepRunning() throws Exception {
        edit("quality-check.yaml", ONLY_PASSING);
        String broken = ONLY_PASSING.replace("- to: direct:append-record", "- tooo: direct:append-record");
        edit("quality-check.yaml", broken);

        List<String> problems = line.rules.status().routeFiles();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("quality-check.yaml:12: Unknown node id: tooo"), problems.get(0));
        assertTrue(problems.get(0).contains("tooo"), problems.get(0));
        runBatchWith("LOT-2", 500.0, 520.0);
        assertEquals(List.of(500.0), recordedWeights("LOT-2"), "the previous version (only passing) runs on");

        edit("quality-check.yaml", RouteFiles.builtIn().get("quality-check.yaml")); // fixed
        line.plc("checkweigher.fillWeight", 530.0);
        assertEquals(List.of(500.0, 530.0), recordedWeights("LOT-2"));
        assertEquals(List.of(), line.rules.status().routeFiles());
    }

    @Test
    void aFileThatIsNoYamlIsRefusedWithItsLine() throws Exception {
        edit("quality-check.yaml", "- route:\n    id: quality-check\n  from: [unclosed\n");

        List<String> problems = line.rules.status().routeFiles();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).matches("quality-check\\.yaml:\\d+: .+"), problems.get(0));
        runBatchWith("LOT-3", 500.0);
        assertEquals(List.of(500.0), recordedWeights("LOT-3"), "the bundle's version runs on");
    }

    @Test
    void aBrokenFileAtStartIsRefusedAndTheBundlesVersionRunsInstead() throws Exception {
        listening.close();
        line.close();
        Files.writeString(directory.resolve("quality-check.yaml"), ONLY_PASSING.replace("- to:", "- tooo:"));
        watcher.poll();
        line = new RulesHarness(line1(), temp.resolve("spool2"), watcher::current);
        listening = watcher.onChange(line.rules::reload);

        assertEquals(List.of("quality-check.yaml:12: Unknown node id: tooo"), line.rules.status().routeFiles());
        runBatchWith("LOT-7", 500.0, 520.0);
        assertEquals(List.of(500.0, 520.0), recordedWeights("LOT-7"));
        edit("extra.yaml", "[]\n"); // another file changes: the refused one is not tried again, still shown
        assertEquals(List.of("quality-check.yaml:12: Unknown node id: tooo"), line.rules.status().routeFiles());
    }

    @Test
    void aFileThatFailsToStartIsRolledBack() throws Exception {
        edit("quality-check.yaml", ONLY_PASSING.replace("ref: qualityCheck", "ref: noSuchBean"));

        List<String> problems = line.rules.status().routeFiles();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("quality-check.yaml"), problems.get(0));
        runBatchWith("LOT-4", 500.0, 520.0);
        assertEquals(List.of(500.0, 520.0), recordedWeights("LOT-4"), "the previous version runs on");
    }

    @Test
    void aNewFileAddsItsRoutesAndARemovedFileTakesThemAway() throws Exception {
        edit("extra.yaml", """
                - route:
                    id: extra
                    from:
                      uri: direct:extra
                      steps:
                        - log: "extra"
                """);
        assertNotNull(line.camel.getRoute("extra"));
        Files.delete(directory.resolve("extra.yaml"));
        watcher.poll();
        assertNull(line.camel.getRoute("extra"));
    }

    @Test
    void anEmptiedDirectoryLeavesTheRoutesRunning() throws Exception {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        watcher.poll();
        runBatchWith("LOT-11", 500.0);
        assertEquals(List.of(500.0), recordedWeights("LOT-11"));
        assertEquals(RouteFiles.builtIn(), new RouteFileWatcher(new RouteFiles(directory)).current(),
                "rules starting on an empty directory run the bundle's files");
    }

    @Test
    void aRouteIdTakenByAnotherFileIsRefused() throws Exception {
        edit("copy.yaml", ONLY_PASSING);

        assertTrue(line.rules.status().routeFiles().get(0).startsWith("copy.yaml: route id 'quality-check' is used"
                + " by another route file"), line.rules.status().routeFiles().toString());
    }

    @Test
    void aChangedErrorHandlingAppliesToTheRoutesOfEveryFile() throws Exception {
        String handling = RouteFiles.builtIn().get("error-handling.yaml");
        edit("error-handling.yaml", handling.replace("        - bean:\n            ref: deadLetters",
                "        - log: \"refused: ${exception.message}\"\n        - bean:\n            ref: deadLetters"));
        assertEquals(List.of(), line.rules.status().routeFiles());
        runBatchWith("LOT-5", 500.0);
        line.plc("checkweigher.fillWeight", "n/a");

        assertEquals(List.of(500.0), recordedWeights("LOT-5"));
        assertEquals(Map.of(DeadLetterCause.WRONG_VALUE, 1L), line.rules.status().deadLetters().byCause());
        LineRecord gap = line.records().get(0);
        assertEquals("gap", gap.type(), "the routes reading the line were made again: not observed meanwhile");
    }

    @Test
    void aBrokenFileIsLeftOutWhenTheErrorHandlingChangesWithIt() throws Exception {
        Files.writeString(directory.resolve("quality-check.yaml"), ONLY_PASSING.replace("- to:", "- tooo:"));
        edit("error-handling.yaml", RouteFiles.builtIn().get("error-handling.yaml").replace(
                "        - bean:\n            ref: deadLetters", "        - log: \"refused\"\n        - bean:\n"
                + "            ref: deadLetters"));

        assertEquals(List.of("quality-check.yaml:12: Unknown node id: tooo"), line.rules.status().routeFiles());
        runBatchWith("LOT-8", 500.0, 520.0);
        assertEquals(List.of(500.0, 520.0), recordedWeights("LOT-8"), "the running quality-check.yaml was made again");
        assertEquals("gap", line.records().get(0).type(), "every route was made again");
    }

    @Test
    void anEditOfCommentsOnlyLeavesTheRoutesRunning() throws Exception {
        String events = RouteFiles.builtIn().get("production-events.yaml");
        edit("production-events.yaml", "# our plant's copy\n" + events);
        edit("error-handling.yaml", RouteFiles.builtIn().get("error-handling.yaml") + "\n# edited\n");
        runBatchWith("LOT-9", 500.0);

        assertEquals(List.of("batch-started", "quality"), line.types(), "the line's reader was not replaced: no gap");
        assertEquals(List.of(), line.rules.status().routeFiles());
    }

    @Test
    void theErrorHandlingCannotBeRemoved() throws Exception {
        String handling = Files.readString(directory.resolve("error-handling.yaml"));
        Files.delete(directory.resolve("error-handling.yaml"));
        watcher.poll();

        assertEquals(List.of("error-handling.yaml: removed; its route configuration (error handling) keeps running: a"
                + " route configuration cannot be removed"), line.rules.status().routeFiles());
        runBatchWith("LOT-10", 500.0);
        line.plc("checkweigher.fillWeight", "n/a");
        assertEquals(1, line.rules.deadLetters().count(), "refused values still end in the dead letters");

        edit("error-handling.yaml", handling);
        assertEquals(List.of(), line.rules.status().routeFiles());
    }

    @Test
    void aBrokenErrorHandlingIsRefusedAndTheRulesRunOn() throws Exception {
        edit("error-handling.yaml", RouteFiles.builtIn().get("error-handling.yaml")
                .replace("deadLetterUri: direct:dead-letter", "deadLetterUri: [direct:dead-letter"));

        assertEquals(1, line.rules.status().routeFiles().size(), line.rules.status().routeFiles().toString());
        assertTrue(line.rules.status().routeFiles().get(0).startsWith("error-handling.yaml:"));
        runBatchWith("LOT-6", 500.0);
        line.plc("checkweigher.fillWeight", "n/a");
        assertEquals(List.of(500.0), recordedWeights("LOT-6"));
        assertEquals(1, line.rules.deadLetters().count());
    }
}
