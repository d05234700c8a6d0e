package io.lineledger.verifier;

import io.lineledger.model.Bytes32;
import io.lineledger.verifier.internal.Web3jChainReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The few chain reads a proof check needs. Every method throws {@link ChainUnavailableException} when the node
 * cannot answer; that makes a check "could not check", never "invalid".
 */
public interface ChainReader extends AutoCloseable {

    /** A reader over standard {@code eth_*} JSON-RPC at an http(s) URL (Besu, anvil, any Ethereum node). */
    static ChainReader connect(String rpcUrl) {
        return new Web3jChainReader(rpcUrl);
    }

    /** {@code eth_chainId}. */
    long chainId();

    /** {@code eth_blockNumber}: how far the node has synced. */
    long latestBlock();

    /**
     * {@code eth_getBlockByNumber}: the hash of block {@code number}; empty when the node has no such block (yet).
     * Pins the network: a node of another network with the same chain id has other block hashes.
     */
    Optional<Bytes32> blockHash(long number);

    /**
     * {@code eth_getBlockByNumber}: when block {@code number} was made (its timestamp); empty when the node has no such
     * block or this reader cannot tell.
     */
    default Optional<java.time.Instant> blockTime(long number) {
        return Optional.empty();
    }

    /**
     * {@code LineLedgerRegistry.anchorOf(root)} at the latest block. Empty when nothing at {@code contract}
     * answered the call (no contract there); all zero when the contract never anchored {@code root}.
     */
    Optional<OnChainAnchor> anchorOf(String contract, Bytes32 root);

    /** {@code eth_getTransactionReceipt}; empty when the node knows no such (mined) transaction. */
    Optional<Receipt> receipt(String txHash);

    /**
     * {@code LineLedgerRegistry.batchRevisionCount(batchKey)}: how often the batch was sealed or amended (0: never
     * sealed). Empty when nothing at {@code contract} answered (no contract there, or one without batch seals).
     */
    default Optional<Long> batchRevisionCount(String contract, Bytes32 batchKey) {
        throw new ChainUnavailableException("this chain reader cannot read batch seals");
    }

    /** {@code LineLedgerRegistry.batchRevision(batchKey, revision)}; empty when it does not answer. */
    default Optional<BatchRevision> batchRevision(String contract, Bytes32 batchKey, long revision) {
        throw new ChainUnavailableException("this chain reader cannot read batch seals");
    }

    /** Releases connections; reading after close is undefined. */
    @Override
    default void close() {
    }

    /** What {@code anchorOf(root)} returned. */
    record OnChainAnchor(Bytes32 lineKey, long firstSeq, long lastSeq, String writer, long blockNumber) {

        public OnChainAnchor {
            Objects.requireNonNull(lineKey, "lineKey");
            Objects.requireNonNull(writer, "writer");
        }

        /** The contract returns all zeros for a root it never anchored. */
        public boolean anchored() {
            return !lineKey.equals(Bytes32.ZERO) || firstSeq != 0 || lastSeq != 0;
        }
    }

    /**
     * One revision of a batch seal: revision 0 is {@code sealBatch}, later ones {@code amendBatch}.
     *
     * @param reasonDigest zero for the seal, the digest of the amendment's reason document otherwise
     */
    record BatchRevision(Bytes32 lineKey, Bytes32 certificateDigest, Bytes32 batchRoot, Bytes32 reasonDigest,
                         String writer, long blockNumber) {

        public BatchRevision {
            Objects.requireNonNull(lineKey, "lineKey");
            Objects.requireNonNull(certificateDigest, "certificateDigest");
            Objects.requireNonNull(batchRoot, "batchRoot");
            Objects.requireNonNull(reasonDigest, "reasonDigest");
            Objects.requireNonNull(writer, "writer");
        }
    }

    /** A mined transaction's receipt. */
    record Receipt(String txHash, long status, long blockNumber, List<EventLog> logs) {

        public Receipt {
            Objects.requireNonNull(txHash, "txHash");
            logs = List.copyOf(logs);
        }
    }

    /**
     * One log of a receipt.
     *
     * @param logIndex index of the log in its block (as the node reports it)
     * @param address  contract that emitted it
     * @param topics   topic 0 is the event signature hash, then the indexed parameters
     * @param data     ABI-encoded non-indexed parameters
     */
    record EventLog(long logIndex, String address, List<Bytes32> topics, byte[] data) {

        public EventLog {
            Objects.requireNonNull(address, "address");
            topics = List.copyOf(topics);
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }
}
