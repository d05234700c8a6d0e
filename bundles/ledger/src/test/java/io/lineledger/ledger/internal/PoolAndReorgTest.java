package io.lineledger.ledger.internal;

import static io.lineledger.ledger.internal.RegistryContractTest.mined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.utils.Numeric;

/**
 * Anchoring while the node holds transactions in its pool or reorganizes blocks: anvil with its interval mining
 * stopped, blocks mined one by one by the test ({@code evm_mine}), snapshots reverted ({@code evm_revert}).
 */
class PoolAndReorgTest extends OnAnvil {

    private static final WindowPolicy FIVE_RECORDS = new WindowPolicy(5, Duration.ofHours(1));


    private RecordStore store;
    private RegistryContract contract;

    @BeforeEach
    void contractWithWriterThenMiningStopped() {
        store = H2RecordStores.newStore();
        contract = RegistryContract.deploy(sender, Duration.ofSeconds(30));
        mined(sender, contract.grantWriter(RegistryKeys.lineKey("line-1"), sender.address()));
        anvil.rpc("evm_setIntervalMining", "0");
    }

    @AfterEach
    void miningAgain() {
        anvil.rpc("evm_setIntervalMining", "1");
    }

    @Test
    void transactionStuckInThePoolIsReplacedWithTheSameNonceAndAHigherGasPrice() {
        Anchorer anchorer = new Anchorer(store, contract, sender, FIVE_RECORDS,
                new AnchoringPolicy(0, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(300), 3),
                Clock.systemUTC());
        append(5);
        anchorer.tick(false);
        String first = store.openJobs().get(0).txHash();
        assertTrue(first != null, "sent");
        Transaction stuck = transaction(first);

        TransactionSender.sleep(Duration.ofMillis(400));
        anchorer.tick(false);
        AnchorJob job = store.openJobs().get(0);
        assertEquals(AnchorJob.Status.SENT, job.status());
        assertNotEquals(first, job.txHash(), "the job follows the replacement");
        Transaction replacement = transaction(job.txHash());
        assertEquals(stuck.getNonce(), replacement.getNonce());
        assertTrue(replacement.getGasPrice().compareTo(stuck.getGasPrice().add(BigInteger.ONE)) >= 0,
                "price " + stuck.getGasPrice() + " -> " + replacement.getGasPrice() + " (free gas: 0 -> at least 1 wei)");

        anvil.rpc("evm_mine");
        AnchorerTest.tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent(), false);
        assertEquals(job.txHash(), store.anchorOf("line-1", 5).orElseThrow().txHash());
    }

    @Test
    void replacedTransactionThatWinsAfterAllStillAnchorsTheJob() {
        Anchorer anchorer = new Anchorer(store, contract, sender, FIVE_RECORDS,
                new AnchoringPolicy(0, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(300), 3),
                Clock.systemUTC());
        append(5);
        anchorer.tick(false);
        String first = store.openJobs().get(0).txHash();
        Transaction original = transaction(first);
        TransactionSender.sleep(Duration.ofMillis(400));
        anchorer.tick(false);
        String replacement = store.openJobs().get(0).txHash();
        assertNotEquals(first, replacement);

        // another node of the network still had the original and mined it: here, the replacement is dropped and
        // the original (signed again: the same bytes, the same hash) comes back
        anvil.rpc("anvil_dropTransaction", "\"" + replacement + "\"");
        RawTransaction raw = RawTransaction.createTransaction(original.getNonce(), original.getGasPrice(),
                original.getGas(), original.getTo(), original.getValue(), original.getInput());
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, sender.chainId(),
                Credentials.create(Anvil.KEY_0)));
        assertEquals(first, Anvil.result(anvil.rpc("eth_sendRawTransaction", "\"" + signed + "\"")));
        anvil.rpc("evm_mine");

        AnchorerTest.tickUntil(anchorer, () -> store.anchorOf("line-1", 5).isPresent(), false);
        assertEquals(first, store.anchorOf("line-1", 5).orElseThrow().txHash());
    }

    @Test
    void writerRoleGrantStuckInThePoolIsReplacedToo() {
        Anchorer anchorer = new Anchorer(store, contract, sender, FIVE_RECORDS,
                new AnchoringPolicy(0, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(300), 3),
                Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            store.append(new RecordDraft("line-2", "quality", "LOT-1", Map.of("value", 500.0 + i)));
        }
        anchorer.tick(false); // the grant goes to the pool
        TransactionSender.sleep(Duration.ofMillis(400));
        anchorer.tick(false); // and is replaced there
        anvil.rpc("evm_mine");
        var block = sender.rpc("eth_getBlockByNumber", sender.web3j().ethGetBlockByNumber(
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST, true)).getBlock();
        assertEquals(1, block.getTransactions().size());
        Transaction grant = (Transaction) block.getTransactions().get(0).get();
        assertTrue(grant.getInput().startsWith(RegistryContract.encodeGrantWriter(RegistryKeys.lineKey("line-2"),
                sender.address()).substring(0, 10)), "the mined transaction is the grant");
        assertTrue(grant.getGasPrice().signum() > 0, "the replacement, not the free-gas original, was mined");

        for (int i = 0; i < 20 && store.anchorOf("line-2", 5).isEmpty(); i++) {
            anvil.rpc("evm_mine");
            anchorer.tick(false);
            TransactionSender.sleep(Duration.ofMillis(50));
        }
        assertTrue(store.anchorOf("line-2", 5).isPresent(), anchorer.lineStatuses().toString());
    }

    @Test
    void anchorWhoseBlockIsReorganizedAwayBeforeItsConfirmationsIsAnchoredAgainWithTheNewBlock() {
        Anchorer anchorer = new Anchorer(store, contract, sender, FIVE_RECORDS,
                new AnchoringPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30), 3),
                Clock.systemUTC());
        String snapshot = Anvil.result(anvil.rpc("evm_snapshot"));
        append(5);
        anchorer.tick(false);
        String first = store.openJobs().get(0).txHash();
        anvil.rpc("evm_mine");
        long firstBlock = sender.receipt(first).orElseThrow().getBlockNumber().longValueExact();
        anchorer.tick(false);
        assertTrue(store.anchorOf("line-1", 1).isEmpty(), "not yet confirmed");

        // a reorganization: the anchor's block goes, an empty block takes its height
        anvil.rpc("evm_revert", "\"" + snapshot + "\"");
        anvil.rpc("evm_mine");
        for (int i = 0; i < 20 && store.anchorOf("line-1", 5).isEmpty(); i++) {
            anchorer.tick(false);
            anvil.rpc("evm_mine");
            TransactionSender.sleep(Duration.ofMillis(50));
        }

        Anchor anchor = store.anchorOf("line-1", 5).orElseThrow();
        var onChain = contract.anchorOf(anchor.root()).orElseThrow();
        assertEquals(onChain.blockNumber(), anchor.blockNumber(), "the stored anchor names the block the chain has");
        assertNotEquals(firstBlock, anchor.blockNumber());
        assertEquals(anchor.blockNumber(),
                sender.receipt(anchor.txHash()).orElseThrow().getBlockNumber().longValueExact());
        assertTrue(sender.blockNumber() >= anchor.blockNumber() + 3);
    }

    private Transaction transaction(String hash) {
        return sender.rpc("eth_getTransactionByHash", sender.web3j().ethGetTransactionByHash(hash))
                .getTransaction().orElseThrow();
    }

    private void append(int count) {
        for (int i = 0; i < count; i++) {
            store.append(new RecordDraft("line-1", "quality", "LOT-1", Map.of("value", 500.0 + i)));
        }
    }
}
