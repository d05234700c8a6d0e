package io.lineledger.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.lineledger.ledger.AnchoringService;
import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The walking skeleton, end to end inside Karaf: plc-sim runs batches, the OPC UA bundle reads them, the Camel
 * rules turn them into records, the store commits them, the ledger anchors them on a real chain node, the
 * certificate page shows the batch, and the standalone verifier accepts its proof file, and rejects it once
 * one byte of the record changes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BatchFromPlcToVerifiedRecordIT extends LineLedgerTestSupport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    public void oneBatchIsStoredAnchoredCertifiedAndVerifiable() throws Exception {
        assertInstalled("lineledger");
        RecordStore store = service(RecordStore.class, Duration.ofSeconds(60));

        String batchId = await("a completed batch with every record anchored", Duration.ofSeconds(150),
                () -> store.recentBatches(20).stream()
                        .filter(b -> b.records() > 0 && b.anchored() == b.records())
                        .map(BatchSummary::batchId)
                        .filter(id -> store.batch(id).stream().anyMatch(r -> r.type().equals("batch-completed")))
                        .findFirst().orElse(null));

        // stored: the line's sequence is gap-free from 1 and every record links to its predecessor
        long last = store.lastSeq(LINE_ID);
        List<LineRecord> line = store.range(LINE_ID, 1, last);
        Bytes32 prev = Bytes32.ZERO;
        for (int i = 0; i < line.size(); i++) {
            LineRecord record = line.get(i);
            assertEquals("sequence number of record " + i, i + 1, record.seq());
            assertEquals("predecessor digest of record " + record.seq(), prev, record.prevDigest());
            prev = record.digest();
        }
        assertEquals("records on the line", last, line.size());

        // anchored: every record of the batch has an anchor with a receipt's facts
        List<LineRecord> batch = store.batch(batchId);
        assertTrue("batch " + batchId + " starts with batch-started", batch.get(0).type().equals("batch-started"));
        for (LineRecord record : batch) {
            Optional<Anchor> anchor = store.anchorOf(LINE_ID, record.seq());
            assertTrue("record " + record.seq() + " is anchored", anchor.isPresent());
            assertTrue("anchor covers record " + record.seq(), anchor.get().covers(record.seq()));
            assertTrue("anchor has a tx hash", anchor.get().txHash().startsWith("0x"));
        }

        // certified: the page shows the batch, fully anchored
        String page = get("/lineledger/batches/" + batchId, 200);
        assertTrue("certificate page names the batch", page.contains(batchId));
        assertTrue("certificate page says every record is anchored", page.contains("data-anchored=\"true\""));

        // verifiable: the proof of a quality record checks against the chain with the standalone verifier
        LineRecord quality = batch.stream().filter(r -> r.type().equals("quality")).findFirst()
                .orElseThrow(() -> new AssertionError("batch " + batchId + " has no quality record"));
        String proof = get("/lineledger/proof/" + LINE_ID + "/" + quality.seq(), 200);
        Path work = Files.createDirectories(Path.of(System.getProperty("lineledger.work.dir")));
        Path proofFile = work.resolve("proof-" + quality.seq() + ".json");
        Files.writeString(proofFile, proof);
        // the auditor pins the plant's registry (here: the one the ledger anchors to); unpinned is never VALID
        String registry = service(AnchoringService.class, Duration.ofSeconds(30)).chain().contractAddress();
        Verdict unpinned = verify(proofFile);
        assertEquals("verifier exit code without a pin; output:\n" + unpinned.output, 3, unpinned.exitCode);
        Verdict valid = verify(proofFile, "--contract", registry);
        assertEquals("verifier exit code for the untouched proof; output:\n" + valid.output, 0, valid.exitCode);
        assertTrue(valid.output, valid.output.contains("VALID") && !valid.output.contains("INVALID"));

        // one byte of the record changed: the verifier rejects it
        String tampered = tamperOneByteOfRecord(proof, batchId);
        assertNotEquals(proof, tampered);
        Path tamperedFile = work.resolve("proof-" + quality.seq() + "-tampered.json");
        Files.writeString(tamperedFile, tampered);
        Verdict invalid = verify(tamperedFile, "--contract", registry);
        assertEquals("verifier exit code for the tampered proof; output:\n" + invalid.output, 1, invalid.exitCode);
        assertTrue(invalid.output, invalid.output.contains("INVALID"));
    }

    /** Changes the last character of the batch id inside the record (a one-byte edit of the disclosed record). */
    private static String tamperOneByteOfRecord(String proof, String batchId) {
        int at = proof.indexOf('"' + batchId + '"');
        assertTrue("proof file holds the batch id", at >= 0);
        int last = at + batchId.length();
        char changed = proof.charAt(last) == 'X' ? 'Y' : 'X';
        return proof.substring(0, last) + changed + proof.substring(last + 1);
    }

    private String get(String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(httpBase() + path)).timeout(Duration.ofSeconds(20))
                        .header("Authorization", httpAuthorization()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals("HTTP status of " + path + ": " + response.body(), expectedStatus, response.statusCode());
        return response.body();
    }

    private record Verdict(int exitCode, String output) {
    }

    /** Runs the auditor's tool as an auditor would: the standalone jar, a proof file and the node's URL. */
    private static Verdict verify(Path proofFile, String... pin) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = Path.of(System.getProperty("lineledger.tools.dir"), "verifier.jar");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-jar", jar.toString(), "verify",
                proofFile.toString(), "--rpc", rpcUrl()));
        command.addAll(List.of(pin));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("verifier did not finish within 60 s");
        }
        return new Verdict(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
