package io.lineledger.model;

import java.nio.charset.StandardCharsets;

/** How line and batch ids become the bytes32 keys of the LineLedgerRegistry contract. */
public final class RegistryKeys {

    private RegistryKeys() {
    }

    /** {@code keccak256(bytes(lineId))}, as Solidity's {@code keccak256(bytes(lineId))} computes it. */
    public static Bytes32 lineKey(String lineId) {
        return Keccak.hash(lineId.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code keccak256(bytes(batchId))}. */
    public static Bytes32 batchKey(String batchId) {
        return Keccak.hash(batchId.getBytes(StandardCharsets.UTF_8));
    }
}
