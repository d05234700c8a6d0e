package io.lineledger.store.internal;

import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.testing.ManyBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Prints how fast the store answers the batch list's query with many batches; asserts nothing (not a test). Fills
 * the embedded H2 file database (as shipped) and, when {@code lineledger.test.postgres.url} is set, PostgreSQL with
 * {@code batches} batches ({@link ManyBatches}), then times the first, a middle and the last page of 50 (with the
 * total count) without and with filters, and reading every record of a middle batch ({@code batch(batchId)}). H2
 * does not reuse a query's last result here (as while records keep coming, which change the tables). Run from
 * {@code bundles/store}:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     [-Dlineledger.test.postgres.url=jdbc:postgresql://127.0.0.1:5432/lineledger] \
 *     io.lineledger.store.internal.BatchQueryBenchmark [batches=100000] [parts=3]
 * </pre>
 */
public final class BatchQueryBenchmark {

    private static final int PAGE = 50;
    private static final int RUNS = 15;
    private static final int WARM_UP = 5;

    private BatchQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int parts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("cores %d, max heap %d MiB, java %s, load average %.1f%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path directory = Files.createTempDirectory("batch-benchmark");
        JdbcConnectionPool h2 = JdbcConnectionPool.create(
                EmbeddedH2.durableUrl("jdbc:h2:file:" + directory.resolve("store")
                        + ";OPTIMIZE_REUSE_RESULTS=FALSE", "benchmark", "jdbcUrl"), "sa", "");
        try {
            run("H2 file (WRITE_DELAY=0)", h2, batches, parts);
        } finally {
            h2.dispose();
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        if (TestDatabase.postgresConfigured()) {
            try (TestDatabase.Opened opened = TestDatabase.POSTGRESQL.open()) {
                JdbcConnectionPool pool = TestDatabase.pooled(opened);
                try {
                    run("PostgreSQL", pool, batches, parts);
                } finally {
                    pool.dispose();
                }
            }
        } else {
            System.out.println("PostgreSQL skipped: set -D" + TestDatabase.POSTGRES_URL);
        }
    }

    private static void run(String database, DataSource dataSource, int batches, int parts) {
        System.out.printf("%n== %s%n", database);
        ManyBatches.SteppedClock clock = new ManyBatches.SteppedClock();
        JdbcRecordStore store = new JdbcRecordStore(dataSource, clock);
        long start = System.nanoTime();
        ManyBatches.fill(store, clock, batches, parts);
        System.out.printf("filled %,d batches of %d records in %.1f s%n", batches, parts + 2,
                (System.nanoTime() - start) / 1e9);

        BatchQuery all = BatchQuery.newest(PAGE);
        Map<String, BatchQuery> queries = new LinkedHashMap<>();
        queries.put("no filter", all);
        queries.put("line", all.withLine("line-2"));
        queries.put("product", all.withProduct("Juice 1 l"));
        queries.put("verdict FAIL", all.withVerdict("FAIL"));
        queries.put("verdict INCOMPLETE", all.withVerdict("INCOMPLETE"));
        queries.put("anchored", all.withAnchorState(BatchQuery.AnchorState.ANCHORED));
        queries.put("pending", all.withAnchorState(BatchQuery.AnchorState.PENDING));
        queries.put("started in one week", all.withStartedBetween(ManyBatches.START.plus(Duration.ofDays(30)),
                ManyBatches.START.plus(Duration.ofDays(37))));
        queries.put("line+product+verdict", all.withLine("line-2").withProduct("Water 1 l").withVerdict("PASS"));
        queries.put("line+anchored", all.withLine("line-2").withAnchorState(BatchQuery.AnchorState.ANCHORED));
        System.out.printf("%-22s %9s   %-28s %-28s %-28s%n", "query (page of " + PAGE + ")", "matching",
                "first page ms (median/max)", "middle page", "last page");
        for (Map.Entry<String, BatchQuery> entry : queries.entrySet()) {
            BatchQuery query = entry.getValue();
            long total = store.batches(query).total();
            int lastOffset = (int) Math.max(0, (total - 1) / PAGE * PAGE);
            int middleOffset = (int) (total / 2 / PAGE * PAGE);
            StringBuilder line = new StringBuilder(String.format("%-22s %,9d", entry.getKey(), total));
            for (int offset : new int[] {0, middleOffset, lastOffset}) {
                line.append(String.format("   %-28s", timed(store, query.withPage(offset, PAGE))));
            }
            System.out.println(line);
        }
        // a certificate's read: every record of one batch, found through the batch index
        String batchId = "B" + batches / 2;
        List<Double> millis = new ArrayList<>();
        int records = 0;
        for (int i = 0; i < RUNS + WARM_UP; i++) {
            long begin = System.nanoTime();
            records = store.batch(batchId).size();
            if (i >= WARM_UP) {
                millis.add((System.nanoTime() - begin) / 1e6);
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("batch(%s), %,d records: %.1f / %.1f ms (median/max)%n", batchId, records,
                sorted[sorted.length / 2], sorted[sorted.length - 1]);
        System.out.printf("load average now %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Median and max of {@link #RUNS} runs after five to warm up. */
    private static String timed(JdbcRecordStore store, BatchQuery query) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS + WARM_UP; i++) {
            long start = System.nanoTime();
            BatchPage page = store.batches(query);
            double took = (System.nanoTime() - start) / 1e6;
            if (page.batches().isEmpty() && page.total() > 0) {
                throw new IllegalStateException("empty page at offset " + query.offset() + " of " + page.total());
            }
            if (i >= WARM_UP) {
                millis.add(took);
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("%7.1f / %7.1f", sorted[sorted.length / 2], Arrays.stream(sorted).max().orElse(0));
    }
}
