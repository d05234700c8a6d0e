package io.lineledger.ledger.internal;

import static io.lineledger.ledger.internal.RegistryContractTest.mined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The anchoring core against a real anvil and the real store on an in-memory H2 database. */
class AnchorerTest {

    private static final WindowPolicy FIVE_RECORDS = new WindowPolicy(5, Duration.ofHours(1));

    private static Anvil anvil;
    private static TransactionSender sender;

    private DataSource database;
    private RecordStore store;
    private RegistryContract contract;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
        sender = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_0, 16);
    }

    @AfterAll
    static void stopChain() {
        if (sender != null) {
            sender.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @BeforeEach
    void freshStoreAndContract() {
        database = H2RecordStores.newDatabase();
        store = new JdbcRecordStore(database);
        contract = RegistryContract.deploy(sender, Duration.ofSeconds(30));
    }

    @Test
    void windowOfRecordsIsAnchoredAndEveryRecordGetsItsAnchor() {
        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        appendQualityRecords("line-1", 12);

        // two full windows close by count; the remaining two records wait for their window's time
        tickUntil(anchorer, () -> store.anchorOf("line-1", 10).isPresent());
        anchorer.tick(false);
        assertTrue(store.anchorOf("line-1", 11).isEmpty());
        assertEquals(List.of(), store.openJobs());

        anchorer.tick(true); // flush closes the partial window
        tickUntil(anchorer, () -> store.anchorOf("line-1", 12).isPresent());

        assertTrue(contract.isWriter(RegistryKeys.lineKey("line-1"), sender.address()),
                "the admin signer granted itself the line's writer role");
        assertEquals(13, contract.nextSequence(RegistryKeys.lineKey("line-1")));
        for (long seq = 1; seq <= 12; seq++) {
            Anchor anchor = store.anchorOf("line-1", seq).orElseThrow();
            assertTrue(anchor.covers(seq));
            assertEquals(List.of(1L, 6L, 11L).get((int) (seq - 1) / 5), anchor.firstSeq());
            assertEquals(31337, anchor.chainId());
            assertEquals(contract.address(), anchor.contract());

            // the record's proof leads to the anchored root
            List<LineRecord> range = store.range("line-1", anchor.firstSeq(), anchor.lastSeq());
            MerkleTree tree = MerkleTree.of(range.stream().map(LineRecord::digest).toList());
            assertEquals(tree.root(), anchor.root());
            Bytes32 digest = store.find("line-1", seq).orElseThrow().digest();
            assertTrue(MerkleTree.verify(anchor.root(), digest, tree.proof(digest)));

            // and the chain agrees on every fact the anchor states
            var onChain = contract.anchorOf(anchor.root()).orElseThrow();
            assertEquals(anchor.blockNumber(), onChain.blockNumber());
            assertEquals(anchor.lastSeq(), onChain.lastSeq());
            TransactionReceipt receipt = sender.receipt(anchor.txHash()).orElseThrow();
            assertEquals(anchor.logIndex(), receipt.getLogs().get(0).getLogIndex().longValueExact());
        }
    }

    @Test
    void windowClosesOnceItsOldestRecordIsOldEnough() {
        Anchorer anchorer = anchorer(new WindowPolicy(50, Duration.ZERO), 0);
        appendQualityRecords("line-1", 3);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 3).isPresent());
        assertEquals(1, store.anchorOf("line-1", 1).orElseThrow().firstSeq());
    }

    @Test
    void linesAreAnchoredIndependently() {
        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        appendQualityRecords("line-1", 5);
        appendQualityRecords("line-2", 5);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent() && store.anchorOf("line-2", 5).isPresent());
        assertEquals(6, contract.nextSequence(RegistryKeys.lineKey("line-2")));
    }

    @Test
    void pendingJobIsReconciledAfterRestart() {
        appendQualityRecords("line-1", 4);
        // a crash right after the outbox write: the job exists, nothing was sent
        AnchorJob job = store.createAnchorJob("line-1", 1, 4, rootOf("line-1", 1, 4));

        restartStore();
        Anchorer restarted = anchorer(FIVE_RECORDS, 0);
        restarted.reconcile();
        tickUntil(restarted, () -> anchorOf(job).isPresent());
        assertEquals(List.of(), store.openJobs());
        assertEquals(5, contract.nextSequence(RegistryKeys.lineKey("line-1")));
    }

    @Test
    void jobWhoseTransactionWasMinedBeforeTheCrashIsNotSentAgain() {
        appendQualityRecords("line-1", 4);
        Bytes32 root = rootOf("line-1", 1, 4);
        AnchorJob job = store.createAnchorJob("line-1", 1, 4, root);
        // a crash after the send, before markSent: the outbox says PENDING, the chain has the anchor
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        mined(sender, contract.grantWriter(lineKey, sender.address()));
        TransactionReceipt receipt = mined(sender, contract.anchor(lineKey, 1, 4, root));

        restartStore();
        anchorer(FIVE_RECORDS, 0).reconcile();

        Anchor anchor = anchorOf(job).orElseThrow();
        assertEquals(receipt.getTransactionHash(), anchor.txHash());
        assertEquals(receipt.getBlockNumber().longValueExact(), anchor.blockNumber());
        assertEquals(receipt.getLogs().get(0).getLogIndex().longValueExact(), anchor.logIndex());
        assertEquals(5, contract.nextSequence(lineKey));
    }

    @Test
    void sentJobIsCompletedFromItsReceiptAfterRestart() {
        appendQualityRecords("line-1", 2);
        Bytes32 root = rootOf("line-1", 1, 2);
        AnchorJob job = store.createAnchorJob("line-1", 1, 2, root);
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        mined(sender, contract.grantWriter(lineKey, sender.address()));
        String txHash = contract.anchor(lineKey, 1, 2, root);
        store.markSent(job.id(), txHash);

        restartStore();
        Anchorer restarted = anchorer(FIVE_RECORDS, 0);
        restarted.reconcile();
        tickUntil(restarted, () -> anchorOf(job).isPresent());
        assertEquals(txHash, anchorOf(job).orElseThrow().txHash());
    }

    @Test
    void jobTheContractRejectsStaysOpenForReconciliation() {
        appendQualityRecords("line-1", 3);
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        mined(sender, contract.grantWriter(lineKey, sender.address()));
        // someone else's range 1..3 reached the chain first: the line now expects 4
        mined(sender, contract.anchor(lineKey, 1, 3, RegistryContractTest.root("not ours")));

        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        anchorer.tick(true);
        anchorer.tick(false);

        AnchorJob job = store.openJobs().get(0);
        assertEquals(AnchorJob.Status.PENDING, job.status());
        assertNull(job.txHash(), "nothing was sent for it");
        appendQualityRecords("line-1", 5);
        anchorer.tick(true);
        assertEquals(1, store.openJobs().size(), "the line waits until its open job is resolved");
    }

    @Test
    void anchorCountsOnlyAfterTheConfiguredConfirmations() {
        Anchorer anchorer = anchorer(FIVE_RECORDS, 3);
        appendQualityRecords("line-1", 5);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 1).isPresent());
        Anchor anchor = store.anchorOf("line-1", 1).orElseThrow();
        assertTrue(sender.blockNumber() >= anchor.blockNumber() + 3);
    }

    /** A crash and restart: the store is opened anew on the same database. */
    private void restartStore() {
        store = new JdbcRecordStore(database);
    }

    /** The anchor of a job's range, once the job is anchored. */
    private Optional<Anchor> anchorOf(AnchorJob job) {
        return store.anchorOf(job.lineId(), job.firstSeq())
                .filter(anchor -> anchor.lastSeq() == job.lastSeq() && anchor.root().equals(job.root()));
    }

    private Anchorer anchorer(WindowPolicy window, int confirmations) {
        return new Anchorer(store, contract, sender, window, confirmations, Clock.systemUTC());
    }

    private void appendQualityRecords(String lineId, int count) {
        for (int i = 0; i < count; i++) {
            store.append(new RecordDraft(lineId, "quality", "LOT-1",
                    Map.of("station", "checkweigher", "value", 500.0 + i, "verdict", "PASS")));
        }
    }

    private Bytes32 rootOf(String lineId, long firstSeq, long lastSeq) {
        return MerkleTree.of(store.range(lineId, firstSeq, lastSeq).stream().map(LineRecord::digest).toList()).root();
    }

    private static void tickUntil(Anchorer anchorer, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not done within 30 s");
            }
            anchorer.tick(false);
            TransactionSender.sleep(Duration.ofMillis(50));
        }
    }
}
