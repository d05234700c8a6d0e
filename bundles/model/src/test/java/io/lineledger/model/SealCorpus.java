package io.lineledger.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A fixed, varied corpus of record drafts with their sequence number, predecessor, time and salt: the records the
 * rules write (quality, batch-started, batch-completed, gap, alarm), every kind of number RFC 8785 writes in its own
 * way, strings with escapes, surrogates and other scripts, keys that sort by UTF-16 code units, nesting, and values
 * only the library path takes (Float, BigDecimal, sets, arrays, NaN, ...). Seeded: the same corpus on every JVM.
 */
final class SealCorpus {

    /** One draft as {@link LineRecord#seal} is called with it. */
    record Case(String name, RecordDraft draft, long seq, Bytes32 prev, Instant recordedAt, Bytes32 salt) {
    }

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00.123Z");

    private SealCorpus() {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Random random = new Random(20261202L);
        // what the rules write
        for (int i = 0; i < 200; i++) {
            cases.add(of("quality-" + i, quality(random, i), i + 1L, random, T0.plusMillis(i * 37L)));
        }
        for (int i = 0; i < 20; i++) {
            cases.add(of("batch-started-" + i, started(random, i), 1000L + i, random, T0.plusSeconds(i)));
            cases.add(of("batch-completed-" + i, completed(random, i), 2000L + i, random, T0.plusSeconds(i)));
            cases.add(of("gap-" + i, gap(random, i), 3000L + i, random, T0.plusSeconds(i)));
            cases.add(of("alarm-" + i, alarm(random, i), 4000L + i, random, T0.plusSeconds(i)));
        }
        // numbers, each alone and all in one list
        List<Object> numbers = numbers(random);
        for (int i = 0; i < numbers.size(); i++) {
            cases.add(of("number-" + i, draft("value", numbers.get(i)), 5000L + i, random, T0));
        }
        cases.add(of("numbers-all", draft("values", numbers), 5999, random, T0));
        // strings, as values, keys, line, type and batch ids
        List<String> strings = strings(random);
        for (int i = 0; i < strings.size(); i++) {
            String s = strings.get(i);
            cases.add(of("string-" + i, draft("text", s), 6000L + i, random, T0));
            Map<String, Object> keyed = new LinkedHashMap<>();
            keyed.put(s, i);
            keyed.put("k", s);
            cases.add(of("key-" + i, new RecordDraft("line-1", "quality", "B-1", keyed), 7000L + i, random, T0));
            cases.add(of("ids-" + i, new RecordDraft("line-" + s, "type-" + s, "batch-" + s, Map.of()), 8000L + i,
                    random, T0));
        }
        Map<String, Object> sorted = new LinkedHashMap<>();
        for (String key : List.of("\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6", "", "a", "A",
                "aa", "a\u0000", "b", "B", "_", "~", "\u007f", "zZ", "Z")) {
            sorted.put(key, key.length());
        }
        cases.add(of("keys-rfc-order", draft("keys", sorted), 9000, random, T0));
        cases.add(of("keys-top", new RecordDraft("line-1", "quality", null, sorted), 9001, random, T0));
        // shapes
        cases.add(of("empty-fields", new RecordDraft("line-1", "line-started", null, null), 1, Bytes32.ZERO, T0,
                salt(random)));
        cases.add(of("nulls-and-booleans", draft("mixed", Arrays.asList(null, true, false, "", 0, List.of(),
                Map.of())), 9100, random, T0));
        Object nested = "leaf";
        for (int depth = 0; depth < 40; depth++) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("d" + depth, nested);
            level.put("list", List.of(depth, depth * 0.5, "x" + depth));
            nested = depth % 2 == 0 ? level : List.of(level, depth);
        }
        cases.add(of("nested-40", draft("nested", nested), 9101, random, T0));
        Object deep = List.of();
        for (int depth = 0; depth < 150; depth++) {
            deep = depth % 2 == 0 ? Map.of("d", deep) : List.of(deep, 0.5);
        }
        cases.add(of("nested-150", draft("nested", deep), 9102, random, T0));
        for (int i = 0; i < 60; i++) {
            cases.add(of("random-tree-" + i, draft("tree", tree(random, 0)), 9200L + i, random,
                    T0.plusNanos(random.nextInt(1_000_000_000))));
        }
        // sequence numbers and times at their edges
        long[] seqs = {1, 2, 9, 10, Integer.MAX_VALUE, 1L + Integer.MAX_VALUE, (1L << 53) - 1, 1L << 53,
                (1L << 53) + 1, (1L << 53) + 3, Long.MAX_VALUE, 0, -1};
        for (long seq : seqs) {
            cases.add(of("seq-" + seq, draft("n", 1), seq, random, T0));
        }
        Instant[] times = {Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"), T0.plusNanos(1),
                T0.plusNanos(1000), T0.plusMillis(1), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-06-01T12:00:00Z")};
        for (int i = 0; i < times.length; i++) {
            cases.add(of("time-" + i, draft("n", 1), 9500L + i, random, times[i]));
        }
        // values only the library path takes, or refuses: the same text, or the same kind of error, as before
        List<Object> others = new ArrayList<>(List.of(0.1f, 1.5f, -0.0f, 3.4028235e38f, Float.MIN_VALUE,
                new BigDecimal("1.10"), new BigDecimal("1E+3"), new BigDecimal("-0.000"),
                new BigDecimal("123456789012345678901234567890.123456789"), new BigInteger("123456789012345678901234567890"),
                BigInteger.ONE, new int[] {1, 2}, new double[] {0.5}, new String[] {"a"}, new LinkedHashSet<>(List.of("x", "y")),
                'c', Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN, T0, Verdict.PASS,
                new java.util.concurrent.atomic.AtomicLong(5), Map.of(1, "one"), new TreeMap<>(Map.of(2L, "two"))));
        Map<String, Object> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1);
        others.add(nullKey);
        others.add("x".repeat(60_000));
        others.add(Map.of("k".repeat(12_000), 1));
        others.add(Map.of("k".repeat(60_000), 1));
        for (int i = 0; i < others.size(); i++) {
            cases.add(of("library-" + i, draft("other", others.get(i)), 9600L + i, random, T0));
            cases.add(of("library-in-list-" + i, draft("other", Arrays.asList(1, others.get(i), "z")), 9700L + i,
                    random, T0));
        }
        return cases;
    }

    private static Case of(String name, RecordDraft draft, long seq, Random random, Instant recordedAt) {
        return of(name, draft, seq, prev(random), recordedAt, salt(random));
    }

    private static Case of(String name, RecordDraft draft, long seq, Bytes32 prev, Instant recordedAt, Bytes32 salt) {
        return new Case(name, draft, seq, prev, recordedAt, salt);
    }

    private static RecordDraft draft(String key, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(key, value);
        fields.put("station", "Checkweigher");
        return new RecordDraft("line-1", "quality", "LOT-1", fields);
    }

    private static Bytes32 prev(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Bytes32.of(bytes);
    }

    private static Bytes32 salt(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Bytes32.of(bytes);
    }

    /** As QualityCheck writes it. */
    private static RecordDraft quality(Random random, int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", i % 3 == 0 ? "Filler" : "Checkweigher");
        fields.put("characteristic", i % 2 == 0 ? "fillWeight" : "torque");
        double value = switch (i % 5) {
            case 0 -> 495.0 + (i % 100) / 10.0;
            case 1 -> random.nextGaussian() * 2 + 500;
            case 2 -> Math.round(random.nextDouble() * 100000) / 100.0;
            case 3 -> (double) (490 + i % 20);
            default -> random.nextDouble() * Math.pow(10, random.nextInt(30) - 15);
        };
        fields.put("value", value);
        fields.put("unit", i % 7 == 0 ? "\u00b5m" : "g");
        if (i % 2 == 0) {
            fields.put("nominal", 500.0);
        }
        fields.put("lsl", 490.0 + (i % 3) * 0.5);
        fields.put("usl", 510.25);
        fields.put("verdict", value >= 490 && value <= 510 ? "PASS" : "FAIL");
        fields.put("sourceTime", T0.plusMillis(i * 13L + random.nextInt(1000)).plusNanos(i % 4 == 0 ? 0 : 123_400)
                .toString());
        if (i % 4 != 3) {
            Map<String, Long> counts = new TreeMap<>();
            counts.put("total", (long) i * 3);
            counts.put("good", (long) i * 3 - i % 2);
            if (i % 2 == 0) {
                counts.put("reject", (long) (i % 2));
            }
            fields.put("plcCounts", counts);
        }
        if (i % 9 == 0) {
            fields.remove("verdict");
            fields.put("batchUnknown", "measured at " + T0 + " while the line was not observed");
        }
        return new RecordDraft("line-" + (1 + i % 3), "quality", i % 9 == 0 ? null : "LOT-BENCH-" + (i / 50),
                fields);
    }

    private static RecordDraft started(Random random, int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", i % 4 == 0 ? null : "Product \"" + i + "\" 500 g");
        if (i % 2 == 0) {
            fields.put("recipe", "R-" + i);
        }
        fields.put("sourceTime", T0.plusSeconds(i).toString());
        return new RecordDraft("line-2", "batch-started", "LOT-" + i, fields);
    }

    /** As BatchLifecycle writes it, statistics per characteristic included. */
    private static RecordDraft completed(Random random, int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", "P-" + i);
        fields.put("parts", (long) i * 1000);
        fields.put("passed", (long) i * 990);
        fields.put("failed", (long) i * 10);
        fields.put("partsReported", (long) i * 1000 + i % 3);
        if (i % 3 != 0) {
            fields.put("unobserved", (long) (i % 3));
        }
        if (i % 5 == 0) {
            fields.put("interrupted", true);
        }
        Map<String, Object> characteristics = new LinkedHashMap<>();
        for (String name : List.of("fillWeight", "capTorque", "labelOffset")) {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("n", (long) i * 1000);
            stats.put("mean", 500 + random.nextGaussian());
            stats.put("stdDev", Math.abs(random.nextGaussian()));
            stats.put("min", 495.0);
            stats.put("max", 505.5);
            stats.put("cpk", i % 4 == 0 ? null : random.nextDouble() * 3);
            stats.put("unit", "g");
            characteristics.put(name, stats);
        }
        fields.put("characteristics", characteristics);
        fields.put("verdict", i % 3 == 0 ? "PASS" : i % 3 == 1 ? "FAIL" : "INCOMPLETE");
        fields.put("reasons", i % 3 == 0 ? List.of() : List.of("interrupted: the end of the batch was not observed",
                (i % 3) + " of " + (i * 1000) + " parts the PLC counted have no quality record",
                "gap opcua-subscription-lost from " + T0 + " to " + T0.plusSeconds(2) + " (watchdog\ttab \"q\")"));
        return new RecordDraft("line-2", "batch-completed", "LOT-" + i, fields);
    }

    private static RecordDraft gap(Random random, int i) {
        return new ObservationGap("line-3", T0.plusMillis(i), T0.plusMillis(i + random.nextInt(100_000)),
                ObservationGap.CAUSE_INGEST_DROPPED, i % 2 == 0 ? "" : i + " values dropped\n(queue full)").toDraft();
    }

    private static RecordDraft alarm(Random random, int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("alarm", "overTemp");
        fields.put("state", i % 2 == 0 ? "raised" : "cleared");
        fields.put("code", i % 3 == 0 ? (Object) Boolean.TRUE : (Object) (i * 7));
        fields.put("sourceTime", T0.plusMillis(i).toString());
        return new RecordDraft("line-1", "alarm", i % 4 == 0 ? null : "LOT-" + i, fields);
    }

    private static List<Object> numbers(Random random) {
        List<Object> numbers = new ArrayList<>();
        long[] bits = {0x0000000000000000L, 0x8000000000000000L, 0x0000000000000001L, 0x8000000000000001L,
                0x7fefffffffffffffL, 0xffefffffffffffffL, 0x4340000000000000L, 0xc340000000000000L,
                0x4430000000000000L, 0x44b52d02c7e14af5L, 0x44b52d02c7e14af6L, 0x44b52d02c7e14af7L,
                0x444b1ae4d6e2ef4eL, 0x444b1ae4d6e2ef4fL, 0x444b1ae4d6e2ef50L, 0x3eb0c6f7a0b5ed8cL,
                0x3eb0c6f7a0b5ed8dL, 0x41b3de4355555553L, 0x41b3de4355555554L, 0x41b3de4355555555L,
                0x41b3de4355555556L, 0x41b3de4355555557L, 0xbecbf647612f3696L, 0x43143ff3c1cb0959L};
        for (long b : bits) {
            numbers.add(Double.longBitsToDouble(b));
        }
        double[] doubles = {0.1, 0.2, 0.1 + 0.2, 1.0, -1.0, 0.5, 1e-7, 1e-6, 9.999999999999999e-7, 1e20, 1e21,
                1e22, 123456789012345680000.0, 9007199254740993.0, 9007199254740991.0, -9007199254740991.0,
                4503599627370496.5, 1.7976931348623157e308, 4.9e-324, 2.2250738585072014e-308, 500.0, 495.3,
                510.25, 1234.5678, 100.0, 1e15, 1e16, 1e17, 123456789.0, -123e-20, 3.141592653589793};
        for (double d : doubles) {
            numbers.add(d);
        }
        long[] longs = {0, 1, -1, 127, -128, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L + Integer.MAX_VALUE,
                -1L + Integer.MIN_VALUE, (1L << 53) - 1, 1L << 53, (1L << 53) + 1, -(1L << 53) - 1, (1L << 53) + 3,
                Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        for (long l : longs) {
            numbers.add(l);
        }
        numbers.add(42);
        numbers.add(-7);
        numbers.add((short) -300);
        numbers.add((byte) 12);
        for (int i = 0; i < 60; i++) {
            double d;
            do {
                d = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(d));
            numbers.add(d);
            numbers.add(random.nextDouble() * Math.pow(10, random.nextInt(44) - 22));
            numbers.add(random.nextLong() >> random.nextInt(64));
            numbers.add((double) (random.nextLong() >> random.nextInt(64)));
        }
        return numbers;
    }

    private static List<String> strings(Random random) {
        List<String> strings = new ArrayList<>(List.of("", "plain ASCII", "quote \" backslash \\ slash /",
                "\u20ac$\u000f\nA'B\"\\\\\"/", "tab\tcr\rlf\nff\fbs\b", "del \u007f nbsp \u00a0", "line sep \u2028 \u2029",
                "Zo\u00eb \u00f6 \u00df", "\u6e2c\u5b9a\u5024", "\ud83d\ude00 emoji", "lone high \ud800 end",
                "lone low \udc00 end", "\udbff\udfff", "\u0000 nul", "e\u0301 combining", "\ufeff bom", "\uffff",
                "</script>", "{\"json\": [1, 2]}", "0x" + "ab".repeat(32), "2026-01-05T08:00:00Z"));
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        strings.add(controls.toString());
        for (int i = 0; i < 30; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(24);
            for (int k = 0; k < length; k++) {
                int kind = random.nextInt(6);
                int c = switch (kind) {
                    case 0 -> random.nextInt(0x20);
                    case 1, 2 -> 0x20 + random.nextInt(0x5f);
                    case 3 -> 0x80 + random.nextInt(0x780);
                    case 4 -> random.nextInt(0x10000);
                    default -> "\"\\/".charAt(random.nextInt(3));
                };
                s.append((char) c);
            }
            strings.add(s.toString());
        }
        return strings;
    }

    private static Object tree(Random random, int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(6) : random.nextInt(8);
        switch (kind) {
            case 0: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    map.put(randomKey(random), tree(random, depth + 1));
                }
                return map;
            }
            case 1: {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    list.add(tree(random, depth + 1));
                }
                return list;
            }
            case 2:
                return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) * (random.nextBoolean() ? 1 : -1);
            case 3:
                return random.nextBoolean() ? (Object) random.nextInt() : (Object) (random.nextLong() >> random.nextInt(64));
            case 4:
                return randomKey(random) + (char) random.nextInt(0x10000);
            case 5:
                return random.nextBoolean();
            case 6:
                return null;
            default:
                return (double) random.nextInt(2000) / 4;
        }
    }

    private static String randomKey(Random random) {
        String[] keys = {"a", "b", "A", "value", "\u00e9", "\ud83d\ude00", "k1", "k10", "k2", "", "Z", "_x"};
        return keys[random.nextInt(keys.length)] + (random.nextInt(4) == 0 ? String.valueOf(random.nextInt(10)) : "");
    }
}
