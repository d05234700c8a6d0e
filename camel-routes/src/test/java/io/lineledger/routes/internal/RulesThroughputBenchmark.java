package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.store.internal.JdbcRecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * How many values per second one line's rules take, from the Camel consumer's exchanges to durable records in an
 * H2 file database, when the source hands them over one at a time (before the ingest pipeline: one commit per
 * record) and in batches of 100 and 1,000 (one commit per batch). Each part is a fill weight and a part count, so
 * half the values become quality records; a batch starts every 5,000 parts. Prints values/s, records/s and the
 * ratio to one-at-a-time, and the CPU each value cost: the feeding thread's (it runs the rules, seals the records and
 * runs the embedded H2 inserts: the routes are synchronous) and the whole process's (garbage collection, JIT and H2's
 * writer included); not a test.
 *
 * <pre>
 * mvn -B -q test-compile -pl camel-routes
 * (cd camel-routes &amp;&amp; mvn -B -q dependency:build-classpath -Dmdep.outputFile=/tmp/routes-cp.txt -Dmdep.includeScope=test)
 * java -cp "camel-routes/target/test-classes:camel-routes/target/classes:$(cat /tmp/routes-cp.txt)" \
 *   io.lineledger.routes.internal.RulesThroughputBenchmark [seconds per step] [batch sizes, e.g. 1,100,1000]
 * </pre>
 */
public final class RulesThroughputBenchmark {

    private static final String SOURCE = "lineledger-opcua:line-1";

    private RulesThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int[] batchSizes = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt)
                .toArray() : new int[] {1, 100, 1_000};
        System.out.printf("load average %.2f at the start%n", LOAD.getSystemLoadAverage());
        System.out.printf("%-12s %12s %12s %10s %8s %14s %15s%n", "batch size", "values/s", "records/s", "commits/s",
                "vs 1", "thread us/val", "process us/val");
        double single = 0;
        for (int batchSize : batchSizes) {
            double[] figures = run(batchSize, seconds);
            if (batchSize == 1 || single == 0) {
                single = figures[0];
            }
            System.out.printf("%-12d %,12.0f %,12.0f %,10.0f %7.1fx %14.1f %15.1f%n", batchSize, figures[0],
                    figures[1], figures[2], figures[0] / single, figures[3], figures[4]);
        }
        System.out.printf("JVM: %s, %d cores, load average %.2f at the end%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), LOAD.getSystemLoadAverage());
    }

    private static final java.lang.management.OperatingSystemMXBean LOAD =
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static long processCpuNanos() {
        return LOAD instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /**
     * values/s, records/s, commits/s over {@code seconds} after a 3 s warm-up, then the feeding thread's and the
     * process's CPU per value in microseconds.
     */
    private static double[] run(int batchSize, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("rules-bench");
        // pooled, as in Karaf: a plain data source would close (and compact) the file database after each commit
        JdbcConnectionPool h2 = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0",
                "sa", "");
        JdbcRecordStore store = new JdbcRecordStore(h2);
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addComponent("lineledger-opcua", new DirectComponent());
        camel.start();
        try (LineRules rules = new LineRules(RulesSettings.of(TestLines.define(TestLines.line1()),
                dir.resolve("spool")), store, Clock.systemUTC())) {
            rules.install(camel);
            ProducerTemplate plc = camel.createProducerTemplate();
            Feed feed = new Feed(plc, camel.getEndpoint(SOURCE), batchSize);
            long warmUpEnd = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmUpEnd) {
                feed.nextBatch();
            }
            long values0 = feed.values;
            long records0 = store.lastSeq("line-1");
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long threadCpu0 = threads.getCurrentThreadCpuTime();
            long processCpu0 = processCpuNanos();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long batches = 0;
            while (System.nanoTime() < end) {
                feed.nextBatch();
                batches++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double threadCpu = (threads.getCurrentThreadCpuTime() - threadCpu0) / 1e3;
            double processCpu = (processCpuNanos() - processCpu0) / 1e3;
            long values = feed.values - values0;
            long records = store.lastSeq("line-1") - records0;
            return new double[] {values / elapsed, records / elapsed, batches / elapsed, threadCpu / values,
                processCpu / values};
        } finally {
            camel.stop();
            h2.dispose();
            try (var files = Files.walk(dir)) { // the database grows by tens of MB a run
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The line: batch id and Running, then parts (weight, count), a new batch every 5,000 parts. */
    private static final class Feed {
        final ProducerTemplate plc;
        final Endpoint source; // resolved once, as the OPC UA consumer holds its endpoint
        final int batchSize;
        final List<ProductionEvent> pending = new ArrayList<>();
        Instant clock = Instant.parse("2026-01-05T08:00:00Z");
        long parts;
        long batch;
        long values;

        Feed(ProducerTemplate plc, Endpoint source, int batchSize) {
            this.plc = plc;
            this.source = source;
            this.batchSize = batchSize;
        }

        void nextBatch() {
            while (pending.size() < batchSize) {
                if (parts % 5_000 == 0) {
                    if (parts > 0) {
                        add("batchState", "Complete");
                    }
                    batch++;
                    add("batchId", "LOT-BENCH-" + batch);
                    add("batchState", "Running");
                }
                parts++;
                add("checkweigher.fillWeight", 495.0 + (parts % 100) / 10.0);
                add("partCount", parts % 5_000 == 0 ? 5_000L : parts % 5_000);
            }
            List<ProductionEvent> batchOf = new ArrayList<>(pending.subList(0, batchSize));
            pending.subList(0, batchSize).clear();
            for (int i = 0; i < batchOf.size(); i++) {
                ProductionEvent event = batchOf.get(i);
                int index = i;
                plc.send(source, exchange -> {
                    exchange.getMessage().setBody(event);
                    exchange.setProperty(Exchange.BATCH_INDEX, index);
                    exchange.setProperty(Exchange.BATCH_SIZE, batchOf.size());
                    exchange.setProperty(Exchange.BATCH_COMPLETE, index == batchOf.size() - 1);
                });
            }
            values += batchOf.size();
        }

        void add(String tag, Object value) {
            clock = clock.plusMillis(1);
            pending.add(new ProductionEvent("line-1", tag, value, clock, "Good"));
        }
    }
}
