package io.lineledger.model;

import java.util.Objects;

/**
 * Where a Merkle root of a range of a line's records was anchored on chain.
 *
 * @param chainId     EIP-155 chain id of the network
 * @param contract    address of the LineLedgerRegistry contract (0x-prefixed)
 * @param txHash      hash of the {@code anchor} transaction
 * @param blockNumber block that includes it
 * @param logIndex    index of its {@code Anchored} event log in that block
 * @param lineId      the line, as a string (the contract sees {@link RegistryKeys#lineKey})
 * @param firstSeq    first sequence number in the range (inclusive)
 * @param lastSeq     last sequence number in the range (inclusive)
 * @param root        Merkle root over the range's record digests
 */
public record Anchor(long chainId, String contract, String txHash, long blockNumber, long logIndex,
                     String lineId, long firstSeq, long lastSeq, Bytes32 root) {

    public Anchor {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(root, "root");
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("bad sequence range " + firstSeq + ".." + lastSeq);
        }
    }

    public boolean covers(long seq) {
        return seq >= firstSeq && seq <= lastSeq;
    }
}
