package io.lineledger.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkDescriptorTest {

    @Test
    void publishedDescriptorIsReadWithItsLinesAndWriters() {
        NetworkDescriptor network = NetworkDescriptor.parse(Proofs.networkJson());
        assertEquals(Proofs.network(), network);
        assertEquals("test plant", network.name());
        assertEquals(0, network.pinnedBlock().number());
        assertEquals(Optional.empty(), network.writersOf("line-1").get(0).toBlock());
    }

    @Test
    void writerIsAuthorizedFromItsGrantThroughItsRevocationBlockInAnyLetterCase() {
        NetworkDescriptor.WriterGrant grant = new NetworkDescriptor.WriterGrant(Proofs.WRITER, 10, Optional.of(20L));
        assertFalse(grant.authorizes(Proofs.WRITER, 9));
        assertTrue(grant.authorizes(Proofs.WRITER.toUpperCase().replace("0X", "0x"), 10));
        assertTrue(grant.authorizes(Proofs.WRITER, 20));
        assertFalse(grant.authorizes(Proofs.WRITER, 21));
        assertFalse(grant.authorizes("0x" + "00".repeat(20), 15));
        assertFalse(Proofs.network().authorizes("line-2", Proofs.WRITER, 15), "a line it does not name");
    }

    @Test
    void badDescriptorIsRefusedNamingTheFieldAndValue() {
        assertRefused(Proofs.networkJson().replace("lineledger-network", "lineledger-proof"), "'format'");
        assertRefused(Proofs.networkJson().replace("\"chainId\": 31337", "\"chainId\": \"31337\""), "'chainId'");
        assertRefused(Proofs.networkJson().replace(Proofs.CONTRACT, "0x12"), "'registry'", "'0x12'");
        assertRefused(Proofs.networkJson().replace(Proofs.GENESIS.hex(), "0xabc"), "'pinnedBlock.hash'");
        assertRefused(Proofs.networkJson().replace(Proofs.WRITER, "0xnothex"), "'lines.line-1.writers[0].address'",
                "'0xnothex'");
        assertRefused(Proofs.networkJson().replace("\"fromBlock\": 1", "\"fromBlock\": 9, \"toBlock\": 3"),
                "'lines.line-1.writers[0].toBlock' must be >= 9, got 3");
        assertRefused(Proofs.networkJson().replace("\"version\": 1", "\"version\": 2"), "'version'");
        assertRefused("[]", "JSON object");
    }

    @Test
    void descriptorFileWithAKeyTwiceOrTooLargeIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("network.json");
        Files.writeString(file, Proofs.networkJson().replace("\"chainId\"", "\"registry\": \"" + Proofs.CONTRACT
                + "\", \"chainId\""));
        NetworkDescriptorException twice = assertThrows(NetworkDescriptorException.class,
                () -> NetworkDescriptor.read(file, 1 << 20));
        assertTrue(twice.getMessage().contains("the key 'registry' twice"), twice.getMessage());

        Files.writeString(file, Proofs.networkJson());
        assertEquals(Proofs.network(), NetworkDescriptor.read(file, 1 << 20));
        NetworkDescriptorException large = assertThrows(NetworkDescriptorException.class,
                () -> NetworkDescriptor.read(file, 100));
        assertTrue(large.getMessage().contains("too large"), large.getMessage());
    }

    private static void assertRefused(String json, String... expected) {
        NetworkDescriptorException e = assertThrows(NetworkDescriptorException.class, () -> NetworkDescriptor.parse(json));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
