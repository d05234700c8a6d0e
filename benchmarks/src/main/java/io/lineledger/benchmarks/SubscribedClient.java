package io.lineledger.benchmarks;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
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
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * One Milo client with one subscription over all benchmark tags. Counts the value changes it receives and records
 * source-to-client latency (the value's source time vs the time the client got it, in microseconds) between two
 * {@link #startWindow()} / {@link #window()} calls.
 */
final class SubscribedClient implements ClientUnderLoad {

    /**
     * Everything received in one measurement window.
     *
     * @param received   value changes received
     * @param distinct   of those, values not received before (the driver writes each value once)
     * @param outOfOrder values older than one already received for the same item
     */
    record Window(long received, long distinct, long outOfOrder, long lastReceivedMicros, long p50Micros,
                  long p99Micros, long maxMicros, long overflowFlags, long notificationGaps) {

        long duplicates() {
            return received - distinct;
        }

        String toLine() {
            return received + " " + distinct + " " + outOfOrder + " " + lastReceivedMicros + " " + p50Micros + " "
                    + p99Micros + " " + maxMicros + " " + overflowFlags + " " + notificationGaps;
        }

        static Window fromLine(String line) {
            long[] f = java.util.Arrays.stream(line.trim().split(" ")).mapToLong(Long::parseLong).toArray();
            return new Window(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
        }
    }

    // latencies up to 60 s, 3 significant digits; Recorder lets the writer (Milo's thread) run while we read
    private final Recorder latencies = new Recorder(60_000_000L, 3);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong overflowFlags = new AtomicLong();
    private final AtomicLong notificationsLost = new AtomicLong();
    // the driver writes each value once, as a sequence number: which ones arrived, and in which order per item
    private final BitSet seen = new BitSet();
    private long distinct;
    private long outOfOrder;
    private double[] lastValueByItem = new double[0];
    private volatile long lastReceivedMicros;
    private final OpcUaClient client;

    private SubscribedClient(OpcUaClient client) {
        this.client = client;
    }

    /**
     * Connects (security None) and monitors every tag with sampling interval 0, the given queue size and the
     * StatusValueTimestamp trigger, on one subscription with the given publishing interval.
     */
    static SubscribedClient connect(String endpointUrl, String namespaceUri, List<String> tags,
                                    double publishingIntervalMs, int queueSize, Path pkiDir) throws Exception {
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
                        .setApplicationName(LocalizedText.english("LineLedger plc-sim benchmark client"))
                        .setApplicationUri("urn:lineledger:benchmarks:client")
                        .setProductUri("urn:lineledger:benchmarks")
                        .setRequestTimeout(uint(30_000))
                        .setIdentityProvider(new AnonymousProvider())
                        .setCertificateValidator(new DefaultClientCertificateValidator(trustList,
                                new FileBasedCertificateQuarantine(rejected.toFile()))));
        client.connect();
        SubscribedClient subscribed = new SubscribedClient(client);
        subscribed.subscribe(client.readNamespaceTable().getIndex(namespaceUri), tags, publishingIntervalMs,
                queueSize);
        return subscribed;
    }

    private void subscribe(Object namespaceIndex, List<String> tags, double publishingIntervalMs, int queueSize)
            throws Exception {
        if (namespaceIndex == null) {
            throw new IllegalStateException("the server has no namespace for the benchmark tags");
        }
        int ns = ((Number) namespaceIndex).intValue();
        OpcUaSubscription subscription = new OpcUaSubscription(client, publishingIntervalMs);
        subscription.setMaxNotificationsPerPublish(uint(0)); // no limit: a publish carries all that is queued
        subscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onDataReceived(OpcUaSubscription from, List<OpcUaMonitoredItem> items,
                                       List<DataValue> values) {
                record(items, values);
            }

            @Override
            public void onNotificationDataLost(OpcUaSubscription from) {
                notificationsLost.incrementAndGet();
            }
        });
        List<OpcUaMonitoredItem> items = new ArrayList<>(tags.size());
        lastValueByItem = new double[tags.size()];
        for (String tag : tags) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(new NodeId(ns, tag));
            item.setUserObject(items.size());
            item.setSamplingInterval(0.0);
            item.setQueueSize(uint(queueSize));
            item.setDiscardOldest(true);
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, uint(0), 0.0));
            items.add(item);
        }
        subscription.create();
        subscription.addMonitoredItems(items);
        try {
            subscription.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            // counted below
        }
        long good = items.stream().filter(i -> i.getCreateResult().map(StatusCode::isGood).orElse(false)).count();
        if (good != tags.size()) {
            throw new IllegalStateException("the server accepted only " + good + " of " + tags.size()
                    + " monitored items");
        }
    }

    private synchronized void record(List<OpcUaMonitoredItem> items, List<DataValue> values) {
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long counted = 0;
        for (int i = 0; i < values.size(); i++) {
            DataValue value = values.get(i);
            if (value.getValue().getValue() instanceof Double initial && initial == 0.0) {
                continue; // a tag's initial value, reported when its item is created: not part of any step
            }
            counted++;
            Object index = items.get(i).getUserObject().orElse(null);
            if (index instanceof Integer item && value.getValue().getValue() instanceof Double number) {
                int sequence = (int) number.doubleValue();
                if (!seen.get(sequence)) {
                    seen.set(sequence);
                    distinct++;
                }
                if (number < lastValueByItem[item]) {
                    outOfOrder++;
                } else {
                    lastValueByItem[item] = number;
                }
            }
            DateTime source = value.getSourceTime();
            if (source != null) {
                Instant sourceTime = source.getJavaInstant();
                long sourceMicros = sourceTime.getEpochSecond() * 1_000_000L + sourceTime.getNano() / 1_000;
                latencies.recordValue(Math.max(0, Math.min(nowMicros - sourceMicros, 60_000_000L)));
            }
            // Overflow info bit: the server's queue for this item dropped a value
            if ((value.getStatusCode().getValue() & 0x480L) == 0x480L) {
                overflowFlags.incrementAndGet();
            }
        }
        received.addAndGet(counted);
        lastReceivedMicros = nowMicros;
    }

    @Override
    public long receivedSoFar() {
        return received.get();
    }

    @Override
    public synchronized void startWindow() {
        latencies.reset();
        received.set(0);
        overflowFlags.set(0);
        notificationsLost.set(0);
        distinct = 0;
        outOfOrder = 0;
    }

    @Override
    public synchronized Window window() {
        Histogram h = latencies.getIntervalHistogram();
        return new Window(received.get(), distinct, outOfOrder, lastReceivedMicros, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue(), overflowFlags.get(), notificationsLost.get());
    }

    @Override
    public long cpuNanos() {
        return -1;
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (Exception e) {
            // the benchmark is over either way
        }
    }
}
