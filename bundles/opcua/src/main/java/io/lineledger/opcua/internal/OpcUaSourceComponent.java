package io.lineledger.opcua.internal;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.SourceStatus;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link ProductionEventSource} for all lines. Its own configuration (PID {@value #PID}, optional) holds the
 * defaults shared by all lines; each line comes from an {@code io.lineledger.line} configuration
 * ({@link LineComponent}). A change of the shared settings restarts the lines with the new defaults.
 */
@Component(service = {ProductionEventSource.class, LineRegistry.class}, configurationPid = OpcUaSourceComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = OpcUaSourceConfig.class)
public final class OpcUaSourceComponent implements ProductionEventSource, LineRegistry {

    public static final String PID = "io.lineledger.opcua";
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaSourceComponent.class);

    private final LineSources lines;

    @Activate
    public OpcUaSourceComponent(BundleContext context, OpcUaSourceConfig config, Map<String, Object> properties) {
        LineDefaults defaults = LineDefaults.of(config);
        Path etc = Path.of(context.getProperty("karaf.etc") != null ? context.getProperty("karaf.etc") : "etc");
        String pkiDirectory = config.pkiDirectory() == null ? "" : config.pkiDirectory().trim();
        Path pkiBase = pkiDirectory.isEmpty() ? null : Path.of(context.getProperty("karaf.data") != null
                ? context.getProperty("karaf.data") : "data").resolve(pkiDirectory);
        if (config.ingestConcurrency() < 0) {
            throw new IllegalArgumentException(PID + ": ingestConcurrency must be >= 0 (0 = one per processor core),"
                    + " got " + config.ingestConcurrency());
        }
        IngestBudget budget = new IngestBudget(config.ingestBudget(), IngestBudget.DEFAULT_RESERVE_PER_LINE,
                config.ingestConcurrency() == 0 ? IngestBudget.defaultConcurrency() : config.ingestConcurrency());
        this.lines = new LineSources((configuration, lineProperties) -> LineConfiguration.parse(configuration,
                lineProperties, defaults, etc, lineId -> pkiBase != null ? pkiBase.resolve("pki-" + lineId)
                        : pkiDir(context, lineId)), settings -> new LineSubscriber(settings, budget));
        if (properties.keySet().stream().anyMatch(key -> key.startsWith(TagMap.PREFIX))) {
            // the single-line configuration of earlier versions: still read, as one more line
            LOG.warn("{}: lineId, endpointUrl and tag.* here are deprecated; move them to "
                    + "etc/io.lineledger.line-<name>.cfg (see docs/plant-configuration.md)", PID);
            try {
                lines.put(PID, properties);
            } catch (IllegalArgumentException e) {
                LOG.error("{}", e.getMessage());
            }
        }
    }

    private static Path pkiDir(BundleContext context, String lineId) {
        // one PKI directory per line's client, in this bundle's data area
        File dir = context.getDataFile("pki-" + lineId);
        if (dir == null) {
            throw new IllegalStateException(PID + ": the OSGi framework gives this bundle no data area for its PKI files");
        }
        return dir.toPath();
    }

    @Override
    public void put(String configuration, Map<String, ?> properties) {
        lines.put(configuration, properties);
    }

    @Override
    public void remove(String configuration) {
        lines.remove(configuration);
    }

    @Override
    public AutoCloseable subscribe(String lineId, Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) {
        return lines.subscribe(lineId, events, gaps);
    }

    @Override
    public AutoCloseable subscribeBatches(String lineId, Consumer<List<LineObservation>> batches) {
        return lines.subscribeBatches(lineId, batches);
    }

    @Override
    public List<SourceStatus> status() {
        return lines.status();
    }

    @Deactivate
    void deactivate() {
        lines.close();
    }
}
