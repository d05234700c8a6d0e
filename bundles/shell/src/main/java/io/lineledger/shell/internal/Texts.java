package io.lineledger.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How the shell writes times, ages and rates: short and the same everywhere. */
final class Texts {

    private Texts() {
    }

    /** "0.4 s ago", "3 min ago", "2 h ago", "never". */
    static String age(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            return "just now";
        }
        long ms = d.toMillis();
        if (ms < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s ago", ms / 1000.0);
        }
        if (ms < 120_000) {
            return ms / 1000 + " s ago";
        }
        if (ms < 7_200_000) {
            return ms / 60_000 + " min ago";
        }
        if (ms < 172_800_000) {
            return ms / 3_600_000 + " h ago";
        }
        return ms / 86_400_000 + " d ago";
    }

    /** An instant to the second, ISO-8601: what people compare with log lines. */
    static String time(Instant at) {
        return at == null ? "-" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String orDash(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }
}
