package io.lineledger.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints what sealing one record costs on one thread (CPU time per record, best and median of rounds): the quality
 * record the rules write for a fill weight, a batch-completed record, a fresh salt, and the Keccak-256 digest alone.
 * Not a test. Run from {@code bundles/model}:
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.lineledger.model.SealBenchmark
 * </pre>
 */
public final class SealBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile Object sink;

    private SealBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<RecordDraft> quality = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-05T08:00:00Z");
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("station", "Checkweigher");
            fields.put("characteristic", "fillWeight");
            fields.put("value", 495.0 + (i % 100) / 10.0);
            fields.put("unit", "g");
            fields.put("nominal", 500.0);
            fields.put("lsl", 490.0);
            fields.put("usl", 510.0);
            fields.put("verdict", "PASS");
            fields.put("sourceTime", t0.plusMillis(2L * i).toString());
            fields.put("plcCounts", new TreeMap<>(Map.of("total", (long) i)));
            quality.add(new RecordDraft("line-1", "quality", "LOT-BENCH-1", fields));
        }
        List<RecordDraft> completed = new ArrayList<>();
        for (SealCorpus.Case c : SealCorpus.cases()) {
            if (c.name().startsWith("batch-completed-")) {
                completed.add(c.draft());
            }
        }
        Bytes32 salt = RecordDigest.newSalt();
        System.out.printf("%-40s %12s %12s%n", "CPU per record, one thread", "best us", "median us");
        report("seal, quality record (fill weight)", rounds, quality.size() * 20, () -> {
            Bytes32 prev = Bytes32.ZERO;
            for (int k = 0; k < 20; k++) {
                for (int i = 0; i < quality.size(); i++) {
                    prev = LineRecord.seal(quality.get(i), i + 1L, prev, t0, salt).digest();
                }
            }
            sink = prev;
        });
        report("seal, batch-completed record", rounds, completed.size() * 1000, () -> {
            Bytes32 prev = Bytes32.ZERO;
            for (int k = 0; k < 1000; k++) {
                for (int i = 0; i < completed.size(); i++) {
                    prev = LineRecord.seal(completed.get(i), i + 1L, prev, t0, salt).digest();
                }
            }
            sink = prev;
        });
        report("RecordDigest.newSalt", rounds, 20_000, () -> {
            for (int i = 0; i < 20_000; i++) {
                sink = RecordDigest.newSalt();
            }
        });
        String json = LineRecord.seal(quality.get(0), 1, Bytes32.ZERO, t0, salt).canonicalJson();
        report("RecordDigest.of (" + json.length() + " chars)", rounds, 20_000, () -> {
            for (int i = 0; i < 20_000; i++) {
                sink = RecordDigest.of(salt, json);
            }
        });
    }

    private static void report(String what, int rounds, int perRound, Runnable round) {
        for (int i = 0; i < 5; i++) {
            round.run(); // warm-up
        }
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            round.run();
            us[r] = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / perRound;
        }
        java.util.Arrays.sort(us);
        System.out.printf("%-40s %12.2f %12.2f%n", what, us[0], us[rounds / 2]);
    }
}
