package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Bytes32;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Anchoring passes against a node that is missing, goes away, comes back or serves another chain. */
class AnchoringRunnerTest {

    private static final WindowPolicy FIVE_RECORDS = new WindowPolicy(5, Duration.ofHours(1));

    private final RecordStore store = H2RecordStores.newStore();

    @Test
    void nodeServingAnotherChainIsAnAlarmNothingIsSentAndAnchoringResumesWhenTheRightChainIsBack() {
        try (Anvil anvil = Anvil.start(); AnchoringRunner runner = runner(anvil.rpcUrl())) {
            append("line-1", 5);
            passUntil(runner, () -> store.anchorOf("line-1", 5).isPresent());

            anvil.rpc("anvil_setChainId", "7");
            append("line-1", 5);
            runner.pass(true);
            runner.pass(true);

            AnchoringStatus status = runner.status();
            assertEquals(7, status.node().chainId());
            assertEquals(31337, status.node().anchoringChainId());
            assertTrue(status.node().lastError().contains("serves chain 7"), status.node().lastError());
            assertEquals(LineStatus.State.ALARM, status.lines().get(0).state());
            assertFalse(status.healthy());
            assertEquals(List.of(), store.openJobs(), "nothing is prepared or sent for another chain");

            anvil.rpc("anvil_setChainId", "31337");
            passUntil(runner, () -> store.anchorOf("line-1", 10).isPresent());
            assertTrue(runner.status().healthy(), runner.status().toString());
        }
    }

    @Test
    void missingNodeIsAStatusAndAnchoringStartsByItselfOnceTheNodeAnswers() throws IOException {
        int port = Anvil.freePort();
        try (AnchoringRunner runner = runner("http://127.0.0.1:" + port)) {
            append("line-1", 3);
            runner.pass(true);
            AnchoringStatus status = runner.status();
            assertFalse(status.node().reachable());
            assertTrue(status.node().lastError().contains("unreachable"), status.node().lastError());
            assertTrue(runner.chain().isEmpty());
            LineStatus waiting = status.lines().get(0);
            assertEquals("line-1", waiting.lineId());
            assertEquals(3, waiting.storeLastSeq());
            assertEquals(LineStatus.State.RETRYING, waiting.state());

            try (Anvil anvil = Anvil.start(port)) {
                passUntil(runner, () -> store.anchorOf("line-1", 3).isPresent());
                assertEquals(31337, runner.chain().orElseThrow().chainId());

                anvil.close(); // the node goes away
                append("line-1", 2);
                runner.pass(true);
                status = runner.status();
                assertFalse(status.node().reachable());
                LineStatus line = status.lines().get(0);
                assertEquals(LineStatus.State.RETRYING, line.state());
                assertTrue(line.reason().contains("unreachable"), line.reason());
                assertEquals(3, line.lastAnchoredSeq());
            }
        }
    }

    @Test
    void theLedgersPassesSealACompletedBatchAndASealThatCannotBeMadeShowsInTheLinesStatus() {
        try (Anvil anvil = Anvil.start(); AnchoringRunner runner = runner(anvil.rpcUrl())) {
            store.append(new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-7", Map.of()));
            store.append(new RecordDraft("line-1", RecordTypes.QUALITY, "LOT-7", Map.of("value", 500.0)));
            store.append(new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "LOT-7", Map.of("verdict", "PASS")));
            BatchSeals seals = store.batchSeals().orElseThrow();
            passUntil(runner, () -> seals.latestSealed("LOT-7").isPresent());
            assertEquals(0L, seals.latestSealed("LOT-7").orElseThrow().revision());
            assertTrue(runner.status().healthy(), runner.status().toString());

            // another line's writer took batch id LOT-8 in the registry first
            String registry = runner.chain().orElseThrow().contractAddress();
            try (TransactionSender other = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_0, 4)) {
                RegistryContract contract = new RegistryContract(other, registry);
                Bytes32 line2 = RegistryKeys.lineKey("line-2");
                RegistryContractTest.mined(other, contract.grantWriter(line2, other.address()));
                RegistryContractTest.mined(other, contract.sealBatch(RegistryKeys.batchKey("LOT-8"), line2,
                        Bytes32.fromHex("0x" + "c1".repeat(32)), Bytes32.fromHex("0x" + "a1".repeat(32))));
            }
            store.append(new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-8", Map.of()));
            store.append(new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "LOT-8", Map.of("verdict", "PASS")));
            passUntil(runner, () -> runner.status().lines().get(0).state() == LineStatus.State.ALARM);
            LineStatus line = runner.status().lines().get(0);
            assertTrue(line.reason().startsWith("batch seal: batch 'LOT-8' is sealed on chain for another line"),
                    line.reason());
            assertEquals(5, line.lastAnchoredSeq(), "anchoring itself carries on");
        }
    }

    private AnchoringRunner runner(String rpcUrl) {
        return new AnchoringRunner(store, () -> TransactionSender.connect(rpcUrl, Anvil.KEY_0, 16), 0,
                Optional.empty(), Optional.empty(), FIVE_RECORDS, AnchorerTest.quickRetries(3), Clock.systemUTC());
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
