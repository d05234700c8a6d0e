package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Bytes32;
import io.lineledger.model.Keccak;
import io.lineledger.model.RegistryKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The LineLedgerRegistry contract, compiled by this build, on a real anvil. */
class RegistryContractTest {

    private static final Bytes32 LINE_1 = RegistryKeys.lineKey("line-1");
    private static final Bytes32 LINE_2 = RegistryKeys.lineKey("line-2");

    private static Anvil anvil;
    private static TransactionSender admin;
    private static TransactionSender other;

    private RegistryContract contract;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
        admin = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_0, 16);
        other = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_1, 16);
    }

    @AfterAll
    static void stopChain() {
        if (admin != null) {
            admin.close();
            other.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @BeforeEach
    void deployFreshContract() {
        contract = RegistryContract.deploy(admin, Duration.ofSeconds(30));
    }

    @Test
    void deployerIsAdminAndNoOneWritesALineUntilGranted() {
        assertTrue(contract.isAdmin(admin.address()));
        assertFalse(contract.isAdmin(other.address()));
        assertFalse(contract.isWriter(LINE_1, admin.address()));
        assertEquals(1, contract.nextSequence(LINE_1));
        assertEquals(31337, admin.chainId());
    }

    @Test
    void writerRoleIsTheHashOfTheAbiEncodedTagAndLineKey() {
        List<Type> tagAndKey = List.of(new Utf8String("LINE_WRITER"),
                new org.web3j.abi.datatypes.generated.Bytes32(LINE_1.bytes()));
        byte[] encoded = org.web3j.utils.Numeric.hexStringToByteArray(
                org.web3j.abi.FunctionEncoder.encodeConstructor(tagAndKey));
        assertEquals(Keccak.hash(encoded), contract.writerRole(LINE_1));
    }

    @Test
    void anchorAdvancesTheLinesSequenceAndIsFoundByItsRoot() {
        mined(admin, contract.grantWriter(LINE_1, admin.address()));
        Bytes32 root = root("a");
        TransactionReceipt receipt = mined(admin, contract.anchor(LINE_1, 1, 3, root));

        assertEquals(4, contract.nextSequence(LINE_1));
        assertEquals(1, contract.nextSequence(LINE_2));
        RegistryContract.OnChainAnchor onChain = contract.anchorOf(root).orElseThrow();
        assertEquals(new RegistryContract.OnChainAnchor(LINE_1, 1, 3, admin.address(),
                receipt.getBlockNumber().longValueExact()), onChain);
        assertTrue(contract.anchorOf(root("never anchored")).isEmpty());

        RegistryContract.AnchoredEvent event = contract.anchoredEvent(receipt, root).orElseThrow();
        assertEquals(new RegistryContract.AnchoredEvent(LINE_1, root, admin.address(), 1, 3,
                receipt.getTransactionHash(), onChain.blockNumber(), receipt.getLogs().get(0).getLogIndex().longValueExact()),
                event);
        assertEquals(List.of(event), contract.findAnchored(LINE_1, root, onChain.blockNumber(), onChain.blockNumber()));
    }

    @Test
    void replayedRangeIsRejectedByTheContract() {
        mined(admin, contract.grantWriter(LINE_1, admin.address()));
        Bytes32 root = root("a");
        mined(admin, contract.anchor(LINE_1, 1, 3, root));

        ContractRevertedException sameRangeNewRoot = assertThrows(ContractRevertedException.class,
                () -> contract.anchor(LINE_1, 1, 3, root("b")));
        assertEquals("SequenceGap", sameRangeNewRoot.errorName());
        assertTrue(sameRangeNewRoot.getMessage().contains("expected=4, got=1"), sameRangeNewRoot.getMessage());

        ContractRevertedException sameRoot = assertThrows(ContractRevertedException.class,
                () -> contract.anchor(LINE_1, 4, 5, root));
        assertEquals("RootAlreadyAnchored", sameRoot.errorName());

        // the same transaction sent again without the estimate: mined, reverted, and the reason is recoverable
        TransactionReceipt reverted = admin.waitForReceipt(
                contract.anchorUnchecked(LINE_1, 1, 3, root("c"), BigInteger.valueOf(200_000)), Duration.ofSeconds(30));
        assertFalse(reverted.isStatusOK());
        assertTrue(admin.revertReasonOf(reverted.getTransactionHash()).contains("SequenceGap"));
        assertEquals(4, contract.nextSequence(LINE_1));
    }

    @Test
    void manyLinesAreAnchoredInOneTransactionAndARefusedWindowIsSkippedNotReverted() {
        Bytes32 line3 = RegistryKeys.lineKey("line-3");
        mined(admin, contract.grantWriter(LINE_1, admin.address()));
        mined(admin, contract.grantWriter(LINE_2, admin.address()));
        mined(admin, contract.anchor(LINE_2, 1, 4, root("line-2 first")));
        TransactionReceipt receipt = mined(admin, contract.anchorMany(List.of(
                new RegistryContract.Window(LINE_1, 1, 3, root("a")),
                new RegistryContract.Window(LINE_2, 1, 2, root("b")),   // line 2 expects 5: skipped
                new RegistryContract.Window(line3, 1, 1, root("c")),    // not our line: skipped
                new RegistryContract.Window(LINE_2, 5, 9, root("d")))));

        assertEquals(4, contract.nextSequence(LINE_1));
        assertEquals(10, contract.nextSequence(LINE_2));
        assertEquals(1, contract.nextSequence(line3));
        assertTrue(contract.anchorOf(root("b")).isEmpty());
        RegistryContract.AnchoredEvent a = contract.anchoredEvent(receipt, root("a")).orElseThrow();
        RegistryContract.AnchoredEvent d = contract.anchoredEvent(receipt, root("d")).orElseThrow();
        assertEquals(List.of(1L, 3L, 5L, 9L), List.of(a.firstSeq(), a.lastSeq(), d.firstSeq(), d.lastSeq()));
        assertTrue(contract.anchoredEvent(receipt, root("b")).isEmpty());
        assertEquals(2, receipt.getLogs().size(), "one Anchored log per window taken, as anchor() emits it");
        assertEquals(new RegistryContract.OnChainAnchor(LINE_2, 5, 9, admin.address(),
                receipt.getBlockNumber().longValueExact()), contract.anchorOf(root("d")).orElseThrow());
    }

    @Test
    void gapInSequenceIsRejected() {
        mined(admin, contract.grantWriter(LINE_1, admin.address()));

        ContractRevertedException gap = assertThrows(ContractRevertedException.class,
                () -> contract.anchor(LINE_1, 2, 3, root("a")));
        assertEquals("SequenceGap", gap.errorName());
        assertTrue(gap.getMessage().contains("lineKey=" + LINE_1.hex() + ", expected=1, got=2"), gap.getMessage());

        assertEquals("InvalidRange", assertThrows(ContractRevertedException.class,
                () -> contract.anchor(LINE_1, 1, 0, root("a"))).errorName());
        assertEquals("ZeroRoot", assertThrows(ContractRevertedException.class,
                () -> contract.anchor(LINE_1, 1, 1, Bytes32.ZERO)).errorName());
        assertEquals(1, contract.nextSequence(LINE_1));
    }

    @Test
    void onlyTheLinesWriterMayAnchor() {
        RegistryContract asOther = new RegistryContract(other, contract.address());

        assertEquals("AccessControlUnauthorizedAccount", assertThrows(ContractRevertedException.class,
                () -> asOther.anchor(LINE_1, 1, 1, root("a"))).errorName());
        assertEquals("AccessControlUnauthorizedAccount", assertThrows(ContractRevertedException.class,
                () -> asOther.grantWriter(LINE_1, other.address())).errorName(), "only the admin grants");

        mined(admin, contract.grantWriter(LINE_1, other.address()));
        assertTrue(contract.isWriter(LINE_1, other.address()));
        assertEquals("AccessControlUnauthorizedAccount", assertThrows(ContractRevertedException.class,
                () -> asOther.anchor(LINE_2, 1, 1, root("a"))).errorName(), "a writer of line 1 only");
        assertEquals("AccessControlUnauthorizedAccount", assertThrows(ContractRevertedException.class,
                () -> contract.anchor(LINE_1, 1, 1, root("a"))).errorName(), "the admin is not a writer by itself");
        mined(other, asOther.anchor(LINE_1, 1, 1, root("a")));

        mined(admin, contract.revokeWriter(LINE_1, other.address()));
        assertFalse(contract.isWriter(LINE_1, other.address()));
        assertEquals("AccessControlUnauthorizedAccount", assertThrows(ContractRevertedException.class,
                () -> asOther.anchor(LINE_1, 2, 2, root("b"))).errorName());
    }

    @Test
    void sealedBatchCannotBeSealedTwiceButCanBeAmended() {
        mined(admin, contract.grantWriter(LINE_1, admin.address()));
        Bytes32 batch = RegistryKeys.batchKey("LOT-1");
        assertEquals(0, contract.batchRevisionCount(batch));
        assertEquals("BatchNotSealed", assertThrows(ContractRevertedException.class,
                () -> contract.amendBatch(batch, root("c2"), root("r2"), root("why"))).errorName());

        TransactionReceipt sealed = mined(admin, contract.sealBatch(batch, LINE_1, root("c1"), root("r1")));
        assertEquals(1, contract.batchRevisionCount(batch));
        assertEquals(new RegistryContract.BatchRevision(LINE_1, root("c1"), root("r1"), Bytes32.ZERO, admin.address(),
                sealed.getBlockNumber().longValueExact()), contract.batchRevision(batch, 0));

        assertEquals("BatchAlreadySealed", assertThrows(ContractRevertedException.class,
                () -> contract.sealBatch(batch, LINE_1, root("c2"), root("r2"))).errorName());
        assertEquals("MissingReason", assertThrows(ContractRevertedException.class,
                () -> contract.amendBatch(batch, root("c2"), root("r2"), Bytes32.ZERO)).errorName());
        assertEquals("AccessControlUnauthorizedAccount", assertThrows(ContractRevertedException.class,
                () -> new RegistryContract(other, contract.address()).amendBatch(batch, root("c2"), root("r2"),
                        root("why"))).errorName());

        TransactionReceipt amended = mined(admin, contract.amendBatch(batch, root("c2"), root("r2"), root("why")));
        assertEquals(2, contract.batchRevisionCount(batch));
        assertEquals(new RegistryContract.BatchRevision(LINE_1, root("c1"), root("r1"), Bytes32.ZERO, admin.address(),
                sealed.getBlockNumber().longValueExact()), contract.batchRevision(batch, 0), "the seal stays as it was");
        assertEquals(new RegistryContract.BatchRevision(LINE_1, root("c2"), root("r2"), root("why"), admin.address(),
                amended.getBlockNumber().longValueExact()), contract.batchRevision(batch, 1));
        assertEquals("UnknownRevision", assertThrows(ContractRevertedException.class,
                () -> contract.batchRevision(batch, 2)).errorName());
    }

    static TransactionReceipt mined(TransactionSender sender, String txHash) {
        TransactionReceipt receipt = sender.waitForReceipt(txHash, Duration.ofSeconds(30));
        assertTrue(receipt.isStatusOK(), "transaction " + txHash + " reverted");
        return receipt;
    }

    static Bytes32 root(String seed) {
        return Keccak.hash(seed.getBytes(StandardCharsets.UTF_8));
    }
}
