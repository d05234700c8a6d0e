package io.lineledger.verifier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.model.ProofFile;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.ChainUnavailableException;
import io.lineledger.verifier.ProofsForCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierCliTest {

    @TempDir
    Path dir;

    private Path proofFile;
    private Path networkFile;
    private ChainReader chain;
    private final List<String> connectedTo = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeProof() throws Exception {
        ProofFile proof = ProofsForCli.proof();
        chain = ProofsForCli.honestChain(proof);
        proofFile = dir.resolve("proof.json");
        Files.writeString(proofFile, proof.toJson());
        networkFile = dir.resolve("network.json");
        Files.writeString(networkFile, ProofsForCli.networkJson());
    }

    @Test
    void validProofPinnedToTheNetworkPrintsValidAndExitsZero() {
        assertEquals(0, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545",
                "--network", networkFile.toString()));
        String[] lines = out.toString().split("\n");
        assertEquals("VALID", lines[0]);
        assertEquals(12, lines.length, out.toString());
        assertTrue(lines[1].trim().startsWith("PASS        record-digest:"), lines[1]);
        assertTrue(lines[4].trim().startsWith("PASS        leaf-position:"), lines[4]);
        assertTrue(lines[10].trim().startsWith("PASS        authorized-writer:"), lines[10]);
        assertTrue(lines[11].startsWith("pin: network descriptor 'test plant'"), lines[11]);
        assertEquals(List.of("http://127.0.0.1:8545"), connectedTo);
    }

    @Test
    void rangeAndBatchFilesAreToldApartByTheirFormatAndTheirNotesPrinted() throws Exception {
        chain = ProofsForCli.honestLineChain();
        Path range = Files.writeString(dir.resolve("range.json"), ProofsForCli.rangeProofJson());
        assertEquals(0, run("verify", range.toString(), "--rpc", "http://127.0.0.1:8545", "--network",
                networkFile.toString()), out.toString());
        assertTrue(out.toString().startsWith("VALID\n"), out.toString());
        assertTrue(out.toString().contains("PASS        record-sequence: records 5..33"), out.toString());
        assertTrue(out.toString().contains("\nnote: gap record 12: the line was not observed"), out.toString());

        Path batch = Files.writeString(dir.resolve("batch.json"), ProofsForCli.batchProofJson());
        assertEquals(0, run("verify", batch.toString(), "--rpc", "http://127.0.0.1:8545", "--network",
                networkFile.toString(), "--json"), out.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("VALID", json.get("verdict").asText());
        assertTrue(json.get("notes").toString().contains("is not sealed on chain"), out.toString());
        assertTrue(json.get("checks").toString().contains("batch-bounds"), out.toString());

        Files.writeString(batch, ProofsForCli.batchProofJson().replaceFirst("\"batch\" : \"B-1\"", "\"batch\" : \"B-2\""));
        assertEquals(1, run("verify", batch.toString(), "--rpc", "http://127.0.0.1:8545", "--network",
                networkFile.toString()), out.toString());
        assertTrue(out.toString().contains("failed: batch-bounds"), out.toString());
    }

    @Test
    void validProofWithoutAPinExitsThreeUnpinnedNamingTheRegistryAndHowToPin() {
        assertEquals(3, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
        assertTrue(out.toString().startsWith("UNPINNED\n"), out.toString());
        assertTrue(out.toString().contains("registry " + ProofsForCli.CONTRACT + " on chain 31337"), out.toString());
        assertTrue(out.toString().contains("--network FILE"), out.toString());
        assertFalse(out.toString().contains("VALID"), out.toString());
    }

    @Test
    void oversizedProofFileExitsTwoAsTooLarge() {
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--max-bytes", "1000"));
        assertTrue(out.toString().startsWith("COULD NOT CHECK\n"), out.toString());
        assertTrue(out.toString().contains("too large"), out.toString());
        assertTrue(out.toString().contains("not checked: proof-file"), out.toString());
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--max-bytes", "0"));
        assertTrue(err.toString().contains("--max-bytes must be at least 1, got 0"), err.toString());
    }

    @Test
    void duplicateKeyInTheProofExitsTwoNamingTheKey() throws Exception {
        Files.writeString(proofFile, Files.readString(proofFile).replace("\"salt\" :", "\"salt\" : \"0x00\", \"salt\" :"));
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
        assertTrue(out.toString().contains("the key 'salt' twice"), out.toString());
    }

    @Test
    void terminalEscapesFromTheProofNeverReachTheOutput() throws Exception {
        String payload = "x\u001b[2J\u001b[H\u001b[32mVALID\u001b[0m  (all checks passed)\u001b[8m";
        String json = Files.readString(proofFile).replace("\"lineId\" : \"line-1\"", "\"lineId\" : \""
                + payload.replace("\u001b", "\\u001b") + "\\u009b\"");
        assertTrue(json.contains("\\u001b[2J"), "the file holds the escape sequence as JSON writes it");
        Files.writeString(proofFile, json);
        for (String[] args : List.of(new String[] {"--network", networkFile.toString()}, new String[] {"--json"})) {
            List<String> command = new ArrayList<>(List.of("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
            command.addAll(List.of(args));
            assertEquals(1, run(command.toArray(String[]::new)), out.toString());
            String printed = out.toString();
            assertTrue(printed.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0))),
                    "no control character in: " + printed);
            assertTrue(printed.toLowerCase().contains("u001b[2j"), printed);
        }
    }

    @Test
    void tamperedProofPrintsInvalidNamingTheCheckAndExitsOne() throws Exception {
        Files.writeString(proofFile, Files.readString(proofFile).replace("\"FAIL\"", "\"PASS\""));
        assertEquals(1, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
        assertTrue(out.toString().startsWith("INVALID\n"), out.toString());
        assertTrue(out.toString().contains("FAIL        record-digest:"), out.toString());
        assertTrue(out.toString().contains("\nfailed: record-digest\n"), out.toString());
    }

    @Test
    void contractOtherThanTheProofsIsInvalid() {
        assertEquals(1, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545",
                "--contract", "0x" + "ab".repeat(20)));
        assertTrue(out.toString().contains("FAIL        expected-contract:"), out.toString());
        assertEquals(0, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545",
                "--contract", ProofsForCli.CONTRACT));
    }

    @Test
    void jsonOutputHoldsTheVerdictExitCodePinAndEveryCheck() throws Exception {
        assertEquals(0, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--json",
                "--network", networkFile.toString()));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("VALID", json.get("verdict").asText());
        assertEquals(0, json.get("exitCode").asInt());
        assertEquals("NETWORK", json.get("pin").get("level").asText());
        assertEquals(10, json.get("checks").size());
        assertEquals(0, json.get("notes").size(), "a v2 proof of one record has no notes");
        assertEquals("record-digest", json.get("checks").get(0).get("name").asText());
        assertEquals("PASS", json.get("checks").get(0).get("result").asText());
        assertTrue(json.get("checks").get(0).get("detail").asText().startsWith("keccak256"));
        assertEquals(0, json.get("failedChecks").size());

        assertEquals(3, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--json"));
        json = new ObjectMapper().readTree(out.toString());
        assertEquals("UNPINNED", json.get("verdict").asText());
        assertEquals(3, json.get("exitCode").asInt());
        assertEquals("NONE", json.get("pin").get("level").asText());
    }

    @Test
    void jsonOutputNamesEveryFailedAndUncheckedCheck() throws Exception {
        Files.writeString(proofFile, Files.readString(proofFile).replace("\"FAIL\"", "\"PASS\""));
        chain = ProofsForCli.downChain(new ChainUnavailableException("cannot reach the node: Connection refused"));
        assertEquals(1, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("INVALID", json.get("verdict").asText());
        assertEquals("[\"record-digest\"]", json.get("failedChecks").toString());
        assertEquals("[\"chain-id\",\"contract-anchor\",\"anchor-transaction\"]", json.get("notCheckedChecks").toString());
    }

    @Test
    void unusableNetworkDescriptorExitsTwoNamingTheField() throws Exception {
        Files.writeString(networkFile, ProofsForCli.networkJson().replace("\"fromBlock\": 1", "\"fromBlock\": -1"));
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--network",
                networkFile.toString()));
        assertTrue(err.toString().contains("'lines.line-1.writers[0].fromBlock' must be >= 0, got -1"), err.toString());
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--network",
                dir.resolve("absent.json").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--network",
                networkFile.toString(), "--contract", ProofsForCli.CONTRACT));
        assertTrue(err.toString().contains("--network or --contract, not both"), err.toString());
    }

    @Test
    void malformedProofFileCouldNotBeCheckedAndNamesTheField() throws Exception {
        Files.writeString(proofFile, Files.readString(proofFile).replace("\"logIndex\" : 3", "\"logIndex\" : -3"));
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
        assertTrue(out.toString().startsWith("COULD NOT CHECK\n"), out.toString());
        assertTrue(out.toString().contains("anchor.logIndex"), out.toString());
    }

    @Test
    void missingProofFileCouldNotBeChecked() {
        assertEquals(2, run("verify", dir.resolve("absent.json").toString(), "--rpc", "http://127.0.0.1:8545"));
        assertTrue(out.toString().contains("no such file"), out.toString());
    }

    @Test
    void unreachableNodeCouldNotBeChecked() {
        chain = ProofsForCli.downChain(new ChainUnavailableException("cannot reach the node: Connection refused"));
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
        assertTrue(out.toString().startsWith("COULD NOT CHECK\n"), out.toString());
        assertTrue(out.toString().contains("Connection refused"), out.toString());
    }

    @Test
    void badArgumentsExitTwoWithTheReasonAndUsage() {
        assertEquals(2, run("verify", proofFile.toString()));
        assertTrue(err.toString().contains("--rpc"), err.toString());
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "localhost:8545"));
        assertTrue(err.toString().contains("'localhost:8545'"), err.toString());
        assertEquals(2, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--contract", "0x12"));
        assertTrue(err.toString().contains("'0x12'"), err.toString());
        assertEquals(2, run("verify", "--rpc", "http://127.0.0.1:8545"));
        assertEquals(2, run("check", proofFile.toString()));
        assertEquals(2, run());
        assertTrue(err.toString().contains("Usage:"), err.toString());
        assertTrue(connectedTo.isEmpty(), "no node is contacted for bad arguments");
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("verify"), out.toString());
        assertTrue(out.toString().contains("COULD NOT CHECK"), out.toString());
        assertEquals(0, run("verify", "--help"));
        assertTrue(out.toString().contains("--rpc"), out.toString());
        assertEquals(0, run("--version"));
        assertTrue(out.toString().contains("lineledger-verifier "), out.toString());
        assertFalse(out.toString().contains("unknown"), "the version comes from the build: " + out);
    }

    @Test
    void realConnectorAgainstAPortThatRefusesConnectionsCouldNotCheck() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int exit = VerifierCli.run(new String[] {"verify", proofFile.toString(), "--rpc", "http://127.0.0.1:" + port},
                new PrintWriter(out), new PrintWriter(err), ChainReader::connect);
        assertEquals(2, exit, out + "\n" + err);
        assertTrue(out.toString().startsWith("COULD NOT CHECK\n"), out.toString());
        assertTrue(out.toString().contains("cannot reach the node at http://127.0.0.1:" + port), out.toString());
        assertTrue(out.toString().contains("PASS        record-digest:"), "offline checks still ran: " + out);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Function<String, ChainReader> connect = url -> {
            connectedTo.add(url);
            return chain;
        };
        return VerifierCli.run(args, new PrintWriter(out), new PrintWriter(err), connect);
    }
}
