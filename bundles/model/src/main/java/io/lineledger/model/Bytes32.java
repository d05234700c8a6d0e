package io.lineledger.model;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable 32-byte value (digest, Merkle node, salt, key), written as 0x-prefixed lower-case hex. */
public final class Bytes32 implements Comparable<Bytes32> {

    public static final Bytes32 ZERO = new Bytes32(new byte[32]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Bytes32(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes32 of(byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("expected 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        return new Bytes32(bytes.clone());
    }

    /** Takes ownership of {@code bytes} (32 of them, never changed afterwards): no copy. */
    static Bytes32 wrap(byte[] bytes) {
        return new Bytes32(bytes);
    }

    /** The bytes themselves, for hashing inside this package: callers must not change them. */
    byte[] raw() {
        return bytes;
    }

    /** Parses {@code 0x} + 64 hex digits (the prefix is optional). */
    public static Bytes32 fromHex(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("expected 32 bytes as hex, got null");
        }
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 64) {
            throw new IllegalArgumentException("expected 64 hex digits, got '" + hex + "'");
        }
        try {
            return new Bytes32(HEX.parseHex(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: '" + hex + "'", e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return "0x" + HEX.formatHex(bytes);
    }

    /** Unsigned lexicographic order, the order OpenZeppelin uses to sort Merkle pairs and leaves. */
    @Override
    public int compareTo(Bytes32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes32 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
