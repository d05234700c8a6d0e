package io.lineledger.store.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Prints what the store's group commit and anchor jobs cost; asserts nothing (not a test). On the embedded H2 file
 * database as shipped (every commit written to the file) and, when {@code lineledger.test.postgres.url} is set, on
 * PostgreSQL. Run from {@code bundles/store}:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     [-Dlineledger.test.postgres.url=jdbc:postgresql://127.0.0.1:5432/lineledger] \
 *     io.lineledger.store.internal.StoreBenchmark [lineRecords=200000]
 * </pre>
 *
 * <ol>
 *   <li><b>appendAll</b>: records/s with group commits of 1, 100 and 1,000 quality records (a batch every 1,000
 *       records), one durable commit per group, and the CPU time this process spent per record (on H2 all of the
 *       store's work; on PostgreSQL without the server's);</li>
 *   <li><b>createAnchorJob</b>: the time to write a job over 1,000 and over 65,536 records of a line that holds
 *       {@code lineRecords}, and, for reference, what marking every covered row (the previous schema) costs there;</li>
 *   <li><b>coverage reads</b> at that size: {@code unanchored(line, 1)}, {@code anchorOf}, {@code lastSeq}.</li>
 * </ol>
 */
public final class StoreBenchmark {

    private static final String LINE = "line-1";

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int lineRecords = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("cores %d, max heap %d MiB, java %s, load average %.1f%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path directory = Files.createTempDirectory("store-benchmark");
        JdbcConnectionPool h2 = JdbcConnectionPool.create(
                EmbeddedH2.durableUrl("jdbc:h2:file:" + directory.resolve("store")
                        + ";OPTIMIZE_REUSE_RESULTS=FALSE", "benchmark", "jdbcUrl"), "sa", "");
        try {
            run("H2 file (WRITE_DELAY=0)", h2, lineRecords);
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
                    run("PostgreSQL", pool, lineRecords);
                } finally {
                    pool.dispose();
                }
            }
        } else {
            System.out.println("PostgreSQL skipped: set -D" + TestDatabase.POSTGRES_URL);
        }
    }

    private static void run(String database, DataSource dataSource, int lineRecords) throws SQLException {
        System.out.printf("%n== %s%n", database);
        JdbcRecordStore store = new JdbcRecordStore(dataSource);
        appendThroughput(store);
        anchorJobs(store, dataSource, lineRecords);
    }

    // ---- 1. group commit --------------------------------------------------------------------------------

    private static void appendThroughput(JdbcRecordStore store) {
        Map<Integer, Integer> groups = new LinkedHashMap<>();
        groups.put(1, 2_000);
        groups.put(100, 50_000);
        groups.put(1_000, 200_000);
        System.out.println("appendAll, one durable commit per group:");
        for (Map.Entry<Integer, Integer> run : groups.entrySet()) {
            int group = run.getKey();
            String line = "append-" + group;
            appendAll(store, line, group, Math.min(run.getValue(), group * 10)); // warm up
            int count = run.getValue();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            appendAll(store, line, group, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            // CPU time holds still on a shared machine where records/s does not; on PostgreSQL without the server's
            System.out.printf("  group of %5d: %,9.0f records/s (%,d records in %.2f s, %.2f ms per commit),"
                    + " %.1f µs CPU of this process per record%n", group, count / seconds, count, seconds,
                    seconds * 1000 / (count / group), (processCpuNanos() - cpuStart) / 1e3 / count);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long appended;

    private static void appendAll(JdbcRecordStore store, String line, int group, int count) {
        List<RecordDraft> drafts = new ArrayList<>(group);
        for (int i = 0; i < count; i++) {
            long n = appended++;
            drafts.add(quality(line, n));
            if (drafts.size() == group) {
                store.appendAll(drafts);
                drafts = new ArrayList<>(group);
            }
        }
        if (!drafts.isEmpty()) {
            store.appendAll(drafts);
        }
    }

    /** A quality record as the rules write one, in a batch of 1,000 parts. */
    static RecordDraft quality(String line, long n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", "checkweigher");
        fields.put("characteristic", "fill weight");
        fields.put("value", 500.0 + (n % 17) * 0.1);
        fields.put("unit", "g");
        fields.put("lsl", 495.0);
        fields.put("usl", 505.0);
        fields.put("nominal", 500.0);
        fields.put("verdict", "PASS");
        fields.put("sourceTime", "2026-12-02T10:00:00.123Z");
        fields.put("part", n);
        return new RecordDraft(line, "quality", "LOT-" + line + "-" + (n / 1_000), fields);
    }

    // ---- 2. anchor jobs ---------------------------------------------------------------------------------

    private static void anchorJobs(JdbcRecordStore store, DataSource dataSource, int lineRecords)
            throws SQLException {
        appendAll(store, LINE, 1_000, lineRecords);
        System.out.printf("createAnchorJob on a line of %,d records:%n", lineRecords);
        long next = 1;
        int round = 0;
        // two rounds, leaving 66,536 records for the reference below
        while (next + 2 * (65_536 + 1_000) - 1 <= lineRecords && round < 2) {
            for (int size : new int[] {1_000, 65_536}) {
                long start = System.nanoTime();
                AnchorJob job = store.createAnchorJob(LINE, next, next + size - 1, Bytes32.ZERO);
                double millis = (System.nanoTime() - start) / 1e6;
                System.out.printf("  %,6d records (%,d..%,d): %7.2f ms%n", size, job.firstSeq(), job.lastSeq(), millis);
                store.markAnchored(job.id(), new Anchor(1, "0x" + "cd".repeat(20), "0x01", job.id(), 0, LINE,
                        job.firstSeq(), job.lastSeq(), job.root()));
                next += size;
            }
            round++;
        }
        markingEveryRow(dataSource, next);
        coverageReads(store, next - 1);
    }

    /** What the previous schema did in createAnchorJob: one UPDATE of every covered record row. */
    private static void markingEveryRow(DataSource dataSource, long firstUncovered) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE records ADD COLUMN benchmark_mark BIGINT");
            c.setAutoCommit(false);
            try (PreparedStatement mark = c.prepareStatement("UPDATE records SET benchmark_mark = 1"
                    + " WHERE line_id = ? AND seq BETWEEN ? AND ? AND benchmark_mark IS NULL")) {
                for (int size : new int[] {1_000, 65_536}) {
                    mark.setString(1, LINE);
                    mark.setLong(2, firstUncovered);
                    mark.setLong(3, firstUncovered + size - 1);
                    long start = System.nanoTime();
                    int rows = mark.executeUpdate();
                    c.commit();
                    System.out.printf("  for reference, marking every covered row as before: %,6d rows in %7.2f ms%n",
                            rows, (System.nanoTime() - start) / 1e6);
                    firstUncovered += size;
                }
            } finally {
                c.setAutoCommit(true);
            }
            s.execute("ALTER TABLE records DROP COLUMN benchmark_mark");
        }
    }

    private static void coverageReads(JdbcRecordStore store, long covered) {
        int repeats = 200;
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            store.unanchored(LINE, 1);
        }
        double unanchored = (System.nanoTime() - start) / 1e6 / repeats;
        start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            store.anchorOf(LINE, 1 + (i * 7919L) % covered);
        }
        double anchorOf = (System.nanoTime() - start) / 1e6 / repeats;
        start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            store.lastSeq(LINE);
        }
        double lastSeq = (System.nanoTime() - start) / 1e6 / repeats;
        System.out.printf("coverage reads: unanchored(line, 1) %.3f ms, anchorOf %.3f ms, lastSeq %.3f ms%n",
                unanchored, anchorOf, lastSeq);
        System.out.printf("load average now %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
