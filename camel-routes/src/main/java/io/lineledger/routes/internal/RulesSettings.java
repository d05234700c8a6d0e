package io.lineledger.routes.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the rules of one line need to know, checked: the components build it from the line's configuration
 * ({@link LineDefinitions}) and the shared one ({@link RoutesConfig}), tests directly.
 *
 * @param line                 what the line's tags mean
 * @param spoolDirectory       where drafts the store refused are held
 * @param appendAttempts       tries of one append before its draft is held
 * @param appendBackoff        pause after the first failed try; doubles after each
 * @param completeHold         how long a completion waits for late values of its batch when no later value comes
 * @param deadLetterLogEvery   how often dead letters are logged as counts
 * @param recentDeadLetters    how many refused values the status keeps
 */
public record RulesSettings(LineDefinition line, Path spoolDirectory, int appendAttempts, Duration appendBackoff,
                            Duration completeHold, Duration deadLetterLogEvery, int recentDeadLetters) {

    public RulesSettings {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (appendAttempts < 1) {
            throw new IllegalArgumentException("appendAttempts must be at least 1, got " + appendAttempts);
        }
        if (appendBackoff.isNegative() || completeHold.isNegative() || deadLetterLogEvery.isNegative()
                || deadLetterLogEvery.isZero()) {
            throw new IllegalArgumentException("durations must be >= 0 (dead letter log interval > 0)");
        }
        if (recentDeadLetters < 1) {
            throw new IllegalArgumentException("recentDeadLetters must be at least 1, got " + recentDeadLetters);
        }
    }

    /** The defaults of {@link RoutesConfig} for a line and a spool directory. */
    public static RulesSettings of(LineDefinition line, Path spoolDirectory) {
        return new RulesSettings(line, spoolDirectory, 3, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 20);
    }

    public String lineId() {
        return line.lineId();
    }
}
