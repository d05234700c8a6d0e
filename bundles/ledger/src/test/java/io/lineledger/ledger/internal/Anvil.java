package io.lineledger.ledger.internal;

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

/**
 * A real anvil node for tests, from devchain/node_modules, on a free port, with a short block time and free gas.
 * Tests are skipped (with the reason) only when the anvil binary is not installed.
 */
final class Anvil implements AutoCloseable {

    /** anvil's well-known dev accounts #0 (the demo's signer) and #1. */
    static final String KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private final Process process;
    private final int port;
    private final Path log;

    private Anvil(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Anvil start() {
        try {
            return start(freePort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port for anvil: " + e.getMessage(), e);
        }
    }

    /** On a given port, e.g. one a test used while no node was listening there. */
    static Anvil start(int port) {
        return start(port, "0.25");
    }

    /** With another block time, in seconds (e.g. "1" as a measurement's chain). */
    static Anvil withBlockTime(String seconds) {
        try {
            return start(freePort(), seconds);
        } catch (IOException e) {
            throw new IllegalStateException("no free port for anvil: " + e.getMessage(), e);
        }
    }

    private static Anvil start(int port, String blockTime) {
        Path binary = Path.of(System.getProperty("lineledger.anvil",
                "../../devchain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
        assumeTrue(Files.isExecutable(binary), "anvil is not installed at " + binary.toAbsolutePath()
                + ": run devchain/devchain.sh install to run the chain tests");
        try {
            Path log = Files.createTempFile("anvil-" + port, ".log");
            Process process = new ProcessBuilder(List.of(binary.toString(), "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--block-time", blockTime,
                    "--block-base-fee-per-gas", "0", "--gas-price", "0"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Anvil anvil = new Anvil(process, port, log);
            anvil.awaitReady();
            return anvil;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start anvil: " + e.getMessage(), e);
        }
    }

    String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /**
     * Calls a JSON-RPC method (anvil's own too: {@code evm_setIntervalMining}, {@code evm_snapshot},
     * {@code anvil_setChainId}, ...) and returns the raw response; fails on a JSON-RPC error.
     *
     * @param params JSON values, written as they are ({@code "0"}, {@code "true"}, {@code "\"0x1\""})
     */
    String rpc(String method, String... params) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":["
                + String.join(",", params) + "]}";
        try {
            String response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rpcUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            if (response.contains("\"error\"")) {
                throw new IllegalStateException(method + " failed: " + response);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code result} of a JSON-RPC response when it is a string (a hex quantity, an id). */
    static String result(String response) {
        int start = response.indexOf("\"result\":\"") + 10;
        return response.substring(start, response.indexOf('"', start));
    }

    private void awaitReady() throws IOException {
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            TransactionSender.sleep(Duration.ofMillis(100));
        }
        close();
        throw new IllegalStateException("anvil did not answer within 30 s: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
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
