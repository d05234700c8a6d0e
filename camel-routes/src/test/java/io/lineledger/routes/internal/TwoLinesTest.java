package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lineledger.model.LineRecord;
import io.lineledger.model.ProductionEvent;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two lines, each with its own rules and Camel context, on one store and one spool directory. */
class TwoLinesTest {

    @TempDir
    Path spool;

    private static DefaultCamelContext context(String lineId) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("lineledger-" + lineId);
        camel.addComponent("lineledger-opcua", new DirectComponent());
        camel.start();
        return camel;
    }

    @Test
    void eachLineRecordsItsOwnBatchesByItsOwnConventionAndABadThirdLineChangesNothing() throws Exception {
        JdbcRecordStore store = new JdbcRecordStore(H2RecordStores.newDatabase());
        // a third configuration with a mistake is refused on its own
        assertThrows(IllegalArgumentException.class, () -> LineDefinitions.parse(TestLines.with(TestLines.line2(),
                "lineId", "line-3", "batch.idTag", null)));
        DefaultCamelContext camel1 = context("line-1");
        DefaultCamelContext camel2 = context("line-2");
        try (LineRules line1 = new LineRules(RulesSettings.of(TestLines.define(TestLines.line1()), spool), store,
                Clock.systemUTC());
             LineRules line2 = new LineRules(RulesSettings.of(TestLines.define(TestLines.line2()), spool), store,
                     Clock.systemUTC())) {
            line1.install(camel1);
            line2.install(camel2);
            ProducerTemplate plc1 = camel1.createProducerTemplate();
            ProducerTemplate plc2 = camel2.createProducerTemplate();
            Instant t = Instant.parse("2026-01-05T08:00:00Z");
            plc1.sendBody("lineledger-opcua:line-1", new ProductionEvent("line-1", "batchId", "LOT-1", t, "Good"));
            plc2.sendBody("lineledger-opcua:line-2", new ProductionEvent("line-2", "lot", "LOT2-1", t, "Good"));
            plc1.sendBody("lineledger-opcua:line-1", new ProductionEvent("line-1", "batchState", "Running",
                    t.plusSeconds(1), "Good"));
            plc2.sendBody("lineledger-opcua:line-2", new ProductionEvent("line-2", "checkweigher.state", 6L,
                    t.plusSeconds(1), "Good"));
            plc1.sendBody("lineledger-opcua:line-1", new ProductionEvent("line-1", "checkweigher.fillWeight", 500.0,
                    t.plusSeconds(2), "Good"));
            plc2.sendBody("lineledger-opcua:line-2", new ProductionEvent("line-2", "checkweigher.fillWeight", "bad",
                    t.plusSeconds(2), "Good"));

            assertEquals(List.of("batch-started", "quality"), store.range("line-1", 1, store.lastSeq("line-1"))
                    .stream().map(LineRecord::type).toList());
            assertEquals(List.of("batch-started"), store.range("line-2", 1, store.lastSeq("line-2")).stream()
                    .map(LineRecord::type).toList());
            assertEquals(0, line1.deadLetters().count());
            assertEquals(1, line2.deadLetters().count());
            assertEquals("LOT-1", line1.status().runningBatch());
            assertEquals("LOT2-1", line2.status().runningBatch());
        } finally {
            camel1.stop();
            camel2.stop();
        }
    }
}
