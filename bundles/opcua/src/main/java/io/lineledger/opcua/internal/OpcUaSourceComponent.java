package io.lineledger.opcua.internal;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.SourceStatus;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Reads one line's tags over OPC UA and offers them as a {@link ProductionEventSource}. Needs its configuration
 * (PID {@value #PID}); bad configuration fails activation with a message naming the PID, key and value.
 */
@Component(service = ProductionEventSource.class, configurationPid = OpcUaSourceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = OpcUaSourceConfig.class)
public final class OpcUaSourceComponent implements ProductionEventSource {

    public static final String PID = "io.lineledger.opcua";

    private final LineSubscriber subscriber;

    @Activate
    public OpcUaSourceComponent(BundleContext context, OpcUaSourceConfig config, Map<String, Object> properties) {
        this.subscriber = new LineSubscriber(settings(config, properties, pkiDir(context, config.lineId())));
        subscriber.start();
    }

    /** Validates the configuration; errors name the PID, the key and the value. */
    static SubscriberSettings settings(OpcUaSourceConfig config, Map<String, ?> properties, File pkiDir) {
        try {
            if (config.lineId() == null || !config.lineId().matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*")) {
                throw new IllegalArgumentException("lineId = " + config.lineId()
                        + ": must be letters, digits, '_', '.' or '-'");
            }
            if (config.maxReconnectDelayMs() < 100) {
                throw new IllegalArgumentException("maxReconnectDelayMs = " + config.maxReconnectDelayMs() + ": must be >= 100");
            }
            TagMap tags = TagMap.fromProperties(properties);
            Duration maxDelay = Duration.ofMillis(config.maxReconnectDelayMs());
            return new SubscriberSettings(config.endpointUrl(), config.lineId(), tags, config.samplingIntervalMs(),
                    config.publishingIntervalMs(), config.keepAliveMs(), config.requestTimeoutMs(), config.queueSize(),
                    pkiDir.toPath(), Duration.ofMillis(Math.min(500, maxDelay.toMillis())), maxDelay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + PID + ": " + e.getMessage(), e);
        }
    }

    private static File pkiDir(BundleContext context, String lineId) {
        // one PKI directory per client, in this bundle's data area
        File dir = context.getDataFile("pki-" + lineId);
        if (dir == null) {
            throw new IllegalStateException(PID + ": the OSGi framework gives this bundle no data area for its PKI files");
        }
        return dir;
    }

    @Override
    public AutoCloseable subscribe(Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) {
        return subscriber.addListener(events, gaps);
    }

    @Override
    public List<SourceStatus> status() {
        return List.of(subscriber.status());
    }

    @Deactivate
    void deactivate() {
        subscriber.close();
    }
}
