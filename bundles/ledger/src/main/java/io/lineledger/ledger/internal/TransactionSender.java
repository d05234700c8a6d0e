package io.lineledger.ledger.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Signs and sends transactions of one account (legacy, EIP-155) over standard {@code eth_*} JSON-RPC, and makes
 * the calls the binding needs. Gas comes from {@code eth_estimateGas} (which also reveals a revert before a
 * transaction is sent) and the price from {@code eth_gasPrice} (zero on a free-gas network).
 */
public final class TransactionSender implements AutoCloseable {

    private static final Duration RECEIPT_POLL = Duration.ofMillis(100);

    private final Web3j web3j;
    private final OkHttpClient http;
    private final TransactionSigner signer;
    private final long chainId;
    private final NonceManager nonces;
    /** Nonces of the transactions sent from here, so a pipeline's order is known without asking the node. */
    private final Map<String, Long> sentNonces = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    });

    private TransactionSender(Web3j web3j, OkHttpClient http, TransactionSigner signer, int maxInFlight) {
        this.web3j = web3j;
        this.http = http;
        this.signer = signer;
        this.chainId = rpc("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
        this.nonces = new NonceManager(
                () -> transactionCount(DefaultBlockParameterName.PENDING),
                () -> transactionCount(DefaultBlockParameterName.LATEST),
                // a short wait: a full pool is a transient failure of the line that sends, not a stall of every line
                maxInFlight, Duration.ofSeconds(2), () -> sleep(RECEIPT_POLL));
    }

    /**
     * Connects to a node and reads its chain id.
     *
     * @param privateKey 32 bytes as hex; validated by the caller
     * @throws ChainException when the node does not answer
     */
    public static TransactionSender connect(String rpcUrl, String privateKey, int maxInFlight) {
        return connect(rpcUrl, KeyPairSigner.ofPrivateKey(privateKey), maxInFlight);
    }

    /**
     * Connects to a node and reads its chain id; {@code signer} signs every transaction.
     *
     * @throws ChainException when the node does not answer
     */
    static TransactionSender connect(String rpcUrl, TransactionSigner signer, int maxInFlight) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .build();
        Web3j web3j = Web3j.build(new HttpService(rpcUrl, http), 1_000,
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "lineledger-ledger-web3j");
                    thread.setDaemon(true);
                    return thread;
                }));
        try {
            return new TransactionSender(web3j, http, signer, maxInFlight);
        } catch (RuntimeException e) {
            shutdown(web3j, http);
            throw e;
        }
    }

    /** The chain id read when connecting; transactions are signed for it. */
    public long chainId() {
        return chainId;
    }

    /** The chain id the node serves now (a node behind the same URL may have been swapped). */
    long nodeChainId() {
        return rpc("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
    }

    /** The signing account, 0x-prefixed lower-case. */
    public String address() {
        return signer.address();
    }

    Web3j web3j() {
        return web3j;
    }

    /**
     * Signs and sends a transaction ({@code to == null} deploys {@code data}) and returns its hash.
     *
     * @param gasLimit null to estimate it (a revert then surfaces here, before anything is sent)
     * @throws ContractRevertedException when the estimate shows the transaction would revert
     */
    public String send(String to, String data, BigInteger gasLimit) {
        BigInteger gas = gasLimit != null ? gasLimit : withMargin(estimateGas(to, data));
        BigInteger gasPrice = rpc("eth_gasPrice", web3j.ethGasPrice()).getGasPrice();
        return nonces.send(nonce -> {
            RawTransaction tx = to == null
                    ? RawTransaction.createContractTransaction(BigInteger.valueOf(nonce), gasPrice, gas, BigInteger.ZERO, data)
                    : RawTransaction.createTransaction(BigInteger.valueOf(nonce), gasPrice, gas, to, BigInteger.ZERO, data);
            String signed = Numeric.toHexString(signer.sign(tx, chainId));
            String hash = rpc("eth_sendRawTransaction", web3j.ethSendRawTransaction(signed)).getTransactionHash();
            sentNonces.put(hash.toLowerCase(), nonce);
            return hash;
        });
    }

    /**
     * The nonce of a transaction of this account: remembered when it was sent from here, else asked of the node.
     * Empty when the node does not know it (any more) or another account sent it.
     */
    Optional<Long> nonceOf(String txHash) {
        Long known = sentNonces.get(txHash.toLowerCase());
        if (known != null) {
            return Optional.of(known);
        }
        return rpc("eth_getTransactionByHash", web3j.ethGetTransactionByHash(txHash)).getTransaction()
                .filter(tx -> address().equalsIgnoreCase(tx.getFrom()))
                .map(tx -> tx.getNonce().longValueExact());
    }

    /** Lost transactions whose nonce was taken again (several windows may share one transaction). */
    private final Map<String, Long> reusedNonces = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 1_000;
        }
    });

    /** How many more transactions may be sent now before the account's in-flight bound is reached. */
    int inFlightRoom() {
        return nonces.room();
    }

    /**
     * Replaces a transaction of this account still waiting in the node's pool: the same nonce, gas, target and
     * input, signed again with a gas price at least 10 % and at least 1 wei higher (on a free-gas network the price
     * is 0), and not below the node's current price. Returns the new hash, or {@code txHash} itself when the
     * transaction was mined meanwhile.
     *
     * @throws ChainException when the node no longer knows the transaction or refuses the replacement
     */
    String replace(String txHash) {
        var tx = rpc("eth_getTransactionByHash", web3j.ethGetTransactionByHash(txHash)).getTransaction()
                .orElseThrow(() -> new ChainException("cannot replace " + txHash + ": the node no longer knows it"));
        if (!address().equalsIgnoreCase(tx.getFrom())) {
            throw new IllegalArgumentException("transaction " + txHash + " was sent by " + tx.getFrom() + ", not " + address());
        }
        if (tx.getBlockHash() != null && !Numeric.toBigInt(tx.getBlockHash()).equals(BigInteger.ZERO)) {
            return txHash;
        }
        BigInteger old = tx.getGasPrice();
        BigInteger bumped = old.multiply(BigInteger.valueOf(11)).add(BigInteger.valueOf(9)).divide(BigInteger.TEN)
                .max(old.add(BigInteger.ONE))
                .max(rpc("eth_gasPrice", web3j.ethGasPrice()).getGasPrice());
        RawTransaction replacement = tx.getTo() == null
                ? RawTransaction.createContractTransaction(tx.getNonce(), bumped, tx.getGas(), tx.getValue(), tx.getInput())
                : RawTransaction.createTransaction(tx.getNonce(), bumped, tx.getGas(), tx.getTo(), tx.getValue(), tx.getInput());
        String signed = Numeric.toHexString(signer.sign(replacement, chainId));
        String hash = rpc("eth_sendRawTransaction", web3j.ethSendRawTransaction(signed)).getTransactionHash();
        sentNonces.put(hash.toLowerCase(), tx.getNonce().longValueExact());
        return hash;
    }

    BigInteger estimateGas(String to, String data) {
        Transaction tx = to == null
                ? Transaction.createContractTransaction(address(), null, null, data)
                : Transaction.createFunctionCallTransaction(address(), null, null, null, to, data);
        EthEstimateGas estimate = send(web3j.ethEstimateGas(tx), "eth_estimateGas");
        if (estimate.hasError()) {
            throw revertedOrFailed("estimate for " + describeTarget(to), estimate.getError());
        }
        return estimate.getAmountUsed();
    }

    /** {@code eth_call} against the latest block; returns the result data. */
    String call(String to, String data) {
        EthCall result = send(web3j.ethCall(Transaction.createEthCallTransaction(address(), to, data),
                DefaultBlockParameterName.LATEST), "eth_call");
        if (result.hasError()) {
            throw revertedOrFailed("call to " + to, result.getError());
        }
        if (result.isReverted()) {
            throw new ContractRevertedException("call to " + to, "Error", result.getRevertReason(), null);
        }
        return result.getValue();
    }

    public Optional<TransactionReceipt> receipt(String txHash) {
        return rpc("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
    }

    /** Whether the node still knows the transaction (mined or in its pool). */
    boolean isKnown(String txHash) {
        return rpc("eth_getTransactionByHash", web3j.ethGetTransactionByHash(txHash)).getTransaction().isPresent();
    }

    /** Polls for the receipt of a transaction until it is mined. */
    public TransactionReceipt waitForReceipt(String txHash, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<TransactionReceipt> receipt = receipt(txHash);
            if (receipt.isPresent()) {
                return receipt.get();
            }
            if (System.nanoTime() > deadline) {
                throw new ChainException("no receipt for " + txHash + " after " + timeout);
            }
            sleep(RECEIPT_POLL);
        }
    }

    /**
     * Why a mined transaction reverted: replays its input with {@code eth_call} on the latest block (standard
     * JSON-RPC has no revert reason in receipts). The state may differ from the one it ran on, so this is a hint.
     */
    String revertReasonOf(String txHash) {
        try {
            var tx = rpc("eth_getTransactionByHash", web3j.ethGetTransactionByHash(txHash)).getTransaction();
            if (tx.isEmpty()) {
                return "unknown (the node no longer has the transaction)";
            }
            call(tx.get().getTo(), tx.get().getInput());
            return "unknown (a replay on the latest block succeeds)";
        } catch (ContractRevertedException e) {
            return e.getMessage() + " (replayed on the latest block)";
        }
    }

    /** The hash of the canonical block at {@code number}, empty when the node has no block there (yet). */
    Optional<String> blockHash(long number) {
        var block = rpc("eth_getBlockByNumber", web3j.ethGetBlockByNumber(
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)).getBlock();
        return Optional.ofNullable(block).map(b -> b.getHash().toLowerCase());
    }

    public long blockNumber() {
        return rpc("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    /** Whether the account has contract code at {@code address} (the node's latest block). */
    boolean hasCode(String address) {
        String code = rpc("eth_getCode", web3j.ethGetCode(address, DefaultBlockParameterName.LATEST)).getCode();
        return code != null && !code.equals("0x") && !code.isEmpty();
    }

    /**
     * A transaction of ours that the node lost: its nonce is used again by the next send when it is not mined yet,
     * so no gap is left that would hold up every later transaction of the account (a node may still count the lost
     * one in its pending nonce for a while); else the nonce is read again from the node.
     */
    void reuseNonceOf(String lostTxHash) {
        String key = lostTxHash.toLowerCase();
        Long nonce = sentNonces.remove(key);
        if (nonce == null && reusedNonces.containsKey(key)) {
            return; // taken again already, for another window of the same transaction
        }
        if (nonce != null && nonce >= transactionCount(DefaultBlockParameterName.LATEST)) {
            nonces.rewindTo(nonce);
            reusedNonces.put(key, nonce);
        } else {
            nonces.resync();
        }
    }

    /** Forgets the cached nonce (e.g. after a transaction was dropped). */
    void resyncNonce() {
        nonces.resync();
    }

    private long transactionCount(DefaultBlockParameterName block) {
        return rpc("eth_getTransactionCount", web3j.ethGetTransactionCount(address(), block))
                .getTransactionCount().longValueExact();
    }

    /** Sends a request that must not fail: an error response becomes a {@link ChainException}. */
    <T extends Response<?>> T rpc(String method, Request<?, T> request) {
        T response = send(request, method);
        if (response.hasError()) {
            throw new ChainException(method + " failed: " + response.getError().getMessage()
                    + " (code " + response.getError().getCode() + ")");
        }
        return response;
    }

    private static <T extends Response<?>> T send(Request<?, T> request, String method) {
        try {
            return request.send();
        } catch (IOException e) {
            throw new ChainException(method + " failed: " + e.getMessage(), e);
        }
    }

    /** A revert carries revert data or says so (code 3 on most nodes); anything else is a node problem. */
    private static RuntimeException revertedOrFailed(String what, Response.Error error) {
        String data = error.getData();
        boolean revert = error.getCode() == 3 || (data != null && data.replace("\"", "").startsWith("0x"))
                || String.valueOf(error.getMessage()).toLowerCase().contains("revert");
        if (!revert) {
            return new ChainException(what + " failed: " + error.getMessage() + " (code " + error.getCode() + ")");
        }
        return RegistryErrors.decode(data)
                .map(decoded -> new ContractRevertedException(what, decoded.name(), decoded.text(), data))
                .orElseGet(() -> new ContractRevertedException(what, "", error.getMessage(), data));
    }

    private static String describeTarget(String to) {
        return to == null ? "contract deployment" : "transaction to " + to;
    }

    /** 20 % above the estimate: state may move between estimate and inclusion (e.g. a first write to a slot). */
    private static BigInteger withMargin(BigInteger estimate) {
        return estimate.multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN).add(BigInteger.valueOf(10_000));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted", e);
        }
    }

    @Override
    public void close() {
        shutdown(web3j, http);
    }

    private static void shutdown(Web3j web3j, OkHttpClient http) {
        web3j.shutdown();
        // okhttp's pool and dispatcher threads would otherwise outlive the bundle for minutes
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
