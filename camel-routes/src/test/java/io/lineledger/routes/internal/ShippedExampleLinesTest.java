package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lineledger.model.LineRecord;
import io.lineledger.routes.internal.LineDefinition.Boundary;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example line configurations in docs/examples/lines are valid and mean what their comments say. */
class ShippedExampleLinesTest {

    private static final Path EXAMPLES = Path.of("..", "docs", "examples", "lines");

    @TempDir
    Path spool;

    private RulesHarness line;

    @AfterEach
    void stop() {
        if (line != null) {
            line.close();
        }
    }

    static Map<String, Object> example(String lineId) throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(EXAMPLES.resolve("io.lineledger.line-" + lineId + ".cfg"),
                StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        }
        Map<String, Object> configuration = new HashMap<>();
        properties.forEach((key, value) -> configuration.put((String) key, value));
        configuration.put("service.pid", "io.lineledger.line~" + lineId);
        return configuration;
    }

    @Test
    void line1ReadsStateStringsAndTheFillWeight() throws Exception {
        LineDefinition line1 = LineDefinitions.parse(example("line-1"));
        assertEquals("line-1", line1.lineId());
        assertEquals(Boundary.STATE, line1.batch().boundary());
        assertEquals(List.of("fillWeight"), line1.characteristicNames());
    }

    @Test
    void theSecuredExampleIsAWholeLineToo() throws Exception {
        LineDefinition secured = LineDefinitions.parse(example("secured"));
        assertEquals("line-secured", secured.lineId());
        assertEquals(Boundary.STATE, secured.batch().boundary());
        assertEquals(List.of("fillWeight"), secured.characteristicNames());
    }

    @Test
    void line2RecordsAPackMlBatchOfHandSoapWithItsOwnLimits() throws Exception {
        LineDefinition line2 = LineDefinitions.parse(example("line-2"));
        assertEquals(Boundary.PACKML, line2.batch().boundary());
        assertEquals(3, line2.characteristics().size());
        assertEquals("N\u00b7m", line2.characteristicOf("capper.capTorque").orElseThrow().unit());

        line = new RulesHarness(example("line-2"), spool);
        // plc-sim's setup step, then Start
        line.plc("product", "Hand Soap 250 ml");
        line.plc("lot", "LOT2-20260105-080000-1");
        line.plc("checkweigher.good", 0L);
        line.plc("checkweigher.reject", 0L);
        line.plc("checkweigher.state", 4L);
        line.plc("checkweigher.state", 6L);
        for (int part = 1; part <= 3; part++) {
            line.plc("capper.capTorque", 1.6);
            line.plc("labeler.labelOffset", 0.1 * part);
            line.plc("checkweigher.fillWeight", 249.0 + part);
            line.plc("checkweigher.good", (long) part);
        }
        line.plc("checkweigher.state", 17L);
        line.plc("checkweigher.state", 15L);

        LineRecord completed = line.completed("LOT2-20260105-080000-1");
        assertEquals("PASS", completed.fields().get("verdict"), completed.fields().get("reasons").toString());
        assertEquals(3, ((Number) completed.fields().get("parts")).intValue());
        LineRecord weight = line.batch("LOT2-20260105-080000-1").stream()
                .filter(r -> "fillWeight".equals(r.fields().get("characteristic"))).findFirst().orElseThrow();
        assertEquals(246.0, ((Number) weight.fields().get("lsl")).doubleValue());
        assertEquals("Checkweigher", weight.fields().get("station"));
    }
}
