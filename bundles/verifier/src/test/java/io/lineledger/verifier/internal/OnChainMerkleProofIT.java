package io.lineledger.verifier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LeafEncoding;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.MultiProof;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.TestLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;

/**
 * Proofs written by the Java code, checked on chain by OpenZeppelin's {@code MerkleProof.verify} and
 * {@code multiProofVerify}: the registry has no view for it, so {@code src/test/solidity/MerkleProofCheck.sol} is
 * compiled here with devchain's pinned solc (evmVersion paris) and deployed on anvil.
 */
class OnChainMerkleProofIT {

    private static final TestLine LINE = TestLine.demo();
    private static Anvil anvil;
    private static Web3j web3j;
    private static String checker;

    @BeforeAll
    static void compileAndDeploy() throws Exception {
        anvil = Anvil.start();
        Path out = Path.of("target/test-contracts");
        Process solc;
        try {
            solc = new ProcessBuilder("node", "../../devchain/compile-contracts.mjs", "src/test/solidity",
                    out.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            anvil.close();
            anvil = null;
            assumeTrue(false, "node is not on the PATH (" + e.getMessage() + "): the test contract cannot be "
                    + "compiled, the on-chain MerkleProof checks are skipped");
            return;
        }
        String log = new String(solc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(solc.waitFor(120, TimeUnit.SECONDS), "solc finished");
        assumeTrue(solc.exitValue() == 0, "could not compile the test contract with devchain's solc: " + log);
        String bytecode = "0x" + Files.readString(out.resolve("MerkleProofCheck.bin")).strip();
        checker = RegistryOnAnvil.deployBytecode(anvil.rpcUrl(), Anvil.KEY_0, bytecode);
        web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
    }

    @AfterAll
    static void stop() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void everyV2RecordProofVerifiesOnChainAndNotAtAnotherSeqOrLine() throws Exception {
        int checked = 0;
        for (LineRecord record : LINE.records) {
            ProofFile proof = proofOf(record);
            if (proof.leafEncoding() != LeafEncoding.LINE_SEQ_DIGEST) {
                continue;
            }
            assertEquals(proof.leafHash(), bytes32Call("leafV2", List.of(b32(RegistryKeys.lineKey(TestLine.LINE)),
                    new Uint64(record.seq()), b32(record.digest()))), "leaf of seq " + record.seq());
            assertTrue(verifyRecord(proof, TestLine.LINE, record.seq()), "seq " + record.seq());
            assertFalse(verifyRecord(proof, TestLine.LINE, record.seq() + 1), "seq " + record.seq() + " as seq + 1");
            assertFalse(verifyRecord(proof, "line-2", record.seq()), "seq " + record.seq() + " of another line");
            checked++;
        }
        assertEquals(30, checked);
    }

    @Test
    void v1RecordProofsVerifyOnChainWithTheDigestLeaf() throws Exception {
        for (LineRecord record : LINE.range(TestLine.LINE, 1, 10)) {
            ProofFile proof = proofOf(record);
            assertEquals(LeafEncoding.DIGEST, proof.leafEncoding());
            assertEquals(proof.leafHash(), bytes32Call("leafV1", List.of(b32(record.digest()))));
            assertTrue(boolCall("verify", List.of(array(proof.proof()), b32(proof.root()), b32(proof.leafHash()))));
        }
    }

    @Test
    void rangeAndBatchMultiProofsVerifyOnChainAndATamperedFlagDoesNot() throws Exception {
        for (RangeProofFile file : List.of(LINE.rangeProof(5, 33), LINE.rangeProof(1, 40), LINE.batchProof())) {
            for (RangeProofFile.Window window : file.windows()) {
                Anchor anchor = window.anchor();
                List<Bytes32> leaves = new ArrayList<>();
                for (RangeProofFile.Entry entry : file.records()) {
                    if (anchor.covers(entry.record().seq())) {
                        leaves.add(window.leafEncoding().leafHash(RegistryKeys.lineKey(TestLine.LINE),
                                entry.record().seq(), entry.digest()));
                    }
                }
                MultiProof multi = window.multiProof(leaves);
                assertTrue(multiProofVerify(multi.proof(), multi.proofFlags(), anchor.root(), multi.leaves()),
                        file.format() + " window " + anchor.firstSeq() + ".." + anchor.lastSeq());
                if (!multi.proofFlags().isEmpty()) {
                    List<Boolean> flipped = new ArrayList<>(multi.proofFlags());
                    flipped.set(0, !flipped.get(0));
                    assertFalse(callSucceedsTrue(multi.proof(), flipped, anchor.root(), multi.leaves()));
                }
            }
        }
    }

    private static ProofFile proofOf(LineRecord record) {
        Anchor anchor = LINE.anchorOf(TestLine.LINE, record.seq()).orElseThrow();
        MerkleTree tree = MerkleTree.matching(TestLine.LINE, LINE.range(TestLine.LINE, anchor.firstSeq(),
                anchor.lastSeq()), anchor.root()).orElseThrow();
        return ProofFile.of(record, tree, anchor);
    }

    private static boolean verifyRecord(ProofFile proof, String lineId, long seq) throws Exception {
        return boolCall("verifyRecord", List.of(array(proof.proof()), b32(proof.root()), new Utf8String(lineId),
                new Uint64(seq), b32(proof.digest())));
    }

    private static boolean multiProofVerify(List<Bytes32> proof, List<Boolean> flags, Bytes32 root,
                                            List<Bytes32> leaves) throws Exception {
        return boolCall("multiProofVerify", List.of(array(proof), flags(flags), b32(root), array(leaves)));
    }

    /** A malformed multiproof may revert (MerkleProofInvalidMultiproof) rather than return false. */
    private static boolean callSucceedsTrue(List<Bytes32> proof, List<Boolean> flags, Bytes32 root,
                                            List<Bytes32> leaves) {
        try {
            return multiProofVerify(proof, flags, root, leaves);
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    @SuppressWarnings("rawtypes")
    private static boolean boolCall(String name, List<Type> inputs) throws Exception {
        Function function = new Function(name, inputs, List.of(new TypeReference<Bool>() { }));
        List<Type> out = call(function);
        return (Boolean) out.get(0).getValue();
    }

    @SuppressWarnings("rawtypes")
    private static Bytes32 bytes32Call(String name, List<Type> inputs) throws Exception {
        Function function = new Function(name, inputs,
                List.of(new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { }));
        return Bytes32.of((byte[]) call(function).get(0).getValue());
    }

    @SuppressWarnings("rawtypes")
    private static List<Type> call(Function function) throws Exception {
        var response = web3j.ethCall(Transaction.createEthCallTransaction(null, checker,
                FunctionEncoder.encode(function)), DefaultBlockParameterName.LATEST).send();
        if (response.hasError() || response.isReverted()) {
            throw new AssertionError(function.getName() + " reverted: "
                    + (response.hasError() ? response.getError().getMessage() : response.getRevertReason()));
        }
        return FunctionReturnDecoder.decode(response.getValue(), function.getOutputParameters());
    }

    private static org.web3j.abi.datatypes.generated.Bytes32 b32(Bytes32 value) {
        return new org.web3j.abi.datatypes.generated.Bytes32(value.bytes());
    }

    private static DynamicArray<org.web3j.abi.datatypes.generated.Bytes32> array(List<Bytes32> values) {
        return new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class,
                values.stream().map(OnChainMerkleProofIT::b32).toList());
    }

    private static DynamicArray<Bool> flags(List<Boolean> values) {
        return new DynamicArray<>(Bool.class, values.stream().map(Bool::new).toList());
    }
}
