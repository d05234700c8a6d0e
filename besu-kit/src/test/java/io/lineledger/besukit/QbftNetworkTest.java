package io.lineledger.besukit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QbftNetworkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static QbftNetworkSpec fourOnOneHost() {
        return new QbftNetworkSpec(4, 2024, 2, 4, 30000, List.of("127.0.0.1"), 30303, 8545, "127.0.0.1");
    }

    @Test
    void theGenesisHasTheValidatorsInExtraDataFreeGasAndTheQbftTimings() throws Exception {
        QbftNetwork network = QbftNetwork.generate(fourOnOneHost());

        JsonNode genesis = JSON.readTree(network.genesis());

        assertEquals(2024, genesis.at("/config/chainId").asLong());
        assertTrue(genesis.at("/config/zeroBaseFee").asBoolean());
        assertEquals(0, genesis.at("/config/londonBlock").asLong());
        assertTrue(genesis.at("/config/shanghaiTime").isMissingNode(), "the registry is compiled for Paris");
        assertEquals(2, genesis.at("/config/qbft/blockperiodseconds").asInt());
        assertEquals(4, genesis.at("/config/qbft/requesttimeoutseconds").asInt());
        assertEquals(30000, genesis.at("/config/qbft/epochlength").asLong());
        assertEquals(QbftNetwork.BFT_MIX_HASH, genesis.get("mixHash").asText());
        assertEquals("0x1", genesis.get("difficulty").asText());
        List<String> validators = QbftExtraData.decode(genesis.get("extraData").asText()).validatorAddresses();
        assertEquals(network.keys().stream().map(NodeKey::address).sorted().toList(), validators);
        assertEquals(validators.stream().sorted().toList(), validators, "ascending, as Besu's documentation asks");
    }

    @Test
    void everyNodeGetsItsKeyConfigurationAndTheStaticPeers() throws Exception {
        QbftNetwork network = QbftNetwork.generate(fourOnOneHost());
        network.writeTo(dir.resolve("net"));
        Path net = dir.resolve("net");

        JsonNode statics = JSON.readTree(net.resolve("static-nodes.json").toFile());
        assertEquals(4, statics.size());
        List<String> validators = new ArrayList<>();
        JSON.readTree(net.resolve("validators.json").toFile()).forEach(v -> validators.add(v.asText()));
        for (int i = 1; i <= 4; i++) {
            Path node = net.resolve("node-" + i);
            NodeKey key = NodeKey.of(Files.readString(node.resolve("key")));
            assertEquals(Files.readString(node.resolve("address")), key.address());
            assertTrue(validators.contains(key.address()));
            assertEquals("0x" + key.publicKeyHex(), Files.readString(node.resolve("key.pub")));
            assertEquals("enode://" + key.publicKeyHex() + "@127.0.0.1:" + (30302 + i), statics.get(i - 1).asText());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(node.resolve("key"))));
            String toml = Files.readString(node.resolve("config.toml"));
            assertTrue(toml.contains("\nmin-gas-price=0\n"), toml);
            assertTrue(toml.contains("\nrpc-http-port=" + (8544 + i) + "\n"), toml);
            assertTrue(toml.contains("\np2p-port=" + (30302 + i) + "\n"), toml);
            assertTrue(toml.contains("\ngenesis-file=\"../genesis.json\"\n"), toml);
            assertTrue(toml.contains("\nstatic-nodes-file=\"../static-nodes.json\"\n"), toml);
            assertTrue(toml.contains("rpc-http-api=[\"ETH\",\"NET\",\"WEB3\",\"QBFT\"]"), toml);
        }
    }

    @Test
    void nodesOnHostsOfTheirOwnShareThePorts() {
        QbftNetwork network = QbftNetwork.generate(new QbftNetworkSpec(4, 2024, 2, 4, 30000,
                List.of("plc-chain-a", "plc-chain-b", "plc-chain-c", "plc-chain-d"), 30303, 8545, "0.0.0.0"));

        String statics = network.staticNodes();

        assertTrue(statics.contains("@plc-chain-b:30303\""), statics);
        assertTrue(network.nodeConfig(3).contains("p2p-host=\"plc-chain-d\""));
    }

    @Test
    void anExistingNetworksKeysAreNeverOverwritten() throws Exception {
        Files.createDirectories(dir.resolve("net"));
        Files.writeString(dir.resolve("net/genesis.json"), "{}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QbftNetwork.generate(fourOnOneHost()).writeTo(dir.resolve("net")));

        assertTrue(e.getMessage().endsWith("exists and is not empty: a network's keys are never overwritten; choose a"
                + " new directory"), e.getMessage());
    }

    @Test
    void badOptionsAreNamedWithTheirValue() {
        assertEquals("--chain-id = 31337 is LineLedger's dev chain (anvil), on which the ledger administers the"
                        + " registry itself and accepts the published test keys: choose another one",
                assertThrows(IllegalArgumentException.class, () -> new QbftNetworkSpec(4, 31337, 2, 4, 30000,
                        List.of("127.0.0.1"), 30303, 8545, "127.0.0.1")).getMessage());
        assertEquals("--request-timeout = 3 must be at least twice the block period (4)",
                assertThrows(IllegalArgumentException.class, () -> new QbftNetworkSpec(4, 2024, 2, 3, 30000,
                        List.of("127.0.0.1"), 30303, 8545, "127.0.0.1")).getMessage());
        assertEquals("--hosts = a,b must name one host for all nodes or one per node (4)",
                assertThrows(IllegalArgumentException.class, () -> new QbftNetworkSpec(4, 2024, 2, 4, 30000,
                        List.of("a", "b"), 30303, 8545, "127.0.0.1")).getMessage());
    }
}
