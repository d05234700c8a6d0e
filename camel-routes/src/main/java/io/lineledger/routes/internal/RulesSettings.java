package io.lineledger.routes.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the rules of one line need to know, checked: the component builds it from {@link RoutesConfig}, tests
 * directly.
 *
 * @param lineId               the line whose events the rules read
 * @param fillWeight           spec limits of the fill weight
 * @param spoolDirectory       where drafts the store refused are held
 * @param appendAttempts       tries of one append before its draft is held
 * @param appendBackoff        pause after the first failed try; doubles after each
 * @param completeHold         how long a Complete waits for late values of its batch when no later value comes
 * @param deadLetterLogEvery   how often dead letters are logged as counts
 * @param recentDeadLetters    how many refused values the status keeps
 */
public record RulesSettings(String lineId, SpecLimits fillWeight, Path spoolDirectory, int appendAttempts,
                            Duration appendBackoff, Duration completeHold, Duration deadLetterLogEvery,
                            int recentDeadLetters) {

    public RulesSettings {
        if (lineId == null || lineId.isBlank()) {
            throw new IllegalArgumentException("lineId must not be empty, got '" + lineId + "'");
        }
        Objects.requireNonNull(fillWeight, "fillWeight");
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

    /** The defaults of {@link RoutesConfig} for a line, its spec limits and a spool directory. */
    public static RulesSettings of(String lineId, SpecLimits fillWeight, Path spoolDirectory) {
        return new RulesSettings(lineId, fillWeight, spoolDirectory, 3, Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 20);
    }
}
