package io.lineledger.besukit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.besukit.internal.KitCli;
import io.lineledger.verifier.NetworkDescriptor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit's command line as an integrator runs it. */
class KitCliTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KitCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void networkWritesFourValidatorsAndBadOptionsAreNamed() {
        Run done = run("network", "--out", dir.resolve("net").toString(), "--chain-id", "2024");
        assertEquals(0, done.exit(), done.err());
        assertTrue(done.out().contains("QBFT network of 4 validator(s), chain 2024"), done.out());
        assertTrue(Files.isRegularFile(dir.resolve("net/node-4/config.toml")));

        Run refused = run("network", "--out", dir.resolve("other").toString(), "--chain-id", "31337");
        assertEquals(2, refused.exit());
        assertTrue(refused.err().startsWith("FAILED: --chain-id = 31337 is LineLedger's dev chain"), refused.err());
    }

    @Test
    void theAdminDeploysTheRegistryFromKeystoresAndTheCheckPassesWithoutQbft() throws Exception {
        try (AnvilNode node = AnvilNode.start(2024)) {
            Run admin = run("keystore", "--out", dir.resolve("admin.json").toString(), "--password-file",
                    dir.resolve("admin.password").toString());
            Run anchoring = run("keystore", "--out", dir.resolve("etc/lineledger/anchoring-key.json").toString(),
                    "--password-file", dir.resolve("etc/lineledger/anchoring-key.password").toString());
            assertEquals(0, admin.exit(), admin.err());
            node.fund(admin.out().strip());

            Run deployed = run("deploy-registry", "--rpc", node.rpcUrl, "--admin-keystore",
                    dir.resolve("admin.json").toString(), "--admin-password-file", dir.resolve("admin.password").toString(),
                    "--writer", "line-1=" + anchoring.out().strip(), "--name", "Plant 7",
                    "--descriptor", dir.resolve("lineledger-network.json").toString());
            assertEquals(0, deployed.exit(), deployed.err());
            NetworkDescriptor pinned = NetworkDescriptor.read(dir.resolve("lineledger-network.json"), 1 << 20);
            assertTrue(deployed.out().contains("set contractAddress = " + pinned.registry()), deployed.out());
            assertEquals(anchoring.out().strip(), pinned.writersOf("line-1").get(0).address());

            Run check = run("check", "--rpc", node.rpcUrl, "--descriptor",
                    dir.resolve("lineledger-network.json").toString());
            assertEquals(0, check.exit(), check.out() + check.err());
            assertTrue(check.out().contains("OK       genesis hash"), check.out());
            assertTrue(check.out().contains("SKIPPED  QBFT validators"), check.out());
        }
    }
}
