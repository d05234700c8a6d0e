package io.lineledger.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one OPC UA subscription to a line's tags alive and turns its notifications into {@link ProductionEvent}s.
 *
 * <ul>
 *   <li>Connects with security None, anonymous. A failed connect is retried with a doubling delay.</li>
 *   <li>One subscription, one monitored item per tag: sampling as configured, a server-side queue, and the
 *       StatusValueTimestamp trigger so that a repeated value with a new source time (the next part's weight
 *       can equal the last) is still reported.</li>
 *   <li>Milo re-opens the session by itself when the server comes back. A restarted server has lost the
 *       subscription and Milo's transfer fails: the subscription is then created anew here.</li>
 *   <li>A re-created subscription reports each tag's current value again; a value already delivered (same tag,
 *       source time, value and status) is not delivered twice.</li>
 * </ul>
 *
 * Listeners are called one event at a time, in the order the server reported them, on Milo's thread.
 */
public final class LineSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineSubscriber.class);

    private record Delivered(Instant sourceTime, Object value, String status) { }

    private final SubscriberSettings settings;
    private final EventConverter converter;
    private final List<Consumer<ProductionEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ObservationGap>> gapListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Delivered> lastDelivered = new ConcurrentHashMap<>();
    private final Object deliveryLock = new Object();
    private final ScheduledExecutorService supervisor;
    private final AtomicLong subscriptionsCreated = new AtomicLong();

    // changed on the supervisor thread only
    private OpcUaClient client;
    private FileBasedTrustListManager trustList;
    private DefaultClientCertificateValidator certificateValidator;
    private volatile OpcUaSubscription subscription;
    private long retryDelayMs;
    private volatile boolean closed;

    public LineSubscriber(SubscriberSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.converter = new EventConverter(settings.lineId(), Instant::now);
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lineledger-opcua-" + settings.lineId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        supervisor.execute(this::connect);
    }

    /** Adds a listener for every following event; closing the handle removes it. */
    public AutoCloseable addListener(Consumer<ProductionEvent> listener) {
        return addListener(listener, gap -> { });
    }

    /** Adds listeners for every following event and gap; closing the handle removes both. */
    public AutoCloseable addListener(Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(gaps, "gaps");
        listeners.add(events);
        gapListeners.add(gaps);
        return () -> {
            listeners.remove(events);
            gapListeners.remove(gaps);
        };
    }

    /** True while a subscription with at least one monitored item exists on the server. */
    public boolean isSubscribed() {
        return subscription != null;
    }

    /** How many subscriptions were created so far: 1 after the first connect, one more per re-creation. */
    public long subscriptionsCreated() {
        return subscriptionsCreated.get();
    }

    public SubscriberSettings settings() {
        return settings;
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client = createClient();
            client.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionActive(UaSession session) {
                    LOG.info("line {}: OPC UA session active on {}", settings.lineId(), settings.endpointUrl());
                }

                @Override
                public void onSessionInactive(UaSession session) {
                    LOG.warn("line {}: OPC UA session to {} lost; reconnecting", settings.lineId(), settings.endpointUrl());
                }
            });
            client.connect();
            subscribe();
            retryDelayMs = 0;
        } catch (Exception e) {
            LOG.warn("line {}: cannot subscribe at {}: {}; retrying in {} ms", settings.lineId(),
                    settings.endpointUrl(), e.toString(), nextRetryDelay());
            disconnect();
            retryLater(this::connect);
        }
    }

    private OpcUaClient createClient() throws Exception {
        String host = EndpointUtil.getHost(settings.endpointUrl());
        int port = EndpointUtil.getPort(settings.endpointUrl());
        if (certificateValidator == null) {
            // no certificates are exchanged with security None; the trust list is there for when they are
            Path pki = settings.pkiDir();
            Path rejected = Files.createDirectories(pki.resolve("rejected"));
            trustList = FileBasedTrustListManager.createAndInitialize(pki);
            certificateValidator = new DefaultClientCertificateValidator(trustList,
                    new FileBasedCertificateQuarantine(rejected.toFile()));
        }

        return OpcUaClient.create(settings.endpointUrl(),
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                        .findFirst()
                        // the server may announce a host name we cannot reach: use the configured one
                        .map(e -> EndpointUtil.updateUrl(e, host, port)),
                transport -> transport.setConnectTimeout(uint(settings.requestTimeoutMs())),
                config -> config
                        .setApplicationName(LocalizedText.english("LineLedger OPC UA source " + settings.lineId()))
                        .setApplicationUri("urn:lineledger:opcua:" + settings.lineId())
                        .setProductUri("urn:lineledger:opcua")
                        .setRequestTimeout(uint(settings.requestTimeoutMs()))
                        .setIdentityProvider(new AnonymousProvider())
                        .setCertificateValidator(certificateValidator));
    }

    /** Creates the subscription and its items; throws when not a single tag could be monitored. */
    private void subscribe() throws Exception {
        NamespaceTable namespaces = client.readNamespaceTable();
        OpcUaSubscription created = new OpcUaSubscription(client, settings.publishingIntervalMs());
        created.setSubscriptionListener(new Listener());
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (Map.Entry<String, ExpandedNodeId> tag : settings.tags().nodesByTag().entrySet()) {
            Optional<NodeId> nodeId = tag.getValue().toNodeId(namespaces);
            if (nodeId.isEmpty()) {
                LOG.warn("line {}: tag.{} = {}: the server has no such namespace", settings.lineId(), tag.getKey(),
                        tag.getValue().toParseableString());
                continue;
            }
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodeId.get());
            item.setSamplingInterval(settings.samplingIntervalMs());
            item.setQueueSize(uint(settings.queueSize()));
            item.setDiscardOldest(false);
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, uint(0), 0.0));
            item.setUserObject(tag.getKey());
            items.add(item);
        }
        if (items.isEmpty()) {
            throw new IllegalStateException("none of the configured tags exists on the server");
        }
        created.create();
        created.addMonitoredItems(items);
        try {
            created.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            // reported per item below
        }
        long monitored = 0;
        for (OpcUaMonitoredItem item : items) {
            StatusCode result = item.getCreateResult().orElse(StatusCode.BAD);
            if (result.isGood()) {
                monitored++;
            } else {
                LOG.warn("line {}: tag.{} = {}: not monitored: {}", settings.lineId(), item.getUserObject().orElse("?"),
                        item.getReadValueId().getNodeId().toParseableString(), result);
            }
        }
        if (monitored == 0) {
            deleteQuietly(created);
            throw new IllegalStateException("the server accepted none of the " + items.size() + " monitored items");
        }
        subscription = created;
        long count = subscriptionsCreated.incrementAndGet();
        LOG.info("line {}: subscribed to {} of {} tags at {} (subscription #{})", settings.lineId(), monitored,
                settings.tags().size(), settings.endpointUrl(), count);
    }

    /** The server lost our subscription (restarted): make a new one on the re-opened session. */
    private void resubscribe(OpcUaSubscription lost) {
        if (closed || lost != subscription) {
            return;
        }
        client.removeSubscription(lost);
        try {
            subscribe();
            retryDelayMs = 0;
        } catch (Exception e) {
            LOG.warn("line {}: cannot re-create the subscription at {}: {}; retrying in {} ms", settings.lineId(),
                    settings.endpointUrl(), e.toString(), nextRetryDelay());
            retryLater(() -> resubscribe(lost));
        }
    }

    private final class Listener implements OpcUaSubscription.SubscriptionListener {

        @Override
        public void onDataReceived(OpcUaSubscription from, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            synchronized (deliveryLock) {
                for (int i = 0; i < items.size(); i++) {
                    Object tag = items.get(i).getUserObject().orElse(null);
                    if (tag != null) {
                        deliver(converter.toEvent((String) tag, values.get(i)));
                    }
                }
            }
        }

        @Override
        public void onTransferFailed(OpcUaSubscription from, StatusCode status) {
            LOG.info("line {}: the server lost the subscription ({}); creating a new one", settings.lineId(), status);
            if (!closed) {
                supervisor.execute(() -> resubscribe(from));
            }
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription from) {
            LOG.warn("line {}: the server reports lost notifications (queue overflow?)", settings.lineId());
        }
    }

    private void deliver(ProductionEvent event) {
        Delivered current = new Delivered(event.sourceTime(), event.value(), event.status());
        if (current.equals(lastDelivered.put(event.tag(), current))) {
            return; // the current value, reported again by a re-created subscription
        }
        for (Consumer<ProductionEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("line {}: a listener failed on tag {}: {}", settings.lineId(), event.tag(), e.toString(), e);
            }
        }
    }

    private long nextRetryDelay() {
        long min = settings.minReconnectDelay().toMillis();
        long max = settings.maxReconnectDelay().toMillis();
        return retryDelayMs == 0 ? min : Math.min(max, retryDelayMs * 2);
    }

    private void retryLater(Runnable task) {
        if (closed) {
            return;
        }
        retryDelayMs = nextRetryDelay();
        supervisor.schedule(task, retryDelayMs, TimeUnit.MILLISECONDS);
    }

    private void deleteQuietly(OpcUaSubscription sub) {
        try {
            sub.delete();
        } catch (Exception e) {
            LOG.debug("line {}: deleting a subscription: {}", settings.lineId(), e.toString());
        }
    }

    private void disconnect() {
        OpcUaSubscription current = subscription;
        subscription = null;
        if (current != null) {
            deleteQuietly(current);
        }
        if (client != null) {
            try {
                client.disconnectAsync().get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("line {}: disconnect: {}", settings.lineId(), e.toString());
            }
            client = null;
        }
    }

    private void closeTrustList() {
        if (trustList != null) {
            try {
                trustList.close(); // stops its directory watcher
            } catch (IOException e) {
                LOG.debug("line {}: closing the trust list: {}", settings.lineId(), e.toString());
            }
            trustList = null;
        }
    }

    /** Deletes the subscription, disconnects and stops retrying. Milo's shared threads are left alone. */
    @Override
    public void close() {
        closed = true;
        Future<?> teardown = supervisor.submit(() -> {
            disconnect();
            closeTrustList();
        });
        try {
            teardown.get(settings.requestTimeoutMs() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("line {}: OPC UA client did not close cleanly: {}", settings.lineId(), e.toString());
        } finally {
            supervisor.shutdownNow();
            listeners.clear();
            gapListeners.clear();
        }
    }

}
