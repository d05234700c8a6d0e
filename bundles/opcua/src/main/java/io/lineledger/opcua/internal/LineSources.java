package io.lineledger.opcua.internal;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.SourceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines one source reads, each from its own configuration, and the subscriptions to them. A configuration
 * added is parsed and its line started; one with the {@code lineId} of another configuration is refused and the
 * other keeps running. A subscription names a line, not a configuration: it waits for a line that is not there,
 * and follows it when its configuration is changed, removed and added again.
 */
final class LineSources implements ProductionEventSource, LineRegistry, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineSources.class);

    /** Turns a configuration (name, properties) into settings; throws naming the configuration, key and value. */
    interface Parser {
        SubscriberSettings parse(String configuration, Map<String, ?> properties);
    }

    private final class Subscription implements AutoCloseable {
        final String lineId;
        final Consumer<List<LineObservation>> batches;
        AutoCloseable attached; // guarded by LineSources.this

        Subscription(String lineId, Consumer<List<LineObservation>> batches) {
            this.lineId = lineId;
            this.batches = batches;
        }

        @Override
        public void close() {
            synchronized (LineSources.this) {
                List<Subscription> ofLine = subscriptions.get(lineId);
                if (ofLine != null) {
                    ofLine.remove(this);
                }
                detach(this);
            }
        }
    }

    private final Parser parser;
    private final Function<SubscriberSettings, LineSubscriber> subscribers;
    // guarded by this
    private final Map<String, LineSubscriber> byConfiguration = new LinkedHashMap<>();
    private final Map<String, String> configurationOfLine = new HashMap<>();
    private final Map<String, List<Subscription>> subscriptions = new HashMap<>();
    private boolean closed;

    LineSources(Parser parser) {
        this(parser, LineSubscriber::new);
    }

    LineSources(Parser parser, Function<SubscriberSettings, LineSubscriber> subscribers) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
    }

    /**
     * Starts (or, for a configuration seen before, restarts) the line of a configuration.
     *
     * @throws IllegalArgumentException when the configuration is not valid or its line id is taken by another
     *                                  configuration; the lines running stay as they are
     */
    @Override
    public synchronized void put(String configuration, Map<String, ?> properties) {
        if (closed) {
            throw new IllegalStateException("the OPC UA source is stopped");
        }
        SubscriberSettings settings = parser.parse(configuration, properties);
        String owner = configurationOfLine.get(settings.lineId());
        if (owner != null && !owner.equals(configuration)) {
            throw new IllegalArgumentException(configuration + ": lineId = " + settings.lineId() + " is already read by "
                    + owner + "; " + configuration + " is refused, " + owner + " keeps running");
        }
        remove(configuration);
        LineSubscriber subscriber = subscribers.apply(settings);
        byConfiguration.put(configuration, subscriber);
        configurationOfLine.put(settings.lineId(), configuration);
        for (Subscription subscription : subscriptions.getOrDefault(settings.lineId(), List.of())) {
            subscription.attached = subscriber.addBatchListener(subscription.batches);
        }
        subscriber.start();
        LOG.info("{}: line {} reads {} tags from {} ({})", configuration, settings.lineId(), settings.tags().size(),
                settings.endpointUrl(), settings.security());
    }

    /** Stops the line of a configuration; its subscriptions wait for it to come back. */
    @Override
    public synchronized void remove(String configuration) {
        LineSubscriber subscriber = byConfiguration.remove(configuration);
        if (subscriber == null) {
            return;
        }
        String lineId = subscriber.settings().lineId();
        configurationOfLine.remove(lineId);
        subscriptions.getOrDefault(lineId, List.of()).forEach(this::detach);
        subscriber.close();
        LOG.info("{}: line {} stopped", configuration, lineId);
    }

    @Override
    public AutoCloseable subscribe(String lineId, Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) {
        return subscribeBatches(lineId, Observations.oneByOne(events, gaps));
    }

    @Override
    public synchronized AutoCloseable subscribeBatches(String lineId, Consumer<List<LineObservation>> batches) {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(batches, "batches");
        Subscription subscription = new Subscription(lineId, batches);
        subscriptions.computeIfAbsent(lineId, id -> new ArrayList<>()).add(subscription);
        String configuration = configurationOfLine.get(lineId);
        if (configuration != null) {
            subscription.attached = byConfiguration.get(configuration).addBatchListener(batches);
        }
        return subscription;
    }

    private void detach(Subscription subscription) {
        if (subscription.attached != null) {
            try {
                subscription.attached.close();
            } catch (Exception e) {
                LOG.debug("line {}: detaching a listener: {}", subscription.lineId, e.toString());
            }
            subscription.attached = null;
        }
    }

    @Override
    public synchronized List<SourceStatus> status() {
        return byConfiguration.values().stream().map(LineSubscriber::status)
                .sorted(Comparator.comparing(SourceStatus::lineId)).toList();
    }

    /** The configurations whose lines run, by line id; for tests and messages. */
    synchronized Map<String, String> configurations() {
        return Map.copyOf(configurationOfLine);
    }

    /** Stops every line, all at once: a PLC that is gone makes its line wait for the request timeout. */
    @Override
    public void close() {
        List<LineSubscriber> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(byConfiguration.values());
            byConfiguration.clear();
            configurationOfLine.clear();
            subscriptions.clear();
        }
        List<Thread> closing = new ArrayList<>();
        for (LineSubscriber subscriber : running) {
            Thread thread = new Thread(subscriber::close, "lineledger-opcua-close-" + subscriber.settings().lineId());
            thread.setDaemon(true);
            thread.start();
            closing.add(thread);
        }
        for (Thread thread : closing) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
