package io.lineledger.verifier;

import static io.lineledger.verifier.Finding.Status.FAIL;
import static io.lineledger.verifier.Finding.Status.NOT_CHECKED;
import static io.lineledger.verifier.Finding.Status.PASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.ChainReader.OnChainAnchor;
import io.lineledger.verifier.ChainReader.Receipt;
import io.lineledger.verifier.Proofs.FakeChain;
import io.lineledger.verifier.Verification.Outcome;
import io.lineledger.verifier.internal.AnchoredEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProofFile proof = Proofs.proof();
    private final FakeChain chain = Proofs.honestChain(proof);

    @Test
    void honestProofPinnedToThePlantsNetworkIsValidWithEveryCheckPassed() {
        Verification result = pinned().verify(proof);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertEquals(List.of("record-digest", "merkle-proof", "anchor-range", "leaf-position", "pinned-registry",
                "pinned-network",
                "chain-id", "contract-anchor", "anchor-transaction", "authorized-writer"),
                result.findings().stream().map(Finding::check).toList());
        assertTrue(result.findings().stream().allMatch(f -> f.status() == PASS), result.report());
        assertEquals(0, result.exitCode());
        assertTrue(result.report().startsWith("VALID\n"), result.report());
        assertTrue(result.report().contains("pin: network descriptor 'test plant'"), result.report());
    }

    @Test
    void honestProofWithoutAPinIsUnpinnedNeverValid() {
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(Outcome.UNPINNED, result.outcome(), result.report());
        assertEquals(3, result.exitCode());
        assertTrue(result.findings().stream().allMatch(f -> f.status() == PASS), result.report());
        assertTrue(result.report().startsWith("UNPINNED\n"), result.report());
        assertTrue(result.report().contains("pin: not pinned: checked against registry " + Proofs.CONTRACT
                + " on chain 31337"), result.report());
        assertTrue(result.report().contains("--network"), result.report());
    }

    @Test
    void proofNamingARegistryOtherThanThePinnedOneIsInvalidNamingBoth() {
        String lookAlike = "0x" + "5e".repeat(20);
        ProofFile forged = withAnchor(anchorWith(lookAlike, proof.anchor().chainId()));
        // the look-alike holds the forged anchor as faithfully as the real registry holds the real one
        FakeChain withLookAlike = Proofs.honestChain(forged);
        Verification result = new ProofVerifier(withLookAlike).pinnedTo(Proofs.network()).verify(forged);
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        Finding registry = result.finding("pinned-registry").orElseThrow();
        assertEquals(FAIL, registry.status());
        assertTrue(registry.detail().contains(lookAlike) && registry.detail().contains(Proofs.CONTRACT), registry.detail());
        assertTrue(result.report().contains("failed: pinned-registry"), result.report());
        assertEquals(Outcome.UNPINNED, new ProofVerifier(withLookAlike).verify(forged).outcome(),
                "without a pin it passes every check, and still is not VALID");
    }

    @Test
    void proofOfAnotherChainThanThePinnedOneIsInvalid() {
        chain.chainId = 5;
        Verification result = pinned().verify(withAnchor(anchorWith(Proofs.CONTRACT, 5)));
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        assertTrue(result.finding("pinned-registry").orElseThrow().detail().contains("chain id 5"), result.report());
    }

    @Test
    void nodeOfAnotherChainThanThePinnedOneCouldNotCheck() {
        chain.chainId = 1;
        Verification result = pinned().verify(proof);
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        assertEquals(NOT_CHECKED, status(result, "pinned-network"));
        assertTrue(result.finding("pinned-network").orElseThrow().detail().contains("wrong node"), result.report());
        assertEquals(NOT_CHECKED, status(result, "authorized-writer"));
    }

    @Test
    void nodeWithoutThePinnedBlockHashCouldNotCheck() {
        chain.blocks.put(0L, Bytes32.fromHex("0x" + "01".repeat(32)));
        Verification result = pinned().verify(proof);
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        assertTrue(result.finding("pinned-network").orElseThrow().detail().contains("wrong node"), result.report());

        chain.blocks.clear();
        result = pinned().verify(proof);
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        assertTrue(result.finding("pinned-network").orElseThrow().detail().contains("has no block 0"), result.report());
    }

    @Test
    void anchorByAnAccountThatWasNotTheLinesWriterIsInvalid() {
        String intruder = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
        Anchor a = proof.anchor();
        chain.receipt = Optional.of(new Receipt(a.txHash(), 1, a.blockNumber(), List.of(new AnchoredEvent(
                RegistryKeys.lineKey(a.lineId()), a.root(), intruder, a.firstSeq(), a.lastSeq()).toLog(a.logIndex(),
                a.contract()))));
        Verification result = pinned().verify(proof);
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        Finding writer = result.finding("authorized-writer").orElseThrow();
        assertEquals(FAIL, writer.status());
        assertTrue(writer.detail().startsWith("anchored by an account that was not the line's writer: " + intruder),
                writer.detail());
        assertTrue(writer.detail().contains(Proofs.WRITER), "names who was authorized: " + writer.detail());
    }

    @Test
    void writerCountsOnlyInsideTheBlocksItWasAuthorized() {
        long block = proof.anchor().blockNumber();
        assertEquals(FAIL, status(pinned(grant(block + 1, null)).verify(proof), "authorized-writer"), "granted later");
        assertEquals(FAIL, status(pinned(grant(1, block - 1)).verify(proof), "authorized-writer"), "revoked before");
        assertEquals(PASS, status(pinned(grant(block, block)).verify(proof), "authorized-writer"), "both ends count");
        NetworkDescriptor noLines = new NetworkDescriptor("", Proofs.CHAIN_ID, Proofs.CONTRACT,
                Proofs.network().pinnedBlock(), java.util.Map.of());
        Verification result = new ProofVerifier(chain).pinnedTo(noLines).verify(proof);
        assertEquals(FAIL, status(result, "authorized-writer"));
        assertTrue(result.finding("authorized-writer").orElseThrow().detail().contains("no account for this line"));
    }

    @Test
    void unreachableNodeWithAPinLeavesEveryChainCheckUnchecked() {
        chain.down = new ChainUnavailableException("cannot reach the node: Connection refused");
        Verification result = pinned().verify(proof);
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        for (String check : List.of("pinned-network", "chain-id", "contract-anchor", "anchor-transaction",
                "authorized-writer")) {
            assertEquals(NOT_CHECKED, status(result, check), check);
        }
        assertTrue(result.report().contains("not checked: pinned-network, chain-id"), result.report());
    }

    @Test
    void tamperedRecordByteIsInvalidNamingTheDigestCheck() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(proof.toJson());
        ((ObjectNode) json.get("record").get("fields")).put("result", "PASS");   // was FAIL
        Verification result = new ProofVerifier(chain).verify(ProofFile.parse(json.toString()));
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        assertEquals(FAIL, status(result, "record-digest"));
        assertTrue(result.finding("record-digest").orElseThrow().detail().contains("changed"), result.report());
        assertEquals(PASS, status(result, "merkle-proof"), "the claimed digest is still in the tree");
    }

    @Test
    void tamperedSaltIsInvalidNamingTheDigestCheck() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(proof.toJson());
        json.put("salt", "0x" + "00".repeat(31) + "01");
        Verification result = new ProofVerifier(chain).verify(ProofFile.parse(json.toString()));
        assertEquals(Outcome.INVALID, result.outcome());
        assertEquals(FAIL, status(result, "record-digest"));
    }

    @Test
    void tamperedProofNodeIsInvalidNamingTheMerkleCheck() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(proof.toJson());
        ArrayNode path = (ArrayNode) json.get("merkle").get("proof");
        String node = path.get(0).asText();
        path.set(0, node.substring(0, 65) + (node.charAt(65) == '0' ? '1' : '0'));
        Verification result = new ProofVerifier(chain).verify(ProofFile.parse(json.toString()));
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        assertEquals(PASS, status(result, "record-digest"));
        assertEquals(FAIL, status(result, "merkle-proof"));
        assertTrue(result.finding("merkle-proof").orElseThrow().detail().contains("not to the root"));
    }

    @Test
    void claimedRootDifferentFromTheAnchoredOneIsInvalid() {
        Anchor a = proof.anchor();
        Bytes32 otherRoot = Bytes32.fromHex("0x" + "99".repeat(32));
        ProofFile swapped = withAnchor(new Anchor(a.chainId(), a.contract(), a.txHash(), a.blockNumber(),
                a.logIndex(), a.lineId(), a.firstSeq(), a.lastSeq(), otherRoot));
        assertEquals(FAIL, status(new ProofVerifier(chain).verify(swapped), "merkle-proof"));
    }

    @Test
    void recordOfAnotherLineOrOutsideTheRangeIsInvalid() {
        Anchor a = proof.anchor();
        ProofFile otherLine = withAnchor(new Anchor(a.chainId(), a.contract(), a.txHash(), a.blockNumber(),
                a.logIndex(), "line-2", a.firstSeq(), a.lastSeq(), a.root()));
        Verification result = new ProofVerifier(chain).verify(otherLine);
        assertEquals(FAIL, status(result, "anchor-range"));
        assertTrue(result.finding("anchor-range").orElseThrow().detail().contains("line-2"));

        ProofFile outside = withAnchor(new Anchor(a.chainId(), a.contract(), a.txHash(), a.blockNumber(),
                a.logIndex(), a.lineId(), 4, 6, a.root()));
        result = new ProofVerifier(chain).verify(outside);
        assertEquals(Outcome.INVALID, result.outcome());
        assertEquals(FAIL, status(result, "anchor-range"));
        assertTrue(result.finding("anchor-range").orElseThrow().detail().contains("4..6"));
    }

    @Test
    void wrongChainIdIsInvalidAndSkipsTheOtherChainChecks() {
        chain.chainId = 1;
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(Outcome.INVALID, result.outcome());
        assertEquals(FAIL, status(result, "chain-id"));
        assertTrue(result.finding("chain-id").orElseThrow().detail().contains("31337"));
        assertEquals(NOT_CHECKED, status(result, "contract-anchor"));
        assertEquals(NOT_CHECKED, status(result, "anchor-transaction"));
    }

    @Test
    void unreachableNodeIsUncheckableNotInvalid() {
        chain.down = new ChainUnavailableException("cannot reach the node at http://127.0.0.1:1: Connection refused");
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(Outcome.UNCHECKABLE, result.outcome());
        assertEquals(2, result.exitCode());
        assertEquals(PASS, status(result, "record-digest"));
        assertEquals(NOT_CHECKED, status(result, "chain-id"));
        assertTrue(result.finding("chain-id").orElseThrow().detail().contains("Connection refused"));
        assertTrue(result.report().startsWith("COULD NOT CHECK\n"));
    }

    @Test
    void offlineFailureOutweighsAnUnreachableNode() throws Exception {
        chain.down = new ChainUnavailableException("down");
        ObjectNode json = (ObjectNode) JSON.readTree(proof.toJson());
        ((ObjectNode) json.get("record")).put("type", "qualitx");
        assertEquals(Outcome.INVALID, new ProofVerifier(chain).verify(ProofFile.parse(json.toString())).outcome());
    }

    @Test
    void rpcErrorOnOneCallLeavesOnlyThatCheckUnchecked() {
        chain.receiptError = new ChainUnavailableException("the node answered eth_getTransactionReceipt with error -32000");
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(Outcome.UNCHECKABLE, result.outcome());
        assertEquals(PASS, status(result, "contract-anchor"));
        assertEquals(NOT_CHECKED, status(result, "anchor-transaction"));
    }

    @Test
    void rootNeverAnchoredIsInvalid() {
        chain.onChain = Optional.of(new OnChainAnchor(Bytes32.ZERO, 0, 0, "0x" + "00".repeat(20), 0));
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(Outcome.INVALID, result.outcome());
        assertTrue(result.finding("contract-anchor").orElseThrow().detail().contains("never anchored"));
    }

    @Test
    void nodeBehindTheAnchorBlockIsUncheckable() {
        chain.onChain = Optional.of(new OnChainAnchor(Bytes32.ZERO, 0, 0, "0x" + "00".repeat(20), 0));
        chain.receipt = Optional.empty();
        chain.latestBlock = Proofs.BLOCK - 5;
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        assertTrue(result.finding("anchor-transaction").orElseThrow().detail().contains("syncing"));
    }

    @Test
    void noContractAtTheAddressIsInvalid() {
        chain.contract = "0x" + "12".repeat(20);
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(FAIL, status(result, "contract-anchor"));
        assertTrue(result.finding("contract-anchor").orElseThrow().detail().contains("no contract"));
    }

    @Test
    void contractAnchorOfAnotherRangeOrLineIsInvalid() {
        chain.onChain = Optional.of(new OnChainAnchor(RegistryKeys.lineKey("line-1"), 1, 7, Proofs.WRITER, Proofs.BLOCK));
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(FAIL, status(result, "contract-anchor"));
        assertTrue(result.finding("contract-anchor").orElseThrow().detail().contains("1..7"));

        chain.onChain = Optional.of(new OnChainAnchor(RegistryKeys.lineKey("line-9"), 1, 6, Proofs.WRITER, Proofs.BLOCK));
        result = new ProofVerifier(chain).verify(proof);
        assertEquals(FAIL, status(result, "contract-anchor"));
        assertTrue(result.finding("contract-anchor").orElseThrow().detail().contains("lineKey"));
    }

    @Test
    void failedOrMisplacedTransactionIsInvalid() {
        Receipt honest = chain.receipt.orElseThrow();
        chain.receipt = Optional.of(new Receipt(honest.txHash(), 0, honest.blockNumber(), honest.logs()));
        assertTransactionFails("status 0");

        chain.receipt = Optional.of(new Receipt(honest.txHash(), 1, honest.blockNumber() + 1, honest.logs()));
        assertTransactionFails("block 43");

        chain.receipt = Optional.of(new Receipt(honest.txHash(), 1, honest.blockNumber(), honest.logs().subList(0, 1)));
        assertTransactionFails("no log at index 3");

        chain.receipt = Optional.empty();
        assertTransactionFails("no mined transaction");
    }

    @Test
    void anchoredLogFromAnotherContractOrOfAnotherEventIsInvalid() {
        Receipt honest = chain.receipt.orElseThrow();
        Anchor a = proof.anchor();
        AnchoredEvent event = new AnchoredEvent(RegistryKeys.lineKey("line-1"), a.root(), Proofs.WRITER, 1, 6);
        chain.receipt = Optional.of(new Receipt(honest.txHash(), 1, honest.blockNumber(),
                List.of(event.toLog(a.logIndex(), "0x" + "ab".repeat(20)))));
        assertTransactionFails("emitted by 0xabab");

        chain.receipt = Optional.of(new Receipt(honest.txHash(), 1, honest.blockNumber(),
                List.of(new ChainReader.EventLog(a.logIndex(), a.contract(), List.of(Bytes32.ZERO), new byte[0]))));
        assertTransactionFails("not an Anchored event");

        AnchoredEvent otherRoot = new AnchoredEvent(RegistryKeys.lineKey("line-1"), Bytes32.fromHex("0x" + "01".repeat(32)),
                Proofs.WRITER, 1, 6);
        chain.receipt = Optional.of(new Receipt(honest.txHash(), 1, honest.blockNumber(),
                List.of(otherRoot.toLog(a.logIndex(), a.contract()))));
        assertTransactionFails("root 0x0101");

        AnchoredEvent otherRange = new AnchoredEvent(RegistryKeys.lineKey("line-1"), a.root(), Proofs.WRITER, 2, 6);
        chain.receipt = Optional.of(new Receipt(honest.txHash(), 1, honest.blockNumber(),
                List.of(otherRange.toLog(a.logIndex(), a.contract()))));
        assertTransactionFails("range 2..6");
    }

    @Test
    void anchoredEventRoundTripsThroughItsLog() {
        AnchoredEvent event = new AnchoredEvent(RegistryKeys.lineKey("line-1"), proof.root(), Proofs.WRITER, 1, 6);
        assertEquals(Optional.of(event), AnchoredEvent.decode(event.toLog(0, Proofs.CONTRACT)));
        // keccak256("Anchored(bytes32,bytes32,address,uint64,uint64)")
        assertEquals(io.lineledger.model.Keccak.hash("Anchored(bytes32,bytes32,address,uint64,uint64)".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)), AnchoredEvent.TOPIC);
    }

    @Test
    void expectedContractMustMatchTheProofs() {
        Verification result = new ProofVerifier(chain).expectingContract(Proofs.CONTRACT.toUpperCase().replace("0X", "0x"))
                .verify(proof);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertEquals(PASS, status(result, "expected-contract"));
        assertTrue(result.report().contains("was not compared with the line's authorized writers"),
                "the weaker pin says what it leaves out: " + result.report());
        assertTrue(result.finding("authorized-writer").isEmpty());

        result = new ProofVerifier(chain).expectingContract("0x" + "ab".repeat(20)).verify(proof);
        assertEquals(Outcome.INVALID, result.outcome());
        assertEquals(FAIL, status(result, "expected-contract"));

        assertThrows(IllegalArgumentException.class, () -> new ProofVerifier(chain).expectingContract("0x12"));
    }

    @Test
    void proofFileOnDiskIsReadParsedAndChecked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("proof.json");
        Files.writeString(file, proof.toJson());
        assertEquals(Outcome.VALID, pinned().verify(file).outcome());

        Files.writeString(file, proof.toJson().replace("\"chainId\" : 31337", "\"chainId\" : \"x\""));
        Verification malformed = new ProofVerifier(chain).verify(file);
        assertEquals(Outcome.UNCHECKABLE, malformed.outcome());
        assertEquals(NOT_CHECKED, status(malformed, "proof-file"));
        assertTrue(malformed.finding("proof-file").orElseThrow().detail().contains("anchor.chainId"), malformed.report());

        Verification missing = new ProofVerifier(chain).verify(dir.resolve("nope.json"));
        assertEquals(Outcome.UNCHECKABLE, missing.outcome());
        assertTrue(missing.finding("proof-file").orElseThrow().detail().contains("no such file"));
    }

    @Test
    void proofFileOverTheSizeLimitCouldNotBeCheckedAsTooLargeBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("proof.json");
        Files.writeString(file, proof.toJson());
        Verification result = pinned().withMaxBytes(Files.size(file) - 1).verify(file);
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        assertTrue(result.finding("proof-file").orElseThrow().detail().contains("too large: " + Files.size(file)
                + " bytes, over the limit of " + (Files.size(file) - 1)), result.report());
        assertEquals(1, result.findings().size(), "nothing else was checked");
        assertEquals(Outcome.VALID, pinned().withMaxBytes(Files.size(file)).verify(file).outcome());
        assertThrows(IllegalArgumentException.class, () -> pinned().withMaxBytes(0));
    }

    @Test
    void proofFileWithAKeyTwiceInOneObjectCouldNotBeCheckedNamingTheKey(@TempDir Path dir) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(proof.toJson());
        String fields = json.get("record").get("fields").toString();
        String doubled = json.toString().replace("\"fields\":" + fields,
                "\"fields\":{\"fillWeight\":1.0,\"result\":\"PASS\"},\"fields\":" + fields);
        Path file = dir.resolve("proof.json");
        Files.writeString(file, doubled);
        Verification result = pinned().verify(file);
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        String detail = result.finding("proof-file").orElseThrow().detail();
        assertTrue(detail.contains("the key 'fields' twice") && detail.contains("record.fields"), detail);
    }

    @Test
    void controlCharactersFromTheFileAreEscapedInTheReport() {
        // the review's injection: clear the screen, draw a green VALID, hide the rest
        String payload = "x\u001b[2J\u001b[H\u001b[32mVALID\u001b[0m  (all checks passed)\u001b[8m";
        Verification result = pinned().verify(withAnchor(new Anchor(Proofs.CHAIN_ID, Proofs.CONTRACT,
                Proofs.TX, Proofs.BLOCK, Proofs.LOG_INDEX, payload + "\u009b2J\u202e", 1, 6, proof.root())));
        String report = result.report();
        assertEquals(Outcome.INVALID, result.outcome(), report);
        assertTrue(report.contains("x\\u001b[2J\\u001b[H\\u001b[32mVALID"), report);
        assertTrue(report.contains("\\u009b2J\\u202e"), report);
        assertTrue(report.chars().noneMatch(c -> c == 0x1b || c == 0x9b || c == 0x202e), report);
        assertTrue(report.startsWith("INVALID\n"), report);
    }

    private ProofVerifier pinned() {
        return new ProofVerifier(chain).pinnedTo(Proofs.network());
    }

    private ProofVerifier pinned(NetworkDescriptor network) {
        return new ProofVerifier(chain).pinnedTo(network);
    }

    private static NetworkDescriptor grant(long from, Long to) {
        NetworkDescriptor n = Proofs.network();
        return new NetworkDescriptor(n.name(), n.chainId(), n.registry(), n.pinnedBlock(), java.util.Map.of("line-1",
                List.of(new NetworkDescriptor.WriterGrant(Proofs.WRITER, from, Optional.ofNullable(to)))));
    }

    private Anchor anchorWith(String contract, long chainId) {
        Anchor a = proof.anchor();
        return new Anchor(chainId, contract, a.txHash(), a.blockNumber(), a.logIndex(), a.lineId(), a.firstSeq(),
                a.lastSeq(), a.root());
    }

    private void assertTransactionFails(String expected) {
        Verification result = new ProofVerifier(chain).verify(proof);
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        Finding finding = result.finding("anchor-transaction").orElseThrow();
        assertEquals(FAIL, finding.status(), result.report());
        assertTrue(finding.detail().contains(expected), finding.detail());
    }

    private ProofFile withAnchor(Anchor anchor) {
        return new ProofFile(proof.record(), proof.digest(), proof.root(), proof.proof(), anchor, proof.leafEncoding(),
                proof.treeSize(), proof.leafIndex());
    }

    private static Finding.Status status(Verification result, String check) {
        return result.finding(check).orElseThrow(() -> new AssertionError("no " + check + " in\n" + result.report()))
                .status();
    }
}
