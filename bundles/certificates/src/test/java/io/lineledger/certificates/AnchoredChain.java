package io.lineledger.certificates;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.ChainUnavailableException;
import io.lineledger.verifier.internal.AnchoredEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chain that holds exactly the anchors and batch seals a test made ({@link Anchors} adds every anchor it makes to
 * {@link Anchors#CHAIN}): the registry answers {@code anchorOf} for their roots and {@code batchRevision} for their
 * seals, and each anchoring transaction's receipt has the registry's {@code Anchored} log. What the pages make of the
 * chain's answers is tested with it; the verifier's and the ledger's own tests read and write the real registry on
 * anvil. Thread-safe: certificate checks read it from their own thread.
 */
public final class AnchoredChain implements ChainReader {

    public static final String WRITER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    private final long chainId;
    private final String contract;
    private final Map<Bytes32, OnChainAnchor> anchors = new ConcurrentHashMap<>();
    private final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
    private final Map<Bytes32, List<BatchRevision>> seals = new ConcurrentHashMap<>();
    private final AtomicInteger anchorReads = new AtomicInteger();
    private volatile boolean down;

    public AnchoredChain(long chainId, String contract, Anchor... anchored) {
        this.chainId = chainId;
        this.contract = contract;
        for (Anchor a : anchored) {
            add(a);
        }
    }

    /** The registry anchors {@code a} (by {@link #WRITER}). */
    public AnchoredChain add(Anchor a) {
        return add(a, WRITER);
    }

    /** The registry anchors {@code a}, sent by {@code writer}. */
    public AnchoredChain add(Anchor a, String writer) {
        anchors.put(a.root(), new OnChainAnchor(RegistryKeys.lineKey(a.lineId()), a.firstSeq(), a.lastSeq(), writer,
                a.blockNumber()));
        receipts.put(a.txHash(), new Receipt(a.txHash(), 1, a.blockNumber(), List.of(new AnchoredEvent(
                RegistryKeys.lineKey(a.lineId()), a.root(), writer, a.firstSeq(), a.lastSeq())
                .toLog(a.logIndex(), a.contract()))));
        return this;
    }

    /** The registry seals (or, when sealed before, amends) batch {@code batchId}. */
    public void seal(String batchId, String lineId, Bytes32 certificateDigest, Bytes32 batchRoot, long block) {
        seals.computeIfAbsent(RegistryKeys.batchKey(batchId), k -> new CopyOnWriteArrayList<>())
                .add(new BatchRevision(RegistryKeys.lineKey(lineId), certificateDigest, batchRoot, Bytes32.ZERO,
                        WRITER, block));
    }

    /** While down, every read fails as an unreachable node does. */
    public void down(boolean isDown) {
        down = isDown;
    }

    /** How often {@code anchorOf} was asked. */
    public int anchorReads() {
        return anchorReads.get();
    }

    private void up() {
        if (down) {
            throw new ChainUnavailableException("connection refused (test chain is down)");
        }
    }

    @Override
    public long chainId() {
        up();
        return chainId;
    }

    @Override
    public long latestBlock() {
        up();
        return 10_000;
    }

    @Override
    public Optional<Bytes32> blockHash(long number) {
        up();
        return Optional.of(Bytes32.fromHex("0x" + "9e".repeat(32)));
    }

    @Override
    public Optional<OnChainAnchor> anchorOf(String address, Bytes32 root) {
        up();
        anchorReads.incrementAndGet();
        if (!address.equalsIgnoreCase(contract)) {
            return Optional.empty();
        }
        return Optional.of(anchors.getOrDefault(root, new OnChainAnchor(Bytes32.ZERO, 0, 0, "0x" + "00".repeat(20),
                0)));
    }

    @Override
    public Optional<Receipt> receipt(String txHash) {
        up();
        return Optional.ofNullable(receipts.get(txHash));
    }

    @Override
    public Optional<Long> batchRevisionCount(String address, Bytes32 batchKey) {
        up();
        return address.equalsIgnoreCase(contract) ? Optional.of((long) seals.getOrDefault(batchKey, List.of()).size())
                : Optional.empty();
    }

    @Override
    public Optional<BatchRevision> batchRevision(String address, Bytes32 batchKey, long revision) {
        up();
        List<BatchRevision> revisions = seals.getOrDefault(batchKey, List.of());
        return !address.equalsIgnoreCase(contract) || revision >= revisions.size() ? Optional.empty()
                : Optional.of(revisions.get((int) revision));
    }
}
