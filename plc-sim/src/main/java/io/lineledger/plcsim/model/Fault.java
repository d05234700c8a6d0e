package io.lineledger.plcsim.model;

import java.util.Objects;

/**
 * A fault at a time of the run.
 *
 * @param type       what goes wrong
 * @param atMs       when, from the start of the run (the simulation's own clock)
 * @param durationMs how long
 * @param line       the line it hits; null for server-wide faults
 * @param station    the station it hits, or null for the whole line
 * @param factor     burstRate: how many times faster parts come; otherwise 1
 * @param skewMs     clockSkew: added to source timestamps; otherwise 0
 */
public record Fault(FaultType type, long atMs, long durationMs, String line, String station, double factor,
                    long skewMs) {

    public Fault {
        Objects.requireNonNull(type, "type");
        if (atMs < 0 || durationMs < 0) {
            throw new IllegalArgumentException("fault " + type.key() + ": at and duration must be >= 0: at " + atMs
                    + " ms, duration " + durationMs + " ms");
        }
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("fault " + type.key() + ": factor must be > 0: " + factor);
        }
    }

    public static Fault of(FaultType type, long atMs, long durationMs, String line, String station) {
        return new Fault(type, atMs, durationMs, line, station, 1.0, 0);
    }

    public long endMs() {
        return atMs + durationMs;
    }
}
