package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.routes.DeadLetter;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.DeadLetterStatus;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where refused values end: counted per cause, the last few kept for the status API, and logged as counts per
 * interval ({@link #flush}), not one line per value (a misconfigured tag refuses ten values a second). A refused
 * measurement of a running batch also tells the lifecycle, so the batch cannot be PASS.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final String lineId;
    private final BatchLifecycle lifecycle;
    private final Predicate<String> isMeasurement;
    private final Clock clock;
    private final int recentLimit;
    private final Map<DeadLetterCause, Long> total = new EnumMap<>(DeadLetterCause.class);
    private final Map<DeadLetterCause, Long> sinceFlush = new EnumMap<>(DeadLetterCause.class);
    private final Deque<DeadLetter> recent = new ArrayDeque<>();
    private Throwable unexpectedSinceFlush;

    /** @param isMeasurement whether a tag measures a characteristic (its refused values are missing evidence) */
    public DeadLetters(String lineId, BatchLifecycle lifecycle, Predicate<String> isMeasurement, Clock clock,
                       int recentLimit) {
        this.lineId = lineId;
        this.lifecycle = lifecycle;
        this.isMeasurement = isMeasurement;
        this.clock = clock;
        this.recentLimit = recentLimit;
    }

    public void record(@Body Object event,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure,
                       @ExchangeProperty(Exchange.FAILURE_ROUTE_ID) String routeId) {
        DeadLetterCause cause = failure instanceof RuleViolation violation ? violation.deadLetterCause()
                : DeadLetterCause.OTHER;
        String reason = failure == null ? "unknown" : failure.getMessage();
        synchronized (this) {
            total.merge(cause, 1L, Long::sum);
            sinceFlush.merge(cause, 1L, Long::sum);
            recent.addLast(new DeadLetter(clock.instant(), cause, reason, routeId));
            while (recent.size() > recentLimit) {
                recent.removeFirst();
            }
            if (cause == DeadLetterCause.OTHER) {
                unexpectedSinceFlush = failure;
            }
        }
        LOG.debug("Dead letter from route {}: {}; event {}", routeId, reason, event);
        if (event instanceof ProductionEvent value && isMeasurement.test(value.tag())
                && cause != DeadLetterCause.DUPLICATE) {
            // no batch ran then (no batch running, measured before the start): batchAt finds none, nothing changes
            lifecycle.dropped(value, reason);
        }
    }

    /** Logs the dead letters since the last call as one WARN with counts per cause; empty when there were none. */
    public Optional<String> flush(String interval) {
        String summary;
        Throwable unexpected;
        synchronized (this) {
            long count = sinceFlush.values().stream().mapToLong(Long::longValue).sum();
            if (count == 0) {
                return Optional.empty();
            }
            summary = count + " dead letter(s) on line " + lineId + " in the last " + interval + ": "
                    + sinceFlush.entrySet().stream()
                            .sorted(Map.Entry.<DeadLetterCause, Long>comparingByValue().reversed())
                            .map(e -> e.getValue() + " " + e.getKey().label())
                            .collect(Collectors.joining(", "))
                    + "; last: " + recent.peekLast().reason();
            unexpected = unexpectedSinceFlush;
            sinceFlush.clear();
            unexpectedSinceFlush = null;
        }
        LOG.warn(summary, unexpected);
        return Optional.of(summary);
    }

    public synchronized DeadLetterStatus status() {
        return new DeadLetterStatus(count(), total, recent.stream().toList());
    }

    public synchronized long count() {
        return total.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized String lastReason() {
        return recent.isEmpty() ? null : recent.peekLast().reason();
    }
}
