package io.lineledger.opcua.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LineSubscriber} connects and subscribes.
 *
 * @param endpointUrl          the server's endpoint, {@code opc.tcp://host:port/path}
 * @param lineId               the line id put on every event
 * @param tags                 tag name → node id
 * @param samplingIntervalMs   requested sampling interval per monitored item (0 = as fast as the server can)
 * @param publishingIntervalMs requested publishing interval of the subscription
 * @param keepAliveMs          target interval of the server's keep-alives when nothing changes; a subscription
 *                             silent for about 1.5 times this long is taken as lost and created anew
 * @param requestTimeoutMs     timeout of each OPC UA request
 * @param queueSize            server-side queue per monitored item, so bursts between publishes are not lost
 * @param pkiDir               this client's own PKI directory (trust list, rejected certificates)
 * @param minReconnectDelay    first retry delay after a failed connect; doubles up to maxReconnectDelay
 * @param maxReconnectDelay    longest retry delay
 * @param configuration        where the line is configured, for messages: a PID such as
 *                             {@code io.lineledger.line~line1}
 * @param security             security policy, mode and user
 * @param ingestQueueCapacity  values held at most between the OPC UA client and the rules ({@link LineDelivery})
 */
public record SubscriberSettings(String endpointUrl, String lineId, TagMap tags, double samplingIntervalMs,
                                 double publishingIntervalMs, double keepAliveMs, long requestTimeoutMs, int queueSize, Path pkiDir,
                                 Duration minReconnectDelay, Duration maxReconnectDelay, String configuration,
                                 ClientSecurity security, int ingestQueueCapacity) {

    /**
     * Server-side queue per tag by default: the values of one tag between two publishes, plus a stall of the client
     * (a GC pause, a busy machine). 10,000 is 3 s of a tag measured on every part of a 3,334 parts/s line (100,000
     * values/s over ten lines of three characteristics); 1,000 was 0.3 s of it. A server may revise it down.
     */
    public static final int DEFAULT_QUEUE_SIZE = 10_000;

    /** Values the ingest queue holds by default: about ten seconds of a busy line (10,000 values/s). */
    public static final int DEFAULT_INGEST_QUEUE_CAPACITY = 100_000;

    public SubscriberSettings(String endpointUrl, String lineId, TagMap tags, double samplingIntervalMs,
                              double publishingIntervalMs, double keepAliveMs, long requestTimeoutMs, int queueSize,
                              Path pkiDir, Duration minReconnectDelay, Duration maxReconnectDelay, String configuration,
                              ClientSecurity security) {
        this(endpointUrl, lineId, tags, samplingIntervalMs, publishingIntervalMs, keepAliveMs, requestTimeoutMs,
                queueSize, pkiDir, minReconnectDelay, maxReconnectDelay, configuration, security,
                DEFAULT_INGEST_QUEUE_CAPACITY);
    }

    public SubscriberSettings {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(endpointUrl, "endpointUrl");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(pkiDir, "pkiDir");
        Objects.requireNonNull(minReconnectDelay, "minReconnectDelay");
        Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
        if (!endpointUrl.startsWith("opc.tcp://")) {
            throw new IllegalArgumentException("endpointUrl = " + endpointUrl + ": must start with opc.tcp://");
        }
        if (lineId.isBlank()) {
            throw new IllegalArgumentException("lineId is empty");
        }
        if (!(samplingIntervalMs >= 0)) {
            throw new IllegalArgumentException("samplingIntervalMs = " + samplingIntervalMs + ": must be >= 0");
        }
        if (!(publishingIntervalMs > 0)) {
            throw new IllegalArgumentException("publishingIntervalMs = " + publishingIntervalMs + ": must be > 0");
        }
        if (!(keepAliveMs >= publishingIntervalMs)) {
            throw new IllegalArgumentException("keepAliveMs = " + keepAliveMs + ": must be >= publishingIntervalMs ("
                    + publishingIntervalMs + ")");
        }
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs = " + requestTimeoutMs + ": must be > 0");
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize = " + queueSize + ": must be >= 1");
        }
        if (ingestQueueCapacity < 1) {
            throw new IllegalArgumentException("ingestQueueCapacity = " + ingestQueueCapacity + ": must be >= 1");
        }
    }

    public SubscriberSettings withIngestQueueCapacity(int capacity) {
        return new SubscriberSettings(endpointUrl, lineId, tags, samplingIntervalMs, publishingIntervalMs,
                keepAliveMs, requestTimeoutMs, queueSize, pkiDir, minReconnectDelay, maxReconnectDelay, configuration,
                security, capacity);
    }

    /**
     * Defaults: sampling 0 ms, publishing 100 ms, keep-alive 2 s, requests 5 s, queue 10,000, retries from 0.5 s up
     * to 10 s; security None, anonymous; the line id names the configuration.
     */
    public static SubscriberSettings of(String endpointUrl, String lineId, TagMap tags, Path pkiDir) {
        return new SubscriberSettings(endpointUrl, lineId, tags, 0, 100, 2000, 5000, DEFAULT_QUEUE_SIZE, pkiDir,
                Duration.ofMillis(500), Duration.ofSeconds(10), lineId, ClientSecurity.NONE);
    }

    /** Keeps the keep-alive interval, raised to the publishing interval if that is longer. */
    public SubscriberSettings withIntervals(double samplingMs, double publishingMs, long requestTimeout) {
        return new SubscriberSettings(endpointUrl, lineId, tags, samplingMs, publishingMs,
                Math.max(keepAliveMs, publishingMs), requestTimeout, queueSize, pkiDir, minReconnectDelay,
                maxReconnectDelay, configuration, security, ingestQueueCapacity);
    }

    public SubscriberSettings withKeepAlive(double keepAlive) {
        return new SubscriberSettings(endpointUrl, lineId, tags, samplingIntervalMs, publishingIntervalMs, keepAlive,
                requestTimeoutMs, queueSize, pkiDir, minReconnectDelay, maxReconnectDelay,
                configuration, security, ingestQueueCapacity);
    }

    public SubscriberSettings withQueueSize(int size) {
        return new SubscriberSettings(endpointUrl, lineId, tags, samplingIntervalMs, publishingIntervalMs,
                keepAliveMs, requestTimeoutMs, size, pkiDir, minReconnectDelay, maxReconnectDelay, configuration,
                security, ingestQueueCapacity);
    }

    public SubscriberSettings withReconnectDelays(Duration min, Duration max) {
        return new SubscriberSettings(endpointUrl, lineId, tags, samplingIntervalMs, publishingIntervalMs,
                keepAliveMs, requestTimeoutMs, queueSize, pkiDir, min, max, configuration, security, ingestQueueCapacity);
    }

    SubscriberSettings withSecurity(ClientSecurity value) {
        return new SubscriberSettings(endpointUrl, lineId, tags, samplingIntervalMs, publishingIntervalMs,
                keepAliveMs, requestTimeoutMs, queueSize, pkiDir, minReconnectDelay, maxReconnectDelay, configuration,
                value, ingestQueueCapacity);
    }

    SubscriberSettings withConfiguration(String value) {
        return new SubscriberSettings(endpointUrl, lineId, tags, samplingIntervalMs, publishingIntervalMs,
                keepAliveMs, requestTimeoutMs, queueSize, pkiDir, minReconnectDelay, maxReconnectDelay, value,
                security, ingestQueueCapacity);
    }
}
