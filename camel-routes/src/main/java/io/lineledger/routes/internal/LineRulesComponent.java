package io.lineledger.routes.internal;

import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.camel.ProductionEventComponent;
import io.lineledger.routes.RulesMonitor;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.RecordStore;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.LanguageResolver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules of one line in its own Camel context named after the line: production events from OPC UA in,
 * records to the store out. One instance per factory configuration {@code io.lineledger.line} (the file the OPC UA
 * source reads too); its status is the {@link RulesMonitor} service, with the line's {@code lineId} as a property.
 * A configuration mistake stops this line only, with an ERROR naming the PID, the key and the value.
 *
 * <p>The rules start by reading the line's history from the store. When the store cannot answer then, the component
 * still activates and tries again every few seconds (status: not started, with the reason); no value is read
 * meanwhile, and that time becomes a {@code lineledger-down} gap record once the source delivers again.
 */
@Component(service = RulesMonitor.class, configurationPid = LineDefinitions.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class LineRulesComponent implements RulesMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(LineRulesComponent.class);

    private final String pid;
    private final RulesPlatform platform;
    private final BundleContext bundleContext;
    private final ProductionEventSource source;
    private final RulesSettings settings;
    private final RecordStore store;
    private final AutoCloseable starts;
    private volatile LineRules rules;
    private volatile String startProblem;
    // guarded by this
    private CamelContext camel;
    private AutoCloseable routeFileChanges;
    private boolean stopped;

    /**
     * The four resolver references are not used here: they hold activation until camel-core-osgi has registered
     * what the route files need (it does so as the Camel bundles start, in the same feature install as this one;
     * without them, one boot in three failed with "No language could be found for: simple").
     */
    @Activate
    public LineRulesComponent(BundleContext bundleContext, Map<String, Object> properties,
                              @Reference ProductionEventSource source,
                              @Reference(target = RecordStore.RECORDING) RecordStore store,
                              @Reference RulesPlatform platform,
                              @Reference(target = "(language=simple)") LanguageResolver simpleLanguage,
                              @Reference(target = "(language=bean)") LanguageResolver beanLanguage,
                              @Reference(target = "(language=ref)") LanguageResolver refLanguage,
                              @Reference(target = "(component=direct)") ComponentResolver directComponent) {
        this.pid = LineDefinitions.pidOf(properties);
        this.platform = platform;
        this.store = store;
        LineDefinition line = define(properties, platform);
        this.settings = platform.settingsFor(line);
        this.bundleContext = bundleContext;
        this.source = source;
        // the line's Camel context and rules start on the platform's start threads, not on Karaf's one feature-install
        // thread: the bundles after this one (health, certificates) wait for no line (84 Camel contexts started
        // there took ~13 s of the boot). Until they run, the line's values wait in its ingest queue and its status
        // says "not started" with the reason.
        starts = platform.startLine(line.lineId(), this::tryStart);
    }

    /** The line's meaning, checked, and its id claimed; an ERROR and a failed activation otherwise. */
    static LineDefinition define(Map<String, Object> properties, RulesPlatform platform) {
        try {
            LineDefinition line = LineDefinitions.parse(properties);
            platform.claim(line.lineId(), LineDefinitions.pidOf(properties));
            return line;
        } catch (IllegalArgumentException e) {
            LOG.error("{}; the rules of this line do not start, other lines keep running", e.getMessage());
            throw e;
        }
    }

    /**
     * Starts the line's Camel context and installs the rules, on a start thread of the platform; false when the store
     * cannot give the line's history yet (tried again). A context or routes that do not start are an ERROR and the
     * status's reason: the line is not read.
     */
    private synchronized boolean tryStart() {
        if (rules != null || stopped) {
            return true;
        }
        if (camel == null) {
            try {
                camel = startedCamel();
            } catch (Exception e) {
                startProblem = "Camel did not start: " + e.getMessage();
                LOG.error("{}: the Camel context of line {} did not start; the line is not read", pid,
                        settings.lineId(), e);
                return true;
            }
        }
        LineRules started;
        try {
            started = new LineRules(settings, store, Clock.systemUTC());
        } catch (RuntimeException e) {
            if (startProblem == null) {
                LOG.error("Line rules of {} cannot start: the store did not give the line's history ({}); trying again"
                        + " every few seconds, no value of the line is read meanwhile", settings.lineId(),
                        e.getMessage(), e);
            }
            startProblem = "waiting for the store: " + e.getMessage();
            return false;
        }
        try {
            started.install(camel, platform.routeFiles());
        } catch (Exception e) {
            started.close();
            startProblem = "the routes did not load: " + e.getMessage();
            LOG.error("{}: the routes of line {} did not load; the line is not read", pid, settings.lineId(), e);
            return true;
        }
        rules = started;
        startProblem = null;
        routeFileChanges = platform.onRouteFilesChanged(started::reload);
        started.reload(platform.routeFiles()); // a change between the install and the listener
        LOG.info("Line rules running for line {} ({}: {} characteristic(s), batch boundary {})", settings.lineId(),
                pid, settings.line().characteristics().size(), settings.line().batch().boundary());
        return true;
    }

    private CamelContext startedCamel() throws Exception {
        CamelContext context = new OsgiDefaultCamelContext(bundleContext);
        context.getCamelContextExtension().setName("lineledger-" + settings.lineId());
        // no JMX: nothing reads Camel's MBeans, and building them for every route and processor of every line took
        // most of a line's start and ~100,000 objects at 84 lines (BENCHMARKS.md, "Footprint")
        context.disableJMX();
        try {
            // routes added to a context that is not started yet never start under DS: start it first
            context.start();
            context.addComponent(ProductionEventComponent.SCHEME, new ProductionEventComponent(source));
            return context;
        } catch (Exception e) {
            context.stop();
            throw e;
        }
    }

    @Override
    public RulesStatus status() {
        LineRules running = rules;
        return running != null ? running.status() : RulesStatus.notStarted(settings.lineId(), startProblem);
    }

    @Deactivate
    void stop() throws Exception {
        starts.close();
        synchronized (this) { // after a start under way
            stopped = true;
            if (routeFileChanges != null) {
                routeFileChanges.close();
            }
            if (camel != null) {
                camel.stop();
            }
            if (rules != null) {
                rules.close();
            }
            platform.release(settings.lineId(), pid);
        }
    }
}
