package io.lineledger.plcsim.karaf;

import io.lineledger.plcsim.PlcSimulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulated plant in Karaf while PID {@value #PID} is configured: {@link PlcSimulator#start} on
 * activation, {@link PlcSimulator#close} on deactivation (a changed configuration restarts it). Bad configuration
 * fails activation with a message naming the PID, key and value.
 */
@Component(service = {}, configurationPid = PlcSimComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = PlcSimConfig.class)
public final class PlcSimComponent {

    public static final String PID = "io.lineledger.plcsim";

    private static final Logger LOG = LoggerFactory.getLogger(PlcSimComponent.class);

    private final PlcSimulator simulator;

    @Activate
    public PlcSimComponent(BundleContext context, PlcSimConfig config) {
        PlcSimulator.Options options = options(config, defaultDataDir(context));
        try {
            this.simulator = PlcSimulator.start(options);
        } catch (RuntimeException e) {
            throw new IllegalStateException(PID + ": plc-sim did not start on " + config.bind() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        // the same line the command-line simulator prints, so that scripts can wait for it in the log
        LOG.info("plc-sim listening on {}", simulator.endpointUrl());
    }

    /** The simulator's options from the configuration; errors name the PID, the key and the value. */
    static PlcSimulator.Options options(PlcSimConfig config, Path defaultDataDir) {
        if (config.port() < 0 || config.port() > 65535) {
            throw invalid("port", config.port(), "must be 0..65535");
        }
        String bind = config.bind() == null ? "" : config.bind().trim();
        if (bind.isEmpty()) {
            throw invalid("bind", config.bind(), "must be an address to listen on, e.g. 127.0.0.1");
        }
        if (config.lines() < 0) {
            throw invalid("lines", config.lines(), "must be >= 0 (0 = as many as the scenario has)");
        }
        String dataDir = config.dataDir() == null ? "" : config.dataDir().trim();
        PlcSimulator.Options options = PlcSimulator.Options.defaults()
                .withBindAddress(bind)
                .withPort(config.port())
                .withDataDir(dataDir.isEmpty() ? defaultDataDir : Path.of(dataDir))
                .withLines(config.lines());
        String scenario = config.scenario() == null ? "" : config.scenario().trim();
        if (!scenario.isEmpty()) {
            if (!Files.isRegularFile(Path.of(scenario))) {
                throw invalid("scenario", scenario, "no such file");
            }
            try {
                // read and checked now: a bad file fails activation before any server starts
                options = options.withScenario(Path.of(scenario));
            } catch (RuntimeException e) {
                throw invalid("scenario", scenario, e.getMessage());
            }
        }
        return config.seed() != 0 ? options.withSeed(config.seed()) : options;
    }

    private static IllegalArgumentException invalid(String key, Object value, String problem) {
        return new IllegalArgumentException("configuration " + PID + ": " + key + " = " + value + ": " + problem);
    }

    /** {@code plc-sim} under {@code karaf.data}; outside Karaf, this bundle's own data area. */
    private static Path defaultDataDir(BundleContext context) {
        String karafData = context.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "plc-sim");
        }
        File area = context.getDataFile("plc-sim");
        if (area == null) {
            throw new IllegalStateException(PID + ": dataDir is empty and the OSGi framework gives this bundle no "
                    + "data area");
        }
        return area.toPath();
    }

    @Deactivate
    void deactivate() {
        // stops this simulator only: Milo's shared threads may serve other bundles (the OPC UA source)
        simulator.close();
    }
}
