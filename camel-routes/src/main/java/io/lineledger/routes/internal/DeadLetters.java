package io.lineledger.routes.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where failed events end: each is counted and logged at WARN with the reason and the event itself. */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final AtomicLong count = new AtomicLong();
    private volatile String lastReason;

    public void record(@Body Object event,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause,
                       @ExchangeProperty(Exchange.FAILURE_ROUTE_ID) String routeId) {
        long n = count.incrementAndGet();
        String reason = cause == null ? "unknown" : cause.getMessage();
        lastReason = reason;
        LOG.warn("Dead letter #{} from route {}: {}; event {}", n, routeId, reason, event,
                cause instanceof RuleViolation ? null : cause);
    }

    public long count() {
        return count.get();
    }

    public String lastReason() {
        return lastReason;
    }
}
