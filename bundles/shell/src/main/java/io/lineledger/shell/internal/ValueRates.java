package io.lineledger.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Values per second of each line, from the OPC UA source's running count as seen by successive status reads: the rate
 * over the span back to the oldest reading not older than {@link #WINDOW}. Thread-safe.
 */
public final class ValueRates {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Readings closer than this say little about a rate. */
    static final Duration SHORTEST_SPAN = Duration.ofMillis(500);

    private record Reading(Instant at, long values) { }

    private final Map<String, Deque<Reading>> readings = new HashMap<>();

    /** Notes a line's count at a moment and returns its rate, empty while there is no earlier reading to compare. */
    public synchronized OptionalDouble record(String lineId, Instant at, long valuesReceived) {
        Deque<Reading> line = readings.computeIfAbsent(lineId, id -> new ArrayDeque<>());
        while (!line.isEmpty() && (line.peekFirst().at().isBefore(at.minus(WINDOW))
                || line.peekFirst().values() > valuesReceived)) {
            line.removeFirst(); // too old, or the count restarted (the source was restarted)
        }
        OptionalDouble rate = OptionalDouble.empty();
        Reading oldest = line.peekFirst();
        if (oldest != null) {
            Duration span = Duration.between(oldest.at(), at);
            if (span.compareTo(SHORTEST_SPAN) >= 0) {
                rate = OptionalDouble.of((valuesReceived - oldest.values()) * 1000.0 / span.toMillis());
            }
        }
        line.addLast(new Reading(at, valuesReceived));
        return rate;
    }
}
