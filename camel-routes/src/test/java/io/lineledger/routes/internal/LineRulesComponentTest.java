package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration mistakes fail activation with a message naming the PID, the key and the value. */
class LineRulesComponentTest {

    @TempDir
    Path directory;

    private RoutesConfig config(String spoolDirectory, int appendAttempts, double lsl, double usl) {
        return new RoutesConfig() {
            @Override public Class<? extends Annotation> annotationType() { return RoutesConfig.class; }
            @Override public String lineId() { return "line-1"; }
            @Override public double fillWeightLsl() { return lsl; }
            @Override public double fillWeightUsl() { return usl; }
            @Override public String spoolDirectory() { return spoolDirectory; }
            @Override public int appendAttempts() { return appendAttempts; }
            @Override public long appendBackoffMillis() { return 200; }
            @Override public long completeHoldMillis() { return 1000; }
            @Override public int deadLetterLogSeconds() { return 10; }
        };
    }

    @Test
    void settingsComeFromTheConfiguration() {
        RulesSettings settings = LineRulesComponent.settings(config(directory.toString(), 3, 495, 505), null);
        assertEquals(directory, settings.spoolDirectory());
        assertEquals(Duration.ofMillis(200), settings.appendBackoff());
        assertEquals(Duration.ofSeconds(10), settings.deadLetterLogEvery());
    }

    @Test
    void tooFewAppendAttemptsAreRefusedNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineRulesComponent.settings(config(directory.toString(), 0, 495, 505), null));
        assertEquals("io.lineledger.routes: appendAttempts = 0: must be at least 1", e.getMessage());
    }

    @Test
    void aSpoolDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = java.nio.file.Files.createFile(directory.resolve("not-a-directory"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineRulesComponent.settings(config(file.toString(), 3, 495, 505), null));
        assertEquals("io.lineledger.routes: spoolDirectory = '" + file + "': exists and is not a directory",
                e.getMessage());
    }

    @Test
    void invertedSpecLimitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineRulesComponent.settings(config(directory.toString(), 3, 505, 495), null));
        assertEquals(true, e.getMessage().startsWith("io.lineledger.routes: fillWeightLsl=505.0 and fillWeightUsl=495.0"),
                e.getMessage());
    }
}
