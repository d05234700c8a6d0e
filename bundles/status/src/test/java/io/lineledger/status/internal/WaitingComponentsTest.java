package io.lineledger.status.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.status.WaitingComponent;
import io.lineledger.status.WaitingComponent.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class WaitingComponentsTest {

    private static ComponentDescriptionDTO description(String name, String policy, String pid) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.configurationPolicy = policy;
        d.configurationPid = new String[] {pid};
        d.references = new ReferenceDTO[0];
        return d;
    }

    private static ComponentConfigurationDTO configuration(int state, Map<String, Object> properties) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.properties = properties;
        return c;
    }

    @Test
    void aRequiredConfigurationThatIsMissingIsWhatToConfigure() {
        List<WaitingComponent> waiting = WaitingComponents.of("io.lineledger.ledger",
                description("io.lineledger.ledger.internal.LedgerComponent", "require", "io.lineledger.ledger"),
                List.of());

        assertEquals(List.of(new WaitingComponent("io.lineledger.ledger",
                "io.lineledger.ledger.internal.LedgerComponent", Reason.NO_CONFIGURATION, "io.lineledger.ledger",
                null)), waiting);
        assertEquals("LedgerComponent (io.lineledger.ledger) waits for its configuration: create "
                + "etc/io.lineledger.ledger.cfg", waiting.get(0).describe());
    }

    @Test
    void aLineOrTheSimulatorWithoutConfigurationIsIdleByDesign() {
        assertTrue(WaitingComponents.of("io.lineledger.opcua",
                description("io.lineledger.opcua.internal.LineComponent", "require", "io.lineledger.line"),
                List.of()).isEmpty());
        assertTrue(WaitingComponents.of("io.lineledger.plcsim",
                description("io.lineledger.plcsim.karaf.PlcSimComponent", "require", "io.lineledger.plcsim"),
                List.of()).isEmpty());
    }

    @Test
    void aFailedActivationGivesTheComponentsOwnMessageAndTheFileOfItsConfiguration() {
        ComponentConfigurationDTO failed = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION,
                Map.of("service.pid", "io.lineledger.line~line-2"));
        failed.failure = "java.lang.IllegalArgumentException: io.lineledger.line~line-2: endpointUrl = 'x' is not"
                + " an opc.tcp:// URL\n\tat io.lineledger.opcua.internal.LineConfiguration.of(LineConfiguration.java:1)";

        List<WaitingComponent> waiting = WaitingComponents.of("io.lineledger.opcua",
                description("io.lineledger.opcua.internal.LineComponent", "require", "io.lineledger.line"),
                List.of(failed));

        assertEquals(1, waiting.size());
        assertEquals("LineComponent (io.lineledger.opcua) did not start with etc/io.lineledger.line-line-2.cfg: "
                + "io.lineledger.line~line-2: endpointUrl = 'x' is not an opc.tcp:// URL", waiting.get(0).describe());
    }

    @Test
    void aMissingServiceIsReportedOnTheRecordingPathOnly() {
        ComponentDescriptionDTO store = description("io.lineledger.store.internal.StoreComponent", "optional",
                "io.lineledger.store");
        ReferenceDTO dataSource = new ReferenceDTO();
        dataSource.name = "dataSource";
        dataSource.interfaceName = "javax.sql.DataSource";
        store.references = new ReferenceDTO[] {dataSource};
        UnsatisfiedReferenceDTO unsatisfied = new UnsatisfiedReferenceDTO();
        unsatisfied.name = "dataSource";
        unsatisfied.target = "(dataSourceName=lineledger)";
        ComponentConfigurationDTO waitingForIt = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, Map.of());
        waitingForIt.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {unsatisfied};

        List<WaitingComponent> waiting = WaitingComponents.of("io.lineledger.store", store, List.of(waitingForIt));

        assertEquals("StoreComponent (io.lineledger.store) waits for a DataSource service matching "
                + "(dataSourceName=lineledger)", waiting.get(0).describe());
        assertTrue(WaitingComponents.of("io.lineledger.shell", store, List.of(waitingForIt)).isEmpty(),
                "the shell's feeds wait for optional parts by design");
    }

    @Test
    void theExceptionClassIsTakenOffTheFailureMessage() {
        assertEquals("io.lineledger.ledger: keyStoreFile = 'x' does not exist",
                WaitingComponents.firstLine("org.osgi.service.component.ComponentException: "
                        + "java.lang.IllegalArgumentException: io.lineledger.ledger: keyStoreFile = 'x' does not exist\n"
                        + "\tat somewhere"));
    }
}
