package io.lineledger.ledger.internal;

import static io.lineledger.ledger.internal.RegistryContractTest.mined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Anchor;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * The signing key and the registry's roles against a real anvil: keystores, a remote signer, the published dev keys
 * off the dev chain, and on any other chain an admin that is not the anchoring account and grants its role.
 */
class SigningKeysOnAnvilTest {

    /** Another chain than the dev chain's: what a plant's Besu network is to the ledger. */
    private static final String PLANT_CHAIN = "2024";
    private static final WindowPolicy FIVE_RECORDS = new WindowPolicy(5, Duration.ofHours(1));

    @TempDir
    Path etc;

    private final RecordStore store = H2RecordStores.newStore();

    @Test
    void aKeystoreOfTheOperatorsOwnAccountAnchorsOnTheDevChain() throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        String account = Credentials.create(key).getAddress();
        SigningKeysTest.keyStore(etc.resolve("lineledger/anchoring.json"), key, "s3cret");
        Files.writeString(etc.resolve("lineledger/anchoring.password"), "s3cret\n");
        try (Anvil anvil = Anvil.start(); AnchoringRunner runner = runner(anvil, keyStore(), Optional.empty())) {
            fund(anvil, account);
            append("line-1", 5);

            passUntil(runner, () -> store.anchorOf("line-1", 5).isPresent());

            assertEquals(account, runner.chain().orElseThrow().writerAddress());
            Anchor anchor = store.anchorOf("line-1", 5).orElseThrow();
            assertTrue(anvil.rpc("eth_getTransactionByHash", "\"" + anchor.txHash() + "\"").contains(account),
                    "the anchor was signed by the keystore's account");
            // the line's running totals count what happened: status, shell and metrics read them
            LineStatus.Counters counters = runner.status().lines().get(0).counters();
            assertTrue(counters.transactionsSent() >= 1 && counters.windowsAnchored() >= 1
                    && counters.timedWindows() >= 1 && counters.lastLatency() != null
                    && counters.latencyTotal().compareTo(counters.lastLatency()) >= 0, counters.toString());
        }
    }

    @Test
    void aWrongPasswordIsAnAlarmUntilThePasswordFileIsFixedWithoutARestart() throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        SigningKeysTest.keyStore(etc.resolve("lineledger/anchoring.json"), key, "right");
        Path passwordFile = Files.writeString(etc.resolve("lineledger/anchoring.password"), "wrong\n");
        try (Anvil anvil = Anvil.start(); AnchoringRunner runner = runner(anvil, keyStore(), Optional.empty())) {
            fund(anvil, Credentials.create(key).getAddress());
            append("line-1", 5);

            runner.pass(true);

            AnchoringStatus status = runner.status();
            assertEquals("signing key: cannot decrypt keystore " + etc.resolve("lineledger/anchoring.json")
                    + ": wrong password (from keyStorePasswordFile lineledger/anchoring.password)",
                    status.node().lastError());
            assertEquals(LineStatus.State.ALARM, status.lines().get(0).state());
            assertEquals(status.node().lastError(), status.lines().get(0).reason());

            Files.writeString(passwordFile, "right\n");
            Files.setLastModifiedTime(passwordFile, FileTime.from(Instant.now().plusSeconds(5)));
            passUntil(runner, () -> store.anchorOf("line-1", 5).isPresent());
            assertTrue(runner.status().healthy(), runner.status().toString());
        }
    }

    @Test
    void aPublishedDevKeyIsRefusedOnAnyOtherChainAndNothingIsSent() {
        try (Anvil anvil = Anvil.start()) {
            anvil.rpc("anvil_setChainId", PLANT_CHAIN);
            try (AnchoringRunner runner = runner(anvil, new SigningKeySettings.PlainText(Anvil.KEY_0),
                    Optional.empty())) {
                append("line-1", 5);

                runner.pass(true);

                String error = runner.status().node().lastError();
                assertTrue(error.startsWith("signing key: account 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 is one"
                        + " of the dev chain's published test accounts"), error);
                assertTrue(error.contains("the node serves chain 2024"), error);
                assertEquals(LineStatus.State.ALARM, runner.status().lines().get(0).state());
                assertEquals("0x0", Anvil.result(anvil.rpc("eth_getTransactionCount",
                        "\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\"", "\"latest\"")));
            }
        }
    }

    @Test
    void offTheDevChainTheLedgerNeverGrantsItselfTheWriterRoleItsSeparateAdminDoes() throws Exception {
        ECKeyPair anchoringKey = Keys.createEcKeyPair();
        String anchoring = Credentials.create(anchoringKey).getAddress();
        SigningKeysTest.keyStore(etc.resolve("lineledger/anchoring.json"), anchoringKey, "pw");
        Files.writeString(etc.resolve("lineledger/anchoring.password"), "pw\n");
        try (Anvil anvil = Anvil.start()) {
            anvil.rpc("anvil_setChainId", PLANT_CHAIN);
            String adminKey = "0x" + Keys.createEcKeyPair().getPrivateKey().toString(16);
            fund(anvil, Credentials.create(adminKey).getAddress());
            fund(anvil, anchoring);
            try (TransactionSender admin = TransactionSender.connect(anvil.rpcUrl(), adminKeyStore(adminKey), 4)) {
                RegistryContract registry = RegistryContract.deploy(admin, Duration.ofSeconds(30));
                try (AnchoringRunner runner = runner(anvil, keyStore(), Optional.of(registry.address()))) {
                    append("line-1", 5);

                    runner.pass(true);

                    LineStatus waiting = runner.status().lines().get(0);
                    assertEquals(LineStatus.State.ALARM, waiting.state());
                    assertEquals("account " + anchoring + " is not a writer of line line-1: ask the registry's admin"
                            + " to call grantWriter(" + RegistryKeys.lineKey("line-1") + ", " + anchoring
                            + ") (the network kit's grant-writer)", waiting.reason());
                    assertTrue(!registry.isAdmin(anchoring) && !registry.isWriter(RegistryKeys.lineKey("line-1"),
                            anchoring), "the ledger granted itself nothing");

                    mined(admin, registry.grantWriter(RegistryKeys.lineKey("line-1"), anchoring));
                    passUntil(runner, () -> store.anchorOf("line-1", 5).isPresent());
                }
            }
        }
    }

    @Test
    void offTheDevChainTheAnchoringAccountMustNotBeTheRegistrysAdmin() throws Exception {
        String key = "0x" + Keys.createEcKeyPair().getPrivateKey().toString(16);
        String account = Credentials.create(key).getAddress();
        try (Anvil anvil = Anvil.start()) {
            anvil.rpc("anvil_setChainId", PLANT_CHAIN);
            fund(anvil, account);
            try (TransactionSender self = TransactionSender.connect(anvil.rpcUrl(), key, 4)) {
                RegistryContract registry = RegistryContract.deploy(self, Duration.ofSeconds(30));
                Files.writeString(etc.resolve("k.password"), "pw\n");
                SigningKeysTest.keyStore(etc.resolve("k.json"), Credentials.create(key).getEcKeyPair(), "pw");
                try (AnchoringRunner runner = runner(anvil, new SigningKeySettings.KeyStore("k.json", "k.password",
                        null), Optional.of(registry.address()))) {
                    append("line-1", 5);

                    runner.pass(true);

                    assertTrue(runner.status().node().lastError().startsWith("registry: account " + account
                            + " that signs anchor transactions is the admin of the registry"),
                            runner.status().node().lastError());
                    assertTrue(store.openJobs().isEmpty(), "nothing is sent");
                }
            }
        }
    }

    @Test
    void offTheDevChainTheRegistryIsNotDeployedByTheLedger() throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        SigningKeysTest.keyStore(etc.resolve("lineledger/anchoring.json"), key, "pw");
        Files.writeString(etc.resolve("lineledger/anchoring.password"), "pw\n");
        try (Anvil anvil = Anvil.start()) {
            anvil.rpc("anvil_setChainId", PLANT_CHAIN);
            fund(anvil, Credentials.create(key).getAddress());
            try (AnchoringRunner runner = runner(anvil, keyStore(), Optional.empty())) {
                append("line-1", 5);

                runner.pass(true);

                assertTrue(runner.status().node().lastError().startsWith("registry: no contractAddress: on chain "
                        + "2024 the registry is deployed by its own admin account"), runner.status().node().lastError());
                assertEquals("0x0", Anvil.result(anvil.rpc("eth_getTransactionCount",
                        "\"" + Credentials.create(key).getAddress() + "\"", "\"latest\"")));
            }
        }
    }

    @Test
    void aRemoteSignerSignsWithEthSignTransactionAndItsAnswerIsChecked() {
        String account1 = Credentials.create(Anvil.KEY_1).getAddress();
        try (Anvil anvil = Anvil.start()) {
            // anvil signs for its unlocked dev accounts: a stand-in for Web3Signer on the dev chain
            SigningKeySettings.Remote remote = new SigningKeySettings.Remote(URI.create(anvil.rpcUrl()), account1);
            try (AnchoringRunner runner = runner(anvil, remote, Optional.empty())) {
                append("line-1", 5);

                passUntil(runner, () -> store.anchorOf("line-1", 5).isPresent());

                assertEquals(account1, runner.chain().orElseThrow().writerAddress());
            }
            RemoteSigner liar = new RemoteSigner(URI.create(anvil.rpcUrl()),
                    Credentials.create(Anvil.KEY_0).getAddress());
            SigningKeyException refused = org.junit.jupiter.api.Assertions.assertThrows(SigningKeyException.class,
                    () -> liar.sign(org.web3j.crypto.RawTransaction.createTransaction(java.math.BigInteger.ZERO,
                            java.math.BigInteger.ZERO, java.math.BigInteger.valueOf(21_000), account1,
                            java.math.BigInteger.ZERO, "0x"), 1));
            assertTrue(refused.getMessage().contains("signed for chain 31337, not for chain 1"), refused.getMessage());
        }
    }

    private SigningKeySettings.KeyStore keyStore() {
        return new SigningKeySettings.KeyStore("lineledger/anchoring.json", "lineledger/anchoring.password", null);
    }

    /** The admin's own key, as the network kit keeps it: a keystore (only the anchoring key is tested here). */
    private static TransactionSigner adminKeyStore(String key) {
        return KeyPairSigner.ofPrivateKey(key);
    }

    private AnchoringRunner runner(Anvil anvil, SigningKeySettings key, Optional<String> contract) {
        SigningKeys keys = new SigningKeys(key, etc);
        return new AnchoringRunner(store, () -> keys.connect(anvil.rpcUrl(), 16), 0, contract, Optional.empty(),
                FIVE_RECORDS, AnchorerTest.quickRetries(3), Clock.systemUTC());
    }

    /** anvil's gas price is not zero as Besu's free-gas network's is: a fresh account needs a balance. */
    private static void fund(Anvil anvil, String account) {
        anvil.rpc("anvil_setBalance", "\"" + account + "\"", "\"0x56BC75E2D63100000\"");
    }

    private void append(String lineId, int count) {
        for (int i = 0; i < count; i++) {
            store.append(new RecordDraft(lineId, "quality", "LOT-1", Map.of("value", 500.0 + i)));
        }
    }

    private static void passUntil(AnchoringRunner runner, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not done within 30 s: " + runner.status());
            }
            runner.pass(true);
            TransactionSender.sleep(Duration.ofMillis(50));
        }
    }
}
