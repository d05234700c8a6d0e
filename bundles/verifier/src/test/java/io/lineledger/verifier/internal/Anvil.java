package io.lineledger.verifier.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real anvil node from devchain/node_modules on a free port, mining each transaction at once. Tests are skipped
 * (with the reason) only when the anvil binary is not installed.
 */
public final class Anvil implements AutoCloseable {

    /** anvil's well-known dev accounts #0 (the demo's signer) and #1: public test keys, never real ones. */
    public static final String KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public static final String KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private final Process process;
    private final int port;
    private final Path log;

    private Anvil(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Anvil start() throws IOException, InterruptedException {
        Path binary = Path.of(System.getProperty("lineledger.anvil",
                "../../devchain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
        assumeTrue(Files.isExecutable(binary), "anvil is not installed at " + binary.toAbsolutePath()
                + ": run devchain/devchain.sh install to run the chain tests");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("anvil-" + port, ".log");
        Process process = new ProcessBuilder(List.of(binary.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--block-base-fee-per-gas", "0", "--gas-price", "0"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Anvil anvil = new Anvil(process, port, log);
        anvil.awaitReady();
        return anvil;
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .timeout(Duration.ofSeconds(1))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited: " + Files.readString(log));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("result")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("anvil did not answer within 30 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a leftover log in the temp dir is harmless
        }
    }
}
