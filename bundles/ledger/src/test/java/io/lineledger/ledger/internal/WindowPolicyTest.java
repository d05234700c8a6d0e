package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowPolicyTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private final WindowPolicy policy = new WindowPolicy(50, Duration.ofMillis(2000));

    @Test
    void windowClosesWhenItHasMaxRecords() {
        assertTrue(policy.closes(50, NOW, NOW));
        assertFalse(policy.closes(49, NOW, NOW));
    }

    @Test
    void windowClosesWhenItsOldestRecordReachesMaxAge() {
        assertTrue(policy.closes(1, NOW.minusMillis(2000), NOW));
        assertFalse(policy.closes(1, NOW.minusMillis(1999), NOW));
    }

    @Test
    void emptyWindowNeverCloses() {
        assertFalse(new WindowPolicy(1, Duration.ZERO).closes(0, NOW.minusSeconds(60), NOW));
    }

    @Test
    void windowTakesTheWholeBacklogUpToItsLargestTree() {
        WindowPolicy adaptive = new WindowPolicy(50, Duration.ofMillis(2000), 65_536, 8);
        assertEquals(7, adaptive.sizeFor(7));
        assertEquals(50_000, adaptive.sizeFor(50_000));
        assertEquals(65_536, adaptive.sizeFor(200_000));
        assertEquals(50, policy.sizeFor(200_000), "without pipelining settings: fixed windows of maxRecords");
    }

    @Test
    void nonsenseLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WindowPolicy(50, Duration.ZERO, 49, 1));
        assertThrows(IllegalArgumentException.class, () -> new WindowPolicy(50, Duration.ZERO, 50, 0));
        assertThrows(IllegalArgumentException.class, () -> new WindowPolicy(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new WindowPolicy(1, Duration.ofMillis(-1)));
    }
}
