package io.lineledger.verifier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.Finding;
import io.lineledger.verifier.NetworkDescriptor;
import io.lineledger.verifier.ProofVerifier;
import io.lineledger.verifier.TestLine;
import io.lineledger.verifier.Verification;
import io.lineledger.verifier.Verification.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * v2 record, line range and batch proofs against the real LineLedgerRegistry on anvil, read through the real
 * JSON-RPC reader: the plant's registry (account #0 writes line-1; windows 1..10 anchored with a v1 root, later ones
 * v2), and a look-alike registry account #1 deployed and anchored the same records in.
 */
class RangeProofsOnAnvilIT {

    private static final TestLine LINE = TestLine.demo();
    private static Anvil anvil;
    private static RegistryOnAnvil plant;
    private static RegistryOnAnvil lookAlike;
    private static NetworkDescriptor network;
    private static final List<Anchor> plantAnchors = new ArrayList<>();
    private static final List<Anchor> lookAlikeAnchors = new ArrayList<>();

    @BeforeAll
    static void anchorTheLineInBothRegistries() throws Exception {
        anvil = Anvil.start();
        String plantAccount = RegistryOnAnvil.addressOf(Anvil.KEY_0);
        plant = RegistryOnAnvil.deploy(anvil.rpcUrl(), Anvil.KEY_0);
        long granted = plant.grantWriter(Anvil.KEY_0, TestLine.LINE, plantAccount);
        lookAlike = RegistryOnAnvil.deploy(anvil.rpcUrl(), Anvil.KEY_1);
        lookAlike.grantWriter(Anvil.KEY_1, TestLine.LINE, RegistryOnAnvil.addressOf(Anvil.KEY_1));
        for (Anchor a : LINE.anchors) {
            plantAnchors.add(plant.anchor(Anvil.KEY_0, TestLine.LINE, a.firstSeq(), a.lastSeq(), a.root()));
            lookAlikeAnchors.add(lookAlike.anchor(Anvil.KEY_1, TestLine.LINE, a.firstSeq(), a.lastSeq(), a.root()));
        }
        network = new NetworkDescriptor("anvil plant", RegistryOnAnvil.CHAIN_ID, plant.address(),
                new NetworkDescriptor.PinnedBlock(0, plant.blockHash(0)), Map.of(TestLine.LINE,
                        List.of(new NetworkDescriptor.WriterGrant(plantAccount, granted, Optional.empty()))));
    }

    @AfterAll
    static void stop() {
        for (RegistryOnAnvil registry : new RegistryOnAnvil[] {plant, lookAlike}) {
            if (registry != null) {
                registry.close();
            }
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void v2RecordAndLineRangeAreValidPinnedAndTheV1WindowIsReportedWeaker() {
        Verification record = verify(recordProof(plantAnchors, 20));
        assertEquals(Outcome.VALID, record.outcome(), record.report());
        assertEquals(Finding.Status.PASS, record.finding("leaf-position").orElseThrow().status());
        Verification range = verify(rangeProof(plantAnchors, 5, 33));
        assertEquals(Outcome.VALID, range.outcome(), range.report());
        assertTrue(range.notes().stream().anyMatch(n -> n.startsWith("1 of 3 windows use proof format v1")),
                range.report());
        assertTrue(range.notes().stream().anyMatch(n -> n.startsWith("gap record 12")), range.report());
    }

    @Test
    void batchIsNotSealedThenSealedThenAmendedAsTheRegistrySays() throws Exception {
        // one test, in order: the registry's batch state only grows
        RangeProofFile batch = RangeProofFile.batch(TestLine.LINE, TestLine.BATCH, 3, 18, LINE::range,
                (line, seq) -> plantAnchors.stream().filter(a -> a.covers(seq)).findFirst());
        Verification unsealed = verify(batch);
        assertEquals(Outcome.VALID, unsealed.outcome(), unsealed.report());
        assertTrue(unsealed.notes().stream().anyMatch(n -> n.startsWith("batch 'B-1' is not sealed on chain")),
                unsealed.report());

        List<LineRecord> range = LINE.range(TestLine.LINE, 3, 18);
        RangeProofFile.Seal seal = plant.sealBatch(Anvil.KEY_0, TestLine.BATCH, TestLine.LINE,
                RangeProofFile.certificateDigest(range), RangeProofFile.batchRoot(TestLine.LINE, range));
        Verification sealed = verify(batch);
        assertEquals(Outcome.VALID, sealed.outcome(), sealed.report());
        assertTrue(sealed.finding("batch-seal").orElseThrow().detail().contains("revision 0 of 1 (block "
                + seal.blockNumber()), sealed.report());
        // the file names its seal: the registry's revision and the BatchSealed log of the real transaction agree
        Verification named = verify(batch.withSeal(seal));
        assertEquals(Outcome.VALID, named.outcome(), named.report());
        assertTrue(named.finding("batch-seal").orElseThrow().detail().contains("the file's seal (tx " + seal.txHash()),
                named.report());
        RangeProofFile.Seal wrongTx = new RangeProofFile.Seal(0, seal.batchRoot(), seal.certificateDigest(),
                plantAnchors.get(0).txHash(), seal.blockNumber());
        assertEquals(Outcome.INVALID, verify(batch.withSeal(wrongTx)).outcome());

        plant.amendBatch(Anvil.KEY_0, TestLine.BATCH, Bytes32.fromHex("0x" + "c2".repeat(32)),
                Bytes32.fromHex("0x" + "77".repeat(32)), Bytes32.fromHex("0x" + "ee".repeat(32)));
        Verification amended = verify(batch);
        assertEquals(Outcome.INVALID, amended.outcome(), amended.report());
        assertTrue(amended.finding("batch-seal").orElseThrow().detail().contains("superseded by revision 1"),
                amended.report());
        assertEquals(2, amended.notes().stream().filter(n -> n.startsWith("batch 'B-1' revision")).count(),
                amended.report());
    }

    @Test
    void rangeAnchoredInALookAlikeRegistryIsUnpinnedWithoutAPinAndInvalidPinned() {
        RangeProofFile forged = rangeProof(lookAlikeAnchors, 5, 33);
        try (ChainReader chain = ChainReader.connect(anvil.rpcUrl())) {
            Verification unpinned = new ProofVerifier(chain).verify(forged);
            assertEquals(Outcome.UNPINNED, unpinned.outcome(), unpinned.report());
        }
        Verification pinned = verify(forged);
        assertEquals(Outcome.INVALID, pinned.outcome(), pinned.report());
        assertEquals(Finding.Status.FAIL, pinned.finding("pinned-registry").orElseThrow().status(), pinned.report());
        Verification record = verify(recordProof(lookAlikeAnchors, 20));
        assertEquals(Finding.Status.FAIL, record.finding("pinned-registry").orElseThrow().status(), record.report());
    }

    @Test
    void theCliJarTellsARangeFileByItsFormatAndPrintsItsNotesAsJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("range.json"),
                rangeProof(plantAnchors, 5, 33).toJson());
        NetworkDescriptor.WriterGrant grant = network.writersOf(TestLine.LINE).get(0);
        java.nio.file.Path networkFile = java.nio.file.Files.writeString(dir.resolve("network.json"), """
                {"format": "lineledger-network", "version": 1, "name": "anvil plant", "chainId": %d, "registry": "%s",
                 "pinnedBlock": {"number": 0, "hash": "%s"},
                 "lines": {"line-1": {"writers": [{"address": "%s", "fromBlock": %d}]}}}
                """.formatted(RegistryOnAnvil.CHAIN_ID, plant.address(), plant.blockHash(0).hex(), grant.address(),
                grant.fromBlock()));
        String jar = System.getProperty("verifier.cliJar");
        Process process = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar, "verify", file.toString(), "--rpc", anvil.rpcUrl(), "--network",
                networkFile.toString(), "--json").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(output);
        assertEquals("VALID", json.get("verdict").asText());
        assertTrue(json.get("notes").toString().contains("gap record 12"), output);
        assertEquals("record-sequence", json.get("checks").get(1).get("name").asText(), output);
    }

    private static Verification verify(Object proof) {
        try (ChainReader chain = ChainReader.connect(anvil.rpcUrl())) {
            ProofVerifier verifier = new ProofVerifier(chain).pinnedTo(network);
            return proof instanceof ProofFile p ? verifier.verify(p) : verifier.verify((RangeProofFile) proof);
        }
    }

    private static RangeProofFile rangeProof(List<Anchor> anchors, long first, long last) {
        return RangeProofFile.lineRange(TestLine.LINE, first, last, LINE::range,
                (line, seq) -> anchors.stream().filter(a -> a.covers(seq)).findFirst());
    }

    private static ProofFile recordProof(List<Anchor> anchors, long seq) {
        Anchor anchor = anchors.stream().filter(a -> a.covers(seq)).findFirst().orElseThrow();
        List<LineRecord> window = LINE.range(TestLine.LINE, anchor.firstSeq(), anchor.lastSeq());
        return ProofFile.of(LINE.records.get((int) seq - 1),
                MerkleTree.matching(TestLine.LINE, window, anchor.root()).orElseThrow(), anchor);
    }
}
