package io.lineledger.model;

import java.util.List;
import java.util.Optional;

/**
 * What one leaf of an anchored Merkle tree commits to, named as OpenZeppelin's {@code StandardMerkleTree} names it:
 * its ABI types. The leaf hash is {@code keccak256(keccak256(abi.encode(values...)))} in both encodings.
 */
public enum LeafEncoding {

    /**
     * Proof format v1: {@code ["bytes32"]}, the value {@code [digest]}. The weaker format: the leaf commits to neither
     * line nor sequence number, so one tree may hold two records that claim the same sequence number.
     */
    DIGEST(1, List.of("bytes32")),

    /**
     * Proof format v2: {@code ["bytes32", "uint64", "bytes32"]}, the value {@code [lineKey, seq, digest]} with
     * {@code lineKey = keccak256(bytes(lineId))} ({@link RegistryKeys#lineKey}). A leaf states its line and sequence
     * number, so it can only be proven at that position of that line's anchored range.
     */
    LINE_SEQ_DIGEST(2, List.of("bytes32", "uint64", "bytes32"));

    private final int proofVersion;
    private final List<String> types;

    LeafEncoding(int proofVersion, List<String> types) {
        this.proofVersion = proofVersion;
        this.types = types;
    }

    /** The {@code lineledger-proof} version whose single-record files use this encoding (1 or 2). */
    public int proofVersion() {
        return proofVersion;
    }

    /** The ABI types, as a proof file and {@code StandardMerkleTree.of(values, types)} write them. */
    public List<String> types() {
        return types;
    }

    /** The encoding with exactly these ABI types. */
    public static Optional<LeafEncoding> ofTypes(List<String> types) {
        for (LeafEncoding encoding : values()) {
            if (encoding.types.equals(types)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }

    /** The leaf of record {@code seq} of the line whose key is {@code lineKey}, with digest {@code digest}. */
    public Bytes32 leafHash(Bytes32 lineKey, long seq, Bytes32 digest) {
        return switch (this) {
            case DIGEST -> MerkleTree.leafHash(digest);
            case LINE_SEQ_DIGEST -> Keccak.hash(Keccak.hash(abiEncode(lineKey, seq, digest)).raw());
        };
    }

    /** The leaf of a record (its line, seq and digest). */
    public Bytes32 leafHash(LineRecord record) {
        return leafHash(this == DIGEST ? Bytes32.ZERO : RegistryKeys.lineKey(record.lineId()), record.seq(),
                record.digest());
    }

    /** The ABI-encoded value of a leaf: what {@code StandardMerkleTree} hashes twice. */
    public byte[] abiEncodedValue(Bytes32 lineKey, long seq, Bytes32 digest) {
        return this == DIGEST ? digest.bytes() : abiEncode(lineKey, seq, digest);
    }

    /** {@code abi.encode(bytes32 lineKey, uint64 seq, bytes32 digest)}: three 32-byte words. */
    static byte[] abiEncode(Bytes32 lineKey, long seq, Bytes32 digest) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be a uint64, got " + seq);
        }
        byte[] out = new byte[96];
        System.arraycopy(lineKey.raw(), 0, out, 0, 32);
        for (int i = 0; i < 8; i++) {
            out[63 - i] = (byte) (seq >>> (8 * i));
        }
        System.arraycopy(digest.raw(), 0, out, 64, 32);
        return out;
    }
}
