package io.lineledger.certificates.internal;

import io.lineledger.certificates.CertificateView;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.ManyBatches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Prints how fast the batch list page answers with many batches; asserts nothing (not a test). Fills the real store
 * on in-memory H2 (which does not reuse a query's last result here) with {@code batches} batches ({@link ManyBatches}: started, quality records, completed), then times
 * the whole page as a request makes it: parameters parsed, the store's filtered and counted page, each row's
 * certificate built from its records, the HTML rendered. First, a middle and the last page of 50, without and with
 * filters. Run from {@code bundles/certificates} (after {@code mvn -B -q install -pl bundles/store -DskipTests}):
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     io.lineledger.certificates.internal.BatchListBenchmark [batches=100000] [parts=3]
 * </pre>
 */
public final class BatchListBenchmark {

    private static final int SIZE = 50;
    private static final int RUNS = 15;
    private static final int WARM_UP = 5;

    private BatchListBenchmark() {
    }

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int parts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("cores %d, max heap %d MiB, java %s, load average %.1f%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ManyBatches.SteppedClock clock = new ManyBatches.SteppedClock();
        // no reuse of an unchanged query's last result: every request reads, as while records keep coming
        JdbcRecordStore store = new JdbcRecordStore(JdbcConnectionPool.create("jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;OPTIMIZE_REUSE_RESULTS=FALSE", "sa", ""), clock);
        long start = System.nanoTime();
        ManyBatches.fill(store, clock, batches, parts);
        System.out.printf("filled %,d batches of %d records (in-memory H2) in %.1f s%n", batches, parts + 2,
                (System.nanoTime() - start) / 1e9);

        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("no filter", "");
        queries.put("line", "line=line-2");
        queries.put("product", "product=Juice+1+l");
        queries.put("verdict FAIL", "verdict=FAIL");
        queries.put("anchored", "anchor=anchored");
        queries.put("pending", "anchor=pending");
        queries.put("started in one week", "from=2026-01-31&to=2026-02-06");
        queries.put("line+product+verdict", "line=line-2&product=Water+1+l&verdict=PASS");
        BatchListPage renderer = new BatchListPage("Plant Nord", "/lineledger", SIZE);
        System.out.printf("%-22s %9s   %-28s %-28s %-28s%n", "page of " + SIZE, "matching", "first page ms (median/max)",
                "middle page", "last page");
        for (Map.Entry<String, String> entry : queries.entrySet()) {
            BatchList.Page first = page(store, entry.getValue(), 1);
            long pages = first.pages();
            StringBuilder line = new StringBuilder(String.format("%-22s %,9d", entry.getKey(), first.total()));
            for (long page : new long[] {1, Math.max(1, pages / 2), pages}) {
                line.append(String.format("   %-28s", timed(store, renderer, entry.getValue(), (int) page)));
            }
            System.out.println(line);
        }
        System.out.printf("load average now %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static BatchList.Page page(JdbcRecordStore store, String filters, int page) {
        String query = (filters.isEmpty() ? "" : filters + "&") + "page=" + page;
        BatchList.Query q = BatchList.Query.of(QueryParameters.parse(query, BatchList.PARAMETERS), SIZE);
        return new BatchList(store, new CertificateView(store)::of).page(q);
    }

    /** Median and max of {@link #RUNS} requests after five to warm up. */
    private static String timed(JdbcRecordStore store, BatchListPage renderer, String filters, int page) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS + WARM_UP; i++) {
            long start = System.nanoTime();
            String html = renderer.render(page(store, filters, page), store.lineIds());
            double took = (System.nanoTime() - start) / 1e6;
            if (html.isEmpty()) {
                throw new IllegalStateException("no page");
            }
            if (i >= WARM_UP) {
                millis.add(took);
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("%7.1f / %7.1f", sorted[sorted.length / 2], Arrays.stream(sorted).max().orElse(0));
    }
}
