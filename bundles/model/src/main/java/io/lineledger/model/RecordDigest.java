package io.lineledger.model;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * {@code digest = keccak256(salt ‖ canonicalJson)}. The random per-record salt, kept off chain, stops anyone
 * guessing low-entropy records (PASS/FAIL) from on-chain data and lets one record be disclosed alone.
 */
public final class RecordDigest {

    /**
     * One generator per thread: the platform default (NativePRNG) serialises every caller on one lock, and with ten
     * lines sealing records at once their threads spent more time waiting for it than drawing salts. DRBG (NIST SP
     * 800-90A, seeded from the system's entropy) is as unpredictable and needs no lock of its own per thread.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RecordDigest::newGenerator);

    private RecordDigest() {
    }

    public static Bytes32 of(Bytes32 salt, String canonicalJson) {
        return Keccak.hash(salt.raw(), canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    public static Bytes32 newSalt() {
        byte[] salt = new byte[32];
        RANDOM.get().nextBytes(salt);
        return Bytes32.of(salt);
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // a JDK without DRBG (it is in every JDK since 9)
        }
    }
}
