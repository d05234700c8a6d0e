package io.lineledger.opcua.internal;

/**
 * Subscription settings every line gets unless its own configuration says otherwise (from
 * {@code etc/io.lineledger.opcua.cfg}).
 */
record LineDefaults(double samplingIntervalMs, double publishingIntervalMs, double keepAliveMs, long requestTimeoutMs,
                    int queueSize, long maxReconnectDelayMs, int ingestQueueCapacity) {

    static final LineDefaults STANDARD = new LineDefaults(0, 100, 2000, 5000, SubscriberSettings.DEFAULT_QUEUE_SIZE,
            10_000, SubscriberSettings.DEFAULT_INGEST_QUEUE_CAPACITY);

    LineDefaults(double samplingIntervalMs, double publishingIntervalMs, double keepAliveMs, long requestTimeoutMs,
                 int queueSize, long maxReconnectDelayMs) {
        this(samplingIntervalMs, publishingIntervalMs, keepAliveMs, requestTimeoutMs, queueSize, maxReconnectDelayMs,
                SubscriberSettings.DEFAULT_INGEST_QUEUE_CAPACITY);
    }

    static LineDefaults of(OpcUaSourceConfig config) {
        return new LineDefaults(config.samplingIntervalMs(), config.publishingIntervalMs(), config.keepAliveMs(),
                config.requestTimeoutMs(), config.queueSize(), config.maxReconnectDelayMs(),
                config.ingestQueueCapacity());
    }
}
