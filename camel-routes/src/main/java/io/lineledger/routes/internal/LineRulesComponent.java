package io.lineledger.routes.internal;

import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.camel.ProductionEventComponent;
import io.lineledger.store.RecordStore;
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
 * Configured by {@code etc/io.lineledger.routes.cfg}.
 */
@Component(service = {}, configurationPid = LineRulesComponent.PID, immediate = true)
@Designate(ocd = RoutesConfig.class)
public final class LineRulesComponent {

    static final String PID = "io.lineledger.routes";
    private static final Logger LOG = LoggerFactory.getLogger(LineRulesComponent.class);

    private final CamelContext camel;

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
        LineRules rules = new LineRules(config.lineId(), specLimits(config), store);
        camel = new OsgiDefaultCamelContext(bundleContext);
        camel.getCamelContextExtension().setName("lineledger-rules");
        try {
            // routes added to a context that is not started yet never start under DS: start it first
            camel.start();
            camel.addComponent("lineledger-opcua", new ProductionEventComponent(source));
            rules.install(camel);
        } catch (Exception e) {
            camel.stop();
            throw e;
        }
        LOG.info("Line rules running for line {} (fill weight spec {}..{} g)", config.lineId(),
                config.fillWeightLsl(), config.fillWeightUsl());
    }

    static SpecLimits specLimits(RoutesConfig config) {
        try {
            return new SpecLimits(config.fillWeightLsl(), config.fillWeightUsl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": fillWeightLsl=" + config.fillWeightLsl() + " and fillWeightUsl="
                    + config.fillWeightUsl() + " are not valid spec limits: " + e.getMessage(), e);
        }
    }

    @Deactivate
    void stop() {
        camel.stop();
    }
}
