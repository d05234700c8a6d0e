package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in the shared settings and in a line's configuration fail activation with a message naming the PID, the
 * key and the value; a line's mistake stops that line only.
 */
class LineRulesComponentTest {

    @TempDir
    Path directory;

    private RoutesConfig config(String spoolDirectory, int appendAttempts) {
        return new RoutesConfig() {
            @Override public Class<? extends Annotation> annotationType() { return RoutesConfig.class; }
            @Override public String routesDirectory() { return directory.resolve("routes").toString(); }
            @Override public long routesPollMillis() { return 2000; }
            @Override public String spoolDirectory() { return spoolDirectory; }
            @Override public int appendAttempts() { return appendAttempts; }
            @Override public long appendBackoffMillis() { return 200; }
            @Override public long completeHoldMillis() { return 1000; }
            @Override public int deadLetterLogSeconds() { return 10; }
        };
    }

    @Test
    void settingsComeFromTheConfiguration() {
        RulesPlatformComponent.Shared shared = RulesPlatformComponent.shared(config(directory.toString(), 3), null);
        assertEquals(directory, shared.spoolDirectory());
        assertEquals(directory.resolve("routes"), shared.routesDirectory());
        assertEquals(Duration.ofMillis(200), shared.appendBackoff());
        assertEquals(Duration.ofSeconds(10), shared.deadLetterLogEvery());
    }

    @Test
    void tooFewAppendAttemptsAreRefusedNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RulesPlatformComponent.shared(config(directory.toString(), 0), null));
        assertEquals("io.lineledger.routes: appendAttempts = 0: must be at least 1", e.getMessage());
    }

    @Test
    void aSpoolDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = java.nio.file.Files.createFile(directory.resolve("not-a-directory"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RulesPlatformComponent.shared(config(file.toString(), 3), null));
        assertEquals("io.lineledger.routes: spoolDirectory = '" + file + "': exists and is not a directory",
                e.getMessage());
    }

    @Test
    void aSecondLineWithTheSameIdIsRefusedNamingBothAndOtherLinesStart() throws Exception {
        RulesPlatformComponent platform = new RulesPlatformComponent(null, config(directory.toString(), 3),
                java.util.Map.of());
        try {
            assertEquals("line-1", LineRulesComponent.define(TestLines.line1(), platform).lineId());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LineRulesComponent.define(
                    TestLines.with(TestLines.line1(), "service.pid", "io.lineledger.line~copy"), platform));
            assertEquals("io.lineledger.line~copy: lineId = 'line-1': already used by io.lineledger.line~line-1; this"
                    + " configuration does not start (give each line its own lineId)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> LineRulesComponent.define(
                    TestLines.with(TestLines.line2(), "batch.boundary", "packML2"), platform));
            assertEquals("line-2", LineRulesComponent.define(TestLines.line2(), platform).lineId(),
                    "a refused configuration claims nothing; the other lines start");
            assertEquals("line-1", platform.settingsFor(TestLines.define(TestLines.line1())).lineId());
            assertEquals(RouteFiles.builtIn(), platform.routeFiles(), "the bundle's files, written into the directory");
        } finally {
            platform.stop();
        }
    }

    @Test
    void keysThatAreNotReadAreNamed() {
        assertEquals(java.util.List.of("fillWeightLsl", "lineId", "spoolDirectori"), RulesPlatformComponent.unknownKeys(
                java.util.Map.of("lineId", "line-1", "fillWeightLsl", 495.0, "spoolDirectori", "/tmp",
                        "appendAttempts", 3, "service.pid", "io.lineledger.routes", "component.id", 7L,
                        "felix.fileinstall.filename", "file:/etc/io.lineledger.routes.cfg")));
    }
}
