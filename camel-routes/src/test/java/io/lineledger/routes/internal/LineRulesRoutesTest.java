package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.model.ProductionEvent;
import io.lineledger.store.internal.JdbcRecordStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the shipped YAML routes in a plain Camel context against the real store on an in-memory database. */
class LineRulesRoutesTest {

    private static final String LINE = "line-1";
    private static final String SOURCE = "lineledger-opcua:" + LINE;

    private JdbcConnectionPool pool;
    private JdbcRecordStore store;
    private DefaultCamelContext camel;
    private LineRules rules;
    private ProducerTemplate plc;
    private Instant clock = Instant.parse("2026-01-05T08:00:00Z");

    @BeforeEach
    void start() throws Exception {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store = new JdbcRecordStore(pool);
        startRules();
    }

    private void startRules() throws Exception {
        camel = new DefaultCamelContext();
        // stands in for the OPC UA consumer: same scheme and URI, events sent synchronously by the test
        camel.addComponent("lineledger-opcua", new DirectComponent());
        camel.start();
        rules = new LineRules(LINE, new SpecLimits(495.0, 505.0), store);
        rules.install(camel);
        plc = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        pool.dispose();
    }

    private void plc(String tag, Object value) {
        plc(tag, value, "Good");
    }

    private void plc(String tag, Object value, String status) {
        clock = clock.plusMillis(250);
        plc.sendBody(SOURCE, new ProductionEvent(LINE, tag, value, clock, status));
    }

    /** A value with the PLC's own time of measurement, e.g. an old value reported again on connect. */
    private void plcMeasuredAt(String tag, Object value, Instant sourceTime) {
        plc.sendBody(SOURCE, new ProductionEvent(LINE, tag, value, sourceTime, "Good"));
    }

    @Test
    void aBatchBecomesStartedQualityAndCompletedRecordsInOrder() {
        double[] weights = {500.1, 499.2, 501.7, 494.9, 500.0, 498.8, 505.0, 495.0, 502.3, 506.4,
                500.5, 497.1, 503.9, 500.2, 480.0, 499.9, 501.1, 500.6, 498.4, 500.3};
        plc("batchState", "Idle");
        plc("product", "Water 0.5 l");
        plc("batchId", "LOT-20260105-080000-1");
        plc("batchState", "Running");
        for (int part = 0; part < weights.length; part++) {
            plc("checkweigher.fillWeight", weights[part]);
            plc("partCount", part + 1L);
        }
        plc("batchState", "Complete");

        List<LineRecord> records = store.range(LINE, 1, store.lastSeq(LINE));
        assertEquals(22, records.size());
        assertEquals("batch-started", records.get(0).type());
        assertEquals("Water 0.5 l", records.get(0).fields().get("product"));
        Instant.parse((String) records.get(0).fields().get("sourceTime"));
        for (int i = 0; i < weights.length; i++) {
            LineRecord quality = records.get(i + 1);
            assertEquals("quality", quality.type());
            assertEquals("LOT-20260105-080000-1", quality.batchId());
            assertEquals(weights[i], ((Number) quality.fields().get("value")).doubleValue());
            boolean inSpec = weights[i] >= 495.0 && weights[i] <= 505.0;
            assertEquals(inSpec ? "PASS" : "FAIL", quality.fields().get("verdict"), "verdict of " + weights[i]);
            assertEquals("checkweigher", quality.fields().get("station"));
            assertEquals("fillWeight", quality.fields().get("characteristic"));
            assertEquals("g", quality.fields().get("unit"));
            assertEquals(495.0, ((Number) quality.fields().get("lsl")).doubleValue());
            assertEquals(505.0, ((Number) quality.fields().get("usl")).doubleValue());
            Instant.parse((String) quality.fields().get("sourceTime"));
        }
        LineRecord completed = records.get(21);
        assertEquals("batch-completed", completed.type());
        assertEquals("Water 0.5 l", completed.fields().get("product"));
        assertEquals(20, ((Number) completed.fields().get("parts")).intValue());
        assertEquals(17, ((Number) completed.fields().get("passed")).intValue());
        assertEquals(3, ((Number) completed.fields().get("failed")).intValue());
        assertEquals(20, ((Number) completed.fields().get("partsReported")).intValue());
        assertEquals("FAIL", completed.fields().get("verdict"));
        assertEquals(0, rules.deadLetters().count());
    }

    @Test
    void aBatchWithEveryPartInSpecPasses() {
        plc("product", "Juice 1 l");
        plc("batchId", "LOT-2");
        plc("batchState", "Running");
        plc("batchState", "Running"); // reported again, e.g. after a reconnect: no second batch-started
        plc("checkweigher.fillWeight", 500.0);
        plc("checkweigher.fillWeight", 501L);
        plc("batchState", "Complete");

        List<LineRecord> records = store.batch("LOT-2");
        assertEquals(List.of("batch-started", "quality", "quality", "batch-completed"),
                records.stream().map(LineRecord::type).toList());
        assertEquals("PASS", records.get(3).fields().get("verdict"));
        assertEquals(2, ((Number) records.get(3).fields().get("parts")).intValue());
    }

    @Test
    void aBatchJoinedMidwayIsIncompleteNotPass() {
        // Karaf started while the line ran: the PLC reports its current values, part 12 already made
        plc("batchState", "Running");
        plc("batchId", "LOT-3");
        plc("partCount", 12L);
        plc("batchState", "Running");
        for (int part = 13; part <= 20; part++) {
            plc("checkweigher.fillWeight", 500.0);
            plc("partCount", (long) part);
        }
        plc("batchState", "Complete");

        LineRecord completed = store.batch("LOT-3").get(9);
        assertEquals("batch-completed", completed.type());
        assertEquals(8, ((Number) completed.fields().get("parts")).intValue());
        assertEquals(20, ((Number) completed.fields().get("partsReported")).intValue());
        assertEquals(12, ((Number) completed.fields().get("unobserved")).intValue());
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
    }

    @Test
    void aWeightMeasuredBeforeTheBatchStartedDoesNotCountForIt() {
        Instant lastPartOfThePreviousBatch = clock;
        plc("batchId", "LOT-4");
        plc("batchState", "Running");
        // on (re)connect the subscription reports the current weight: the previous batch's last part
        plcMeasuredAt("checkweigher.fillWeight", 480.0, lastPartOfThePreviousBatch);
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        plc("batchState", "Complete");

        List<LineRecord> records = store.batch("LOT-4");
        assertEquals(List.of("batch-started", "quality", "batch-completed"),
                records.stream().map(LineRecord::type).toList());
        assertEquals("PASS", records.get(2).fields().get("verdict"));
        assertEquals(1, rules.deadLetters().count());
    }

    /** Karaf (or the bundle) restarted: a new Camel context and new rules on the same store. */
    private void restartRules() throws Exception {
        camel.stop();
        startRules();
    }

    @Test
    void afterARestartMidBatchTheBatchGoesOnWithoutASecondStart() throws Exception {
        plc("product", "Water 0.5 l");
        plc("batchId", "LOT-5");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        plc("checkweigher.fillWeight", 510.0);
        restartRules();
        // on connect the subscription reports the current values again
        plc("batchId", "LOT-5");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 501.0);
        plc("batchState", "Complete");

        List<LineRecord> records = store.batch("LOT-5");
        assertEquals(List.of("batch-started", "quality", "quality", "quality", "batch-completed"),
                records.stream().map(LineRecord::type).toList());
        Map<String, Object> completed = records.get(4).fields();
        assertEquals("Water 0.5 l", completed.get("product"));
        assertEquals(3, ((Number) completed.get("parts")).intValue());
        assertEquals(1, ((Number) completed.get("failed")).intValue());
        assertEquals("FAIL", completed.get("verdict"));
    }

    @Test
    void aBatchWhoseEndWasMissedIsClosedAsInterruptedWhenTheNextOneStarts() throws Exception {
        plc("batchId", "LOT-6");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        restartRules();
        // LOT-6 completed while the rules were down; the line now runs LOT-7
        plc("batchId", "LOT-7");
        plc("batchState", "Running");

        List<LineRecord> lot6 = store.batch("LOT-6");
        assertEquals(List.of("batch-started", "quality", "batch-completed"), lot6.stream().map(LineRecord::type).toList());
        assertEquals(true, lot6.get(2).fields().get("interrupted"));
        assertEquals("INCOMPLETE", lot6.get(2).fields().get("verdict"));
        assertEquals(1, ((Number) lot6.get(2).fields().get("parts")).intValue());
        assertEquals(List.of("batch-started"), store.batch("LOT-7").stream().map(LineRecord::type).toList());
        assertTrue(lot6.get(2).seq() < store.batch("LOT-7").get(0).seq(), "the old batch is closed first");
    }

    @Test
    void badEventsGoToTheDeadLettersAndTheRouteKeepsGoing() {
        plc("checkweigher.fillWeight", 500.0); // no batch running yet
        plc("batchState", "Running");          // no batch id announced
        plc("product", "Water 0.5 l");
        plc("batchId", "LOT-3");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 999.0, "Bad");
        plc("checkweigher.fillWeight", 500.0, "Uncertain");
        plc("checkweigher.fillWeight", "n/a");
        plc("checkweigher.fillWeight", 500.0);
        plc("batchState", "Complete");

        assertEquals(5, rules.deadLetters().count());
        assertTrue(rules.deadLetters().lastReason().contains("must be a finite number"),
                rules.deadLetters().lastReason());
        List<LineRecord> records = store.batch("LOT-3");
        assertEquals(List.of("batch-started", "quality", "batch-completed"),
                records.stream().map(LineRecord::type).toList());
        assertEquals(1, ((Number) records.get(2).fields().get("parts")).intValue());
        assertEquals("PASS", records.get(2).fields().get("verdict"));
    }

    @Test
    void aStoreFailureIsADeadLetterNotALostEvent() {
        plc("product", "Water 0.5 l");
        plc("batchId", "LOT-4");
        pool.dispose(); // the database goes away
        plc("batchState", "Running");

        assertEquals(1, rules.deadLetters().count());
        assertTrue(rules.deadLetters().lastReason().contains("disposed"), rules.deadLetters().lastReason());
    }
}
