package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import io.lineledger.routes.DeadLetter;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shipped YAML routes in a plain Camel context against the real store on an in-memory database, with the
 * record spool in a temporary directory.
 */
class LineRulesRoutesTest {

    private static final String LINE = "line-1";
    private static final String SOURCE = "lineledger-opcua:" + LINE;

    @TempDir
    Path spoolDirectory;

    private JdbcRecordStore store;
    private StoreOutage outage;
    private final SettableClock wallClock = new SettableClock(Instant.parse("2026-01-05T09:00:00Z"));
    private DefaultCamelContext camel;
    private LineRules rules;
    private ProducerTemplate plc;
    private Instant clock = Instant.parse("2026-01-05T08:00:00Z");

    @BeforeEach
    void start() throws Exception {
        // records are stamped by the same clock the rules read, so a downtime gap can be compared with them
        store = new JdbcRecordStore(H2RecordStores.newDatabase(), wallClock);
        outage = new StoreOutage(store);
        startRules();
    }

    private void startRules() throws Exception {
        camel = new DefaultCamelContext();
        // stands in for the OPC UA consumer: same scheme and URI, events sent synchronously by the test
        camel.addComponent("lineledger-opcua", new DirectComponent());
        camel.start();
        // a Complete is held until a later value comes (the tests send one) or an hour has passed
        RulesSettings settings = new RulesSettings(TestLines.define(TestLines.line1()), spoolDirectory, 3,
                Duration.ofMillis(1), Duration.ofHours(1), Duration.ofSeconds(10), 5);
        rules = new LineRules(settings, outage.store(), wallClock);
        rules.install(camel);
        plc = camel.createProducerTemplate();
    }

    /** Karaf (or the bundle) restarted: a new Camel context and new rules on the same store and spool. */
    private void restartRules() throws Exception {
        camel.stop();
        rules.close();
        wallClock.advance(Duration.ofMinutes(5));
        startRules();
    }

    @AfterEach
    void stop() {
        camel.stop();
        rules.close();
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

    /**
     * Values as the OPC UA consumer hands over one batch of its source: one exchange each, with Camel's batch
     * properties, so the rules store the batch's records with one commit.
     */
    private void plcBatch(Object... tagsAndValues) {
        int size = tagsAndValues.length / 2;
        for (int i = 0; i < size; i++) {
            clock = clock.plusMillis(250);
            int index = i;
            ProductionEvent event = new ProductionEvent(LINE, (String) tagsAndValues[2 * i], tagsAndValues[2 * i + 1],
                    clock, "Good");
            plc.send(SOURCE, exchange -> {
                exchange.getMessage().setBody(event);
                exchange.setProperty(Exchange.BATCH_INDEX, index);
                exchange.setProperty(Exchange.BATCH_SIZE, size);
                exchange.setProperty(Exchange.BATCH_COMPLETE, index == size - 1);
            });
        }
    }

    /** The PLC goes on after a Complete: a later value tells the rules that no late value of the batch is coming. */
    private void lineMovesOn() {
        plc("batchState", "Idle");
    }

    private void completeBatch() {
        plc("batchState", "Complete");
        lineMovesOn();
    }

    private static List<String> types(List<LineRecord> records) {
        return records.stream().map(LineRecord::type).toList();
    }

    private List<LineRecord> lineRecords() {
        return store.range(LINE, 1, store.lastSeq(LINE));
    }

    @SuppressWarnings("unchecked")
    private static List<String> reasons(LineRecord completed) {
        return (List<String>) completed.fields().get("reasons");
    }

    private static double value(LineRecord quality) {
        return ((Number) quality.fields().get("value")).doubleValue();
    }

    private static int number(LineRecord record, String field) {
        return ((Number) record.fields().get(field)).intValue();
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
        completeBatch();

        List<LineRecord> records = lineRecords();
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
        assertEquals(20, number(completed, "parts"));
        assertEquals(17, number(completed, "passed"));
        assertEquals(3, number(completed, "failed"));
        assertEquals(20, number(completed, "partsReported"));
        assertEquals("FAIL", completed.fields().get("verdict"));
        assertEquals(List.of(), reasons(completed));
        assertEquals(0, rules.deadLetters().count());
    }

    @Test
    void aBatchWithEveryPartInSpecAndCountedByThePlcPasses() {
        plc("product", "Juice 1 l");
        plc("batchId", "LOT-2");
        plc("batchState", "Running");
        plc("batchState", "Running"); // reported again, e.g. after a reconnect: no second batch-started
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        plc("checkweigher.fillWeight", 501L);
        plc("partCount", 2L);
        completeBatch();

        List<LineRecord> records = store.batch("LOT-2");
        assertEquals(List.of("batch-started", "quality", "quality", "batch-completed"), types(records));
        assertEquals("PASS", records.get(3).fields().get("verdict"));
        assertEquals(2, number(records.get(3), "parts"));
        assertEquals(List.of(), reasons(records.get(3)));
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
        completeBatch();

        LineRecord completed = store.batch("LOT-3").get(9);
        assertEquals("batch-completed", completed.type());
        assertEquals(8, number(completed, "parts"));
        assertEquals(20, number(completed, "partsReported"));
        assertEquals(12, number(completed, "unobserved"));
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
        assertEquals(List.of("12 of 20 parts the PLC counted have no quality record"), reasons(completed));
    }

    @Test
    void aBatchWithoutQualityRecordsIsIncompleteNotPass() {
        plc("batchId", "LOT-EMPTY");
        plc("batchState", "Running");
        plc("partCount", 0L);
        completeBatch();

        LineRecord completed = store.batch("LOT-EMPTY").get(1);
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
        assertEquals(List.of("no quality records"), reasons(completed));
    }

    @Test
    void aBatchWhosePartCountThePlcNeverReportedIsIncompleteNotPass() {
        plc("batchId", "LOT-NOCOUNT");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        completeBatch();

        LineRecord completed = store.batch("LOT-NOCOUNT").get(2);
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
        assertEquals(List.of("part count unknown: the PLC reported none for this batch"), reasons(completed));
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
        completeBatch();

        List<LineRecord> records = store.batch("LOT-4");
        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(records));
        assertEquals("PASS", records.get(2).fields().get("verdict"));
        assertEquals(1, rules.deadLetters().count());
        assertEquals(Map.of(DeadLetterCause.BEFORE_BATCH_START, 1L), rules.status().deadLetters().byCause());
    }

    @Test
    void valuesOfOnePublishProcessedAfterTheCompleteStillCountForTheirBatch() {
        plc("batchId", "LOT-LATE");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        plc("checkweigher.fillWeight", 501.0);
        plc("partCount", 2L);
        // the PLC set the last weight and count and Complete in one scan; the publish delivers Complete first
        Instant lastPart = clock.plusMillis(250);
        Instant complete = clock.plusMillis(500);
        clock = complete;
        plcMeasuredAt("batchState", "Complete", complete);
        plcMeasuredAt("checkweigher.fillWeight", 520.0, lastPart);
        plcMeasuredAt("partCount", 3L, lastPart);
        lineMovesOn();

        List<LineRecord> records = store.batch("LOT-LATE");
        assertEquals(List.of("batch-started", "quality", "quality", "quality", "batch-completed"), types(records));
        LineRecord completed = records.get(4);
        assertEquals(3, number(completed, "parts"));
        assertEquals(3, number(completed, "partsReported"));
        assertEquals("FAIL", completed.fields().get("verdict"));
        assertEquals(0, rules.deadLetters().count());
    }

    @Test
    void aHeldCompleteIsRecordedAfterTheGraceTimeWhenNoLaterValueComes() {
        plc("batchId", "LOT-QUIET");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        plc("batchState", "Complete");
        assertEquals(List.of("batch-started", "quality"), types(store.batch("LOT-QUIET")));

        wallClock.advance(Duration.ofHours(1));
        rules.releaseOverdueCompletions();

        List<LineRecord> records = store.batch("LOT-QUIET");
        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(records));
        assertEquals("PASS", records.get(2).fields().get("verdict"));
    }

    @Test
    void aStaleBatchIdNeverStartsABatchAgain() {
        plc("batchId", "LOT-OLD");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        completeBatch();
        plc("batchId", "LOT-NEW", "Bad"); // the next id is lost
        plc("batchState", "Running");

        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(store.batch("LOT-OLD")));
        assertEquals(Map.of(DeadLetterCause.BAD_STATUS, 1L, DeadLetterCause.NO_BATCH_ANNOUNCED, 1L),
                rules.status().deadLetters().byCause());
        assertNull(rules.status().runningBatch());
    }

    @Test
    void theIdOfTheBatchJustCompletedReportedAgainOnReconnectStartsNothing() throws Exception {
        plc("batchId", "LOT-DONE");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        completeBatch();
        restartRules();
        // on connect the PLC reports its current values: the finished batch's id and state
        plc("batchId", "LOT-DONE");
        plc("batchState", "Complete");
        plc("batchId", "LOT-NEXT", "Bad"); // the next id is lost
        plc("batchState", "Running");

        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(store.batch("LOT-DONE")));
        assertNull(rules.status().runningBatch());
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
        plc("partCount", 3L);
        completeBatch();

        List<LineRecord> records = store.batch("LOT-5");
        assertEquals(List.of("batch-started", "quality", "quality", "quality", "batch-completed"), types(records));
        Map<String, Object> completed = records.get(4).fields();
        assertEquals("Water 0.5 l", completed.get("product"));
        assertEquals(3, ((Number) completed.get("parts")).intValue());
        assertEquals(1, ((Number) completed.get("failed")).intValue());
        assertEquals("FAIL", completed.get("verdict"));
    }

    @Test
    void aNotificationDeliveredTwiceIsRecordedOnceAlsoAfterARestart() throws Exception {
        plc("batchId", "LOT-DUP");
        plc("batchState", "Running");
        Instant measured = clock.plusMillis(100);
        plcMeasuredAt("checkweigher.fillWeight", 500.0, measured);
        plcMeasuredAt("checkweigher.fillWeight", 500.0, measured); // the server repeats it
        restartRules();
        plc("batchId", "LOT-DUP");
        plc("batchState", "Running");
        plcMeasuredAt("checkweigher.fillWeight", 500.0, measured); // the current value, reported on connect
        plc("partCount", 1L);
        completeBatch();

        List<LineRecord> records = store.batch("LOT-DUP");
        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(records));
        assertEquals(1, number(records.get(2), "parts"));
        assertEquals(Map.of(DeadLetterCause.DUPLICATE, 1L), rules.status().deadLetters().byCause(),
                "dead letters since the restart");
    }

    @Test
    void thePlcsPartCountIsTakenUpFromTheRecordsAfterARestart() throws Exception {
        plc("batchId", "LOT-PC");
        plc("batchState", "Running");
        plc("partCount", 1L);
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 2L);
        plc("checkweigher.fillWeight", 501.0);
        restartRules();
        // the batch ended while the rules restarted; on connect the PLC reports the Complete, its count unchanged
        plc("batchState", "Complete");
        lineMovesOn();

        LineRecord completed = store.batch("LOT-PC").get(3);
        assertEquals(2, number(completed, "partsReported"), "from the quality records' plcCounts");
        assertEquals("INCOMPLETE", completed.fields().get("verdict"), "the restart's downtime gap");
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
        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(lot6));
        assertEquals(true, lot6.get(2).fields().get("interrupted"));
        assertEquals("INCOMPLETE", lot6.get(2).fields().get("verdict"));
        assertEquals(1, number(lot6.get(2), "parts"));
        assertTrue(reasons(lot6.get(2)).contains("interrupted: the end of the batch was not observed"),
                reasons(lot6.get(2)).toString());
        assertEquals(List.of("batch-started"), types(store.batch("LOT-7")));
        assertTrue(lot6.get(2).seq() < store.batch("LOT-7").get(0).seq(), "the old batch is closed first");
    }

    @Test
    void badEventsGoToTheDeadLettersAndMakeTheBatchIncomplete() {
        plc("checkweigher.fillWeight", 500.0); // no batch running yet
        plc("batchState", "Running");          // no batch id announced
        plc("product", "Water 0.5 l");
        plc("batchId", "LOT-3");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 999.0, "Bad");
        plc("checkweigher.fillWeight", 500.0, "Uncertain");
        plc("checkweigher.fillWeight", "n/a");
        plc("partCount", "many");
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        completeBatch();

        List<LineRecord> records = store.batch("LOT-3");
        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(records));
        LineRecord completed = records.get(2);
        assertEquals(1, number(completed, "parts"));
        assertEquals("INCOMPLETE", completed.fields().get("verdict"), "values of the batch were refused");
        assertEquals(1, reasons(completed).size(), reasons(completed).toString());
        assertTrue(reasons(completed).get(0).startsWith("3 measurement(s) of the batch refused; last: fillWeight"),
                reasons(completed).toString());

        RulesStatus status = rules.status();
        assertEquals(6, status.deadLetters().total());
        assertEquals(Map.of(DeadLetterCause.NO_BATCH_RUNNING, 1L, DeadLetterCause.NO_BATCH_ANNOUNCED, 1L,
                DeadLetterCause.BAD_STATUS, 2L, DeadLetterCause.WRONG_VALUE, 2L), status.deadLetters().byCause());
        assertEquals(5, status.deadLetters().recent().size(), "the last five are kept");
        assertTrue(rules.deadLetters().lastReason().contains("partCount of line line-1 must be a whole number"),
                rules.deadLetters().lastReason());
        // one error handling (error-handling.yaml) serves the routes of every file
        Set<String> failingRoutes = status.deadLetters().recent().stream().map(DeadLetter::routeId)
                .collect(Collectors.toSet());
        assertEquals(Set.of("event-dispatch", "quality-check", "batch-lifecycle"), failingRoutes);
    }

    @Test
    void deadLettersAreLoggedAsCountsPerIntervalNotOneLinePerValue() {
        for (int i = 0; i < 30; i++) {
            plc("checkweigher.fillWeight", 500.0); // no batch running
        }
        plc("checkweigher.fillWeight", 500.0, "Bad");

        String summary = rules.flushDeadLetters().orElseThrow();
        assertTrue(summary.startsWith("31 dead letter(s) on line line-1 in the last 10 s: 30 no batch running,"
                + " 1 Bad status; last: status of line-1/checkweigher.fillWeight is Bad"), summary);
        assertTrue(rules.flushDeadLetters().isEmpty(), "nothing new since the last summary");
        assertEquals(31, rules.status().deadLetters().total());
    }

    @Test
    void aFailedBatchCompletedAppendIsHeldAndStoredOnceTheStoreRecovers() {
        plc("batchId", "LOT-A");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 1L);
        plc("batchState", "Complete");
        outage.down(true);
        lineMovesOn(); // releases LOT-A's completion: three tries fail, so it is held
        plc("batchId", "LOT-B");
        plc("batchState", "Running"); // LOT-B's start waits behind it, in order

        assertEquals(List.of("batch-started", "quality"), types(store.batch("LOT-A")));
        RulesStatus held = rules.status();
        assertEquals(2, held.spool().held());
        assertEquals(2, held.spool().pending());
        assertTrue(held.spool().lastStoreError().contains("append failed"), held.spool().lastStoreError());
        assertEquals("LOT-B", held.runningBatch(), "LOT-A is not in progress forever");
        assertEquals(0, rules.deadLetters().count(), "a store failure is not a dead letter");

        outage.down(false);
        rules.drainSpool();

        List<LineRecord> records = lineRecords();
        assertEquals(List.of("batch-started", "quality", "batch-completed", "batch-started"), types(records));
        assertEquals("LOT-A", records.get(2).batchId());
        assertEquals("PASS", records.get(2).fields().get("verdict"));
        assertEquals("LOT-B", records.get(3).batchId());
        RulesStatus drained = rules.status();
        assertEquals(0, drained.spool().pending());
        assertEquals(2, drained.spool().drained());
        assertNull(drained.spool().lastStoreError());
    }

    @Test
    void theRecordsOfOneSourceBatchAreStoredWithOneCommitInOrder() {
        plcBatch("batchId", "LOT-G", "batchState", "Running", "checkweigher.fillWeight", 500.0, "partCount", 1L,
                "checkweigher.fillWeight", 501.0, "partCount", 2L, "checkweigher.fillWeight", 499.0);

        assertEquals(1, outage.groupCommits(), "one commit for the batch");
        assertEquals(1, outage.appendsTried());
        List<LineRecord> records = store.batch("LOT-G");
        assertEquals(List.of("batch-started", "quality", "quality", "quality"), types(records));
        assertEquals(List.of(500.0, 501.0, 499.0), records.stream().skip(1).map(r -> value(r)).toList());
        assertEquals(0, rules.status().spool().held());
    }

    @Test
    void aSourceBatchTheStoreRefusesIsHeldWholeAndStoredInOrderOnceItRecovers() {
        plc("batchId", "LOT-H");
        plc("batchState", "Running");
        outage.down(true);
        plcBatch("checkweigher.fillWeight", 500.0, "partCount", 1L, "checkweigher.fillWeight", 501.0);
        plcBatch("partCount", 2L, "checkweigher.fillWeight", 502.0); // held behind the first, without trying

        assertEquals(3, rules.status().spool().pending());
        assertEquals(1 + 3, outage.appendsTried(), "the start, three tries of the group, none for the next");
        outage.down(false);
        rules.drainSpool();
        List<LineRecord> records = store.batch("LOT-H");
        assertEquals(List.of("batch-started", "quality", "quality", "quality"), types(records));
        assertEquals(List.of(500.0, 501.0, 502.0), records.stream().skip(1).map(r -> value(r)).toList());
        assertEquals(0, rules.status().spool().pending());
    }

    @Test
    void heldDraftsACrashLeftInTheStoreAndTheSpoolAreStoredOnce() throws Exception {
        plc("batchId", "LOT-C");
        plc("batchState", "Running");
        outage.down(true);
        plcBatch("checkweigher.fillWeight", 500.0, "checkweigher.fillWeight", 501.0, "checkweigher.fillWeight", 502.0);
        assertEquals(3, rules.status().spool().pending());
        // a crash after the store committed a drained chunk's first two drafts, before the spool marked them
        RecordSpool journal = new RecordSpool(spoolDirectory);
        store.appendAll(journal.pending(LINE).subList(0, 2));
        journal.close();
        outage.down(false);

        restartRules(); // drains what the journal holds, comparing its head with the store's last records

        List<LineRecord> records = store.batch("LOT-C");
        assertEquals(List.of(500.0, 501.0, 502.0), records.stream().filter(r -> r.type().equals("quality"))
                .map(r -> value(r)).toList());
        assertEquals(0, rules.status().spool().pending());
    }

    @Test
    void anAppendThatFailsOnceIsTriedAgainAndStoredWithoutHolding() {
        plc("batchId", "LOT-RETRY");
        outage.failNextAppends(2);
        plc("batchState", "Running");

        assertEquals(List.of("batch-started"), types(store.batch("LOT-RETRY")));
        assertEquals(3, outage.appendsTried());
        assertEquals(0, rules.status().spool().held());
    }

    @Test
    void draftsOfAFencedLineAreHeldAtOnceAndStoredWhenTheFenceIsLifted() {
        plc("batchId", "LOT-F");
        outage.fenced(true);
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);

        assertEquals(1, outage.appendsTried(), "a fenced line is not tried again");
        assertEquals(2, rules.status().spool().pending());
        assertTrue(rules.status().spool().lastStoreError().contains("is stopped"),
                rules.status().spool().lastStoreError());
        assertEquals(0, rules.drainSpool(), "still fenced: nothing moves");

        outage.fenced(false);
        rules.drainSpool();
        assertEquals(List.of("batch-started", "quality"), types(store.batch("LOT-F")));
    }

    @Test
    void theSpoolSurvivesARestartAndTheNextRulesDrainItInOrder() throws Exception {
        plc("batchId", "LOT-S");
        plc("batchState", "Running");
        outage.down(true);
        plc("checkweigher.fillWeight", 500.0);
        plc("checkweigher.fillWeight", 501.0);
        restartRules(); // still down: the new rules hold their lineledger-down gap behind the spooled drafts
        plc("batchId", "LOT-S");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 502.0);
        assertEquals(List.of("batch-started"), types(store.batch("LOT-S")));

        outage.down(false);
        rules.drainSpool();

        List<LineRecord> records = lineRecords();
        assertEquals(List.of("batch-started", "quality", "quality", "gap", "quality"), types(records));
        assertEquals(List.of(500.0, 501.0, 502.0), records.stream().filter(r -> r.type().equals("quality"))
                .map(r -> ((Number) r.fields().get("value")).doubleValue()).toList());
        assertEquals(ObservationGap.CAUSE_LINELEDGER_DOWN, records.get(3).fields().get("cause"));
        assertEquals("LOT-S", rules.status().runningBatch(), "the batch was taken up from the spool, not restarted");
    }

    @Test
    void aDraftStoredJustBeforeACrashIsNotStoredTwiceWhenTheSpoolIsDrained() throws Exception {
        plc("batchId", "LOT-C");
        plc("batchState", "Running");
        LineRecord started = store.find(LINE, store.lastSeq(LINE)).orElseThrow();
        camel.stop();
        rules.close();
        // the process died after the store's commit of a held draft and before the spool marked it stored
        try (RecordSpool spool = new RecordSpool(spoolDirectory)) {
            spool.hold(new RecordDraft(LINE, started.type(), started.batchId(), started.fields()));
        }
        startRules();

        assertEquals(List.of("batch-started"), types(store.batch("LOT-C")));
        assertEquals(0, rules.status().spool().pending());
        assertEquals("LOT-C", rules.status().runningBatch());
    }

    @Test
    void theNextBatchsIdWhileABatchRunsEndsItAsInterruptedAndItsValuesAreNotCountedForIt() {
        plc("batchId", "LOT-OLD");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        // not observed for a while (reconnect): LOT-OLD completed, LOT-NEW ran and completed; the current values
        plc("batchId", "LOT-NEW");
        plc("checkweigher.fillWeight", 499.8); // LOT-NEW's last part, after its Running was missed
        plc("partCount", 30L);
        completeBatch();

        List<LineRecord> old = store.batch("LOT-OLD");
        assertEquals(List.of("batch-started", "quality", "batch-completed"), types(old));
        LineRecord completed = old.get(2);
        assertEquals(true, completed.fields().get("interrupted"));
        assertEquals(1L, ((Number) completed.fields().get("parts")).longValue());
        assertEquals(null, completed.fields().get("partsReported"), "LOT-NEW's count is not LOT-OLD's");
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
        assertTrue(store.batch("LOT-NEW").isEmpty(), "a batch whose start was not seen is not invented");

    }

    @Test
    void aGapFromOpcUaIsARecordAndTheBatchItTouchesIsIncomplete() {
        plc("batchId", "LOT-G");
        plc("batchState", "Running");
        plc("checkweigher.fillWeight", 500.0);
        Instant lost = clock.plusMillis(100);
        Instant back = clock.plusSeconds(30);
        clock = back;
        plc.sendBody(SOURCE, new ObservationGap(LINE, lost, back, ObservationGap.CAUSE_SESSION_LOST, "reconnected"));
        plc("checkweigher.fillWeight", 500.0);
        plc("partCount", 2L);
        completeBatch();

        List<LineRecord> records = lineRecords();
        assertEquals(List.of("batch-started", "quality", "gap", "quality", "batch-completed"), types(records));
        LineRecord gap = records.get(2);
        assertEquals(new ObservationGap(LINE, lost, back, ObservationGap.CAUSE_SESSION_LOST, "reconnected"),
                ObservationGap.of(gap));
        LineRecord completed = records.get(4);
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
        assertEquals(List.of("gap opcua-session-lost from " + lost + " to " + back + " (reconnected)"),
                reasons(completed));
    }

    @Test
    void theTimeTheRulesWereNotObservingIsAGapThatEndsWhenTheSourceDeliversAgain() throws Exception {
        plc("batchId", "LOT-D");
        plc("batchState", "Running");
        Instant running = clock;
        long lastBeforeStop = store.lastSeq(LINE);
        restartRules();
        assertEquals(lastBeforeStop, store.lastSeq(LINE), "no gap before the source delivers: its end is not known");

        wallClock.advance(Duration.ofSeconds(5)); // the OPC UA subscription came later
        plc("checkweigher.fillWeight", 500.0);

        ObservationGap down = ObservationGap.of(store.find(LINE, lastBeforeStop + 1).orElseThrow());
        assertEquals(ObservationGap.CAUSE_LINELEDGER_DOWN, down.cause());
        assertEquals(running, down.from(), "from the PLC time of the last record: later values may have been lost");
        assertEquals(wallClock.instant(), down.to(), "to the first delivery after the start");
        assertEquals("quality", store.find(LINE, lastBeforeStop + 2).orElseThrow().type());
    }

    @Test
    void aLineWithoutRecordsStartsWithoutADowntimeGap() {
        assertEquals(0, store.lastSeq(LINE));
    }

    /** LineLedger's own clock, moved by the tests. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
