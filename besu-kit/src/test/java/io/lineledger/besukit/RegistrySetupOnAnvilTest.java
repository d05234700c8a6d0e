package io.lineledger.besukit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.ledger.internal.RegistryContract;
import io.lineledger.ledger.internal.TransactionSender;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.NetworkDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/** The registry's admin deploying, granting and revoking on a chain that is not the dev chain (anvil as chain 2024). */
class RegistrySetupOnAnvilTest {

    private static final long PLANT_CHAIN = 2024;

    @TempDir
    Path dir;

    @Test
    void theAdminDeploysGrantsTheAnchoringAccountAndTheDescriptorPinsItAsTheVerifierReadsIt() throws Exception {
        Credentials admin = Credentials.create(Keys.createEcKeyPair());
        String anchoring = Credentials.create(Keys.createEcKeyPair()).getAddress();
        try (AnvilNode node = AnvilNode.start(PLANT_CHAIN);
             RegistrySetup setup = new RegistrySetup(node.rpcUrl, funded(node, admin))) {
            NetworkDescriptorFile written = setup.deploy("Plant 7, production", Map.of("line-1", anchoring));

            NetworkDescriptor pinned = NetworkDescriptor.parse(written.json());
            assertEquals(PLANT_CHAIN, pinned.chainId());
            assertEquals(written.registry(), pinned.registry());
            assertEquals(node.rpc.blockHash(0), pinned.pinnedBlock().hash().toString());
            NetworkDescriptor.WriterGrant grant = pinned.writersOf("line-1").get(0);
            assertEquals(anchoring, grant.address());
            assertTrue(grant.toBlock().isEmpty());
            try (TransactionSender reader = TransactionSender.connect(node.rpcUrl,
                    "0x" + Keys.createEcKeyPair().getPrivateKey().toString(16), 1)) {
                RegistryContract registry = new RegistryContract(reader, written.registry());
                assertTrue(registry.isWriter(RegistryKeys.lineKey("line-1"), anchoring));
                assertTrue(registry.isAdmin(admin.getAddress()));
                assertTrue(!registry.isAdmin(anchoring), "the anchoring account is no admin");
            }

            String successor = Credentials.create(Keys.createEcKeyPair()).getAddress();
            setup.grantWriter(written, "line-1", successor);
            setup.revokeWriter(written, "line-1", anchoring);
            NetworkDescriptor after = NetworkDescriptor.parse(written.json());
            NetworkDescriptor.WriterGrant retired = after.writersOf("line-1").get(0);
            NetworkDescriptor.WriterGrant current = after.writersOf("line-1").get(1);
            assertTrue(retired.toBlock().isPresent() && retired.toBlock().get() >= current.fromBlock(),
                    after.writersOf("line-1").toString());
            assertTrue(after.authorizes("line-1", successor, current.fromBlock()));

            List<NetworkCheck.Result> check = NetworkCheck.run(node.rpcUrl, written, List.of());
            assertEquals(List.of(true, true, true), check.subList(0, 3).stream().map(NetworkCheck.Result::ok).toList(),
                    check.toString());
            NetworkCheck.Result qbft = check.get(3);
            assertNull(qbft.ok(), "anvil offers no QBFT API: skipped, not failed");
            assertTrue(qbft.toString().startsWith("SKIPPED  QBFT validators: the node offers no"), qbft.toString());
        }
    }

    @Test
    void theAnchoringAccountCannotBeTheAdminAndAPublishedKeyCannotAdministerARealChain() throws Exception {
        Credentials admin = Credentials.create(Keys.createEcKeyPair());
        try (AnvilNode node = AnvilNode.start(PLANT_CHAIN)) {
            try (RegistrySetup setup = new RegistrySetup(node.rpcUrl, funded(node, admin))) {
                IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
                        () -> setup.deploy("", Map.of("line-1", admin.getAddress())));
                assertTrue(self.getMessage().contains("is the registry's admin: the anchoring account must be a"
                        + " separate one"), self.getMessage());
            }
            Credentials published = Credentials.create(
                    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new RegistrySetup(node.rpcUrl, published));
            assertTrue(refused.getMessage().contains("is one of the dev chain's published test accounts"),
                    refused.getMessage());
        }
    }

    private static Credentials funded(AnvilNode node, Credentials account) {
        node.fund(account.getAddress());
        return account;
    }
}
