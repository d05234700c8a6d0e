package io.lineledger.ledger.internal;

import static io.lineledger.ledger.internal.RegistryContractTest.mined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.RecordStore;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Batch seals against a real anvil and the real store (with its seal outbox) on an in-memory H2 database. */
class BatchSealerTest extends OnAnvil {

    private static final String LINE = "line-1";
    private static final WindowPolicy FLUSHED = new WindowPolicy(1_000, Duration.ofHours(1));

    private DataSource database;
    private RecordStore store;
    private BatchSeals seals;
    private RegistryContract contract;
    private Anchorer anchorer;

    @BeforeEach
    void freshStoreAndContract() {
        database = H2RecordStores.newDatabase();
        store = new JdbcRecordStore(database);
        seals = store.batchSeals().orElseThrow();
        contract = RegistryContract.deploy(sender, Duration.ofSeconds(30));
        anchorer = new Anchorer(store, contract, sender, FLUSHED, 0, Clock.systemUTC());
    }

    /** seq 1 an alarm of the line, LOT-1 from 2 (started) to 6 (completed) with a record of no batch at 5, LOT-2 from 7. */
    private void lineWithACompletedAndARunningBatch() {
        append(RecordTypes.ALARM, null, Map.of("alarm", "door-open", "state", "raised"));
        append(RecordTypes.BATCH_STARTED, "LOT-1", Map.of("product", "water-0.5l"));
        append(RecordTypes.QUALITY, "LOT-1", Map.of("value", 500.1, "verdict", "PASS"));
        append(RecordTypes.QUALITY, "LOT-1", Map.of("value", 498.0, "verdict", "FAIL"));
        append(RecordTypes.ALARM, null, Map.of("alarm", "door-open", "state", "cleared"));
        append(RecordTypes.BATCH_COMPLETED, "LOT-1", Map.of("verdict", "FAIL", "parts", 2));
        append(RecordTypes.BATCH_STARTED, "LOT-2", Map.of("product", "water-1l"));
        append(RecordTypes.QUALITY, "LOT-2", Map.of("value", 999.5, "verdict", "PASS"));
    }

    @Test
    void completedBatchIsSealedOnceAnchoredWithItsRangesRootAndCompletedRecordsDigest() {
        lineWithACompletedAndARunningBatch();
        BatchSealer sealer = sealer();
        passUntil(sealer, () -> seals.latestSealed("LOT-1").isPresent());

        Bytes32 batchKey = RegistryKeys.batchKey("LOT-1");
        assertEquals(1, contract.batchRevisionCount(batchKey));
        RegistryContract.BatchRevision revision = contract.batchRevision(batchKey, 0);
        List<LineRecord> range = store.range(LINE, 2, 6);
        assertEquals(RegistryKeys.lineKey(LINE), revision.lineKey());
        assertEquals(RangeProofFile.batchRoot(LINE, range), revision.batchRoot());
        assertEquals(store.find(LINE, 6).orElseThrow().digest(), revision.certificateDigest());
        assertEquals(Bytes32.ZERO, revision.reasonDigest());
        assertEquals(sender.address(), revision.writer().toLowerCase());

        BatchSeal sealed = seals.latestSealed("LOT-1").orElseThrow();
        assertEquals(2, sealed.firstSeq());
        assertEquals(6, sealed.lastSeq());
        assertEquals(0L, sealed.revision());
        assertEquals(revision.blockNumber(), sealed.blockNumber());
        TransactionReceipt receipt = sender.receipt(sealed.txHash()).orElseThrow();
        assertEquals(0, contract.batchSealedEvent(receipt, batchKey).orElseThrow().revision());
        // the batch proof the certificates offer commits to the same root
        RangeProofFile proof = RangeProofFile.batch(LINE, "LOT-1", 2, 6, store::range, store::anchorOf);
        assertEquals(revision.batchRoot(), RangeProofFile.batchRoot(LINE, proof.records().stream()
                .map(RangeProofFile.Entry::record).toList()));
        assertTrue(seals.latest("LOT-2").isEmpty(), "a running batch is not sealed");
        assertTrue(sealer.troubles().isEmpty(), sealer.troubles().toString());
    }

    @Test
    void batchWhoseCompletedRecordIsNotAnchoredYetWaits() {
        lineWithACompletedAndARunningBatch();
        BatchSealer sealer = sealer();
        sealer.pass(Map.of(LINE, 5L)); // the store's anchors reach record 5 only
        assertTrue(seals.latest("LOT-1").isEmpty());
        assertEquals(0, contract.batchRevisionCount(RegistryKeys.batchKey("LOT-1")));
    }

    @Test
    void restartNeitherSealsTwiceNorForgetsASealInFlight() {
        lineWithACompletedAndARunningBatch();
        anchorAll();
        sealer().pass(anchored()); // plans and sends; the process "dies" before the receipt
        BatchSeal sent = seals.latest("LOT-1").orElseThrow();
        assertEquals(BatchSeal.Status.SENT, sent.status());

        BatchSealer restarted = sealer();
        passUntil(restarted, () -> seals.latestSealed("LOT-1").isPresent());
        assertEquals(sent.txHash(), seals.latestSealed("LOT-1").orElseThrow().txHash());
        BatchSealer again = sealer();
        again.pass(anchored());
        again.pass(anchored());
        assertEquals(1, contract.batchRevisionCount(RegistryKeys.batchKey("LOT-1")));
        assertTrue(seals.open().isEmpty());
    }

    @Test
    void aSealTransactionTheNodeLostIsSentAgain() {
        lineWithACompletedAndARunningBatch();
        anchorAll();
        BatchSeal planned = seals.plan("LOT-1", LINE, 2, 6, RangeProofFile.batchRoot(LINE, store.range(LINE, 2, 6)),
                store.find(LINE, 6).orElseThrow().digest());
        String lost = "0x" + "de".repeat(32);
        seals.markSent(planned.id(), lost);

        passUntil(sealer(), () -> seals.latestSealed("LOT-1").isPresent());
        BatchSeal sealed = seals.latestSealed("LOT-1").orElseThrow();
        assertNotEquals(lost, sealed.txHash());
        assertEquals(1, contract.batchRevisionCount(RegistryKeys.batchKey("LOT-1")));
    }

    @Test
    void batchCompletedAgainIsAmendedWithTheNewCompletionAsTheReason() {
        lineWithACompletedAndARunningBatch();
        BatchSealer sealer = sealer();
        passUntil(sealer, () -> seals.latestSealed("LOT-1").isPresent());
        Bytes32 sealedRoot = contract.batchRevision(RegistryKeys.batchKey("LOT-1"), 0).batchRoot();

        // the batch is closed again (e.g. a late re-evaluation): its range now ends at record 9
        LineRecord again = append(RecordTypes.BATCH_COMPLETED, "LOT-1", Map.of("verdict", "PASS", "parts", 2));
        passUntil(sealer, () -> seals.latestSealed("LOT-1").orElseThrow().lastSeq() == 9);

        Bytes32 batchKey = RegistryKeys.batchKey("LOT-1");
        assertEquals(2, contract.batchRevisionCount(batchKey));
        assertEquals(sealedRoot, contract.batchRevision(batchKey, 0).batchRoot(), "revision 0 is kept");
        RegistryContract.BatchRevision amended = contract.batchRevision(batchKey, 1);
        assertEquals(RangeProofFile.batchRoot(LINE, store.range(LINE, 2, 9)), amended.batchRoot());
        assertEquals(again.digest(), amended.certificateDigest());
        assertEquals(again.digest(), amended.reasonDigest());
        assertEquals(1L, seals.latestSealed("LOT-1").orElseThrow().revision());
    }

    @Test
    void anAmendmentSentJustBeforeARestartIsNotSentTwice() {
        lineWithACompletedAndARunningBatch();
        passUntil(sealer(), () -> seals.latestSealed("LOT-1").isPresent());
        LineRecord again = append(RecordTypes.BATCH_COMPLETED, "LOT-1", Map.of("verdict", "PASS"));
        anchorAll();
        Bytes32 root = RangeProofFile.batchRoot(LINE, store.range(LINE, 2, 9));
        seals.plan("LOT-1", LINE, 2, 9, root, again.digest());
        // the earlier process sent the amendment and died before recording its hash: the outbox says PENDING
        contract.amendBatch(RegistryKeys.batchKey("LOT-1"), again.digest(), root, again.digest());

        passUntil(sealer(), () -> seals.latestSealed("LOT-1").orElseThrow().lastSeq() == 9);
        TransactionSender.sleep(Duration.ofMillis(600)); // a second amendment, had one been sent, is mined by now
        assertEquals(2, contract.batchRevisionCount(RegistryKeys.batchKey("LOT-1")));
    }

    @Test
    void batchIdSealedOnChainForAnotherLineIsAnAlarmOnThisLine() {
        Bytes32 otherLine = RegistryKeys.lineKey("line-2");
        mined(sender, contract.grantWriter(otherLine, sender.address()));
        mined(sender, contract.sealBatch(RegistryKeys.batchKey("LOT-1"), otherLine, Bytes32.fromHex("0x" + "c1".repeat(32)),
                Bytes32.fromHex("0x" + "a1".repeat(32))));
        lineWithACompletedAndARunningBatch();
        anchorAll();
        BatchSealer sealer = sealer();
        sealer.pass(anchored());
        BatchSealer.Trouble trouble = sealer.troubles().get(LINE);
        assertEquals(LineStatus.State.ALARM, trouble.state(), sealer.troubles().toString());
        assertTrue(trouble.reason().contains("sealed on chain for another line"), trouble.reason());
        assertEquals(1, contract.batchRevisionCount(RegistryKeys.batchKey("LOT-1")));
    }

    @Test
    void batchWithoutAStartedRecordOnTheLineIsNotSealed() {
        append(RecordTypes.QUALITY, "LOT-X", Map.of("verdict", "PASS"));
        append(RecordTypes.BATCH_COMPLETED, "LOT-X", Map.of("verdict", "INCOMPLETE"));
        anchorAll();
        BatchSealer sealer = sealer();
        sealer.pass(anchored());
        assertTrue(seals.latest("LOT-X").isEmpty());
        assertTrue(sealer.troubles().isEmpty(), sealer.troubles().toString());
    }

    @Test
    void manyCompletionsAtOncePlanAsManyAsThePassHasTimeForStartingWithTheLineThatWaited() {
        String other = "line-2";
        for (String line : List.of(LINE, other)) {
            for (String lot : List.of("A", "B")) {
                String batch = line + "-LOT-" + lot;
                store.append(new RecordDraft(line, RecordTypes.BATCH_STARTED, batch, Map.of("product", "water-1l")));
                store.append(new RecordDraft(line, RecordTypes.QUALITY, batch, Map.of("value", 999.5)));
                store.append(new RecordDraft(line, RecordTypes.BATCH_COMPLETED, batch, Map.of("verdict", "PASS")));
            }
        }
        AnchorerTest.tickUntil(anchorer, () -> store.anchorOf(LINE, 6).isPresent()
                && store.anchorOf(other, 6).isPresent(), true);
        anchorer.tick(false);
        // every look at the clock finds the planning budget spent: one plan a pass
        Clock slow = new Clock() {
            private Instant now = Instant.parse("2026-12-02T08:00:00Z");

            @Override
            public synchronized Instant instant() {
                now = now.plus(BatchSealer.PLANNING_BUDGET).plusMillis(1);
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        BatchSealer sealer = new BatchSealer(store, seals, contract, sender, AnchoringPolicy.withConfirmations(0),
                slow);
        List<String> order = new ArrayList<>();
        for (int pass = 0; pass < 4; pass++) {
            sealer.pass(anchored());
            for (String batch : List.of(LINE + "-LOT-A", LINE + "-LOT-B", other + "-LOT-A", other + "-LOT-B")) {
                if (seals.latest(batch).isPresent() && !order.contains(batch)) {
                    order.add(batch);
                }
            }
            assertEquals(pass + 1, order.size(), "one plan a pass: " + order);
        }
        assertEquals(List.of(LINE + "-LOT-A", other + "-LOT-A", LINE + "-LOT-B", other + "-LOT-B"), order,
                "each pass starts with the line the last one ran out of time for");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private BatchSealer sealer() {
        return new BatchSealer(store, seals, contract, sender, AnchoringPolicy.withConfirmations(0), Clock.systemUTC());
    }

    private LineRecord append(String type, String batch, Map<String, Object> fields) {
        return store.append(new RecordDraft(LINE, type, batch, fields));
    }

    private Map<String, Long> anchored() {
        Map<String, Long> anchored = new LinkedHashMap<>();
        anchorer.lineStatuses().forEach(line -> anchored.put(line.lineId(), line.lastAnchoredSeq()));
        return anchored;
    }

    private void anchorAll() {
        long last = store.lastSeq(LINE);
        AnchorerTest.tickUntil(anchorer, () -> store.anchorOf(LINE, last).isPresent(), true);
        anchorer.tick(false); // publishes the line's anchored sequence
    }

    /** Anchoring and sealing passes, as the ledger runs them, until {@code done}. */
    private void passUntil(BatchSealer sealer, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not done within 30 s: " + anchorer.lineStatuses() + ", seals " + sealer.troubles()
                        + ", open " + seals.open());
            }
            anchorer.tick(true);
            sealer.pass(anchored());
            TransactionSender.sleep(Duration.ofMillis(50));
        }
    }
}
