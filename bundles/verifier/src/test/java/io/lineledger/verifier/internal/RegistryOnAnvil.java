package io.lineledger.verifier.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RegistryKeys;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;

/**
 * One LineLedgerRegistry on anvil, deployed (and so administered) by one account: the plant's real registry, or a
 * look-alike anyone can deploy. Writes wait for their receipt; anvil mines each transaction at once.
 */
public final class RegistryOnAnvil {

    public static final long CHAIN_ID = 31337;
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(5_000_000);

    private final Web3j web3j;
    private final String address;
    private final long deployBlock;

    private RegistryOnAnvil(Web3j web3j, String address, long deployBlock) {
        this.web3j = web3j;
        this.address = address;
        this.deployBlock = deployBlock;
    }

    /** Deploys the registry compiled by this build's ledger bundle; {@code adminKey} becomes its admin. */
    public static RegistryOnAnvil deploy(String rpcUrl, String adminKey) throws IOException {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        TransactionReceipt receipt = mined(web3j, manager(web3j, adminKey).sendTransaction(BigInteger.ZERO, GAS_LIMIT,
                null, bytecode(), BigInteger.ZERO, true));
        return new RegistryOnAnvil(web3j, receipt.getContractAddress(), receipt.getBlockNumber().longValueExact());
    }

    public String address() {
        return address;
    }

    long deployBlock() {
        return deployBlock;
    }

    public static String addressOf(String key) {
        return Credentials.create(key).getAddress();
    }

    /** The block of the grant: where the writer's authorization begins. */
    public long grantWriter(String adminKey, String lineId, String writer) throws IOException {
        return call(adminKey, new Function("grantWriter", List.of(bytes32(RegistryKeys.lineKey(lineId)),
                new Address(writer)), List.of())).getBlockNumber().longValueExact();
    }

    /**
     * Anchors {@code records} (one line, consecutive, starting at the line's next sequence) with a v2 root and proves
     * the first.
     */
    ProofFile anchorAndProve(String writerKey, List<LineRecord> records) throws IOException {
        MerkleTree tree = MerkleTree.ofRecords(records.get(0).lineId(), records);
        LineRecord first = records.get(0);
        long lastSeq = records.get(records.size() - 1).seq();
        TransactionReceipt receipt = call(writerKey, new Function("anchor", List.of(
                bytes32(RegistryKeys.lineKey(first.lineId())), new Uint64(first.seq()), new Uint64(lastSeq),
                bytes32(tree.root())), List.of()));
        Log log = receipt.getLogs().get(0);
        Anchor anchor = new Anchor(CHAIN_ID, address, receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact(), log.getLogIndex().longValueExact(), first.lineId(),
                first.seq(), lastSeq, tree.root());
        return ProofFile.of(first, tree, anchor);
    }

    /** Anchors {@code root} for records {@code firstSeq..lastSeq} of {@code lineId}; returns where. */
    public Anchor anchor(String writerKey, String lineId, long firstSeq, long lastSeq, Bytes32 root) throws IOException {
        TransactionReceipt receipt = call(writerKey, new Function("anchor", List.of(
                bytes32(RegistryKeys.lineKey(lineId)), new Uint64(firstSeq), new Uint64(lastSeq), bytes32(root)),
                List.of()));
        Log log = receipt.getLogs().get(0);
        return new Anchor(CHAIN_ID, address, receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact(),
                log.getLogIndex().longValueExact(), lineId, firstSeq, lastSeq, root);
    }

    /** {@code sealBatch(batchKey, lineKey, certificateDigest, batchRoot)}; returns the seal as a batch proof names it. */
    public RangeProofFile.Seal sealBatch(String writerKey, String batchId, String lineId, Bytes32 certificateDigest,
                                         Bytes32 batchRoot) throws IOException {
        return seal(call(writerKey, new Function("sealBatch", List.of(bytes32(RegistryKeys.batchKey(batchId)),
                bytes32(RegistryKeys.lineKey(lineId)), bytes32(certificateDigest), bytes32(batchRoot)), List.of())),
                certificateDigest, batchRoot);
    }

    /** {@code amendBatch(batchKey, certificateDigest, batchRoot, reasonDigest)}; returns the new revision. */
    public RangeProofFile.Seal amendBatch(String writerKey, String batchId, Bytes32 certificateDigest,
                                          Bytes32 batchRoot, Bytes32 reasonDigest) throws IOException {
        return seal(call(writerKey, new Function("amendBatch", List.of(bytes32(RegistryKeys.batchKey(batchId)),
                bytes32(certificateDigest), bytes32(batchRoot), bytes32(reasonDigest)), List.of())),
                certificateDigest, batchRoot);
    }

    /** The revision a BatchSealed log of the receipt states (its first data word). */
    private static RangeProofFile.Seal seal(TransactionReceipt receipt, Bytes32 certificateDigest, Bytes32 batchRoot) {
        String data = receipt.getLogs().get(0).getData();
        long revision = new BigInteger(data.substring(2, 66), 16).longValueExact();
        return new RangeProofFile.Seal(revision, batchRoot, certificateDigest, receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact());
    }

    /** Deploys any contract's creation bytecode (0x-hex) from {@code key}; returns its address. */
    public static String deployBytecode(String rpcUrl, String key, String bytecode) throws IOException {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            TransactionReceipt receipt = mined(web3j, manager(web3j, key).sendTransaction(BigInteger.ZERO, GAS_LIMIT,
                    null, bytecode, BigInteger.ZERO, true));
            if (!receipt.isStatusOK()) {
                throw new IllegalStateException("deployment reverted: " + receipt);
            }
            return receipt.getContractAddress();
        } finally {
            web3j.shutdown();
        }
    }

    public Bytes32 blockHash(long number) throws IOException {
        return Bytes32.fromHex(web3j.ethGetBlockByNumber(
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send().getBlock().getHash());
    }

    public void close() {
        web3j.shutdown();
    }

    private TransactionReceipt call(String key, Function function) throws IOException {
        TransactionReceipt receipt = mined(web3j, manager(web3j, key).sendTransaction(BigInteger.ZERO, GAS_LIMIT,
                address, FunctionEncoder.encode(function), BigInteger.ZERO));
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException(function.getName() + " reverted: " + receipt);
        }
        return receipt;
    }

    private static RawTransactionManager manager(Web3j web3j, String key) {
        return new RawTransactionManager(web3j, Credentials.create(key), CHAIN_ID);
    }

    private static TransactionReceipt mined(Web3j web3j, EthSendTransaction sent) throws IOException {
        if (sent.hasError()) {
            throw new IllegalStateException("transaction refused: " + sent.getError().getMessage());
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send()
                    .getTransactionReceipt();
            if (receipt.isPresent()) {
                return receipt.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no receipt for " + sent.getTransactionHash());
    }

    private static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
        return new org.web3j.abi.datatypes.generated.Bytes32(value.bytes());
    }

    private static String bytecode() throws IOException {
        try (InputStream in = RegistryOnAnvil.class.getResourceAsStream("/contracts/LineLedgerRegistry.bin")) {
            if (in == null) {
                throw new IllegalStateException("contracts/LineLedgerRegistry.bin is not on the test class path "
                        + "(it comes from the lineledger-ledger jar)");
            }
            return "0x" + new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
