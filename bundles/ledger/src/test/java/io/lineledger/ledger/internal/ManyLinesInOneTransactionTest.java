package io.lineledger.ledger.internal;

import static io.lineledger.ledger.internal.RegistryContractTest.mined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Small windows of several lines in one anchorMany transaction, against anvil with its interval mining stopped. */
class ManyLinesInOneTransactionTest extends OnAnvil {

    /** Windows of five records; up to 16 lines' in one transaction. */
    private static final WindowPolicy SHARED = new WindowPolicy(5, Duration.ofHours(1), 65_536, 8, 16);
    private static final List<String> LINES = List.of("line-a", "line-b", "line-c");

    private static TransactionSender other;

    private RecordStore store;
    private RegistryContract contract;

    /** After {@link OnAnvil#startChain}: a second account on the same node. */
    @BeforeAll
    static void connectOther() {
        other = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_1, 16);
    }

    /** Before {@link OnAnvil#stopChain}. */
    @AfterAll
    static void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    @BeforeEach
    void contractWithWritersThenMiningStopped() {
        store = H2RecordStores.newStore();
        contract = RegistryContract.deploy(sender, Duration.ofSeconds(30));
        for (String line : LINES) {
            mined(sender, contract.grantWriter(RegistryKeys.lineKey(line), sender.address()));
        }
        anvil.rpc("evm_setIntervalMining", "0");
    }

    @AfterEach
    void miningAgain() {
        anvil.rpc("evm_setIntervalMining", "1");
    }

    @Test
    void smallWindowsOfSeveralLinesShareOneTransactionAndEachProofHoldsItsOwnLog() {
        Anchorer anchorer = new Anchorer(store, contract, sender, SHARED, AnchorerTest.quickRetries(2),
                Clock.systemUTC());
        LINES.forEach(line -> append(line, 7));
        anchorer.tick(false);
        List<AnchorJob> open = store.openJobs();
        assertEquals(3, open.size());
        assertEquals(1, open.stream().map(AnchorJob::txHash).distinct().count(), "one transaction: " + open);

        mineAndTickUntil(anchorer, () -> LINES.stream().allMatch(line -> store.anchorOf(line, 7).isPresent()));
        String txHash = store.anchorOf("line-a", 1).orElseThrow().txHash();
        TransactionReceipt receipt = sender.receipt(txHash).orElseThrow();
        for (String line : LINES) {
            Anchor anchor = store.anchorOf(line, 1).orElseThrow();
            assertEquals(txHash, anchor.txHash());
            // what an auditor's verifier checks: the tree, anchorOf(root), and the receipt's log at the proof's index
            List<LineRecord> records = store.range(line, 1, 7);
            MerkleTree tree = MerkleTree.ofRecords(line, records);
            assertEquals(tree.root(), anchor.root());
            assertTrue(MerkleTree.verifyRecord(anchor.root(), records.get(3), tree.proofOf(records.get(3))));
            assertEquals(7, contract.anchorOf(anchor.root()).orElseThrow().lastSeq());
            Log log = receipt.getLogs().stream().filter(l -> l.getLogIndex().longValueExact() == anchor.logIndex())
                    .findFirst().orElseThrow();
            assertEquals(anchor.root(), contract.parseAnchored(log).orElseThrow().root());
            assertEquals(8, contract.nextSequence(RegistryKeys.lineKey(line)));
        }
        assertEquals(3, receipt.getLogs().stream().map(Log::getLogIndex).distinct().count());
    }

    @Test
    void windowsBehindOnesInFlightShareTheNextTransactionAndReachTheContractInOrder() throws IOException {
        Anchorer anchorer = new Anchorer(store, contract, sender, SHARED, AnchorerTest.quickRetries(2),
                Clock.systemUTC());
        LINES.forEach(line -> append(line, 7));
        anchorer.tick(false);
        String first = store.openJobs().get(0).txHash();
        // the first transaction is not mined yet: the next pass sends the lines' new records behind it
        LINES.forEach(line -> append(line, 6));
        anchorer.tick(false);
        List<AnchorJob> open = store.openJobs();
        assertEquals(6, open.size(), "two windows of each line in flight: " + open);
        List<String> behind = open.stream().filter(job -> job.firstSeq() == 8).map(AnchorJob::txHash).distinct()
                .toList();
        assertEquals(1, behind.size(), "one transaction for the three windows behind: " + open);
        assertNotEquals(first, behind.get(0));
        assertEquals(BigInteger.valueOf(3 * 300_000L), sender.web3j().ethGetTransactionByHash(behind.get(0)).send()
                        .getTransaction().orElseThrow().getGas(),
                "a fixed gas limit: an estimate now would skip the windows the contract does not expect yet");

        mineAndTickUntil(anchorer, () -> LINES.stream().allMatch(line -> store.anchorOf(line, 13).isPresent()));
        for (String line : LINES) {
            assertEquals(first, store.anchorOf(line, 7).orElseThrow().txHash());
            Anchor second = store.anchorOf(line, 8).orElseThrow();
            assertEquals(behind.get(0), second.txHash());
            assertEquals(13, second.lastSeq());
            assertEquals(MerkleTree.ofRecords(line, store.range(line, 8, 13)).root(), second.root());
            assertEquals(14, contract.nextSequence(RegistryKeys.lineKey(line)));
            assertEquals(LineStatus.State.OK, AnchorerTest.status(anchorer, line).state());
        }
    }

    @Test
    void windowTheContractLeftOutIsThatLinesAffairAndTheOtherLinesAreAnchored() {
        Anchorer anchorer = new Anchorer(store, contract, sender, SHARED, AnchorerTest.quickRetries(2),
                Clock.systemUTC());
        LINES.forEach(line -> append(line, 5));
        // another writer of line-b gets its range 1..5 in first, in the same block
        var lineB = RegistryKeys.lineKey("line-b");
        String grant = contract.grantWriter(lineB, other.address());
        anvil.rpc("evm_mine");
        mined(sender, grant);
        String theirs = new RegistryContract(other, contract.address())
                .anchor(lineB, 1, 5, RegistryContractTest.root("not ours"));
        anchorer.tick(false);
        String shared = store.openJobs().get(0).txHash();
        anvil.rpc("evm_mine");
        assertTrue(sender.receipt(theirs).orElseThrow().isStatusOK());
        assertTrue(sender.receipt(shared).orElseThrow().isStatusOK(), "the shared transaction is not reverted");

        mineAndTickUntil(anchorer, () -> store.anchorOf("line-a", 5).isPresent() && store.anchorOf("line-c", 5).isPresent()
                && AnchorerTest.status(anchorer, "line-b").state() == LineStatus.State.ALARM);
        LineStatus b = AnchorerTest.status(anchorer, "line-b");
        assertTrue(b.reason().contains("another writer advanced the line"), b.reason());
        assertTrue(store.anchorOf("line-b", 1).isEmpty());
        assertEquals(shared, store.anchorOf("line-a", 5).orElseThrow().txHash());
        assertNotEquals(LineStatus.State.ALARM, AnchorerTest.status(anchorer, "line-a").state());
    }

    @Test
    void contractWithoutAnchorManyGetsEachLinesWindowAlone() {
        WithoutAnchorMany old = new WithoutAnchorMany(sender, contract.address());
        Anchorer anchorer = new Anchorer(store, old, sender, SHARED, AnchorerTest.quickRetries(2), Clock.systemUTC());
        LINES.forEach(line -> append(line, 5));
        anchorer.tick(false);
        assertEquals(3, store.openJobs().stream().map(AnchorJob::txHash).distinct().count(), "one transaction each");
        mineAndTickUntil(anchorer, () -> LINES.stream().allMatch(line -> store.anchorOf(line, 5).isPresent()));

        LINES.forEach(line -> append(line, 5));
        anchorer.tick(false);
        assertEquals(1, old.calls, "asked once, then not again");
        mineAndTickUntil(anchorer, () -> LINES.stream().allMatch(line -> store.anchorOf(line, 10).isPresent()));
        LINES.forEach(line -> assertEquals(LineStatus.State.OK, AnchorerTest.status(anchorer, line).state()));
    }

    /** A registry deployed before anchorMany: the call reverts (no such function). */
    static final class WithoutAnchorMany extends RegistryContract {

        int calls;

        WithoutAnchorMany(TransactionSender sender, String address) {
            super(sender, address);
        }

        @Override
        String anchorMany(List<Window> windows, BigInteger gasLimit) {
            calls++;
            throw new ContractRevertedException("estimate for transaction to " + address(), "", "execution reverted",
                    "0x");
        }
    }

    private void append(String lineId, int count) {
        for (int i = 0; i < count; i++) {
            store.append(new RecordDraft(lineId, "quality", "LOT-1", Map.of("value", 500.0 + i)));
        }
    }

    private static void mineAndTickUntil(Anchorer anchorer, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not done within 30 s: " + anchorer.lineStatuses());
            }
            anchorer.tick(false);
            anvil.rpc("evm_mine");
            TransactionSender.sleep(Duration.ofMillis(50));
        }
    }
}
