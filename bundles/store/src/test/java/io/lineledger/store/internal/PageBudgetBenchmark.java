package io.lineledger.store.internal;

import io.lineledger.model.RecordDraft;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreBusyException;
import io.lineledger.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Prints what page views cost recording, with and without their connection budget; asserts nothing (not a test). On
 * the embedded H2 file database as shipped (a pool of 16 connections, every commit written to the file) and, when
 * {@code lineledger.test.postgres.url} is set, on PostgreSQL through a pool of the same size. Two lines record as the
 * rules do (one group commit of {@code group} records after another, as fast as the store takes them) for
 * {@code seconds} in each of three runs:
 *
 * <ol>
 *   <li><b>alone</b>: nobody views pages;</li>
 *   <li><b>budgeted</b>: {@code readers} browsers open the certificate of a batch of {@code batchRecords} records over
 *       and over through the page view store ({@link PageViewStore}: at most {@code pages.maxConnections}, default 4,
 *       wait 5 s, then 503);</li>
 *   <li><b>unbudgeted</b>, for reference: the same readers on the recording store itself (as before the budget), all
 *       drawing on the one pool.</li>
 * </ol>
 *
 * Each run prints records/s appended, commit latency (p50, p99, max), group commits that failed for want of a
 * connection, page reads served and refused (503), and the ratio of records/s to the run alone. Run from {@code bundles/store}:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     [-Dlineledger.test.postgres.url=jdbc:postgresql://127.0.0.1:5432/lineledger] \
 *     io.lineledger.store.internal.PageBudgetBenchmark [readers=50] [batchRecords=20000] [seconds=10] [budget=4]
 * </pre>
 */
public final class PageBudgetBenchmark {

    private static final int POOL = 16;
    private static final int GROUP = 100;
    private static final long WAIT_MILLIS = 5_000;
    private static final String VIEWED_BATCH = "LOT-viewed";

    private PageBudgetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int readers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int batchRecords = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int budget = args.length > 3 ? Integer.parseInt(args[3]) : StoreComponent.DEFAULT_PAGES_MAX_CONNECTIONS;
        System.out.printf("cores %d, max heap %d MiB, java %s, load average %.1f%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("pool %d connections, page budget %d (wait %d ms), %d readers, viewed batch of %,d records,"
                + " 2 lines appending groups of %d, %d s per run%n", POOL, budget, WAIT_MILLIS, readers, batchRecords,
                GROUP, seconds);
        Path directory = Files.createTempDirectory("page-budget-benchmark");
        JdbcConnectionPool h2 = JdbcConnectionPool.create(
                EmbeddedH2.durableUrl("jdbc:h2:file:" + directory.resolve("store"), "benchmark", "jdbcUrl"), "sa", "");
        h2.setMaxConnections(POOL);
        try {
            run("H2 file (WRITE_DELAY=0)", h2, readers, batchRecords, seconds, budget);
        } finally {
            h2.dispose();
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        if (TestDatabase.postgresConfigured()) {
            try (TestDatabase.Opened opened = TestDatabase.POSTGRESQL.open()) {
                JdbcConnectionPool pool = TestDatabase.pooled(opened);
                pool.setMaxConnections(POOL);
                try {
                    run("PostgreSQL", pool, readers, batchRecords, seconds, budget);
                } finally {
                    pool.dispose();
                }
            }
        } else {
            System.out.println("PostgreSQL skipped: set -D" + TestDatabase.POSTGRES_URL);
        }
    }

    private static void run(String database, JdbcConnectionPool pool, int readers, int batchRecords, int seconds,
                            int budget) throws InterruptedException {
        System.out.printf("%n== %s%n", database);
        JdbcRecordStore recording = JdbcRecordStore.openDeferringMigration(pool, Clock.systemUTC());
        recording.ensureSchema();
        PageViewStore pages = PageViewStore.of(recording, new ConnectionBudget(pool, budget, WAIT_MILLIS,
                "page views", "benchmark budget"));
        long start = System.nanoTime();
        List<RecordDraft> drafts = new ArrayList<>(1_000);
        for (int i = 0; i < batchRecords; i++) {
            drafts.add(quality("viewed-line", VIEWED_BATCH, i));
            if (drafts.size() == 1_000 || i == batchRecords - 1) {
                recording.appendAll(drafts);
                drafts = new ArrayList<>(1_000);
            }
        }
        System.out.printf("filled the viewed batch in %.1f s; one certificate read (batch + list page) alone: %.0f ms%n",
                (System.nanoTime() - start) / 1e9, viewOnce(pages) / 1e6);

        Map<String, Result> results = new LinkedHashMap<>();
        results.put("alone", measure(recording, null, 0, seconds));
        results.put("budgeted (" + budget + ")", measure(recording, pages, readers, seconds));
        results.put("unbudgeted", measure(recording, recording, readers, seconds));
        double alone = results.get("alone").recordsPerSecond;
        System.out.printf("%-16s %11s %7s %8s %8s %9s %8s %9s %10s %9s%n", "run", "records/s", "ratio", "p50 ms",
                "p99 ms", "max ms", "failed", "pages ok", "pages 503", "pages/s");
        results.forEach((name, r) -> System.out.printf("%-16s %,11.0f %7.2f %8.1f %8.1f %9.1f %8d %9d %10d %9.2f%n",
                name, r.recordsPerSecond, r.recordsPerSecond / alone, r.p50, r.p99, r.max, r.failedCommits,
                r.pagesServed, r.pagesRefused, r.pagesServed / r.seconds));
        System.out.printf("load average now %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private record Result(double recordsPerSecond, double p50, double p99, double max, long failedCommits,
                          long pagesServed, long pagesRefused, double seconds) { }

    /** What a certificate page reads: every record of its batch, and the newest page of the batch list. */
    private static long viewOnce(RecordStore pages) {
        long start = System.nanoTime();
        pages.batch(VIEWED_BATCH);
        pages.batches(BatchQuery.newest(50));
        return System.nanoTime() - start;
    }

    private static Result measure(JdbcRecordStore recording, RecordStore viewers, int readers, int seconds)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    AtomicLong outcome;
                    try {
                        viewOnce(viewers);
                        outcome = served;
                    } catch (StoreBusyException e) {
                        outcome = refused; // the page answers 503; a browser asks again
                    } catch (StoreException e) {
                        outcome = refused; // the pool itself gave up waiting (unbudgeted run)
                    }
                    if (running.get()) {
                        outcome.incrementAndGet();
                    }
                }
            }, "page-view-" + i);
            reader.setDaemon(true);
            threads.add(reader);
        }
        threads.forEach(Thread::start);
        if (readers > 0) {
            Thread.sleep(1_000); // the readers are at it before recording is timed
            served.set(0);
            refused.set(0);
        }
        ConcurrentLinkedQueue<Long> commitNanos = new ConcurrentLinkedQueue<>();
        AtomicLong appended = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(2);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        for (String line : List.of("line-a", "line-b")) {
            Thread appender = new Thread(() -> {
                long n = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        List<RecordDraft> group = new ArrayList<>(GROUP);
                        for (int i = 0; i < GROUP; i++) {
                            group.add(quality(line, "LOT-" + line + "-" + (n / 1_000), n++));
                        }
                        long before = System.nanoTime();
                        try {
                            recording.appendAll(group);
                            appended.addAndGet(GROUP);
                        } catch (StoreException e) {
                            failed.incrementAndGet(); // no connection in time: the rules would spool the group
                        }
                        commitNanos.add(System.nanoTime() - before);
                    }
                } finally {
                    done.countDown();
                }
            }, "recording-" + line);
            appender.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false); // page reads served and refused count over the same time as the appends
        for (Thread reader : threads) {
            reader.join(60_000);
        }
        double[] millis = commitNanos.stream().mapToDouble(nanos -> nanos / 1e6).sorted().toArray();
        return new Result(appended.get() / elapsed, percentile(millis, 0.50), percentile(millis, 0.99),
                Arrays.stream(millis).max().orElse(0), failed.get(), served.get(), refused.get(), elapsed);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** A quality record as the rules write one. */
    private static RecordDraft quality(String line, String batch, long n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", "checkweigher");
        fields.put("characteristic", "fill weight");
        fields.put("value", 500.0 + (n % 17) * 0.1);
        fields.put("unit", "g");
        fields.put("lsl", 495.0);
        fields.put("usl", 505.0);
        fields.put("verdict", "PASS");
        fields.put("part", n);
        return new RecordDraft(line, "quality", batch, fields);
    }
}
