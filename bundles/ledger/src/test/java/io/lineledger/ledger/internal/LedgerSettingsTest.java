package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerSettingsTest {

    private static final String KEY = Anvil.KEY_0;

    @Test
    void defaultsNeedOnlyAPrivateKey() {
        LedgerSettings settings = LedgerSettings.of(config(Map.of("privateKey", KEY)));
        assertEquals("http://127.0.0.1:8545", settings.rpcUrl().toString());
        assertTrue(settings.contractAddress().isEmpty());
        assertEquals(new WindowPolicy(50, Duration.ofMillis(2000), 65_536, 8, 16), settings.window());
        assertEquals(64, settings.policy().reorgWatchBlocks());
        assertEquals(Duration.ofMillis(500), settings.poll());
        assertEquals(0, settings.confirmations());
    }

    @Test
    void missingPrivateKeyIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LedgerSettings.of(config(Map.of())));
        assertTrue(e.getMessage().startsWith("io.lineledger.ledger: privateKey "), e.getMessage());
    }

    @Test
    void malformedPrivateKeyIsNamedButNeverShown() {
        String almost = KEY.substring(0, KEY.length() - 1) + "z";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerSettings.of(config(Map.of("privateKey", almost))));
        assertTrue(e.getMessage().contains("privateKey"), e.getMessage());
        assertFalse(e.getMessage().contains(almost.substring(2, 20)), "the key must not appear: " + e.getMessage());
    }

    @Test
    void badValuesAreNamedWithTheirValue() {
        assertMessage(Map.of("rpcUrl", "ftp://node"), "io.lineledger.ledger: rpcUrl = 'ftp://node'");
        assertMessage(Map.of("contractAddress", "0x1234"), "io.lineledger.ledger: contractAddress = '0x1234'");
        assertMessage(Map.of("maxRecords", 0), "io.lineledger.ledger: maxRecords = '0'");
        assertMessage(Map.of("pollMillis", 1L), "io.lineledger.ledger: pollMillis = '1'");
        assertMessage(Map.of("confirmations", -1), "io.lineledger.ledger: confirmations = '-1'");
        assertMessage(Map.of("chainId", -5L), "io.lineledger.ledger: chainId = '-5'");
        assertMessage(Map.of("stuckAfterMillis", 10L), "io.lineledger.ledger: stuckAfterMillis = '10'");
        assertMessage(Map.of("retryMinMillis", 1L), "io.lineledger.ledger: retryMinMillis = '1'");
        assertMessage(Map.of("retryMaxMillis", 100L), "io.lineledger.ledger: retryMaxMillis = '100'");
        assertMessage(Map.of("revertsBeforeAlarm", 0), "io.lineledger.ledger: revertsBeforeAlarm = '0'");
        assertMessage(Map.of("maxRecordsPerWindow", 49), "io.lineledger.ledger: maxRecordsPerWindow = '49'");
        assertMessage(Map.of("maxRecordsPerWindow", 2_000_000), "io.lineledger.ledger: maxRecordsPerWindow = '2000000'");
        assertMessage(Map.of("maxInFlightWindows", 0), "io.lineledger.ledger: maxInFlightWindows = '0'");
        assertMessage(Map.of("maxLinesPerTransaction", 0), "io.lineledger.ledger: maxLinesPerTransaction = '0'");
        assertMessage(Map.of("reorgWatchBlocks", -1), "io.lineledger.ledger: reorgWatchBlocks = '-1'");
    }

    @Test
    void retriesBackOffFromHalfASecondToAMinuteByDefault() {
        AnchoringPolicy policy = LedgerSettings.of(config(Map.of("privateKey", KEY))).policy();
        assertEquals(Duration.ofMillis(500), policy.backoff(1));
        assertEquals(Duration.ofMillis(1000), policy.backoff(2));
        assertEquals(Duration.ofSeconds(60), policy.backoff(50));
        assertEquals(Duration.ofSeconds(30), policy.stuckAfter());
        assertEquals(3, policy.revertsBeforeAlarm());
    }

    private static void assertMessage(Map<String, Object> values, String expectedStart) {
        Map<String, Object> withKey = new HashMap<>(values);
        withKey.put("privateKey", KEY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerSettings.of(config(withKey)));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    /** A LedgerConfig as DS would build it: given values, else the annotation's defaults. */
    static LedgerConfig config(Map<String, Object> values) {
        return (LedgerConfig) Proxy.newProxyInstance(LedgerConfig.class.getClassLoader(),
                new Class<?>[] {LedgerConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }
}
