package io.lineledger.ledger.internal;

import static io.lineledger.ledger.internal.RegistryContractTest.mined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.LineFencedException;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The anchoring core against a real anvil and the real store on an in-memory H2 database. */
class AnchorerTest extends OnAnvil {

    private static final WindowPolicy FIVE_RECORDS = new WindowPolicy(5, Duration.ofHours(1));


    private DataSource database;
    private RecordStore store;
    private RegistryContract contract;

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
            MerkleTree tree = MerkleTree.ofRecords("line-1", range);
            assertEquals(tree.root(), anchor.root());
            LineRecord proven = store.find("line-1", seq).orElseThrow();
            assertTrue(MerkleTree.verifyRecord(anchor.root(), proven, tree.proofOf(proven)));

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
    void chainThatAnchoredOtherRecordsForTheStoresSequencesIsAnAlarmAndOtherLinesGoOn() {
        appendQualityRecords("line-1", 3);
        appendQualityRecords("line-2", 3);
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        mined(sender, contract.grantWriter(lineKey, sender.address()));
        // someone else's range 1..3 reached the chain first: the line now expects 4
        mined(sender, contract.anchor(lineKey, 1, 3, RegistryContractTest.root("not ours")));

        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        tickUntil(anchorer, () -> store.anchorOf("line-2", 3).isPresent(), true);

        LineStatus line1 = status(anchorer, "line-1");
        assertEquals(LineStatus.State.ALARM, line1.state());
        assertTrue(line1.reason().contains("other records for sequences 1..3"), line1.reason());
        assertEquals(4, line1.chainNextSeq());
        assertEquals(List.of(), store.openJobs(), "no job was written for records the chain anchored otherwise");
        assertEquals(LineStatus.State.OK, status(anchorer, "line-2").state());
    }

    @Test
    void anotherWriterAdvancingPastAnOpenJobIsAnAlarmNotASend() {
        appendQualityRecords("line-1", 3);
        AnchorJob job = store.createAnchorJob("line-1", 1, 3, rootOf("line-1", 1, 3));
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        mined(sender, contract.grantWriter(lineKey, sender.address()));
        mined(sender, contract.anchor(lineKey, 1, 3, RegistryContractTest.root("someone else's")));

        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        anchorer.tick(true);

        LineStatus line = status(anchorer, "line-1");
        assertEquals(LineStatus.State.ALARM, line.state());
        assertTrue(line.reason().contains("another writer advanced the line"), line.reason());
        assertEquals(1, line.openJobs());
        assertNotNull(line.nextAttempt(), "an alarm is looked at again at the slow cadence");
        AnchorJob still = store.openJobs().get(0);
        assertEquals(job.id(), still.id());
        assertNull(still.txHash(), "nothing was sent for it");
    }

    @Test
    void chainAheadOfTheStoreFencesTheLineUntilTheStoreHoldsTheAnchoredRecordsAgain() {
        // the store before the crash: 5 records, all anchored on chain
        DataSource before = H2RecordStores.newDatabase();
        RecordStore lost = new JdbcRecordStore(before);
        for (int i = 0; i < 5; i++) {
            lost.append(new RecordDraft("line-1", "quality", "LOT-1", Map.of("value", 500.0 + i)));
        }
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        mined(sender, contract.grantWriter(lineKey, sender.address()));
        Bytes32 root = MerkleTree.ofRecords("line-1", lost.range("line-1", 1, 5)).root();
        mined(sender, contract.anchor(lineKey, 1, 5, root));
        // the store after it: records 4 and 5 never reached the disk
        copyRecords(before, database, "line-1", 1, 3);

        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        anchorer.tick(true);

        LineStatus line = status(anchorer, "line-1");
        assertEquals(LineStatus.State.ALARM, line.state());
        assertTrue(line.reason().contains("the chain covers sequences up to 5 but the store holds only up to 3"),
                line.reason());
        assertEquals(6, store.fenceOf("line-1").orElseThrow().chainNextSeq());
        assertThrows(LineFencedException.class, () -> appendQualityRecords("line-1", 1),
                "sequence 4 is anchored on chain: it must never be given to another record");
        assertEquals(List.of(), store.openJobs());

        // restored from a backup that holds them: the fence goes by itself and the lost job is rebuilt
        copyRecords(before, database, "line-1", 4, 5);
        anchorer.tick(true);
        assertTrue(store.fenceOf("line-1").isEmpty());
        assertEquals(LineStatus.State.OK, status(anchorer, "line-1").state());
        assertEquals(root, store.anchorOf("line-1", 5).orElseThrow().root());
        appendQualityRecords("line-1", 2);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 7).isPresent(), true);
    }

    @Test
    void outboxJobLostInACrashIsRebuiltFromTheStoreWhenTheChainAnchoredTheSameRecords() {
        appendQualityRecords("line-1", 4);
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        mined(sender, contract.grantWriter(lineKey, sender.address()));
        TransactionReceipt receipt = mined(sender, contract.anchor(lineKey, 1, 4, rootOf("line-1", 1, 4)));

        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        anchorer.tick(false);

        Anchor anchor = store.anchorOf("line-1", 4).orElseThrow();
        assertEquals(receipt.getTransactionHash(), anchor.txHash());
        assertEquals(1, anchor.firstSeq());
        LineStatus line = status(anchorer, "line-1");
        assertEquals(LineStatus.State.OK, line.state());
        assertEquals(4, line.lastAnchoredSeq());
        assertEquals(4, line.storeLastSeq());
    }

    @Test
    void staleNextSequenceFromALaggingNodeIsRetriedAndRecoversOnTheNextPass() {
        StaleReads stale = new StaleReads(sender, contract.address());
        Anchorer anchorer = new Anchorer(store, stale, sender, FIVE_RECORDS, quickRetries(3), Clock.systemUTC());
        appendQualityRecords("line-1", 5);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent(), false);
        appendQualityRecords("line-1", 5);

        stale.answerOnce(1); // a node that has not seen the first anchor yet
        anchorer.tick(false);
        LineStatus line = status(anchorer, "line-1");
        assertEquals(LineStatus.State.RETRYING, line.state());
        assertTrue(line.reason().contains("lags behind"), line.reason());
        assertNotNull(line.nextAttempt());

        tickUntil(anchorer, () -> store.anchorOf("line-1", 10).isPresent(), false);
        assertEquals(LineStatus.State.OK, status(anchorer, "line-1").state());
    }

    @Test
    void nodeThatKeepsLaggingBecomesAnAlarmAndClearsWhenItCatchesUp() {
        StaleReads lagging = new StaleReads(sender, contract.address());
        Anchorer anchorer = new Anchorer(store, lagging, sender, FIVE_RECORDS, quickRetries(3), Clock.systemUTC());
        appendQualityRecords("line-1", 5);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent(), false);
        appendQualityRecords("line-1", 5);

        lagging.answerAlways(1);
        anchorer.tick(false);
        assertEquals(LineStatus.State.RETRYING, status(anchorer, "line-1").state());
        tickUntil(anchorer, () -> status(anchorer, "line-1").state() == LineStatus.State.ALARM, false);
        assertTrue(status(anchorer, "line-1").reason().startsWith("keeps failing for more than 1 s"),
                status(anchorer, "line-1").reason());

        lagging.answerAlways(0);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 10).isPresent(), false);
        assertEquals(LineStatus.State.OK, status(anchorer, "line-1").state());
    }

    @Test
    void alarmClearsByItselfWhenItsCauseGoesAway() {
        StaleReads ahead = new StaleReads(sender, contract.address());
        Anchorer anchorer = new Anchorer(store, ahead, sender, FIVE_RECORDS, quickRetries(3), Clock.systemUTC());
        appendQualityRecords("line-1", 5);
        store.createAnchorJob("line-1", 1, 5, rootOf("line-1", 1, 5));

        ahead.answerAlways(3); // looks as if another writer took 1..2
        anchorer.tick(false);
        assertEquals(LineStatus.State.ALARM, status(anchorer, "line-1").state());

        ahead.answerAlways(0);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent(), false);
        assertEquals(LineStatus.State.OK, status(anchorer, "line-1").state());
    }

    @Test
    void tamperedRecordOfOneLineDoesNotStopTheOtherLinesInTheSamePass() {
        appendQualityRecords("a", 3);
        appendQualityRecords("b", 3);
        mined(sender, contract.grantWriter(RegistryKeys.lineKey("b"), sender.address()));
        H2RecordStores.tamperJson(database, "a", 2, "{\"forged\":true}");
        restartStore(); // the row is read back from the database, not from what this store committed

        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        anchorer.tick(true);

        AnchorJob b = store.openJobs().stream().filter(job -> job.lineId().equals("b")).findFirst().orElseThrow();
        assertEquals(AnchorJob.Status.SENT, b.status(), "b's window was sent in the same pass");
        LineStatus a = status(anchorer, "a");
        assertEquals(LineStatus.State.ALARM, a.state());
        assertTrue(a.reason().contains("a#2"), a.reason());
        tickUntil(anchorer, () -> store.anchorOf("b", 3).isPresent(), false);
        assertEquals(LineStatus.State.ALARM, status(anchorer, "a").state());
    }

    @Test
    void rowChangedAfterItsCommitIsAnchoredAsCommittedAndRefusedWhenRead() {
        appendQualityRecords("line-1", 5);
        List<LineRecord> committed = store.range("line-1", 1, 5);
        H2RecordStores.tamperJson(database, "line-1", 2, "{\"forged\":true}");

        Anchorer anchorer = anchorer(FIVE_RECORDS, 0);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent());

        // the chain holds what was committed, so the changed row can be shown to be changed
        Anchor anchor = store.anchorOf("line-1", 5).orElseThrow();
        assertEquals(MerkleTree.ofRecords("line-1", committed).root(), anchor.root());
        assertEquals(LineStatus.State.OK, status(anchorer, "line-1").state());
        TamperedRecordException refused = assertThrows(TamperedRecordException.class,
                () -> store.range("line-1", 1, 5));
        assertTrue(refused.getMessage().contains("line-1#2"), refused.getMessage());
    }

    @Test
    void revertThatRepeatsIsAnAlarmThatClearsOnceTheContractAcceptsAgain() {
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        Anchorer anchorer = new Anchorer(store, contract, sender, FIVE_RECORDS, quickRetries(2), Clock.systemUTC());
        appendQualityRecords("line-1", 5);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent(), false);
        // the admin takes the writer role away: every estimate of the next anchor reverts
        mined(sender, contract.revokeWriter(lineKey, sender.address()));
        appendQualityRecords("line-1", 5);

        anchorer.tick(false);
        assertEquals(LineStatus.State.RETRYING, status(anchorer, "line-1").state(), "one revert may be a race");
        tickUntil(anchorer, () -> status(anchorer, "line-1").state() == LineStatus.State.ALARM, false);
        assertTrue(status(anchorer, "line-1").reason().contains("times or more in a row"));
        assertNull(store.openJobs().get(0).txHash(), "the estimate caught it: no gas was spent");

        mined(sender, contract.grantWriter(lineKey, sender.address()));
        tickUntil(anchorer, () -> store.anchorOf("line-1", 10).isPresent(), false);
        assertEquals(LineStatus.State.OK, status(anchorer, "line-1").state());
    }

    @Test
    void anchorCountsOnlyAfterTheConfiguredConfirmations() {
        Anchorer anchorer = anchorer(FIVE_RECORDS, 3);
        appendQualityRecords("line-1", 5);
        tickUntil(anchorer, () -> store.anchorOf("line-1", 1).isPresent());
        Anchor anchor = store.anchorOf("line-1", 1).orElseThrow();
        assertTrue(sender.blockNumber() >= anchor.blockNumber() + 3);
    }

    static LineStatus status(Anchorer anchorer, String lineId) {
        return anchorer.lineStatuses().stream().filter(line -> line.lineId().equals(lineId)).findFirst()
                .orElseThrow(() -> new AssertionError("no status of line " + lineId + ": " + anchorer.lineStatuses()));
    }

    /** Retries after 20 ms (doubling up to 200 ms), alarms looked at again after 200 ms. */
    static AnchoringPolicy quickRetries(int revertsBeforeAlarm) {
        return new AnchoringPolicy(0, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30),
                revertsBeforeAlarm);
    }

    /** The registry as a node would show it that lags behind (or runs ahead) for nextSequence. */
    static final class StaleReads extends RegistryContract {

        private volatile long answer;
        private volatile boolean once;

        StaleReads(TransactionSender sender, String address) {
            super(sender, address);
        }

        void answerOnce(long nextSequence) {
            answer = nextSequence;
            once = true;
        }

        /** 0: the node's real answer again. */
        void answerAlways(long nextSequence) {
            answer = nextSequence;
            once = false;
        }

        @Override
        public long nextSequence(Bytes32 lineKey) {
            long given = answer;
            if (given == 0) {
                return super.nextSequence(lineKey);
            }
            if (once) {
                answer = 0;
            }
            return given;
        }
    }

    /** Copies record rows as a restore from a backup would (only unanchored rows: no job references). */
    static void copyRecords(DataSource from, DataSource to, String lineId, long firstSeq, long lastSeq) {
        try (Connection source = from.getConnection(); Connection target = to.getConnection();
             PreparedStatement select = source.prepareStatement(
                     "SELECT * FROM records WHERE line_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
            select.setString(1, lineId);
            select.setLong(2, firstSeq);
            select.setLong(3, lastSeq);
            try (ResultSet rows = select.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<String> columns = new java.util.ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnName(i));
                }
                String insert = "INSERT INTO records (" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
                try (PreparedStatement write = target.prepareStatement(insert)) {
                    while (rows.next()) {
                        for (int i = 1; i <= columns.size(); i++) {
                            write.setObject(i, columns.get(i - 1).equalsIgnoreCase("anchor_job_id") ? null : rows.getObject(i));
                        }
                        write.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("copying records failed", e);
        }
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
        return MerkleTree.ofRecords(lineId, store.range(lineId, firstSeq, lastSeq)).root();
    }

    private static void tickUntil(Anchorer anchorer, BooleanSupplier done) {
        tickUntil(anchorer, done, false);
    }

    static void tickUntil(Anchorer anchorer, BooleanSupplier done, boolean flush) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not done within 30 s: " + anchorer.lineStatuses());
            }
            anchorer.tick(flush);
            TransactionSender.sleep(Duration.ofMillis(50));
        }
    }
}
