package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LineStartsTest {

    @Test
    void aLineThatCannotStartYetIsTriedAgainUntilItStarts() throws Exception {
        try (LineStarts starts = new LineStarts(1, Duration.ofMillis(20))) {
            AtomicInteger tries = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(1);
            starts.start("line-1", () -> {
                if (tries.incrementAndGet() < 3) {
                    return false;
                }
                started.countDown();
                return true;
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            Thread.sleep(100);
            assertEquals(3, tries.get(), "no try after the start");
        }
    }

    @Test
    void manyLinesStartOnAsManyThreadsAsConfigured() throws Exception {
        try (LineStarts starts = new LineStarts(2, Duration.ofMillis(20))) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch started = new CountDownLatch(50);
            for (int line = 1; line <= 50; line++) {
                starts.start("line-" + line, () -> {
                    threads.add(Thread.currentThread().getName());
                    started.countDown();
                    return true;
                });
            }
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertTrue(threads.size() <= 2, "threads: " + threads);
        }
    }

    @Test
    void aClosedStartIsNotTriedAgainAndAFailingOneEnds() throws Exception {
        try (LineStarts starts = new LineStarts(1, Duration.ofMillis(20))) {
            AtomicInteger tries = new AtomicInteger();
            CountDownLatch firstTry = new CountDownLatch(1);
            AutoCloseable handle = starts.start("line-1", () -> {
                tries.incrementAndGet();
                firstTry.countDown();
                return false;
            });
            assertTrue(firstTry.await(5, TimeUnit.SECONDS));
            handle.close();
            int afterClose = tries.get();
            Thread.sleep(150);
            assertTrue(tries.get() <= afterClose + 1, "a try under way may finish, none after it: " + tries.get());

            AtomicInteger failing = new AtomicInteger();
            starts.start("line-2", () -> {
                failing.incrementAndGet();
                throw new IllegalStateException("routes broken");
            });
            Thread.sleep(150);
            assertEquals(1, failing.get());
        }
    }

    @Test
    void closingTheStartsEndsEveryLinesTries() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        LineStarts starts = new LineStarts(1, Duration.ofMillis(20));
        starts.start("line-1", () -> {
            tries.incrementAndGet();
            return false;
        });
        Thread.sleep(60);
        starts.close();
        int afterClose = tries.get();
        Thread.sleep(100);
        assertTrue(tries.get() <= afterClose + 1);
        assertFalse(tries.get() == 0);
    }
}
