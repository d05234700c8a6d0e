package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lineledger.opcua.SourceStatus;
import io.lineledger.plcsim.PlcSimulator;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line configurations the project ships as examples (docs/examples/lines, shared with the rules) read plc-sim
 * without a tag problem: every node and browse path exists and has the declared type.
 */
class SharedExampleLinesTest {

    private static final Path EXAMPLES = Path.of("..", "..", "docs", "examples", "lines");

    @TempDir
    Path dir;

    private static Map<String, Object> load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, Object> map = new HashMap<>();
        properties.forEach((key, value) -> map.put(key.toString(), value));
        return map;
    }

    private SourceStatus readWith(PlcSimulator sim, String file) throws Exception {
        Path path = EXAMPLES.resolve(file);
        assumeTrue(Files.isRegularFile(path), path + " is not there");
        Map<String, Object> properties = load(path);
        properties.put("endpointUrl", sim.endpointUrl());
        SubscriberSettings settings = LineConfiguration.parse(file, properties, LineDefaults.STANDARD, dir,
                lineId -> dir.resolve("pki-" + lineId));
        try (LineSubscriber subscriber = new LineSubscriber(settings)) {
            subscriber.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!subscriber.status().subscribed() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return subscriber.status();
        }
    }

    @Test
    void everyTagOfTheExampleLinesExistsWithItsType() throws Exception {
        try (PlcSimulator sim = PlcSimulator.start(PlcSimulator.Options.defaults().withDataDir(dir.resolve("sim"))
                .withPartIntervalMs(50))) {
            for (String file : new String[] {"io.lineledger.line-line-1.cfg", "io.lineledger.line-line-2.cfg"}) {
                SourceStatus status = readWith(sim, file);
                assertTrue(status.subscribed(), file + ": " + status);
                assertEquals(Map.of(), status.tagProblems(), file);
            }
        }
    }
}
