package io.lineledger.certificates.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.internal.AnchoredEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chain that holds exactly the anchors a test made with {@link io.lineledger.certificates.Anchors}: the registry
 * answers {@code anchorOf} for their roots, and each transaction's receipt has the registry's {@code Anchored} log.
 * What the verify page shows is tested with it; the verifier's own tests check the engine against anvil.
 */
final class AnchoredChain implements ChainReader {

    static final String WRITER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    private final long chainId;
    private final String contract;
    private final Map<Bytes32, OnChainAnchor> anchors = new HashMap<>();
    private final Map<String, Receipt> receipts = new HashMap<>();

    AnchoredChain(long chainId, String contract, Anchor... anchored) {
        this.chainId = chainId;
        this.contract = contract;
        for (Anchor a : anchored) {
            anchors.put(a.root(), new OnChainAnchor(RegistryKeys.lineKey(a.lineId()), a.firstSeq(), a.lastSeq(),
                    WRITER, a.blockNumber()));
            receipts.put(a.txHash(), new Receipt(a.txHash(), 1, a.blockNumber(), List.of(new AnchoredEvent(
                    RegistryKeys.lineKey(a.lineId()), a.root(), WRITER, a.firstSeq(), a.lastSeq())
                    .toLog(a.logIndex(), a.contract()))));
        }
    }

    @Override
    public long chainId() {
        return chainId;
    }

    @Override
    public long latestBlock() {
        return 10_000;
    }

    @Override
    public Optional<Bytes32> blockHash(long number) {
        return Optional.of(Bytes32.fromHex("0x" + "9e".repeat(32)));
    }

    @Override
    public Optional<OnChainAnchor> anchorOf(String address, Bytes32 root) {
        if (!address.equalsIgnoreCase(contract)) {
            return Optional.empty();
        }
        return Optional.of(anchors.getOrDefault(root, new OnChainAnchor(Bytes32.ZERO, 0, 0, "0x" + "00".repeat(20),
                0)));
    }

    @Override
    public Optional<Receipt> receipt(String txHash) {
        return Optional.ofNullable(receipts.get(txHash));
    }

    @Override
    public Optional<Long> batchRevisionCount(String address, Bytes32 batchKey) {
        return Optional.of(0L);
    }
}
