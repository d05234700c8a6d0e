package io.lineledger.opcua.internal;

import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per factory configuration {@code io.lineledger.line~<name>}: hands it to the OPC UA source. A bad
 * configuration, or one whose lineId another configuration has, fails this component only, with a message naming
 * the PID, key and value; the other lines keep running.
 */
@Component(configurationPid = LineConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = LineConfig.class, factory = true)
public final class LineComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LineComponent.class);

    private final LineRegistry registry;
    private final String configuration;

    @Activate
    public LineComponent(@Reference LineRegistry registry, Map<String, Object> properties) {
        this.registry = registry;
        this.configuration = name(properties);
        try {
            registry.put(configuration, properties);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; this line is not read over OPC UA, the other lines keep running", e.getMessage());
            throw e;
        }
    }

    /** The PID, and the file it comes from when there is one: {@code io.lineledger.line~line1 (io.lineledger.line-line1.cfg)}. */
    static String name(Map<String, ?> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        String name = pid == null ? LineConfiguration.FACTORY_PID : pid.toString();
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = file.toString();
            name += " (" + path.substring(path.lastIndexOf('/') + 1) + ")";
        }
        return name;
    }

    @Deactivate
    void deactivate() {
        registry.remove(configuration);
    }
}
