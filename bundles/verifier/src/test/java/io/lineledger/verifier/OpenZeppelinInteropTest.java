package io.lineledger.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof files written by the Java code, checked by OpenZeppelin's JavaScript {@code @openzeppelin/merkle-tree} in
 * node ({@code src/test/js/check-proofs.mjs}): record proofs v2 and v1, range and batch multiproofs, whole windows
 * rebuilt and every proof compared. Skipped, saying why, when node or the library is not installed.
 */
class OpenZeppelinInteropTest {

    private static final Path SCRIPT = Path.of("src/test/js/check-proofs.mjs");
    private static final Path LIBRARY = Path.of("../../devchain/node_modules/@openzeppelin/merkle-tree/package.json");
    private static final TestLine LINE = TestLine.demo();

    @TempDir
    Path dir;

    @BeforeAll
    static void nodeAndLibraryAreInstalled() {
        assumeTrue(nodeVersion() != null, "node is not on the PATH: the OpenZeppelin interop checks are skipped");
        assumeTrue(Files.isRegularFile(LIBRARY), "@openzeppelin/merkle-tree is not installed at "
                + LIBRARY.toAbsolutePath() + " (run devchain/devchain.sh install): the interop checks are skipped");
    }

    @Test
    void everyRecordProofOfEveryWindowChecksWithOpenZeppelin() throws Exception {
        List<Path> files = new ArrayList<>();
        for (LineRecord record : LINE.records) {
            Anchor anchor = LINE.anchorOf(TestLine.LINE, record.seq()).orElseThrow();
            MerkleTree tree = MerkleTree.matching(TestLine.LINE, LINE.range(TestLine.LINE, anchor.firstSeq(),
                    anchor.lastSeq()), anchor.root()).orElseThrow();
            files.add(write("record-" + record.seq() + ".json", ProofFile.of(record, tree, anchor).toJson()));
        }
        files.add(write("demo-v2.json", Proofs.proof().toJson()));
        files.add(write("demo-v1.json", Proofs.proofV1().toJson()));
        Result result = node(files);
        assertEquals(0, result.exit, result.output);
        assertEquals(files.size(), count(result.output, "\"ok\":true"), result.output);
        assertTrue(result.output.contains("\"leafIndex\":true"), result.output);
    }

    @Test
    void rangeAndBatchMultiProofsCheckWithOpenZeppelinAndWholeWindowsAreRebuiltAlike() throws Exception {
        List<Path> files = List.of(
                write("range-5-33.json", LINE.rangeProof(5, 33).toJson()),
                write("range-1-40.json", LINE.rangeProof(1, 40).toJson()),
                write("range-26-40.json", LINE.rangeProof(26, 40).toJson()),
                write("range-17.json", LINE.rangeProof(17, 17).toJson()),
                write("batch.json", LINE.batchProof().toJson()),
                write("batch-sealed.json", LINE.batchProof().withSeal(LINE.seal(new Proofs.FakeChain(),
                        LINE.batchRoot(), 120)).toJson()));
        Result result = node(files);
        assertEquals(0, result.exit, result.output);
        assertEquals(files.size(), count(result.output, "\"ok\":true"), result.output);
        assertTrue(result.output.contains("\"window1SameMultiProof\":true"), result.output);
        assertTrue(result.output.contains("\"sealBatchRoot\":true,\"sealCertificateDigest\":true"), result.output);
    }

    @Test
    void javaProofsOfAWholeV2WindowAreOpenZeppelinsGetProof() throws Exception {
        // trees of 1..17 leaves: every shape of the array layout, every proof of every leaf
        List<Path> files = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int size = 1; size <= 17; size++) {
            List<LineRecord> window = LINE.range(TestLine.LINE, 3, 2 + size);
            MerkleTree tree = MerkleTree.ofRecords(TestLine.LINE, window);
            ObjectNode file = json.createObjectNode().put("format", "window-proofs").put("lineId", TestLine.LINE)
                    .put("root", tree.root().hex());
            file.putArray("leafEncoding").add("bytes32").add("uint64").add("bytes32");
            ArrayNode records = file.putArray("records");
            for (LineRecord record : window) {
                ArrayNode proof = records.addObject().put("seq", record.seq()).put("digest", record.digest().hex())
                        .putArray("proof");
                tree.proofOf(record).forEach(node -> proof.add(node.hex()));
            }
            files.add(write("window-" + size + ".json", json.writeValueAsString(file)));
        }
        Result result = node(files);
        assertEquals(0, result.exit, result.output);
        assertEquals(files.size(), count(result.output, "\"ok\":true"), result.output);
    }

    @Test
    void theScriptIsNotVacuousATamperedFileFails() throws Exception {
        String json = Proofs.proof().toJson();
        String tampered = json.replace("\"result\" : \"FAIL\"", "\"result\" : \"PASS\"");
        assertTrue(!tampered.equals(json), "the fixture holds a FAIL result");
        String range = LINE.rangeProof(5, 33).toJson();
        String flags = range.replaceFirst("\"proofFlags\" : \\[ true", "\"proofFlags\" : [ false");
        assertTrue(!flags.equals(range), "the fixture has a multiproof starting with true");
        Result result = node(List.of(write("tampered.json", tampered), write("tampered-range.json", flags)));
        assertEquals(1, result.exit, result.output);
        assertTrue(result.output.contains("\"digest\":false"), result.output);
        assertEquals(2, count(result.output, "\"ok\":false"), result.output);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private record Result(int exit, String output) { }

    private static Result node(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString()));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "node finished");
        return new Result(process.exitValue(), output);
    }

    private static String nodeVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
