package io.lineledger.ledger.internal;

import static io.lineledger.ledger.internal.RegistryContractTest.mined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Several windows of a line in flight at once, against anvil with its interval mining stopped: the test mines the
 * blocks ({@code evm_mine}), drops transactions from the pool and reorganizes the chain ({@code evm_revert}).
 */
class PipelinedAnchoringTest extends OnAnvil {

    /** Windows of five records, four of them in flight. */
    private static final WindowPolicy FOUR_OF_FIVE = new WindowPolicy(5, Duration.ofHours(1), 5, 4);
    private static final Bytes32 LINE = RegistryKeys.lineKey("line-1");


    private RecordStore store;
    private RegistryContract contract;

    @BeforeEach
    void contractWithWriterThenMiningStopped() {
        store = H2RecordStores.newStore();
        contract = RegistryContract.deploy(sender, Duration.ofSeconds(30));
        mined(sender, contract.grantWriter(LINE, sender.address()));
        anvil.rpc("evm_setIntervalMining", "0");
    }

    @AfterEach
    void miningAgain() {
        anvil.rpc("evm_setIntervalMining", "1");
    }

    @Test
    void severalWindowsOfALineGoOutBeforeTheFirstIsMinedWithConsecutiveNoncesAndABound() {
        Anchorer anchorer = anchorer(contract, FOUR_OF_FIVE, quick(0));
        append(30);
        anchorer.tick(false);

        List<AnchorJob> open = store.openJobs();
        assertEquals(4, open.size(), "at most maxInFlightWindows windows of the line in flight: " + open);
        long firstNonce = sender.nonceOf(open.get(0).txHash()).orElseThrow();
        for (int i = 0; i < 4; i++) {
            AnchorJob job = open.get(i);
            assertEquals(AnchorJob.Status.SENT, job.status());
            assertEquals(1 + 5L * i, job.firstSeq());
            assertEquals(firstNonce + i, sender.nonceOf(job.txHash()).orElseThrow(), "consecutive nonces");
        }
        assertEquals(10, store.unanchored("line-1", 100).size(), "the rest waits for room in the pipeline");

        anvil.rpc("evm_mine");
        anchorer.tick(false);
        long block = store.anchorOf("line-1", 1).orElseThrow().blockNumber();
        assertEquals(block, store.anchorOf("line-1", 20).orElseThrow().blockNumber(), "four windows in one block");
        mineAndTickUntil(anchorer, () -> store.anchorOf("line-1", 30).isPresent());
        assertAnchoredOnceInOrder(30);
    }

    @Test
    void windowTakesTheBacklogUpToItsLargestTreeAndASmallBacklogAsItIs() {
        Anchorer anchorer = anchorer(contract, new WindowPolicy(50, Duration.ofHours(1), 300, 8), quick(0));
        append(1000);
        anchorer.tick(false);
        assertEquals(List.of(300L, 300L, 300L, 100L), sizes(store.openJobs()), "a large backlog: the largest trees");
        mineAndTickUntil(anchorer, () -> store.anchorOf("line-1", 1000).isPresent());

        append(30);
        anchorer.tick(false);
        assertEquals(List.of(), store.openJobs(), "30 young records: below maxRecords, the window waits");
        anchorer.tick(true);
        assertEquals(List.of(30L), sizes(store.openJobs()), "flushed: what is there goes at once");
        mineAndTickUntil(anchorer, () -> store.anchorOf("line-1", 1030).isPresent());

        append(120);
        anchorer.tick(false);
        assertEquals(List.of(120L), sizes(store.openJobs()), "more than maxRecords: the whole backlog in one window");
        mineAndTickUntil(anchorer, () -> store.anchorOf("line-1", 1150).isPresent());
        assertAnchoredOnceInOrder(1150);
        Anchor big = store.anchorOf("line-1", 1).orElseThrow();
        List<LineRecord> records = store.range("line-1", 1, 300);
        MerkleTree tree = MerkleTree.ofRecords("line-1", records);
        assertTrue(MerkleTree.verifyRecord(big.root(), records.get(150), tree.proofOf(records.get(150))),
                "a record's proof in a big window");
    }

    @Test
    void droppedMiddleTransactionIsSentAgainAndTheLaterWindowsFollowIt() {
        Anchorer anchorer = anchorer(contract, FOUR_OF_FIVE, quick(0));
        append(20);
        anchorer.tick(false);
        List<AnchorJob> sent = store.openJobs();
        assertEquals(4, sent.size());

        anvil.rpc("anvil_dropTransaction", "\"" + sent.get(1).txHash() + "\"");
        assertFalse(sender.isKnown(sent.get(1).txHash()), "dropped from the pool");
        List<LineStatus.State> states = new ArrayList<>();
        mineAndTickUntil(anchorer, () -> {
            states.add(AnchorerTest.status(anchorer, "line-1").state());
            return store.anchorOf("line-1", 20).isPresent();
        });

        assertAnchoredOnceInOrder(20);
        assertEquals(sent.get(0).txHash(), store.anchorOf("line-1", 1).orElseThrow().txHash());
        // sent again with the nonce it had (so the later windows, waiting for that nonce, stay valid): the same
        // signed bytes, so the same hash
        assertEquals(sent.get(1).txHash(), store.anchorOf("line-1", 6).orElseThrow().txHash());
        assertFalse(states.contains(LineStatus.State.ALARM), "a lost transaction is no alarm: " + states);
        assertEquals(LineStatus.State.OK, AnchorerTest.status(anchorer, "line-1").state());
    }

    @Test
    void revertOfAWindowInThePipelineSendsItAndTheWindowsBehindItAgainWithoutCountingTheirReverts() {
        OutOfGasOnce flaky = new OutOfGasOnce(sender, contract.address(), 6);
        Anchorer anchorer = anchorer(flaky, FOUR_OF_FIVE, quick(0));
        append(20);
        anchorer.tick(false);
        List<AnchorJob> first = store.openJobs();
        anvil.rpc("evm_mine");
        // window 1 is anchored, window 2 ran out of gas, 3 and 4 reverted: the contract still expected 6
        for (int i = 1; i < 4; i++) {
            TransactionReceipt receipt = sender.receipt(first.get(i).txHash()).orElseThrow();
            assertFalse(receipt.isStatusOK(), "window " + (i + 1) + " reverted");
        }

        List<String> reasons = new ArrayList<>();
        mineAndTickUntil(anchorer, () -> {
            LineStatus line = AnchorerTest.status(anchorer, "line-1");
            if (line.reason() != null) {
                reasons.add(line.reason());
            }
            return store.anchorOf("line-1", 20).isPresent();
        });

        assertAnchoredOnceInOrder(20);
        assertTrue(reasons.stream().anyMatch(reason -> reason.contains("records 6..10")), "its own revert counts: "
                + reasons);
        assertTrue(reasons.stream().noneMatch(reason -> reason.contains("records 11..") || reason.contains("records 16..")),
                "the follow-on reverts are not held against windows 3 and 4: " + reasons);
        assertEquals(LineStatus.State.OK, AnchorerTest.status(anchorer, "line-1").state());
    }

    @Test
    void anchorUndoneByAReorganizationDeeperThanItsConfirmationsIsTakenBackAndAnchoredAgain() {
        Anchorer anchorer = anchorer(contract, FOUR_OF_FIVE, quick(1));
        String snapshot = Anvil.result(anvil.rpc("evm_snapshot"));
        append(10);
        anchorer.tick(false);
        anvil.rpc("evm_mine");
        anvil.rpc("evm_mine");
        AnchorerTest.tickUntil(anchorer, () -> store.anchorOf("line-1", 10).isPresent(), false);
        Anchor before = store.anchorOf("line-1", 6).orElseThrow();

        // both windows' block goes, and more empty blocks than the confirmations take its place
        anvil.rpc("evm_revert", "\"" + snapshot + "\"");
        for (int i = 0; i < 3; i++) {
            anvil.rpc("evm_mine");
        }
        assertEquals(1, contract.nextSequence(LINE));
        anchorer.tick(false);
        assertTrue(store.anchorOf("line-1", 1).isEmpty() && store.anchorOf("line-1", 10).isEmpty(), "taken back");
        assertEquals(2, store.openJobs().size());

        mineAndTickUntil(anchorer, () -> store.anchorOf("line-1", 10).isPresent());
        assertAnchoredOnceInOrder(10);
        Anchor after = store.anchorOf("line-1", 6).orElseThrow();
        assertEquals(before.root(), after.root(), "the same window, anchored again");
        assertNotEquals(before.blockNumber(), after.blockNumber());
        assertEquals(after.blockNumber(), sender.receipt(after.txHash()).orElseThrow().getBlockNumber().longValueExact());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The store's anchors tile 1..last in order, each one is the chain's (same range and block) and proves its records. */
    private void assertAnchoredOnceInOrder(long last) {
        assertEquals(last + 1, contract.nextSequence(LINE), "the chain covers exactly the store's records");
        List<RegistryContract.AnchoredEvent> events = contract.findAnchored(LINE, 0, sender.blockNumber());
        long next = 1;
        for (RegistryContract.AnchoredEvent event : events) {
            assertEquals(next, event.firstSeq(), "Anchored logs in sequence order, none twice: " + events);
            next = event.lastSeq() + 1;
        }
        assertEquals(last + 1, next);
        for (long seq = 1; seq <= last; seq = store.anchorOf("line-1", seq).orElseThrow().lastSeq() + 1) {
            Anchor anchor = store.anchorOf("line-1", seq).orElseThrow(() -> new AssertionError("no anchor"));
            List<LineRecord> range = store.range("line-1", anchor.firstSeq(), anchor.lastSeq());
            assertEquals(anchor.root(), MerkleTree.ofRecords(range.get(0).lineId(), range).root());
            RegistryContract.OnChainAnchor onChain = contract.anchorOf(anchor.root()).orElseThrow();
            assertEquals(anchor.lastSeq(), onChain.lastSeq());
            assertEquals(anchor.blockNumber(), onChain.blockNumber());
        }
        assertEquals(List.of(), store.openJobs());
    }

    private static List<Long> sizes(List<AnchorJob> jobs) {
        return jobs.stream().map(job -> job.lastSeq() - job.firstSeq() + 1).toList();
    }

    private Anchorer anchorer(RegistryContract registry, WindowPolicy window, AnchoringPolicy policy) {
        return new Anchorer(store, registry, sender, window, policy, Clock.systemUTC());
    }

    /** Quick retries; two reverts of one window before an alarm. */
    private static AnchoringPolicy quick(int confirmations) {
        return new AnchoringPolicy(confirmations, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30),
                2, 64);
    }

    private void append(int count) {
        for (int i = 0; i < count; i++) {
            store.append(new RecordDraft("line-1", "quality", "LOT-1", Map.of("value", 500.0 + i)));
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

    /** The registry with a window sent once with too little gas when it goes behind another: it runs out of gas. */
    static final class OutOfGasOnce extends RegistryContract {

        private final long firstSeq;
        private boolean spent;

        OutOfGasOnce(TransactionSender sender, String address, long firstSeq) {
            super(sender, address);
            this.firstSeq = firstSeq;
        }

        @Override
        String anchorUnchecked(Bytes32 lineKey, long first, long last, Bytes32 root, BigInteger gasLimit) {
            if (first == firstSeq && !spent) {
                spent = true;
                return super.anchorUnchecked(lineKey, first, last, root, BigInteger.valueOf(30_000));
            }
            return super.anchorUnchecked(lineKey, first, last, root, gasLimit);
        }
    }
}
