package io.lineledger.ledger.internal;

import io.lineledger.model.Bytes32;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Typed binding of the LineLedgerRegistry contract (ABI in src/main/solidity, bytecode bundled under
 * {@code contracts/}). Views are {@code eth_call}s; writes return the transaction hash without waiting.
 */
public class RegistryContract {

    static final String BIN_RESOURCE = "/contracts/LineLedgerRegistry.bin";

    static final Event ANCHORED = new Event("Anchored", List.of(
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<Address>(true) { },
            new TypeReference<Uint64>() { },
            new TypeReference<Uint64>() { }));
    static final String ANCHORED_TOPIC = EventEncoder.encode(ANCHORED);

    static final Event BATCH_SEALED = new Event("BatchSealed", List.of(
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<Uint256>() { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
            new TypeReference<Address>() { }));
    static final String BATCH_SEALED_TOPIC = EventEncoder.encode(BATCH_SEALED);

    /** One {@code BatchSealed} log: a seal (revision 0) or an amendment of a batch. */
    public record BatchSealedEvent(Bytes32 batchKey, Bytes32 lineKey, long revision, Bytes32 certificateDigest,
                                   Bytes32 batchRoot, Bytes32 reasonDigest, String writer, String txHash,
                                   long blockNumber) {
    }

    /** An anchor as the contract stores it. */
    public record OnChainAnchor(Bytes32 lineKey, long firstSeq, long lastSeq, String writer, long blockNumber) {
    }

    /** One {@code Anchored} log. */
    public record AnchoredEvent(Bytes32 lineKey, Bytes32 root, String writer, long firstSeq, long lastSeq,
                                String txHash, long blockNumber, long logIndex) {
    }

    /** Revision 0 is the seal, later ones amendments. */
    public record BatchRevision(Bytes32 lineKey, Bytes32 certificateDigest, Bytes32 batchRoot, Bytes32 reasonDigest,
                                String writer, long blockNumber) {
    }

    private final TransactionSender sender;
    private final String address;

    public RegistryContract(TransactionSender sender, String address) {
        this.sender = sender;
        this.address = Numeric.prependHexPrefix(address).toLowerCase();
    }

    /** Deploys the bundled bytecode from the sender's account (which becomes the admin) and waits for it. */
    public static RegistryContract deploy(TransactionSender sender, Duration timeout) {
        String txHash = sender.send(null, bytecode(), null);
        TransactionReceipt receipt = sender.waitForReceipt(txHash, timeout);
        if (!receipt.isStatusOK() || receipt.getContractAddress() == null) {
            throw new ChainException("deployment of LineLedgerRegistry failed in tx " + txHash
                    + " (status " + receipt.getStatus() + ")");
        }
        return new RegistryContract(sender, receipt.getContractAddress());
    }

    static String bytecode() {
        try (InputStream in = RegistryContract.class.getResourceAsStream(BIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BIN_RESOURCE + " is missing from the bundle (contract not compiled?)");
            }
            return "0x" + new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return address;
    }

    /** Whether this address has contract code on the node (a configured or remembered address may be stale). */
    boolean isDeployed() {
        return sender.hasCode(address);
    }

    // ---- views -------------------------------------------------------------------------------------------

    public Bytes32 writerRole(Bytes32 lineKey) {
        return toModel(view("writerRole", List.of(bytes32(lineKey)), bytes32Out()).get(0));
    }

    public boolean isWriter(Bytes32 lineKey, String account) {
        return (Boolean) view("isWriter", List.of(bytes32(lineKey), new Address(account)),
                List.of(new TypeReference<Bool>() { })).get(0).getValue();
    }

    /** Whether {@code account} holds DEFAULT_ADMIN_ROLE (bytes32 zero) and so may grant writers. */
    public boolean isAdmin(String account) {
        return (Boolean) view("hasRole", List.of(bytes32(Bytes32.ZERO), new Address(account)),
                List.of(new TypeReference<Bool>() { })).get(0).getValue();
    }

    public long nextSequence(Bytes32 lineKey) {
        return uint(view("nextSequence", List.of(bytes32(lineKey)), List.of(new TypeReference<Uint64>() { })).get(0));
    }

    /** The anchor of {@code root}, empty when it was never anchored. */
    public Optional<OnChainAnchor> anchorOf(Bytes32 root) {
        List<Type> out = view("anchorOf", List.of(bytes32(root)), List.of(
                new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { },
                new TypeReference<Address>() { }, new TypeReference<Uint64>() { }));
        long firstSeq = uint(out.get(1));
        if (firstSeq == 0) {
            return Optional.empty();
        }
        return Optional.of(new OnChainAnchor(toModel(out.get(0)), firstSeq, uint(out.get(2)),
                out.get(3).toString(), uint(out.get(4))));
    }

    public long batchRevisionCount(Bytes32 batchKey) {
        return uint(view("batchRevisionCount", List.of(bytes32(batchKey)), List.of(new TypeReference<Uint256>() { })).get(0));
    }

    public BatchRevision batchRevision(Bytes32 batchKey, long revision) {
        List<Type> out = view("batchRevision", List.of(bytes32(batchKey), new Uint256(revision)), List.of(
                new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                new TypeReference<Address>() { }, new TypeReference<Uint64>() { }));
        return new BatchRevision(toModel(out.get(0)), toModel(out.get(1)), toModel(out.get(2)), toModel(out.get(3)),
                out.get(4).toString(), uint(out.get(5)));
    }

    // ---- transactions (return the tx hash) ---------------------------------------------------------------

    public String grantWriter(Bytes32 lineKey, String writer) {
        return transact(encodeGrantWriter(lineKey, writer), null);
    }

    public String revokeWriter(Bytes32 lineKey, String writer) {
        return transact(FunctionEncoder.encode(new Function("revokeWriter",
                List.of(bytes32(lineKey), new Address(writer)), List.of())), null);
    }

    public String anchor(Bytes32 lineKey, long firstSeq, long lastSeq, Bytes32 root) {
        return transact(encodeAnchor(lineKey, firstSeq, lastSeq, root), null);
    }

    /** One line's window in {@link #anchorMany}. */
    public record Window(Bytes32 lineKey, long firstSeq, long lastSeq, Bytes32 root) {
    }

    /**
     * Anchors several lines' windows in one transaction; a window the contract would refuse is skipped (no
     * {@code Anchored} log for its root in the receipt), not reverted.
     */
    public String anchorMany(List<Window> windows) {
        return anchorMany(windows, null);
    }

    /** {@link #anchorMany(List)} with a fixed gas limit (null: estimated), for windows the contract does not expect yet. */
    String anchorMany(List<Window> windows, BigInteger gasLimit) {
        return transact(encodeAnchorMany(windows), gasLimit);
    }

    static String encodeAnchorMany(List<Window> windows) {
        return FunctionEncoder.encode(new Function("anchorMany", List.of(
                new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class,
                        windows.stream().map(window -> bytes32(window.lineKey())).toList()),
                new DynamicArray<>(Uint64.class, windows.stream().map(window -> new Uint64(window.firstSeq())).toList()),
                new DynamicArray<>(Uint64.class, windows.stream().map(window -> new Uint64(window.lastSeq())).toList()),
                new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class,
                        windows.stream().map(window -> bytes32(window.root())).toList())),
                List.of()));
    }

    /** Sends {@code anchor} with a fixed gas limit, skipping the estimate: the chain itself decides. */
    String anchorUnchecked(Bytes32 lineKey, long firstSeq, long lastSeq, Bytes32 root, BigInteger gasLimit) {
        return transact(encodeAnchor(lineKey, firstSeq, lastSeq, root), gasLimit);
    }

    public String sealBatch(Bytes32 batchKey, Bytes32 lineKey, Bytes32 certificateDigest, Bytes32 batchRoot) {
        return transact(FunctionEncoder.encode(new Function("sealBatch",
                List.of(bytes32(batchKey), bytes32(lineKey), bytes32(certificateDigest), bytes32(batchRoot)),
                List.of())), null);
    }

    public String amendBatch(Bytes32 batchKey, Bytes32 certificateDigest, Bytes32 batchRoot, Bytes32 reasonDigest) {
        return transact(FunctionEncoder.encode(new Function("amendBatch",
                List.of(bytes32(batchKey), bytes32(certificateDigest), bytes32(batchRoot), bytes32(reasonDigest)),
                List.of())), null);
    }

    static String encodeAnchor(Bytes32 lineKey, long firstSeq, long lastSeq, Bytes32 root) {
        return FunctionEncoder.encode(new Function("anchor",
                List.of(bytes32(lineKey), new Uint64(firstSeq), new Uint64(lastSeq), bytes32(root)), List.of()));
    }

    static String encodeGrantWriter(Bytes32 lineKey, String writer) {
        return FunctionEncoder.encode(new Function("grantWriter",
                List.of(bytes32(lineKey), new Address(writer)), List.of()));
    }

    private String transact(String data, BigInteger gasLimit) {
        return sender.send(address, data, gasLimit);
    }

    // ---- logs --------------------------------------------------------------------------------------------

    /** The {@code Anchored} log of {@code root} in a receipt of this contract, if it has one. */
    public Optional<AnchoredEvent> anchoredEvent(TransactionReceipt receipt, Bytes32 root) {
        return receipt.getLogs().stream()
                .map(this::parseAnchored)
                .flatMap(Optional::stream)
                .filter(event -> event.root().equals(root))
                .findFirst();
    }

    /** {@code Anchored} logs of {@code root} in blocks {@code fromBlock..toBlock}, via {@code eth_getLogs}. */
    public List<AnchoredEvent> findAnchored(Bytes32 lineKey, Bytes32 root, long fromBlock, long toBlock) {
        return anchoredLogs(fromBlock, toBlock, lineKey.hex(), root.hex());
    }

    /** Every {@code Anchored} log of a line in blocks {@code fromBlock..toBlock}, in chain order. */
    public List<AnchoredEvent> findAnchored(Bytes32 lineKey, long fromBlock, long toBlock) {
        return anchoredLogs(fromBlock, toBlock, lineKey.hex());
    }

    /** {@code Anchored} logs whose indexed topics after the event's start with {@code topics}. */
    private List<AnchoredEvent> anchoredLogs(long fromBlock, long toBlock, String... topics) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), address);
        filter.addSingleTopic(ANCHORED_TOPIC);
        for (String topic : topics) {
            filter.addSingleTopic(topic);
        }
        EthLog logs = sender.rpc("eth_getLogs", sender.web3j().ethGetLogs(filter));
        List<AnchoredEvent> events = new ArrayList<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            if (result.get() instanceof Log log) {
                parseAnchored(log).ifPresent(events::add);
            }
        }
        return events;
    }

    Optional<AnchoredEvent> parseAnchored(Log log) {
        List<String> topics = log.getTopics();
        if (log.getAddress() == null || !log.getAddress().equalsIgnoreCase(address)
                || topics.size() != 4 || !topics.get(0).equalsIgnoreCase(ANCHORED_TOPIC)) {
            return Optional.empty();
        }
        List<Type> data = FunctionReturnDecoder.decode(log.getData(), ANCHORED.getNonIndexedParameters());
        String writer = "0x" + topics.get(3).substring(topics.get(3).length() - 40);
        return Optional.of(new AnchoredEvent(Bytes32.fromHex(topics.get(1)), Bytes32.fromHex(topics.get(2)), writer,
                uint(data.get(0)), uint(data.get(1)), log.getTransactionHash(),
                log.getBlockNumber().longValueExact(), log.getLogIndex().longValueExact()));
    }

    /** The {@code BatchSealed} log of {@code batchKey} in a receipt of this contract, if it has one. */
    public Optional<BatchSealedEvent> batchSealedEvent(TransactionReceipt receipt, Bytes32 batchKey) {
        return receipt.getLogs().stream()
                .map(this::parseBatchSealed)
                .flatMap(Optional::stream)
                .filter(event -> event.batchKey().equals(batchKey))
                .findFirst();
    }

    /** {@code BatchSealed} logs of {@code batchKey} in blocks {@code fromBlock..toBlock}, via {@code eth_getLogs}. */
    public List<BatchSealedEvent> findBatchSealed(Bytes32 batchKey, long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), address);
        filter.addSingleTopic(BATCH_SEALED_TOPIC);
        filter.addSingleTopic(batchKey.hex());
        EthLog logs = sender.rpc("eth_getLogs", sender.web3j().ethGetLogs(filter));
        List<BatchSealedEvent> events = new ArrayList<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            if (result.get() instanceof Log log) {
                parseBatchSealed(log).ifPresent(events::add);
            }
        }
        return events;
    }

    Optional<BatchSealedEvent> parseBatchSealed(Log log) {
        List<String> topics = log.getTopics();
        if (log.getAddress() == null || !log.getAddress().equalsIgnoreCase(address)
                || topics.size() != 3 || !topics.get(0).equalsIgnoreCase(BATCH_SEALED_TOPIC)) {
            return Optional.empty();
        }
        List<Type> data = FunctionReturnDecoder.decode(log.getData(), BATCH_SEALED.getNonIndexedParameters());
        if (data.size() != 5) {
            return Optional.empty();
        }
        return Optional.of(new BatchSealedEvent(Bytes32.fromHex(topics.get(1)), Bytes32.fromHex(topics.get(2)),
                uint(data.get(0)), toModel(data.get(1)), toModel(data.get(2)), toModel(data.get(3)),
                data.get(4).toString(), log.getTransactionHash(), log.getBlockNumber().longValueExact()));
    }

    // ---- ABI helpers -------------------------------------------------------------------------------------

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Type> view(String name, List<Type> inputs, List<? extends TypeReference<?>> outputs) {
        Function function = new Function(name, inputs, (List) outputs);
        String result = sender.call(address, FunctionEncoder.encode(function));
        List<Type> decoded = FunctionReturnDecoder.decode(result, function.getOutputParameters());
        if (decoded.size() != outputs.size()) {
            throw new ChainException(name + " on " + address + " returned '" + result
                    + "': is this address a LineLedgerRegistry?");
        }
        return decoded;
    }

    private static List<TypeReference<?>> bytes32Out() {
        return List.of(new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { });
    }

    private static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
        return new org.web3j.abi.datatypes.generated.Bytes32(value.bytes());
    }

    private static Bytes32 toModel(Type value) {
        return Bytes32.of((byte[]) value.getValue());
    }

    private static long uint(Type value) {
        return ((BigInteger) value.getValue()).longValueExact();
    }
}
