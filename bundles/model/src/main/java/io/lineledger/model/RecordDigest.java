package io.lineledger.model;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * {@code digest = keccak256(salt ‖ canonicalJson)}. The random per-record salt, kept off chain, stops anyone
 * guessing low-entropy records (PASS/FAIL) from on-chain data and lets one record be disclosed alone.
 */
public final class RecordDigest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordDigest() {
    }

    public static Bytes32 of(Bytes32 salt, String canonicalJson) {
        return Keccak.hash(salt.raw(), canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    public static Bytes32 newSalt() {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return Bytes32.of(salt);
    }
}
