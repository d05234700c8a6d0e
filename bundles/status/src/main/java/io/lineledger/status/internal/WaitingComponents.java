package io.lineledger.status.internal;

import io.lineledger.status.WaitingComponent;
import io.lineledger.status.WaitingComponent.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Tells from the component runtime's DTOs which LineLedger components do not run and why: a required configuration
 * that is missing, an activation that failed (a refused value), or a service that is not there.
 */
final class WaitingComponents {

    /** LineLedger's bundles share this prefix. */
    static final String LINELEDGER = "io.lineledger.";
    /**
     * Configurations that exist once per line (or per simulated plant): a component without one is idle by design,
     * and "no line is configured" is said elsewhere.
     */
    static final Set<String> ONE_PER_INSTANCE = Set.of("io.lineledger.line", "io.lineledger.plcsim");
    /**
     * Bundles on the recording path. Elsewhere (status, shell, metrics, certificates) components wait for a part's
     * service by design, to show that part only while it runs.
     */
    static final Set<String> RECORDING_PATH = Set.of("io.lineledger.opcua", "io.lineledger.routes",
            "io.lineledger.store", "io.lineledger.ledger");

    private WaitingComponents() {
    }

    /** What one component description and its configurations (empty when it has none) say. */
    static List<WaitingComponent> of(String bundle, ComponentDescriptionDTO description,
                                     Collection<ComponentConfigurationDTO> configurations) {
        if (!bundle.startsWith(LINELEDGER)) {
            return List.of();
        }
        String pid = description.configurationPid == null || description.configurationPid.length == 0
                ? null : description.configurationPid[0];
        if (configurations.isEmpty()) {
            if ("require".equals(description.configurationPolicy) && pid != null && !ONE_PER_INSTANCE.contains(pid)) {
                return List.of(new WaitingComponent(bundle, description.name, Reason.NO_CONFIGURATION, pid, null));
            }
            return List.of();
        }
        List<WaitingComponent> waiting = new ArrayList<>();
        for (ComponentConfigurationDTO configuration : configurations) {
            String configured = configuredPid(configuration, pid);
            if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                waiting.add(new WaitingComponent(bundle, description.name, Reason.ACTIVATION_FAILED, configured,
                        firstLine(configuration.failure)));
            } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                    && RECORDING_PATH.contains(bundle)) {
                waiting.add(new WaitingComponent(bundle, description.name, Reason.SERVICE_MISSING, configured,
                        missing(description, configuration.unsatisfiedReferences)));
            }
        }
        return waiting;
    }

    /** The configuration's own PID (a factory configuration's {@code io.lineledger.line~line-1}) when it has one. */
    private static String configuredPid(ComponentConfigurationDTO configuration, String pid) {
        Map<String, Object> properties = configuration.properties;
        Object own = properties == null ? null : properties.get("service.pid");
        if (own instanceof String text && !text.isBlank()) {
            // Karaf's etc/ file of a factory configuration io.lineledger.line~x is io.lineledger.line-x.cfg
            return text.replace('~', '-');
        }
        return pid;
    }

    private static String missing(ComponentDescriptionDTO description, UnsatisfiedReferenceDTO[] unsatisfied) {
        if (unsatisfied == null || unsatisfied.length == 0) {
            return "a service it needs";
        }
        return Arrays.stream(unsatisfied).map(u -> {
            String type = Arrays.stream(description.references == null ? new ReferenceDTO[0] : description.references)
                    .filter(r -> r.name.equals(u.name)).map(r -> r.interfaceName).findFirst().orElse(u.name);
            return "a " + type.substring(type.lastIndexOf('.') + 1) + " service"
                    + (u.target == null || u.target.isBlank() ? "" : " matching " + u.target);
        }).collect(Collectors.joining(" and "));
    }

    /** The failure's first line, without the exception's class name: the component's own message. */
    static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "see the Karaf log";
        }
        String line = failure.strip().lines().findFirst().orElse("");
        // "java.lang.IllegalArgumentException: io.lineledger.ledger: rpcUrl = ..." -> the message
        while (line.matches("^[a-zA-Z_$][\\w.$]*(Exception|Error): .*")) {
            line = line.substring(line.indexOf(": ") + 2);
        }
        return line;
    }
}
