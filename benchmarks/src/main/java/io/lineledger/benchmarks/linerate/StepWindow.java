package io.lineledger.benchmarks.linerate;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of the benchmark as it ran: plc-sim offered {@code offeredPerSecond} measured values a second from
 * {@code start} until it was paused at {@code end}; then the benchmark waited until the store and the chain had
 * caught up ({@code drained}, or gave up then).
 *
 * @param label            what the row is called, e.g. {@code warm-up}, {@code a}, {@code b naive}
 * @param naive            true for the naive route (one transaction per value), false for LineLedger
 * @param offeredPerSecond measured values a second plc-sim was asked for
 * @param cpuPercent       CPU of the Karaf process during the step, in % of one core (-1: not measured)
 * @param rssMaxBytes      largest resident set of the Karaf process from start to drained (-1: not measured)
 * @param drainedInTime    false when the benchmark stopped waiting before the store and the chain caught up
 * @param notes            what else the step showed (the status API's counters, the machine's load), for people
 */
record StepWindow(String label, boolean naive, double offeredPerSecond, Instant start, Instant end, Instant drained,
                  double cpuPercent, long rssMaxBytes, boolean drainedInTime, String notes) {

    double seconds() {
        return Duration.between(start, end).toNanos() / 1e9;
    }

    /** A value served with this source time belongs to the step (plc-sim serves nothing while paused). */
    boolean served(Instant sourceTime) {
        return !sourceTime.isBefore(start.minusMillis(50)) && !sourceTime.isAfter(end.plusMillis(50));
    }

    /** Something that happened during the offered part of the step. */
    boolean during(Instant time) {
        return !time.isBefore(start) && !time.isAfter(end);
    }
}
