package io.lineledger.verifier.internal;

import io.lineledger.model.Bytes32;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.ChainUnavailableException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** {@link ChainReader} over HTTP JSON-RPC with web3j; standard {@code eth_*} calls only. */
public final class Web3jChainReader implements ChainReader {

    private final String url;
    private final OkHttpClient http;
    private final Web3j web3j;

    public Web3jChainReader(String rpcUrl) {
        this.url = checkUrl(rpcUrl);
        this.http = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .callTimeout(60, TimeUnit.SECONDS)
                .build();
        this.web3j = Web3j.build(new HttpService(url, http));
    }

    /** Accepts http and https URLs with a host; anything else is a usage error naming the value. */
    public static String checkUrl(String rpcUrl) {
        try {
            URI uri = new URI(rpcUrl);
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
                return rpcUrl;
            }
        } catch (Exception e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("RPC URL must be an http(s) URL such as http://127.0.0.1:8545, got '"
                + rpcUrl + "'");
    }

    @Override
    public long chainId() {
        return send("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
    }

    @Override
    public long latestBlock() {
        return send("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    @Override
    public Optional<Bytes32> blockHash(long number) {
        EthBlock.Block block = send("eth_getBlockByNumber", web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)).getBlock();
        if (block == null || block.getHash() == null) {
            return Optional.empty();
        }
        return Optional.of(Bytes32.fromHex(block.getHash()));
    }

    @Override
    public Optional<java.time.Instant> blockTime(long number) {
        EthBlock.Block block = send("eth_getBlockByNumber", web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)).getBlock();
        if (block == null || block.getTimestamp() == null) {
            return Optional.empty();
        }
        return Optional.of(java.time.Instant.ofEpochSecond(block.getTimestamp().longValueExact()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Optional<OnChainAnchor> anchorOf(String contract, Bytes32 root) {
        Function anchorOf = new Function("anchorOf",
                List.of(new org.web3j.abi.datatypes.generated.Bytes32(root.bytes())),
                List.of(new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                        new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { },
                        new TypeReference<Address>() { }, new TypeReference<Uint64>() { }));
        EthCall call = send("eth_call anchorOf", web3j.ethCall(
                org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(null, contract,
                        FunctionEncoder.encode(anchorOf)),
                DefaultBlockParameterName.LATEST));
        String value = call.getValue();
        if (value == null || Numeric.cleanHexPrefix(value).isEmpty()) {
            return Optional.empty();
        }
        List<Type> out = FunctionReturnDecoder.decode(value, anchorOf.getOutputParameters());
        if (out.size() != 5) {
            return Optional.empty();
        }
        return Optional.of(new OnChainAnchor(
                Bytes32.of((byte[]) out.get(0).getValue()),
                AnchoredEvent.toLong((BigInteger) out.get(1).getValue()),
                AnchoredEvent.toLong((BigInteger) out.get(2).getValue()),
                out.get(3).toString(),
                AnchoredEvent.toLong((BigInteger) out.get(4).getValue())));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Optional<Long> batchRevisionCount(String contract, Bytes32 batchKey) {
        Function count = new Function("batchRevisionCount",
                List.of(new org.web3j.abi.datatypes.generated.Bytes32(batchKey.bytes())),
                List.of(new TypeReference<Uint256>() { }));
        List<Type> out = call("eth_call batchRevisionCount", contract, count);
        if (out.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(AnchoredEvent.toLong((BigInteger) out.get(0).getValue()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Optional<BatchRevision> batchRevision(String contract, Bytes32 batchKey, long revision) {
        Function read = new Function("batchRevision",
                List.of(new org.web3j.abi.datatypes.generated.Bytes32(batchKey.bytes()), new Uint256(revision)),
                List.of(new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { },
                        new TypeReference<Address>() { }, new TypeReference<Uint64>() { }));
        List<Type> out = call("eth_call batchRevision", contract, read);
        if (out.size() != 6) {
            return Optional.empty();
        }
        return Optional.of(new BatchRevision(Bytes32.of((byte[]) out.get(0).getValue()),
                Bytes32.of((byte[]) out.get(1).getValue()), Bytes32.of((byte[]) out.get(2).getValue()),
                Bytes32.of((byte[]) out.get(3).getValue()), out.get(4).toString(),
                AnchoredEvent.toLong((BigInteger) out.get(5).getValue())));
    }

    /** An eth_call at the latest block, decoded; empty when nothing answered (no code, or a revert). */
    @SuppressWarnings("rawtypes")
    private List<Type> call(String method, String contract, Function function) {
        EthCall call = send(method, web3j.ethCall(
                org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(null, contract,
                        FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST));
        String value = call.getValue();
        if (call.isReverted() || value == null || Numeric.cleanHexPrefix(value).isEmpty()) {
            return List.of();
        }
        return FunctionReturnDecoder.decode(value, function.getOutputParameters());
    }

    @Override
    public Optional<Receipt> receipt(String txHash) {
        EthGetTransactionReceipt response = send("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash));
        Optional<TransactionReceipt> receipt = response.getTransactionReceipt();
        if (receipt.isEmpty()) {
            return Optional.empty();
        }
        TransactionReceipt r = receipt.get();
        List<EventLog> logs = new ArrayList<>();
        for (Log log : r.getLogs()) {
            List<Bytes32> topics = new ArrayList<>();
            log.getTopics().forEach(topic -> topics.add(Bytes32.fromHex(topic)));
            logs.add(new EventLog(log.getLogIndex().longValueExact(), log.getAddress(), topics,
                    Numeric.hexStringToByteArray(log.getData() == null ? "0x" : log.getData())));
        }
        long status = r.getStatus() == null ? -1 : Numeric.decodeQuantity(r.getStatus()).longValue();
        return Optional.of(new Receipt(r.getTransactionHash(), status, r.getBlockNumber().longValueExact(), logs));
    }

    private <T extends Response<?>> T send(String method, Request<?, T> request) {
        T response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new ChainUnavailableException("cannot reach the node at " + url + " (" + method + "): "
                    + describe(e), e);
        } catch (RuntimeException e) {
            throw new ChainUnavailableException("the node at " + url + " gave an unreadable answer to " + method
                    + ": " + describe(e), e);
        }
        if (response.hasError()) {
            throw new ChainUnavailableException("the node at " + url + " answered " + method + " with error "
                    + response.getError().getCode() + ": " + response.getError().getMessage());
        }
        return response;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        web3j.shutdown();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
