package io.lineledger.verifier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.verifier.ProofsForCli;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as an auditor runs it: {@code java -jar …-cli.jar}. */
class CliJarIT {

    @TempDir
    Path dir;

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

    private record Result(int exit, String output) { }

    private Result java(String... args) throws Exception {
        String jar = System.getProperty("verifier.cliJar");
        assertTrue(jar != null && new File(jar).isFile(), "the cli jar is built: " + jar);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI finished");
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
