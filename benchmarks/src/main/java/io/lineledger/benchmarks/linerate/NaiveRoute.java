package io.lineledger.benchmarks.linerate;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.lineledger.model.Bytes32;
import io.lineledger.model.Keccak;
import io.lineledger.model.RegistryKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The route an integrator would write without LineLedger: an OPC UA subscription to the PLC's measured tags, and for
 * every value one transaction with web3j, the registry's {@code anchor} of a single record (its digest as the root,
 * first = last sequence number). Transactions go out one after another from one account with consecutive nonces,
 * without waiting for receipts, so the chain takes as many a block as its gas limit allows.
 */
final class NaiveRoute implements AutoCloseable {

    /** A value as the subscription delivered it. */
    private record Value(Instant sourceTime, String tag, Object value) { }

    private final Web3j web3;
    private final String registry;
    private final Credentials writer;
    private final long chainId;
    private final String lineId;
    private final Bytes32 lineKey;
    private final BlockingQueue<Value> queue = new LinkedBlockingQueue<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** source time (epoch µs) of the value anchored as sequence number i + 1 */
    private final List<Long> sourceMicros = new ArrayList<>();
    private volatile Instant acceptFrom = Instant.MAX;
    private volatile String lastError = "";
    private volatile boolean running = true;
    private BigInteger nonce;
    private BigInteger gasLimit;
    private OpcUaClient client;
    private Thread sender;

    NaiveRoute(String rpcUrl, String registry, Credentials writer, String lineId) throws IOException {
        this.web3 = Web3j.build(new HttpService(rpcUrl));
        this.registry = registry;
        this.writer = writer;
        this.chainId = web3.ethChainId().send().getChainId().longValueExact();
        this.lineId = lineId;
        this.lineKey = RegistryKeys.lineKey(lineId);
    }

    Bytes32 lineKey() {
        return lineKey;
    }

    String writerAddress() {
        return writer.getAddress();
    }

    /** The admin (the account that deployed the registry) makes the route's account a writer of its line. */
    void grantWriter(Credentials admin) throws IOException {
        BigInteger adminNonce = web3.ethGetTransactionCount(admin.getAddress(), DefaultBlockParameterName.PENDING)
                .send().getTransactionCount();
        String data = FunctionEncoder.encode(new Function("grantWriter", List.of(
                new org.web3j.abi.datatypes.generated.Bytes32(lineKey.bytes()), new Address(writer.getAddress())),
                List.of()));
        String hash = send(admin, adminNonce, BigInteger.valueOf(200_000), data);
        TransactionReceipt receipt = awaitReceipt(hash, Duration.ofSeconds(30));
        if (!receipt.isStatusOK()) {
            throw new IOException("grantWriter(" + lineId + ", " + writer.getAddress() + ") reverted in " + hash);
        }
        nonce = web3.ethGetTransactionCount(writer.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
        // the first anchor of a line writes its sequence slot from zero, the most any anchor costs: that, plus a margin
        EthEstimateGas estimate = web3.ethEstimateGas(Transaction.createFunctionCallTransaction(writer.getAddress(),
                nonce, BigInteger.ZERO, null, registry, anchorCall(1, Keccak.hash(new byte[] {1})))).send();
        if (estimate.hasError()) {
            throw new IOException("estimating anchor(): " + estimate.getError().getMessage());
        }
        gasLimit = estimate.getAmountUsed().multiply(BigInteger.valueOf(13)).divide(BigInteger.TEN);
    }

    BigInteger gasLimit() {
        return gasLimit;
    }

    /** Subscribes to the tags (security None) and starts sending; values measured before {@link #acceptFrom} are skipped. */
    void start(String endpointUrl, String namespaceUri, List<String> tags, Path pkiDir) throws Exception {
        client = connect(endpointUrl, pkiDir);
        Object index = client.readNamespaceTable().getIndex(namespaceUri);
        if (index == null) {
            throw new IllegalStateException("the server has no namespace " + namespaceUri);
        }
        int ns = ((Number) index).intValue();
        OpcUaSubscription subscription = new OpcUaSubscription(client, 100.0);
        subscription.setMaxNotificationsPerPublish(uint(0));
        subscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onDataReceived(OpcUaSubscription from, List<OpcUaMonitoredItem> items, List<DataValue> values) {
                for (int i = 0; i < values.size(); i++) {
                    DataValue value = values.get(i);
                    if (value.getSourceTime() == null || !value.getStatusCode().isGood()) {
                        continue;
                    }
                    Instant sourceTime = value.getSourceTime().getJavaInstant();
                    if (!sourceTime.isBefore(acceptFrom)) {
                        received.incrementAndGet();
                        queue.add(new Value(sourceTime, String.valueOf(items.get(i).getUserObject().orElse("")),
                                value.getValue().getValue()));
                    }
                }
            }
        });
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (String tag : tags) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(new NodeId(ns, tag));
            item.setUserObject(tag);
            item.setSamplingInterval(0.0);
            item.setQueueSize(uint(1000));
            item.setDiscardOldest(true);
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, uint(0), 0.0));
            items.add(item);
        }
        subscription.create();
        subscription.addMonitoredItems(items);
        try {
            subscription.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            // checked below
        }
        long good = items.stream().filter(i -> i.getCreateResult().map(StatusCode::isGood).orElse(false)).count();
        if (good != tags.size()) {
            throw new IllegalStateException("plc-sim accepted " + good + " of " + tags.size() + " monitored items");
        }
        sender = new Thread(this::sendLoop, "naive-route-sender");
        sender.setDaemon(true);
        sender.start();
    }

    void acceptFrom(Instant from) {
        acceptFrom = from;
    }

    private void sendLoop() {
        while (running) {
            Value value;
            try {
                value = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (value == null) {
                continue;
            }
            long seq = sourceMicros.size() + 1;
            // the integrator's record: the value as JSON, its digest the single leaf (and so the root) of its anchor
            String record = "{\"line\":\"" + lineId + "\",\"seq\":" + seq + ",\"tag\":\"" + value.tag()
                    + "\",\"value\":" + value.value() + ",\"sourceTime\":\"" + value.sourceTime() + "\"}";
            try {
                send(writer, nonce, gasLimit, anchorCall(seq, Keccak.hash(record.getBytes(StandardCharsets.UTF_8))));
                nonce = nonce.add(BigInteger.ONE);
                synchronized (sourceMicros) {
                    sourceMicros.add(value.sourceTime().getEpochSecond() * 1_000_000L
                            + value.sourceTime().getNano() / 1_000);
                }
                sent.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
                lastError = e.getMessage();
                queue.add(value); // sent again with the same nonce
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private String anchorCall(long seq, Bytes32 root) {
        return FunctionEncoder.encode(new Function("anchor", List.of(
                new org.web3j.abi.datatypes.generated.Bytes32(lineKey.bytes()), new Uint64(seq), new Uint64(seq),
                new org.web3j.abi.datatypes.generated.Bytes32(root.bytes())), List.of()));
    }

    private String send(Credentials from, BigInteger txNonce, BigInteger gas, String data) throws IOException {
        RawTransaction transaction = RawTransaction.createTransaction(txNonce, BigInteger.ZERO, gas, registry, data);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(transaction, chainId, from));
        EthSendTransaction response = web3.ethSendRawTransaction(signed).send();
        if (response.hasError()) {
            throw new IOException("eth_sendRawTransaction: " + response.getError().getMessage());
        }
        return response.getTransactionHash();
    }

    private TransactionReceipt awaitReceipt(String hash, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<TransactionReceipt> receipt = web3.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
            if (receipt.isPresent()) {
                return receipt.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("no receipt for " + hash + " within " + timeout.toSeconds() + " s");
    }

    long received() {
        return received.get();
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    String lastError() {
        return lastError;
    }

    long queued() {
        return queue.size();
    }

    /** Source time in epoch µs of the value anchored under {@code seq}, or -1. */
    long sourceMicrosOf(long seq) {
        synchronized (sourceMicros) {
            return seq >= 1 && seq <= sourceMicros.size() ? sourceMicros.get((int) (seq - 1)) : -1;
        }
    }

    private static OpcUaClient connect(String endpointUrl, Path pkiDir) throws Exception {
        String host = EndpointUtil.getHost(endpointUrl);
        int port = EndpointUtil.getPort(endpointUrl);
        Path rejected = Files.createDirectories(pkiDir.resolve("rejected"));
        FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(pkiDir);
        OpcUaClient client = OpcUaClient.create(endpointUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                        .findFirst()
                        .map(e -> EndpointUtil.updateUrl(e, host, port)),
                transport -> { },
                config -> config
                        .setApplicationName(LocalizedText.english("LineLedger benchmark: naive route"))
                        .setApplicationUri("urn:lineledger:benchmarks:naive-route")
                        .setProductUri("urn:lineledger:benchmarks")
                        .setRequestTimeout(uint(30_000))
                        .setIdentityProvider(new AnonymousProvider())
                        .setCertificateValidator(new DefaultClientCertificateValidator(trustList,
                                new FileBasedCertificateQuarantine(rejected.toFile()))));
        client.connect();
        return client;
    }

    @Override
    public void close() {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
        if (client != null) {
            try {
                client.disconnect();
            } catch (Exception e) {
                // the benchmark is over either way
            }
        }
        web3.shutdown();
    }
}
