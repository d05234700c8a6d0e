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
    }

    @Test
    void validProofPrintsValidAndExitsZero() {
        assertEquals(0, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
        String[] lines = out.toString().split("\n");
        assertEquals("VALID", lines[0]);
        assertEquals(7, lines.length, out.toString());
        assertTrue(lines[1].trim().startsWith("PASS        record-digest:"), lines[1]);
        assertEquals(List.of("http://127.0.0.1:8545"), connectedTo);
    }

    @Test
    void tamperedProofPrintsInvalidNamingTheCheckAndExitsOne() throws Exception {
        Files.writeString(proofFile, Files.readString(proofFile).replace("\"FAIL\"", "\"PASS\""));
        assertEquals(1, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545"));
        assertTrue(out.toString().startsWith("INVALID\n"), out.toString());
        assertTrue(out.toString().contains("FAIL        record-digest:"), out.toString());
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
    void jsonOutputHoldsTheVerdictAndEveryFinding() throws Exception {
        assertEquals(0, run("verify", proofFile.toString(), "--rpc", "http://127.0.0.1:8545", "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("VALID", json.get("result").asText());
        assertEquals(0, json.get("exitCode").asInt());
        assertEquals(6, json.get("findings").size());
        assertEquals("record-digest", json.get("findings").get(0).get("check").asText());
        assertEquals("PASS", json.get("findings").get(0).get("status").asText());
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
        Function<String, ChainReader> connect = url -> {
            connectedTo.add(url);
            return chain;
        };
        return VerifierCli.run(args, new PrintWriter(out), new PrintWriter(err), connect);
    }
}
