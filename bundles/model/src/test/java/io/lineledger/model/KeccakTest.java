package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeccakTest {

    @Test
    void isEthereumKeccakNotNistSha3() {
        assertEquals("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Keccak.hash().hex());
        assertEquals("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                Keccak.hash("abc".getBytes(StandardCharsets.US_ASCII)).hex());
    }

    @Test
    void agreesWithBouncyCastlesKeccakAtEveryLengthAroundTheBlockBoundaries() {
        java.util.Random random = new java.util.Random(8785);
        for (int length = 0; length <= 600; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            org.bouncycastle.crypto.digests.KeccakDigest reference = new org.bouncycastle.crypto.digests.KeccakDigest(256);
            reference.update(input, 0, length);
            byte[] expected = new byte[32];
            reference.doFinal(expected, 0);
            assertEquals(Bytes32.of(expected), Keccak.hash(input), "length " + length);
            int cut = length / 3;
            assertEquals(Bytes32.of(expected), Keccak.hash(java.util.Arrays.copyOfRange(input, 0, cut),
                    java.util.Arrays.copyOfRange(input, cut, length)), "length " + length + " in two parts");
        }
    }

    @Test
    void hashesTheConcatenationOfItsParts() {
        assertEquals(Keccak.hash("abc".getBytes(StandardCharsets.US_ASCII)),
                Keccak.hash("a".getBytes(StandardCharsets.US_ASCII), new byte[0], "bc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void registryKeysAreKeccakOfTheUtf8Id() {
        // keccak256(bytes("line-1")) and the topic of Transfer(address,address,uint256), both well known
        assertEquals(Keccak.hash("line-1".getBytes(StandardCharsets.UTF_8)), RegistryKeys.lineKey("line-1"));
        assertEquals("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
                RegistryKeys.batchKey("Transfer(address,address,uint256)").hex());
        assertEquals(Keccak.hash("Ä".getBytes(StandardCharsets.UTF_8)), RegistryKeys.lineKey("Ä"));
    }
}
