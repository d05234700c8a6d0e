package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;

/** The example line configurations (docs/examples/lines) and the shipped shared settings are valid. */
class ExampleConfigurationsTest {

    private static final Path EXAMPLES = Path.of("..", "..", "docs", "examples", "lines");
    private static final Path SHIPPED = Path.of("..", "..", "features", "distribution", "src", "main", "assembly", "etc");

    private static Map<String, Object> load(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, Object> map = new HashMap<>();
        properties.forEach((key, value) -> map.put(key.toString(), value));
        return map;
    }

    private static SubscriberSettings parse(String file) throws Exception {
        return LineConfiguration.parse(file, load(EXAMPLES.resolve(file)), LineDefaults.STANDARD, Path.of("etc"),
                id -> Path.of("pki-" + id));
    }

    @Test
    void theExampleLinesParse() throws Exception {
        SubscriberSettings line1 = parse("io.lineledger.line-line-1.cfg");
        assertEquals("line-1", line1.lineId());
        assertEquals(6, line1.tags().size());
        SubscriberSettings secured = parse("io.lineledger.line-secured.cfg");
        assertEquals(MessageSecurityMode.SignAndEncrypt, secured.security().mode());
        assertEquals(200.0, secured.publishingIntervalMs());
        assertEquals(5, secured.tags().size());
        assertEquals(Path.of("etc", "lineledger", "line-secured.password"), secured.security().passwordFile());
    }

    @Test
    void theSharedExampleHoldsOnlyDefaults() throws Exception {
        Map<String, Object> shared = load(SHIPPED.resolve("io.lineledger.opcua.cfg"));
        assertEquals("100", shared.get("publishingIntervalMs"));
        assertEquals(false, shared.keySet().stream().anyMatch(key -> key.startsWith("tag.")));
    }
}
