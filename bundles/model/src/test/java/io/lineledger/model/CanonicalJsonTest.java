package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Examples from RFC 8785 (JSON Canonicalization Scheme). */
class CanonicalJsonTest {

    @Test
    void rfcSection324ExampleCanonicalizesByteForByte() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }
                """;
        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", CanonicalJson.canonicalize(input));
    }

    @Test
    void propertiesAreSortedByUtf16CodeUnitsNotCodePoints() {
        // RFC 8785 section 3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }
                """;
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                CanonicalJson.canonicalize(input));
    }

    @Test
    void nestedObjectsAreSortedAndWhitespaceDropped() {
        assertEquals("{\"a\":{\"x\":[1,{\"m\":2,\"n\":1}],\"y\":true},\"b\":null}",
                CanonicalJson.canonicalize("{ \"b\" : null, \"a\": {\"y\": true, \"x\": [1, {\"n\": 1, \"m\": 2}]} }"));
    }

    /** RFC 8785 appendix B: IEEE 754 bit patterns and their canonical text. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, 0",
            "0000000000000001, 5e-324",
            "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992",
            "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000",
            "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23",
            "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000",
            "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21",
            "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332",
            "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333",
            "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343",
            "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2",
    })
    void numbersUseTheEcmaScriptFormOfTheRfcTable(String ieeeHex, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16));
        assertEquals("[" + expected + "]", CanonicalJson.of(List.of(value)), "from a Java double");
        assertEquals("[" + expected + "]", CanonicalJson.canonicalize("[" + value + "]"), "from JSON text");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1E30, 1e+30", "4.50, 4.5", "2e-3, 0.002", "-0, 0", "-0.0, 0", "100, 100", "1e2, 100", "0.1e1, 1",
            "1e-7, 1e-7", "123456789012345678901, 123456789012345680000"})
    void numberLiteralsAreRewrittenToTheirShortestForm(String literal, String expected) {
        assertEquals("[" + expected + "]", CanonicalJson.canonicalize("[" + literal + "]"));
    }

    @Test
    void stringsEscapeOnlyWhatJsonRequires() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "tab\tnl\ncr\rbs\bff\fnul\u0000us\u001fdel\u007fslash/quote\"backslash\\é€😀");
        assertEquals("{\"s\":\"tab\\tnl\\ncr\\rbs\\bff\\fnul\\u0000us\\u001fdel\u007fslash/quote\\\"backslash\\\\é€😀\"}",
                CanonicalJson.of(value));
    }

    @Test
    void javaValuesAndTheirJsonTextGiveTheSameCanonicalForm() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", 1.5);
        value.put("a", List.of(true, "x"));
        value.put("m", Map.of("k", 10L));
        assertEquals("{\"a\":[true,\"x\"],\"m\":{\"k\":10},\"z\":1.5}", CanonicalJson.of(value));
        assertEquals(CanonicalJson.of(value), CanonicalJson.canonicalize(CanonicalJson.of(value)));
    }

    @Test
    void invalidJsonAndNonFiniteNumbersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize("{\"a\":"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.canonicalize("{'a':1}"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.of(List.of(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.of(List.of(Double.POSITIVE_INFINITY)));
    }
}
