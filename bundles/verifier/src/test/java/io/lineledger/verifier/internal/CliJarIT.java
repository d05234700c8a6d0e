package io.lineledger.verifier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.verifier.ProofsForCli;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as an auditor runs it: {@code java -jar …-cli.jar}, against a real anvil holding the plant's
 * registry (deployed by account #0, which writes line-1) and a look-alike registry that account #1 deployed and
 * anchored a made-up record in.
 */
class CliJarIT {

    private static final String PLANT_KEY = Anvil.KEY_0;
    private static final String STRANGER_KEY = Anvil.KEY_1;

    private static Anvil anvil;
    private static RegistryOnAnvil plant;
    private static RegistryOnAnvil lookAlike;
    private static ProofFile realProof;
    private static ProofFile forgedProof;
    private static ProofFile intruderProof;
    private static String networkJson;

    @TempDir
    Path dir;

    @BeforeAll
    static void anchorRealForgedAndIntruderRecords() throws Exception {
        anvil = Anvil.start();
        String plantAccount = RegistryOnAnvil.addressOf(PLANT_KEY);
        String stranger = RegistryOnAnvil.addressOf(STRANGER_KEY);

        plant = RegistryOnAnvil.deploy(anvil.rpcUrl(), PLANT_KEY);
        long granted = plant.grantWriter(PLANT_KEY, "line-1", plantAccount);
        LineRecord real = record(1, Bytes32.ZERO, "FAIL");
        realProof = plant.anchorAndProve(PLANT_KEY, List.of(real));

        // anyone can deploy the same contract, make themselves line-1's writer and anchor what they like
        lookAlike = RegistryOnAnvil.deploy(anvil.rpcUrl(), STRANGER_KEY);
        lookAlike.grantWriter(STRANGER_KEY, "line-1", stranger);
        forgedProof = lookAlike.anchorAndProve(STRANGER_KEY, List.of(record(1, Bytes32.ZERO, "PASS")));

        // a writer the plant never published (a leaked admin key, a mistaken grant) anchors on the real registry
        plant.grantWriter(PLANT_KEY, "line-1", stranger);
        intruderProof = plant.anchorAndProve(STRANGER_KEY, List.of(record(2, real.digest(), "PASS")));

        networkJson = network(plant.address(), plant.blockHash(0), plantAccount, granted);
    }

    @AfterAll
    static void stopChain() {
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
    void recordAnchoredInALookAlikeRegistryIsUnpinnedWithoutAPinAndInvalidWithTheRealOnePinned() throws Exception {
        Path forged = write("forged.json", forgedProof.toJson());
        Result unpinned = java("verify", forged.toString(), "--rpc", anvil.rpcUrl());
        assertEquals(3, unpinned.exit, unpinned.output);
        assertTrue(unpinned.output.startsWith("UNPINNED\n"), unpinned.output);
        assertTrue(unpinned.output.contains("registry " + lookAlike.address()), unpinned.output);

        Result pinned = java("verify", forged.toString(), "--rpc", anvil.rpcUrl(), "--network", networkFile().toString());
        assertEquals(1, pinned.exit, pinned.output);
        assertTrue(pinned.output.startsWith("INVALID\n"), pinned.output);
        assertTrue(pinned.output.contains("FAIL        pinned-registry: the proof names chain id 31337 and registry "
                + lookAlike.address() + ", but the pinned network is chain id 31337 with registry " + plant.address()),
                pinned.output);

        Result contractPinned = java("verify", forged.toString(), "--rpc", anvil.rpcUrl(), "--contract", plant.address());
        assertEquals(1, contractPinned.exit, contractPinned.output);
        assertTrue(contractPinned.output.contains("FAIL        expected-contract:"), contractPinned.output);
    }

    @Test
    void realRecordIsValidPinnedToThePlantsNetworkAndUnpinnedWithout() throws Exception {
        Path proof = write("real.json", realProof.toJson());
        Result pinned = java("verify", proof.toString(), "--rpc", anvil.rpcUrl(), "--network", networkFile().toString());
        assertEquals(0, pinned.exit, pinned.output);
        assertTrue(pinned.output.startsWith("VALID\n"), pinned.output);
        assertTrue(pinned.output.contains("PASS        pinned-network:"), pinned.output);
        assertTrue(pinned.output.contains("PASS        authorized-writer:"), pinned.output);

        Result unpinned = java("verify", proof.toString(), "--rpc", anvil.rpcUrl());
        assertEquals(3, unpinned.exit, unpinned.output);

        Result contractOnly = java("verify", proof.toString(), "--rpc", anvil.rpcUrl(), "--contract", plant.address());
        assertEquals(0, contractOnly.exit, contractOnly.output);
        assertTrue(contractOnly.output.contains("was not compared with the line's authorized writers"),
                contractOnly.output);
    }

    @Test
    void recordAnchoredByAWriterTheNetworkDoesNotListIsInvalid() throws Exception {
        Path proof = write("intruder.json", intruderProof.toJson());
        Result result = java("verify", proof.toString(), "--rpc", anvil.rpcUrl(), "--network", networkFile().toString());
        assertEquals(1, result.exit, result.output);
        assertTrue(result.output.contains("FAIL        authorized-writer: anchored by an account that was not the "
                + "line's writer: " + RegistryOnAnvil.addressOf(STRANGER_KEY).toLowerCase()), result.output);
        assertTrue(result.output.contains("failed: authorized-writer\n"), result.output);
    }

    @Test
    void nodeOfAnotherNetworkWithTheSameChainIdCouldNotCheck() throws Exception {
        Path proof = write("real.json", realProof.toJson());
        Path otherNetwork = write("other-network.json", networkJson.replace(plant.blockHash(0).hex(),
                "0x" + "ab".repeat(32)));
        Result result = java("verify", proof.toString(), "--rpc", anvil.rpcUrl(), "--network", otherNetwork.toString());
        assertEquals(2, result.exit, result.output);
        assertTrue(result.output.contains("NOT CHECKED pinned-network: wrong node"), result.output);
    }

    @Test
    void hugeProofFileExitsTwoAsTooLargeEvenWithLittleHeap() throws Exception {
        Path huge = dir.resolve("huge.json");
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (var out = Files.newOutputStream(huge)) {
            out.write('{');
            for (int i = 0; i < 40; i++) {
                out.write(chunk);
            }
            out.write('}');
        }
        Result result = javaWith(List.of("-Xmx32m"), "verify", huge.toString(), "--rpc", anvil.rpcUrl());
        assertEquals(2, result.exit, result.output);
        assertTrue(result.output.startsWith("COULD NOT CHECK\n"), result.output);
        assertTrue(result.output.contains("too large: 41943042 bytes, over the limit of 16777216 bytes"), result.output);
    }

    @Test
    void terminalEscapesInAProofReachStdoutOnlyEscaped() throws Exception {
        String payload = "x\u001b[2J\u001b[H\u001b[32mVALID\u001b[0m  (all checks passed)\u001b[8m";
        String json = realProof.toJson().replace("\"lineId\" : \"line-1\"",
                "\"lineId\" : \"" + payload.replace("\u001b", "\\u001b") + "\"");
        Path proof = write("injected.json", json);
        for (List<String> extra : List.of(List.<String>of(), List.of("--json"))) {
            List<String> args = new ArrayList<>(List.of("verify", proof.toString(), "--rpc", anvil.rpcUrl()));
            args.addAll(extra);
            Result result = java(args.toArray(String[]::new));
            assertEquals(1, result.exit, result.output);
            assertTrue(result.output.indexOf('\u001b') < 0, "no ESC byte on stdout: " + result.output);
            assertTrue(result.output.toLowerCase().contains("\\u001b[2j"), result.output);
        }
    }

    @Test
    void versionRunsFromTheShadedJar() throws Exception {
        Result result = java("--version");
        assertEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("lineledger-verifier 0.1"), result.output);
    }

    @Test
    void nodeRefusingConnectionsExitsTwoWithAClearMessage() throws Exception {
        Path proof = dir.resolve("proof.json");
        Files.writeString(proof, ProofsForCli.proof().toJson());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result result = java("verify", proof.toString(), "--rpc", "http://127.0.0.1:" + port);
        assertEquals(2, result.exit, result.output);
        assertTrue(result.output.startsWith("COULD NOT CHECK"), result.output);
        assertTrue(result.output.contains("cannot reach the node"), result.output);
        assertTrue(!result.output.contains("SLF4J"), "no logging noise: " + result.output);
    }

    private static LineRecord record(long seq, Bytes32 prev, String result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fillWeight", 500.0 + seq);
        fields.put("result", result);
        byte[] salt = new byte[32];
        salt[7] = (byte) seq;
        salt[9] = (byte) result.length();
        return LineRecord.seal(new RecordDraft("line-1", "quality", "B-7", fields), seq, prev,
                Instant.parse("2025-03-01T06:00:00Z").plusSeconds(seq), Bytes32.of(salt));
    }

    /** The descriptor the plant publishes: its registry, its genesis block, account #0 writing line-1. */
    private static String network(String registry, Bytes32 genesis, String writer, long grantBlock) {
        return """
                {"format": "lineledger-network", "version": 1, "name": "anvil plant",
                 "chainId": %d, "registry": "%s",
                 "pinnedBlock": {"number": 0, "hash": "%s"},
                 "lines": {"line-1": {"writers": [{"address": "%s", "fromBlock": %d}]}}}
                """.formatted(RegistryOnAnvil.CHAIN_ID, registry, genesis.hex(), writer, grantBlock);
    }

    private Path networkFile() throws IOException {
        return write("network.json", networkJson);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private record Result(int exit, String output) { }

    private Result java(String... args) throws Exception {
        return javaWith(List.of(), args);
    }

    private Result javaWith(List<String> jvmOptions, String... args) throws Exception {
        String jar = System.getProperty("verifier.cliJar");
        assertTrue(jar != null && new File(jar).isFile(), "the cli jar is built: " + jar);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI finished");
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
