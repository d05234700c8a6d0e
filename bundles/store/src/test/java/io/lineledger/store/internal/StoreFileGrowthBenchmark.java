package io.lineledger.store.internal;

import io.lineledger.model.RecordDraft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * How the embedded H2 file grows under a plant's appends, with and without {@link EmbeddedH2Housekeeping}:
 * {@code lines} lines, two appending threads (the ingest's turns on two cores), {@code commitsPerSecond} commits a
 * second of ten records of one line each, H2 as shipped (durable commits). Prints the file size, the
 * chunks and their fill every 15 s.
 *
 * <pre>
 * java -cp ... io.lineledger.store.internal.StoreFileGrowthBenchmark [on|off] [seconds 180] [commitsPerSecond 300]
 *     [lines 84]
 * </pre>
 */
public final class StoreFileGrowthBenchmark {

    public static void main(String[] args) throws Exception {
        boolean housekeeping = args.length < 1 || !args[0].equals("off");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        int commitsPerSecond = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int lines = args.length > 3 ? Integer.parseInt(args[3]) : 84;
        Path directory = Files.createTempDirectory("lineledger-h2-growth");
        Path file = directory.resolve("store.mv.db");
        String url = EmbeddedH2.durableUrl("jdbc:h2:file:" + directory.resolve("store"), "bench", "jdbcUrl");
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(4);
        EmbeddedH2Housekeeping compaction = housekeeping
                ? EmbeddedH2Housekeeping.every(pool, Duration.ofSeconds(1), "lineledger-bench-h2-compaction") : null;
        JdbcRecordStore store = new JdbcRecordStore(pool);
        AtomicLong records = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long pauseNanos = 2 * 1_000_000_000L / commitsPerSecond; // each of two threads
        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int first = t;
            Thread appender = new Thread(() -> {
                long next = System.nanoTime();
                for (long n = first; System.nanoTime() < end; n += 2) {
                    String line = "line-" + (n % lines);
                    List<RecordDraft> drafts = new ArrayList<>(10);
                    for (int i = 0; i < 10; i++) {
                        drafts.add(StoreBenchmark.quality(line, n * 10 + i));
                    }
                    store.appendAll(drafts);
                    records.addAndGet(drafts.size());
                    next += pauseNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            appender.start();
            appenders.add(appender);
        }
        System.out.printf("housekeeping %s, %d lines, %d commits/s of 10 records, %d s%n", housekeeping ? "on" : "off",
                lines, commitsPerSecond, seconds);
        System.out.printf("%6s %12s %10s %8s %12s %12s%n", "s", "records", "file MiB", "chunks", "chunk fill %",
                "file fill %");
        long start = System.nanoTime();
        while (appenders.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(15_000);
            try (Connection connection = pool.getConnection()) {
                MVStore mv = EmbeddedH2Housekeeping.mvStoreOf(connection);
                FileStore<?> fs = mv.getFileStore();
                int chunks = EmbeddedH2HousekeepingTest.chunkCount(mv);
                System.out.printf("%6d %,12d %,10d %,8d %12d %12d%n", (System.nanoTime() - start) / 1_000_000_000L,
                        records.get(), Files.size(file) / (1024 * 1024), chunks, fs.getChunksFillRate(),
                        fs.getFillRate());
            }
        }
        if (compaction != null) {
            compaction.close();
        }
        pool.dispose();
    }
}
