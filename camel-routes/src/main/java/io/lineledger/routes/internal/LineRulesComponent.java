package io.lineledger.routes.internal;

import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.camel.ProductionEventComponent;
import io.lineledger.routes.RulesMonitor;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.RecordStore;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.LanguageResolver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the line rules in their own Camel context: production events from OPC UA in, records to the store out.
 * Configured by {@code etc/io.lineledger.routes.cfg}; its status is the {@link RulesMonitor} service.
 *
 * <p>The rules start by reading the line's history from the store. When the store cannot answer then, the component
 * still activates and tries again every few seconds (status: not started, with the reason); no value is read
 * meanwhile, and that time becomes a {@code lineledger-down} gap record once the source delivers again.
 */
// the service carries lineId (and the other settings) as properties: bnd writes the config's defaults as component
// properties, and a configuration overrides them
@Component(service = RulesMonitor.class, configurationPid = LineRulesComponent.PID, immediate = true)
@Designate(ocd = RoutesConfig.class)
public final class LineRulesComponent implements RulesMonitor {

    static final String PID = "io.lineledger.routes";
    private static final Logger LOG = LoggerFactory.getLogger(LineRulesComponent.class);
    private static final long START_RETRY_SECONDS = 5;

    private final CamelContext camel;
    private final RulesSettings settings;
    private final RecordStore store;
    private final ScheduledExecutorService starter;
    private volatile LineRules rules;
    private volatile String startProblem;
    private boolean stopped;

    /**
     * The three resolver references are not used here: they hold activation until camel-core-osgi has registered
     * what the route files need (it does so as the Camel bundles start, in the same feature install as this one;
     * without them, one boot in three failed with "No language could be found for: simple").
     */
    @Activate
    public LineRulesComponent(BundleContext bundleContext, @Reference ProductionEventSource source,
                              @Reference RecordStore store, RoutesConfig config,
                              @Reference(target = "(language=simple)") LanguageResolver simpleLanguage,
                              @Reference(target = "(language=bean)") LanguageResolver beanLanguage,
                              @Reference(target = "(component=direct)") ComponentResolver directComponent)
            throws Exception {
        this.settings = settings(config, bundleContext);
        this.store = store;
        camel = new OsgiDefaultCamelContext(bundleContext);
        camel.getCamelContextExtension().setName("lineledger-rules");
        starter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lineledger-rules-start-" + settings.lineId());
            thread.setDaemon(true);
            return thread;
        });
        try {
            // routes added to a context that is not started yet never start under DS: start it first
            camel.start();
            camel.addComponent("lineledger-opcua", new ProductionEventComponent(source));
        } catch (Exception e) {
            camel.stop();
            starter.shutdownNow();
            throw e;
        }
        if (!tryStart()) {
            starter.scheduleWithFixedDelay(() -> {
                if (tryStart()) {
                    throw new IllegalStateException("started"); // ends the repetition
                }
            }, START_RETRY_SECONDS, START_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Builds and installs the rules; false when the store cannot give the line's history yet. */
    private synchronized boolean tryStart() {
        if (rules != null || stopped) {
            return true;
        }
        LineRules started;
        try {
            started = new LineRules(settings, store, Clock.systemUTC());
        } catch (RuntimeException e) {
            if (startProblem == null) {
                LOG.error("Line rules of {} cannot start: the store did not give the line's history ({}); trying again"
                        + " every {} s, no value of the line is read meanwhile", settings.lineId(), e.getMessage(),
                        START_RETRY_SECONDS, e);
            }
            startProblem = "waiting for the store: " + e.getMessage();
            return false;
        }
        try {
            started.install(camel);
        } catch (Exception e) {
            started.close();
            throw new IllegalStateException(PID + ": the routes of line " + settings.lineId() + " did not load: "
                    + e.getMessage(), e);
        }
        rules = started;
        startProblem = null;
        LOG.info("Line rules running for line {} (fill weight spec {}..{} g)", settings.lineId(),
                settings.fillWeight().lsl(), settings.fillWeight().usl());
        return true;
    }

    @Override
    public RulesStatus status() {
        LineRules running = rules;
        return running != null ? running.status() : RulesStatus.notStarted(settings.lineId(), startProblem);
    }

    static RulesSettings settings(RoutesConfig config, BundleContext bundleContext) {
        requireAtLeast("appendAttempts", config.appendAttempts(), 1);
        requireAtLeast("appendBackoffMillis", config.appendBackoffMillis(), 0);
        requireAtLeast("completeHoldMillis", config.completeHoldMillis(), 0);
        requireAtLeast("deadLetterLogSeconds", config.deadLetterLogSeconds(), 1);
        if (config.lineId() == null || config.lineId().isBlank()) {
            throw new IllegalArgumentException(PID + ": lineId = '" + config.lineId() + "': must not be empty");
        }
        return new RulesSettings(config.lineId(), specLimits(config), spoolDirectory(config, bundleContext),
                config.appendAttempts(), Duration.ofMillis(config.appendBackoffMillis()),
                Duration.ofMillis(config.completeHoldMillis()), Duration.ofSeconds(config.deadLetterLogSeconds()), 20);
    }

    static SpecLimits specLimits(RoutesConfig config) {
        try {
            return new SpecLimits(config.fillWeightLsl(), config.fillWeightUsl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": fillWeightLsl=" + config.fillWeightLsl() + " and fillWeightUsl="
                    + config.fillWeightUsl() + " are not valid spec limits: " + e.getMessage(), e);
        }
    }

    private static Path spoolDirectory(RoutesConfig config, BundleContext bundleContext) {
        String configured = config.spoolDirectory() == null ? "" : config.spoolDirectory().trim();
        if (configured.isEmpty()) {
            String karafData = System.getProperty("karaf.data");
            return karafData != null ? Path.of(karafData, "lineledger", "spool")
                    : bundleContext.getDataFile("spool").toPath();
        }
        try {
            Path path = Path.of(configured);
            File dir = path.toFile();
            if (dir.exists() && !dir.isDirectory()) {
                throw new IllegalArgumentException("exists and is not a directory");
            }
            return path;
        } catch (IllegalArgumentException e) { // also InvalidPathException
            throw new IllegalArgumentException(PID + ": spoolDirectory = '" + configured + "': " + e.getMessage(), e);
        }
    }

    private static void requireAtLeast(String key, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(PID + ": " + key + " = " + value + ": must be at least " + least);
        }
    }

    @Deactivate
    void stop() {
        starter.shutdownNow();
        synchronized (this) { // after a start under way
            stopped = true;
            camel.stop();
            if (rules != null) {
                rules.close();
            }
        }
    }
}
