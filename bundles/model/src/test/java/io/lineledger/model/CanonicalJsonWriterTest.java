package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass writer against the library path (Jackson, then the JCS library), on random values. */
class CanonicalJsonWriterTest {

    @Test
    void randomTreesGiveTheLibraryPathsTextAndTheTreeJacksonReadsBack() {
        Random random = new Random(8785);
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> value = new LinkedHashMap<>();
            int n = random.nextInt(6);
            for (int k = 0; k < n; k++) {
                value.put(key(random), value(random, 0));
            }
            String library = CanonicalJson.throughLibrary(value);
            assertEquals(library, CanonicalJson.of(value));
            StringBuilder out = new StringBuilder();
            Object tree = new CanonicalJsonWriter(out, true).value(value, 0);
            assertEquals(library, out.toString());
            Map<String, Object> read = LineRecord.parse(library);
            assertEquals(read, tree, library);
            assertEquals(SealGolden.describe(read), SealGolden.describe(tree), library);
        }
    }

    @Test
    void everyFiniteDoubleIsWrittenAsTheLibraryWritesItAndReadsBackExactly() {
        Random random = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(50) - 25);
                default -> Math.round(random.nextGaussian() * 1e6) / Math.pow(10, random.nextInt(8));
            };
            if (!Double.isFinite(d)) {
                continue;
            }
            List<Object> value = List.of(d);
            String library = CanonicalJson.throughLibrary(value);
            StringBuilder out = new StringBuilder();
            Object tree = new CanonicalJsonWriter(out, true).value(value, 0);
            assertEquals(library, out.toString());
            String text = library.substring(1, library.length() - 1);
            Object read = ((List<?>) tree).get(0);
            if (read instanceof Double back) {
                assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(back), text);
            } else {
                assertEquals(text, read.toString()); // a whole number: Integer, Long or BigInteger of those digits
            }
        }
    }

    @Test
    void valuesTheWriterDoesNotReproduceAreLeftToTheLibraryPath() {
        for (Object other : List.of(0.1f, new BigDecimal("1E+3"), new int[] {1}, java.util.Set.of("x"), 'c',
                Double.NaN, Double.NEGATIVE_INFINITY, Verdict.PASS, Map.of(1, "one"))) {
            assertNull(CanonicalJsonWriter.canonicalOrNull(List.of("x", other)), String.valueOf(other));
            assertThrows(CanonicalJsonWriter.NotHandled.class,
                    () -> new CanonicalJsonWriter(new StringBuilder(), true).value(Map.of("k", other), 0));
        }
        assertNull(CanonicalJsonWriter.canonicalOrNull("top-level string"));
        assertNull(CanonicalJsonWriter.canonicalOrNull(5));
        assertEquals(CanonicalJson.throughLibrary(List.of(0.1f, new BigDecimal("1E+3"))),
                CanonicalJson.of(List.of(0.1f, new BigDecimal("1E+3"))));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.of(List.of(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.of("top-level string"));
    }

    @Test
    void numbersFollowRfc8785() {
        assertEquals("[0,0,1e+21,1e-7,0.000001,9007199254740992,9223372036854776000,-5e-324,495.3]",
                CanonicalJson.of(List.of(0.0, -0.0, 1e21, 1e-7, 1e-6, 9007199254740993L, Long.MAX_VALUE,
                        -Double.MIN_VALUE, 495.3)));
    }

    private static Object value(Random random, int depth) {
        int kind = depth > 3 ? 2 + random.nextInt(7) : random.nextInt(9);
        switch (kind) {
            case 0: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    map.put(key(random), value(random, depth + 1));
                }
                return map;
            }
            case 1: {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    list.add(value(random, depth + 1));
                }
                return list;
            }
            case 2: {
                double d = Double.longBitsToDouble(random.nextLong());
                return Double.isFinite(d) ? d : 0.25;
            }
            case 3:
                return random.nextDouble() * Math.pow(10, random.nextInt(50) - 25) * (random.nextBoolean() ? 1 : -1);
            case 4:
                return random.nextLong() >> random.nextInt(64);
            case 5:
                return random.nextInt() >> random.nextInt(32);
            case 6: {
                StringBuilder s = new StringBuilder();
                int n = random.nextInt(12);
                for (int i = 0; i < n; i++) {
                    s.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
                }
                return s.toString();
            }
            case 7:
                return random.nextBoolean() ? Boolean.valueOf(random.nextBoolean()) : null;
            default:
                return (double) (random.nextLong() >> random.nextInt(64));
        }
    }

    private static String key(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x10000) : 'a' + random.nextInt(4)));
        }
        return s.toString();
    }
}
