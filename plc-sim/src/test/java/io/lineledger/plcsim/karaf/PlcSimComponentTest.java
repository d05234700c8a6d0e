package io.lineledger.plcsim.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.scenario.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlcSimComponentTest {

    private static final Path KARAF_DATA_PLC_SIM = Path.of("/karaf/data/plc-sim");

    private static PlcSimConfig config(int port, String bind, long seed, String scenario, String dataDir) {
        return config(port, bind, seed, scenario, dataDir, 0);
    }

    private static PlcSimConfig config(int port, String bind, long seed, String scenario, String dataDir, int lines) {
        return new PlcSimConfig() {
            @Override public int port() { return port; }
            @Override public String bind() { return bind; }
            @Override public long seed() { return seed; }
            @Override public String scenario() { return scenario; }
            @Override public String dataDir() { return dataDir; }
            @Override public int lines() { return lines; }
            @Override public Class<? extends Annotation> annotationType() { return PlcSimConfig.class; }
        };
    }

    @Test
    void configuredPortBindAndSeedBecomeTheSimulatorsOptions() {
        PlcSimulator.Options options = PlcSimComponent.options(config(24840, "0.0.0.0", 42, "", ""), KARAF_DATA_PLC_SIM);

        assertEquals(24840, options.port());
        assertEquals("0.0.0.0", options.bindAddress());
        assertEquals(42, options.seed());
    }

    @Test
    void anEmptyDataDirMeansPlcSimUnderKarafData() {
        PlcSimulator.Options options = PlcSimComponent.options(config(4840, "127.0.0.1", 1, "", " "), KARAF_DATA_PLC_SIM);

        assertEquals(KARAF_DATA_PLC_SIM, options.dataDir());
    }

    @Test
    void aConfiguredDataDirIsUsedAsItIs() {
        PlcSimulator.Options options = PlcSimComponent.options(config(4840, "127.0.0.1", 1, "", "/srv/plc-sim"), KARAF_DATA_PLC_SIM);

        assertEquals(Path.of("/srv/plc-sim"), options.dataDir());
    }

    @Test
    void aPortOutOfRangeFailsNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlcSimComponent.options(config(70000, "127.0.0.1", 1, "", ""), KARAF_DATA_PLC_SIM));

        assertTrue(e.getMessage().contains("io.lineledger.plcsim") && e.getMessage().contains("port = 70000"),
                e.getMessage());
    }

    @Test
    void anEmptyBindAddressFailsNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlcSimComponent.options(config(4840, "", 1, "", ""), KARAF_DATA_PLC_SIM));

        assertTrue(e.getMessage().contains("io.lineledger.plcsim") && e.getMessage().contains("bind = "), e.getMessage());
    }

    @Test
    void seedZeroKeepsTheScenariosOwnSeed() {
        PlcSimulator.Options options = PlcSimComponent.options(config(4840, "127.0.0.1", 0, "", ""), KARAF_DATA_PLC_SIM);

        assertEquals(PlcSimulator.Options.defaults().seed(), options.seed());
    }

    @Test
    void aScenarioFileIsReadAndUsed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plant.yaml");
        try (InputStream in = Scenario.class.getResourceAsStream(Scenario.DEFAULT_RESOURCE)) {
            Files.copy(in, file);
        }

        PlcSimulator.Options options = PlcSimComponent.options(config(4840, "127.0.0.1", 5, file.toString(), ""),
                KARAF_DATA_PLC_SIM);

        assertEquals(file.toString(), options.scenario().source());
        assertEquals(5, options.seed());
    }

    @Test
    void aMalformedScenarioFailsActivationNamingPidKeyAndTheFilesProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "lines: [ {");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlcSimComponent.options(config(4840, "127.0.0.1", 0, file.toString(), ""), KARAF_DATA_PLC_SIM));

        assertTrue(e.getMessage().startsWith("configuration io.lineledger.plcsim: scenario = " + file + ": " + file),
                e.getMessage());
    }

    @Test
    void negativeLinesFailNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlcSimComponent.options(config(4840, "127.0.0.1", 0, "", "", -1), KARAF_DATA_PLC_SIM));

        assertTrue(e.getMessage().contains("lines = -1"), e.getMessage());
    }

    @Test
    void aMissingScenarioFileFailsNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlcSimComponent.options(config(4840, "127.0.0.1", 1, "/no/such/scenario.yaml", ""),
                        KARAF_DATA_PLC_SIM));

        assertTrue(e.getMessage().contains("scenario = /no/such/scenario.yaml") && e.getMessage().contains("no such file"),
                e.getMessage());
    }
}
