package io.lineledger.besukit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real anvil from devchain/ on a free port (block time 1 s), standing in for a Besu node: standard eth_* only. */
final class AnvilNode implements AutoCloseable {

    private final Process process;
    final String rpcUrl;
    final JsonRpc rpc;

    private AnvilNode(Process process, int port) {
        this.process = process;
        this.rpcUrl = "http://127.0.0.1:" + port;
        this.rpc = new JsonRpc(rpcUrl);
    }

    /** An anvil that reports {@code chainId}. */
    static AnvilNode start(long chainId) throws IOException, InterruptedException {
        Path binary = Path.of(System.getProperty("lineledger.anvil",
                "../devchain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
        assumeTrue(Files.isExecutable(binary), "anvil is not installed at " + binary.toAbsolutePath()
                + ": run devchain/devchain.sh install");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of(binary.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--block-time", "1", "--chain-id", Long.toString(chainId),
                "--block-base-fee-per-gas", "0", "--gas-price", "0"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        AnvilNode node = new AnvilNode(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                node.rpc.chainId();
                return node;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    node.close();
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** anvil's gas price is not zero as a free-gas Besu network's is: a fresh account needs a balance. */
    void fund(String account) {
        rpc.call("anvil_setBalance", account, "0x56BC75E2D63100000");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
