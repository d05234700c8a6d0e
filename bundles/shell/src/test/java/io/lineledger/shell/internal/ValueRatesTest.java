package io.lineledger.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValueRatesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T11:00:00Z");

    @Test
    void theRateIsTheCountsDifferenceOverTheSpanSinceTheOldestReadingOfTheLastMinute() {
        ValueRates rates = new ValueRates();
        assertTrue(rates.record("line-1", T0, 100).isEmpty());
        assertEquals(50.0, rates.record("line-1", T0.plusSeconds(2), 200).getAsDouble(), 1e-9);
        assertEquals(25.0, rates.record("line-1", T0.plusSeconds(4), 200).getAsDouble(), 1e-9);
        // readings older than a minute are dropped
        assertEquals(0.0, rates.record("line-1", T0.plusSeconds(63), 200).getAsDouble(), 1e-9);
    }

    @Test
    void aRestartedCountStartsOver() {
        ValueRates rates = new ValueRates();
        rates.record("line-1", T0, 1000);
        assertTrue(rates.record("line-1", T0.plusSeconds(2), 10).isEmpty());
        assertEquals(5.0, rates.record("line-1", T0.plusSeconds(4), 20).getAsDouble(), 1e-9);
    }

    @Test
    void readingsCloserThanHalfASecondGiveNoRate() {
        ValueRates rates = new ValueRates();
        rates.record("line-1", T0, 0);
        assertTrue(rates.record("line-1", T0.plusMillis(100), 10).isEmpty());
    }
}
