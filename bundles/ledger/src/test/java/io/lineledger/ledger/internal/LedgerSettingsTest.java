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
    void aMissingSigningKeyNamesTheKeystoreSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LedgerSettings.of(config(Map.of())));
        assertTrue(e.getMessage().startsWith("io.lineledger.ledger: keyStoreFile is required"), e.getMessage());
    }

    @Test
    void aKeystoreNeedsExactlyOnePasswordSource() {
        SigningKeySettings key = LedgerSettings.of(config(Map.of("keyStoreFile", "lineledger/anchoring.json",
                "keyStorePasswordFile", "lineledger/anchoring.password"))).signingKey();
        assertEquals(new SigningKeySettings.KeyStore("lineledger/anchoring.json", "lineledger/anchoring.password",
                null), key);
        assertFalse(key.toString().contains("password="  + "secret"));

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LedgerSettings.of(config(Map.of("keyStoreFile", "k.json"))));
        assertTrue(none.getMessage().startsWith("io.lineledger.ledger: keyStorePasswordFile is required with "
                + "keyStoreFile"), none.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> LedgerSettings.of(config(Map.of("keyStoreFile", "k.json", "keyStorePasswordFile", "p",
                        "keyStorePassword", "secret"))));
        assertTrue(both.getMessage().contains("keyStorePasswordFile = 'p' and keyStorePassword are both set"),
                both.getMessage());
        assertFalse(both.getMessage().contains("secret"), "never the password: " + both.getMessage());
    }

    @Test
    void exactlyOneSourceOfTheSigningKeyIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerSettings.of(config(Map.of("keyStoreFile", "k.json", "keyStorePasswordFile", "p",
                        "privateKey", KEY))));
        assertTrue(e.getMessage().contains("give exactly one source of the signing key"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY.substring(2, 20)), "the key must not appear: " + e.getMessage());
    }

    @Test
    void aRemoteSignerNeedsItsAccount() {
        assertEquals(new SigningKeySettings.Remote(java.net.URI.create("http://signer:9000"),
                        "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
                LedgerSettings.of(config(Map.of("signerUrl", "http://signer:9000",
                        "signerAccount", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"))).signingKey());
        assertMessageWithout(Map.of("signerUrl", "http://signer:9000", "signerAccount", "bob"),
                "io.lineledger.ledger: signerAccount = 'bob' must be the 0x address");
        assertMessageWithout(Map.of("signerUrl", "tcp://signer", "signerAccount",
                "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), "io.lineledger.ledger: signerUrl = 'tcp://signer'");
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

    private static void assertMessageWithout(Map<String, Object> values, String expectedStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LedgerSettings.of(config(values)));
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
