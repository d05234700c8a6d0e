package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceManagerTest {

    private final AtomicLong pending = new AtomicLong(7);
    private final AtomicLong mined = new AtomicLong(7);
    private final List<Long> sent = new ArrayList<>();

    @Test
    void noncesAreHandedOutInOrderStartingAtTheNodesPendingCount() {
        NonceManager nonces = new NonceManager(pending::get, mined::get, 10, Duration.ofSeconds(1), () -> { });
        for (int i = 0; i < 3; i++) {
            nonces.send(sent::add);
        }
        assertEquals(List.of(7L, 8L, 9L), sent);
    }

    @Test
    void failedSendDoesNotUseUpItsNonce() {
        NonceManager nonces = new NonceManager(pending::get, mined::get, 10, Duration.ofSeconds(1), () -> { });
        nonces.send(sent::add);
        pending.set(8);
        assertThrows(ChainException.class, () -> nonces.send(nonce -> {
            throw new ChainException("nonce too low");
        }));
        nonces.send(sent::add);
        assertEquals(List.of(7L, 8L), sent);
    }

    @Test
    void sendWaitsWhileTheInFlightBoundIsReached() {
        // each pause mines one transaction
        NonceManager nonces = new NonceManager(pending::get, mined::get, 2, Duration.ofSeconds(5), mined::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            nonces.send(sent::add);
        }
        assertEquals(List.of(7L, 8L, 9L, 10L), sent);
        assertEquals(9, mined.get(), "two in flight at most: 11 - 2");
    }

    @Test
    void sendFailsWhenNothingIsMinedForTooLong() {
        NonceManager nonces = new NonceManager(pending::get, mined::get, 1, Duration.ofMillis(50), () -> { });
        nonces.send(sent::add);
        assertThrows(ChainException.class, () -> nonces.send(sent::add));
        assertEquals(List.of(7L), sent);
    }

    @Test
    void roomIsTheInFlightBoundLessWhatIsUnmined() {
        NonceManager nonces = new NonceManager(pending::get, mined::get, 4, Duration.ofSeconds(1), () -> { });
        assertEquals(4, nonces.room());
        nonces.send(sent::add);
        nonces.send(sent::add);
        assertEquals(2, nonces.room());
        mined.set(9);
        assertEquals(4, nonces.room());
    }

    @Test
    void lostNonceIsHandedOutAgainSoTheLaterOnesStayValid() {
        NonceManager nonces = new NonceManager(pending::get, mined::get, 10, Duration.ofSeconds(1), () -> { });
        for (int i = 0; i < 4; i++) {
            nonces.send(sent::add); // 7, 8, 9, 10
        }
        nonces.rewindTo(8);          // 8 was lost; 9 and 10 still wait in the pool
        nonces.send(sent::add);      // 8 again
        nonces.send(sent::add);      // and on after 10
        nonces.rewindTo(14);         // not below the next nonce: nothing to take again
        nonces.send(sent::add);
        assertEquals(List.of(7L, 8L, 9L, 10L, 8L, 11L, 12L), sent);
    }
}
