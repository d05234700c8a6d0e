package io.lineledger.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.SourceStatus;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one OPC UA subscription to a line's tags alive, turns its notifications into {@link ProductionEvent}s and
 * reports every interval in which the line was not observed as an {@link ObservationGap}.
 *
 * <ul>
 *   <li>Connects with the configured security (None, or Basic256Sha256 Sign / SignAndEncrypt with this client's
 *       own certificate; anonymous or user name and password). The server's certificate must be in the PKI
 *       directory's trust list; a refused one is saved to {@code rejected/} and the ERROR says which file to move
 *       where. A failed connect is retried with a doubling delay.</li>
 *   <li>On each connect every tag is looked up ({@link TagResolver}): an unknown node, a browse path that does not
 *       resolve or a wrong data type is logged as ERROR and shown in the status, and that tag is left out; the
 *       others are subscribed. A value of the wrong type, or that cannot be scaled, is delivered as Bad.</li>
 *   <li>One subscription, one monitored item per tag: sampling as configured, a server-side queue that discards
 *       the oldest value when full (the server then marks the overflow), and the StatusValueTimestamp trigger so
 *       that a repeated value with a new source time (the next part's weight can equal the last) is still
 *       reported. One publish request in flight and at most 5,000 notifications a publish: with two requests, Milo
 *       1.1 can handle two responses that arrive together in the wrong order, fetch the earlier one again with
 *       Republish and deliver it twice.</li>
 *   <li>Milo re-opens the session by itself and transfers the subscription; a transferred subscription still has
 *       its queued values, so nothing is reported. When the transfer fails (server restarted), the server ends the
 *       subscription (status change) or it falls silent (Milo's watchdog, or our own check when Milo's timer was
 *       cancelled with the session), the subscription is created anew here, with backoff.</li>
 *   <li>Gaps: from the last publish or keep-alive received before the loss to the moment the new subscription
 *       is live ({@code opcua-session-lost} if the session went first, else {@code opcua-subscription-lost}); a
 *       queue overflow or notifications the server could not republish ({@code opcua-queue-overflow}). Each gap
 *       is delivered before the values that end it. No gap at the first connect: that is not the source's call.</li>
 *   <li>The values of one publish are delivered sorted by source time (stable for equal times): the server groups
 *       a publish per monitored item, the rules need time order across tags.</li>
 *   <li>A re-created subscription reports each tag's current value again; a value already delivered (same tag,
 *       source time, value and status) is not delivered twice.</li>
 * </ul>
 *
 * Values and gaps go through the line's ingest queue ({@link LineDelivery}): Milo's thread only queues them, and
 * the listeners get them in batches on the line's delivery thread, in order. A full queue drops values and reports
 * them as an {@code ingest-dropped} gap; it never blocks Milo's thread.
 */
public final class LineSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineSubscriber.class);
    /**
     * The bundle's first connect runs alone, the others wait for it once: with 84 lines starting together, their
     * threads loading Milo's and Netty's classes at the same moment left Karaf spinning in the JVM's class lookup
     * (BENCHMARKS.md, "A cold start that hung"). After it, lines connect in parallel.
     */
    private static final ReentrantLock FIRST_CONNECT = new ReentrantLock();
    private static volatile boolean firstConnectDone;


    /**
     * Publish requests the client keeps at the server. One: each response is delivered before the next request goes
     * out, so responses arrive and are handled in sequence-number order (see createClient). The server answers a
     * request at once when notifications wait, so this does not cap the rate.
     */
    private static final int MAX_PENDING_PUBLISH_REQUESTS = 1;

    /**
     * Most notifications in one publish response (Milo's default 65,535, about 2 MB of doubles with two timestamps,
     * more with strings or status codes, is at the 2 MiB message size Milo accepts by default). A larger backlog (a
     * burst after a stall) comes as several responses, each sent as soon as the next request arrives.
     */
    private static final int MAX_NOTIFICATIONS_PER_PUBLISH = 5_000;

    /** How long the first values of a new subscription are held at most while some tag has not reported yet. */
    private static final Duration FIRST_VALUES_WAIT = Duration.ofSeconds(1);

    /** The line is not observed since {@code since}; reported as a gap once it is observed again. */
    private record Blind(Instant since, String cause, String detail) { }

    private final SubscriberSettings settings;
    private final Supplier<Instant> clock;
    private final EventConverter converter;
    private final LineDelivery delivery;
    /**
     * Each tag's last delivered event (guarded by deliveryLock): how a current value reported again by a re-created
     * subscription is recognised.
     */
    private final Map<String, ProductionEvent> currentValues = new HashMap<>();
    /**
     * Tags of a new subscription whose first value has not come yet, or null. A server may spread the first values
     * of new monitored items over several publishes; they are held and delivered together, sorted by source time,
     * so a batch id and state changed while the line was not observed come before the values measured after them.
     * Guarded by deliveryLock, like the two fields after it.
     */
    private Set<String> firstValuesAwaited;
    private final List<ProductionEvent> firstValues = new ArrayList<>();
    private Instant firstValuesDeadline;
    private final Object deliveryLock = new Object();
    private final ScheduledExecutorService supervisor;
    private final AtomicLong subscriptionsCreated = new AtomicLong();
    private final AtomicLong valuesReceived = new AtomicLong();
    private final AtomicLong gapsReported = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();

    // changed on the supervisor thread only
    private OpcUaClient client;
    private ClientPki pki;
    /** The server's endpoints as last seen, for the message when none matches the configured security. */
    private volatile String offeredEndpoints;
    private volatile boolean noMatchingEndpoint;
    /** Connection problems already logged as ERROR (an untrusted certificate, a refused user): WARN after that. */
    private final Set<String> reportedConnectProblems = ConcurrentHashMap.newKeySet();
    /** Tag → why it cannot be read on this connect (no such node, path not resolved, wrong data type). */
    private final Map<String, String> tagProblems = new ConcurrentHashMap<>();
    /**
     * Tag problems logged as ERROR and not yet followed by a subscription: a connect that fails because no tag can
     * be read does not log the same problems again at every retry.
     */
    private final Map<String, String> tagProblemsLogged = new ConcurrentHashMap<>();
    /** Values refused since the last connect, per tag: logged at the first, counted in the status. */
    private record RefusedValues(long count, String last) { }
    private final Map<String, RefusedValues> refusedValues = new ConcurrentHashMap<>();
    private volatile OpcUaSubscription subscription;
    private ScheduledFuture<?> pendingResubscribe;
    private long retryDelayMs;
    private volatile boolean closed;

    private volatile boolean sessionActive;
    private volatile boolean delivering;
    private volatile Instant lastObservedAt;
    /**
     * Up to when the line's values are known delivered: the newest source time of the last publish with data (a
     * publish that arrives late under load carries older values, and what the server queued after them is lost
     * with a subscription that is then declared lost), or the arrival of a keep-alive (nothing was pending).
     * A gap starts here. Guarded by deliveryLock.
     */
    private Instant observedUpTo;
    private volatile Instant lastValueAt;
    private volatile String lastError;
    // guarded by deliveryLock
    private Blind blind;
    private OpcUaSubscription awaitedSubscription;

    public LineSubscriber(SubscriberSettings settings) {
        this(settings, IngestBudget.UNLIMITED);
    }

    /** @param budget what all lines' ingest may use together: values held, turns at the rules (one per plant) */
    LineSubscriber(SubscriberSettings settings, IngestBudget budget) {
        this(settings, budget, Instant::now);
    }

    LineSubscriber(SubscriberSettings settings, Supplier<Instant> clock) {
        this(settings, IngestBudget.UNLIMITED, clock);
    }

    LineSubscriber(SubscriberSettings settings, IngestBudget budget, Supplier<Instant> clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.converter = new EventConverter(settings.lineId(), clock);
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lineledger-opcua-" + settings.lineId());
            thread.setDaemon(true);
            return thread;
        });
        this.delivery = new LineDelivery(settings.lineId(), settings.ingestQueueCapacity(), budget);
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        supervisor.execute(this::connect);
        long checkMs = Math.max(100, Math.round(settings.keepAliveMs()));
        supervisor.scheduleWithFixedDelay(this::checkSubscriptionAlive, checkMs, checkMs, TimeUnit.MILLISECONDS);
    }

    /** Adds a listener for every following event; closing the handle removes it. */
    public AutoCloseable addListener(Consumer<ProductionEvent> listener) {
        return addListener(listener, gap -> { });
    }

    /** Adds listeners for every following event and gap, one at a time; closing the handle removes both. */
    public AutoCloseable addListener(Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(gaps, "gaps");
        return addBatchListener(Observations.oneByOne(events, gaps));
    }

    /**
     * Adds a listener of every following batch of values and gaps, in order; closing the handle removes it. Values
     * read while nobody listened (the rules start after the source) wait in the ingest queue for the first listener;
     * a listener that comes after another was served is first told each tag's last delivered value, in source-time
     * order: the subscription reports a value once, and a listener that missed the batch id or state would attribute
     * the next values to the wrong batch. Listeners are called on the line's delivery thread, never on the caller's:
     * the caller is typically a Camel consumer starting, whose routes (and their {@code direct:} endpoints, which
     * wait for their consumers) are not all started yet.
     */
    public AutoCloseable addBatchListener(Consumer<List<LineObservation>> listener) {
        return delivery.addListener(listener);
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

    /** This line's source status now. */
    public SourceStatus status() {
        return new SourceStatus(settings.lineId(), settings.endpointUrl(), sessionActive, subscription != null,
                subscriptionsCreated.get(), lastObservedAt, lastValueAt, valuesReceived.get(), gapsReported.get(),
                overflows.get(), lastError, settings.configuration(), settings.security().toString(),
                tagProblemsNow(), new SourceStatus.Ingest(delivery.queued(), delivery.capacity(),
                delivery.highWater(), delivery.dropped()));
    }

    private Map<String, String> tagProblemsNow() {
        Map<String, String> problems = new TreeMap<>(tagProblems);
        refusedValues.forEach((tag, refused) -> problems.put(tag, refused.count() + " values refused since the last "
                + "connect, the last: " + refused.last()));
        return problems;
    }

    private void connect() {
        if (closed) {
            return;
        }
        boolean first = !firstConnectDone;
        if (first) {
            FIRST_CONNECT.lock();
            first = !firstConnectDone; // another line's first connect may have finished meanwhile
            if (!first) {
                FIRST_CONNECT.unlock();
            }
        }
        try {
            client = createClient();
            client.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionActive(UaSession session) {
                    LOG.info("line {}: OPC UA session active on {}", settings.lineId(), settings.endpointUrl());
                    sessionActive = true;
                    if (!closed && subscriptionsCreated.get() > 0) {
                        // a subscription lost while the session was down is re-created now, not at the next retry
                        supervisor.execute(() -> {
                            if (subscription == null) {
                                resubscribeNow();
                            }
                        });
                    }
                }

                @Override
                public void onSessionInactive(UaSession session) {
                    if (closed) {
                        sessionActive = false;
                        return; // our own disconnect
                    }
                    LOG.warn("line {}: OPC UA session to {} lost; reconnecting", settings.lineId(), settings.endpointUrl());
                    sessionActive = false;
                    lastError = "session to " + settings.endpointUrl() + " lost at " + clock.get();
                    markBlind(ObservationGap.CAUSE_SESSION_LOST, "OPC UA session to " + settings.endpointUrl() + " lost");
                }
            });
            client.connect();
            sessionActive = true;
            subscribe();
            retryDelayMs = 0;
        } catch (Exception e) {
            reportConnectFailure(e);
            disconnect();
            retryLater(this::connect);
        } finally {
            if (first) {
                firstConnectDone = true;
                FIRST_CONNECT.unlock();
            }
        }
    }

    /**
     * What people must do about a failed connect: an untrusted server certificate (which file to move where), a
     * refused user, no endpoint with the configured security. Logged as ERROR once, then as WARN at each retry.
     */
    private void reportConnectFailure(Exception e) {
        String problem;
        boolean actionNeeded = true;
        ClientPki.Rejection rejection = pki == null ? null : pki.takeRejection();
        long status = UaException.extractStatusCode(e).map(StatusCode::getValue).orElse(0L);
        if (rejection != null) {
            problem = "the server certificate of " + settings.endpointUrl() + " ("
                    + rejection.certificate().getSubjectX500Principal().getName() + ", SHA-1 " + rejection.thumbprint()
                    + ") is not trusted. To trust it, move " + rejection.file() + " to " + pki.trustedCerts()
                    + "/ (the next attempt connects); see docs/opcua-security.md";
        } else if (status == StatusCodes.Bad_UserAccessDenied || status == StatusCodes.Bad_IdentityTokenRejected
                || status == StatusCodes.Bad_IdentityTokenInvalid) {
            problem = "the server refused user '" + settings.security().userName() + "' ("
                    + new StatusCode(status) + "): check userName and "
                    + (settings.security().passwordFile() != null ? "passwordFile = " + settings.security().passwordFile()
                    : "password");
        } else if (noMatchingEndpoint) {
            problem = "the server offers no endpoint with security " + settings.security().policy().name() + " "
                    + settings.security().mode() + "; it offers " + offeredEndpoints;
        } else if (e instanceof IllegalStateException && e.getMessage() != null
                && e.getMessage().startsWith("passwordFile")) {
            problem = e.getMessage();
        } else {
            problem = "cannot subscribe at " + settings.endpointUrl() + ": " + e;
            actionNeeded = false;
        }
        lastError = problem;
        if (actionNeeded && reportedConnectProblems.add(problem)) {
            LOG.error("{}: line {}: {}; retrying in {} ms", settings.configuration(), settings.lineId(), problem,
                    nextRetryDelay());
        } else {
            LOG.warn("{}: line {}: {}; retrying in {} ms", settings.configuration(), settings.lineId(), problem,
                    nextRetryDelay());
        }
    }

    private OpcUaClient createClient() throws Exception {
        String host = EndpointUtil.getHost(settings.endpointUrl());
        int port = EndpointUtil.getPort(settings.endpointUrl());
        ClientSecurity security = settings.security();
        noMatchingEndpoint = false;
        String applicationUri = "urn:lineledger:opcua:" + settings.lineId();
        if (pki == null) {
            pki = new ClientPki(settings.pkiDir());
        }
        if (security.secured()) {
            pki.loadOrCreateCertificate(applicationUri, "LineLedger OPC UA source " + settings.lineId());
        }
        if (security.userName() != null) {
            security.readPassword(); // fails now, with the file's name, rather than inside Milo's session activation
        }
        IdentityProvider identity = security.userName() == null ? new AnonymousProvider()
                : new UsernameProvider(security.userName(), security::readPassword);

        return OpcUaClient.create(settings.endpointUrl(),
                endpoints -> {
                    offeredEndpoints = endpoints.stream()
                            .map(e -> SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).map(Enum::name)
                                    .orElse(e.getSecurityPolicyUri()) + " " + e.getSecurityMode())
                            .distinct().toList().toString();
                    Optional<EndpointDescription> chosen = endpoints.stream()
                            .filter(e -> security.policy().getUri().equals(e.getSecurityPolicyUri())
                                    && e.getSecurityMode() == security.mode())
                            .findFirst()
                            // the server may announce a host name we cannot reach: use the configured one
                            .map(e -> EndpointUtil.updateUrl(e, host, port));
                    noMatchingEndpoint = chosen.isEmpty();
                    return chosen;
                },
                transport -> transport.setConnectTimeout(uint(settings.requestTimeoutMs())),
                config -> {
                    config.setApplicationName(LocalizedText.english("LineLedger OPC UA source " + settings.lineId()))
                            .setApplicationUri(applicationUri)
                            .setProductUri("urn:lineledger:opcua")
                            .setRequestTimeout(uint(settings.requestTimeoutMs()))
                            // one publish request in flight, so responses cannot overtake each other: with two,
                            // Milo 1.1 may handle the later response first, fetch the earlier one again with
                            // Republish and then deliver the original too (values twice under load)
                            .setMaxPendingPublishRequests(uint(MAX_PENDING_PUBLISH_REQUESTS))
                            .setIdentityProvider(identity)
                            .setCertificateValidator(pki.validator());
                    if (security.secured()) {
                        config.setKeyPair(pki.keyPair())
                                .setCertificate(pki.certificate())
                                .setCertificateChain(new X509Certificate[] {pki.certificate()});
                    }
                });
    }

    /** Creates the subscription and its items; throws when not a single tag could be monitored. */
    private void subscribe() throws Exception {
        tagProblems.clear(); // checked anew on each connect
        refusedValues.clear();
        Map<String, NodeId> nodes = new TagResolver(client, settings).resolve(this::tagProblem);
        if (nodes.isEmpty()) {
            throw new IllegalStateException("none of the " + settings.tags().size() + " configured tags can be read: "
                    + new TreeMap<>(tagProblems));
        }
        OpcUaSubscription created = new OpcUaSubscription(client, settings.publishingIntervalMs());
        created.setTargetKeepAliveInterval(settings.keepAliveMs());
        created.setMaxNotificationsPerPublish(uint(MAX_NOTIFICATIONS_PER_PUBLISH));
        created.setSubscriptionListener(new Listener());
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (Map.Entry<String, NodeId> tag : nodes.entrySet()) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(tag.getValue());
            item.setSamplingInterval(settings.samplingIntervalMs());
            item.setQueueSize(uint(settings.queueSize()));
            // on overflow the newest values survive and the server sets the Overflow bit on the oldest kept one
            item.setDiscardOldest(true);
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, uint(0), 0.0));
            item.setUserObject(tag.getKey());
            items.add(item);
        }
        created.create();
        synchronized (deliveryLock) {
            awaitedSubscription = created; // its first publish ends a gap in progress
            firstValuesAwaited = new HashSet<>(nodes.keySet());
            firstValuesDeadline = clock.get().plus(FIRST_VALUES_WAIT);
        }
        try {
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
                    tagProblem((String) item.getUserObject().orElse("?"), item.getReadValueId().getNodeId()
                            .toParseableString(), "the server refused to monitor it: " + result);
                }
            }
            if (monitored == 0) {
                throw new IllegalStateException("the server accepted none of the " + items.size() + " monitored items");
            }
            synchronized (deliveryLock) {
                if (firstValuesAwaited != null) {
                    // only items the server accepted will report
                    firstValuesAwaited.retainAll(items.stream()
                            .filter(item -> item.getCreateResult().orElse(StatusCode.BAD).isGood())
                            .map(item -> item.getUserObject().orElse(null)).toList());
                }
                flushFirstValuesIfComplete();
            }
            subscription = created;
            tagProblemsLogged.clear(); // the next connect reports them again
            long count = subscriptionsCreated.incrementAndGet();
            LOG.info("line {}: subscribed to {} of {} tags at {} (subscription #{})", settings.lineId(), monitored,
                    settings.tags().size(), settings.endpointUrl(), count);
        } catch (Exception e) {
            synchronized (deliveryLock) {
                if (awaitedSubscription == created) {
                    awaitedSubscription = null;
                }
                flushFirstValues();
            }
            deleteQuietly(created);
            throw e;
        }
        synchronized (deliveryLock) {
            lastObservedAt = clock.get();
            observedUpTo = lastObservedAt;
            endBlind(); // no publish yet: the subscription being live ends the gap
        }
    }

    /** A tag that cannot be read on this connect: ERROR once per connect, shown in the status. */
    private void tagProblem(String tag, String node, String problem) {
        String text = problem + " (" + node + ")";
        tagProblems.put(tag, text);
        if (!text.equals(tagProblemsLogged.put(tag, text))) {
            LOG.error("{}: line {}: tag {} ({}): {}; this tag delivers nothing until the next connect, the other tags "
                    + "keep working", settings.configuration(), settings.lineId(), tag, node, problem);
        }
    }

    /**
     * The server no longer serves {@code lost} (failed transfer, status change, silence): create a new one. Runs on
     * the supervisor thread.
     */
    private void subscriptionLost(OpcUaSubscription lost, String detail) {
        if (closed || lost != subscription) {
            return; // already replaced
        }
        subscription = null;
        lastError = detail;
        LOG.warn("line {}: {}; creating a new subscription", settings.lineId(), detail);
        markBlind(ObservationGap.CAUSE_SUBSCRIPTION_LOST, detail);
        // free the server's resources if it still has the subscription; Milo forgets it locally either way
        Optional<UInteger> id = lost.getSubscriptionId();
        if (client != null && sessionActive && id.isPresent()) {
            client.deleteSubscriptionsAsync(List.of(id.get()));
        }
        lost.reset();
        resubscribeNow();
    }

    private void resubscribeNow() {
        if (pendingResubscribe != null) {
            pendingResubscribe.cancel(false);
            pendingResubscribe = null;
        }
        if (closed || subscription != null || client == null) {
            return;
        }
        try {
            subscribe();
            retryDelayMs = 0;
        } catch (Exception e) {
            lastError = "cannot re-create the subscription at " + settings.endpointUrl() + ": " + e;
            LOG.warn("line {}: cannot re-create the subscription at {}: {}; retrying in {} ms", settings.lineId(),
                    settings.endpointUrl(), e.toString(), nextRetryDelay());
            pendingResubscribe = retryLater(this::resubscribeNow);
        }
    }

    /**
     * Milo cancels its watchdog when the session closes and does not start it again for a transferred
     * subscription: this check covers that. It leaves a slow listener alone (Milo waits for it before the next
     * publish).
     */
    private void checkSubscriptionAlive() {
        synchronized (deliveryLock) {
            flushFirstValuesIfComplete(); // a tag that never reports must not hold the others back for long
        }
        OpcUaSubscription current = subscription;
        Instant observed = lastObservedAt;
        if (closed || current == null || !sessionActive || delivering || observed == null) {
            return;
        }
        double publishing = current.getRevisedPublishingInterval().orElse(settings.publishingIntervalMs());
        long keepAliveCount = current.getRevisedMaxKeepAliveCount().map(c -> c.longValue()).orElse(1L);
        long allowedMs = Math.round(2 * publishing * (keepAliveCount + 1));
        long silentMs = Duration.between(observed, clock.get()).toMillis();
        if (silentMs > allowedMs) {
            subscriptionLost(current, "no publish or keep-alive for " + silentMs + " ms (allowed " + allowedMs + " ms)");
        }
    }

    private final class Listener implements OpcUaSubscription.SubscriptionListener {

        @Override
        public void onDataReceived(OpcUaSubscription from, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            synchronized (deliveryLock) {
                delivering = true;
                try {
                    observed(from);
                    observedUpTo = newestSourceTime(values, lastObservedAt,
                            Duration.ofMillis(Math.round(settings.keepAliveMs())));
                    deliverPublish(items, values);
                } finally {
                    delivering = false;
                }
            }
        }

        @Override
        public void onKeepAliveReceived(OpcUaSubscription from) {
            synchronized (deliveryLock) {
                observed(from);
                observedUpTo = lastObservedAt;
            }
        }

        @Override
        public void onTransferFailed(OpcUaSubscription from, StatusCode status) {
            if (!closed) {
                supervisor.execute(() -> subscriptionLost(from, "the server lost the subscription (transfer failed: "
                        + status + ")"));
            }
        }

        @Override
        public void onStatusChanged(OpcUaSubscription from, StatusCode status) {
            // the server sends a status change only when the subscription ended (BadTimeout) or moved elsewhere
            if (!closed) {
                supervisor.execute(() -> subscriptionLost(from, "the server ended the subscription (status " + status
                        + ")"));
            }
        }

        @Override
        public void onWatchdogTimerElapsed(OpcUaSubscription from) {
            if (closed) {
                return;
            }
            if (!sessionActive) {
                return; // the session is down: Milo transfers the subscription or reports the failed transfer
            }
            supervisor.execute(() -> subscriptionLost(from, "no publish or keep-alive within the watchdog time"));
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription from) {
            synchronized (deliveryLock) {
                overflows.incrementAndGet();
                Instant now = clock.get();
                Instant since = blindSince(now);
                deliverGap(new ObservationGap(settings.lineId(), since, later(since, now),
                        ObservationGap.CAUSE_QUEUE_OVERFLOW, "the server could not republish lost notifications"));
            }
        }
    }

    /** A publish arrived: the line is observed now. Ends a gap the publish's subscription was awaited for. */
    private void observed(OpcUaSubscription from) {
        lastObservedAt = clock.get();
        if (blind == null) {
            return;
        }
        if (from == awaitedSubscription) {
            endBlind();
        } else if (from == subscription && sessionActive && awaitedSubscription == null
                && ObservationGap.CAUSE_SESSION_LOST.equals(blind.cause())) {
            // Milo transferred the subscription to the new session: the server kept sampling into its queues
            LOG.info("line {}: subscription transferred to the new session; queued values follow", settings.lineId());
            blind = null;
        }
    }

    private void markBlind(String cause, String detail) {
        synchronized (deliveryLock) {
            if (subscriptionsCreated.get() == 0 || closed) {
                return; // not observed yet: a gap at the first connect is not the source's business
            }
            if (blind == null) {
                Instant since = blindSince(clock.get());
                blind = new Blind(since, cause, detail);
            } else if (!blind.detail().contains(detail)) {
                blind = new Blind(blind.since(), blind.cause(), blind.detail() + "; " + detail);
            }
        }
    }

    /** Called under deliveryLock. */
    private void endBlind() {
        awaitedSubscription = null;
        Blind ended = blind;
        if (ended == null) {
            return;
        }
        blind = null;
        Instant now = clock.get();
        deliverGap(new ObservationGap(settings.lineId(), ended.since(), later(ended.since(), now), ended.cause(),
                ended.detail()));
    }

    /** Where a gap starts: the values known delivered, else the last publish or keep-alive, else now. */
    private Instant blindSince(Instant now) {
        Instant since = lastObservedAt == null ? now : lastObservedAt;
        return observedUpTo != null && observedUpTo.isBefore(since) ? observedUpTo : since;
    }

    /**
     * The newest source time (else server time) among a publish's values, not after {@code arrived} and not more
     * than {@code lateAtMost} before it: a publish arrives late by less than a keep-alive interval, and a PLC clock
     * far behind ours must not turn a short gap into a long one.
     */
    private static Instant newestSourceTime(List<DataValue> values, Instant arrived, Duration lateAtMost) {
        Instant newest = null;
        for (DataValue value : values) {
            DateTime time = value.getSourceTime() != null && !value.getSourceTime().isNull() ? value.getSourceTime()
                    : value.getServerTime();
            if (time != null && !time.isNull() && (newest == null || time.getJavaInstant().isAfter(newest))) {
                newest = time.getJavaInstant();
            }
        }
        if (newest == null || arrived == null || newest.isAfter(arrived)) {
            return arrived;
        }
        Instant earliest = arrived.minus(lateAtMost);
        return newest.isBefore(earliest) ? earliest : newest;
    }

    private static Instant later(Instant a, Instant b) {
        return b.isBefore(a) ? a : b;
    }

    /** Called under deliveryLock: one publish, sorted by source time, overflow reported first. */
    private void deliverPublish(List<OpcUaMonitoredItem> items, List<DataValue> values) {
        List<ProductionEvent> events = new ArrayList<>(items.size());
        Instant overflowFrom = null;
        Instant overflowTo = null;
        TreeSet<String> overflowTags = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i).getUserObject().orElse(null) instanceof String tag)) {
                continue;
            }
            DataValue value = values.get(i);
            EventConverter.Conversion conversion = converter.convert(settings.tags().tags().get(tag), value);
            ProductionEvent event = conversion.event();
            if (conversion.problem() != null) {
                valueProblem(tag, conversion.problem());
            }
            events.add(event);
            StatusCode status = value.getStatusCode();
            if (status != null && status.isOverflowSet()) {
                // values of this tag between the last one delivered and this one were discarded by the server
                ProductionEvent previous = currentValues.get(tag);
                Instant from = previous == null ? event.sourceTime() : previous.sourceTime();
                Instant earlier = from.isAfter(event.sourceTime()) ? event.sourceTime() : from;
                overflowFrom = overflowFrom == null || earlier.isBefore(overflowFrom) ? earlier : overflowFrom;
                Instant to = later(from, event.sourceTime());
                overflowTo = overflowTo == null || to.isAfter(overflowTo) ? to : overflowTo;
                overflowTags.add(tag);
            }
        }
        if (!overflowTags.isEmpty()) {
            overflows.incrementAndGet();
            deliverGap(new ObservationGap(settings.lineId(), overflowFrom, overflowTo,
                    ObservationGap.CAUSE_QUEUE_OVERFLOW, "server queue (size " + settings.queueSize()
                    + ") overflowed for " + String.join(", ", overflowTags) + "; the oldest values were discarded"));
        }
        events.sort(Comparator.comparing(ProductionEvent::sourceTime)); // List.sort is stable
        if (firstValuesAwaited != null) {
            firstValues.addAll(events);
            events.forEach(event -> firstValuesAwaited.remove(event.tag()));
            flushFirstValuesIfComplete();
            return;
        }
        for (ProductionEvent event : events) {
            deliver(event);
        }
    }

    /** A value that does not fit the tag's type: delivered as Bad; logged once per tag and connect, counted in the status. */
    private void valueProblem(String tag, String problem) {
        RefusedValues refused = refusedValues.merge(tag, new RefusedValues(1, problem),
                (earlier, next) -> new RefusedValues(earlier.count() + 1, next.last()));
        if (refused.count() == 1) {
            LOG.warn("{}: line {}: tag {}: {}; delivered as Bad (logged once per connect, counted in the status)",
                    settings.configuration(), settings.lineId(), tag, problem);
        }
    }

    /** Called under deliveryLock: delivers the held first values once every tag reported or the wait is over. */
    private void flushFirstValuesIfComplete() {
        if (firstValuesAwaited != null
                && (firstValuesAwaited.isEmpty() || !clock.get().isBefore(firstValuesDeadline))) {
            flushFirstValues();
        }
    }

    /** Called under deliveryLock. */
    private void flushFirstValues() {
        firstValuesAwaited = null;
        List<ProductionEvent> held = new ArrayList<>(firstValues);
        firstValues.clear();
        held.sort(Comparator.comparing(ProductionEvent::sourceTime));
        held.forEach(this::deliver);
    }

    private void deliver(ProductionEvent event) {
        if (event.equals(currentValues.put(event.tag(), event))) {
            return; // the current value, reported again by a re-created subscription
        }
        valuesReceived.incrementAndGet();
        lastValueAt = clock.get();
        delivery.offer(event);
    }

    private void deliverGap(ObservationGap gap) {
        gapsReported.incrementAndGet();
        LOG.warn("line {}: not observed from {} to {} ({}): {}", gap.lineId(), gap.from(), gap.to(), gap.cause(),
                gap.detail());
        delivery.offerGap(gap);
    }

    private long nextRetryDelay() {
        long min = settings.minReconnectDelay().toMillis();
        long max = settings.maxReconnectDelay().toMillis();
        return retryDelayMs == 0 ? min : Math.min(max, retryDelayMs * 2);
    }

    private ScheduledFuture<?> retryLater(Runnable task) {
        if (closed) {
            return null;
        }
        retryDelayMs = nextRetryDelay();
        return supervisor.schedule(task, retryDelayMs, TimeUnit.MILLISECONDS);
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
        boolean reachable = sessionActive;
        sessionActive = false;
        if (current != null && reachable) {
            deleteQuietly(current); // a server that is gone would only make this wait for the request timeout
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
        if (pki != null) {
            pki.close();
            pki = null;
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
            delivery.close(); // hands the listeners what is still queued
        }
    }
}
