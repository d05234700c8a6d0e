package io.lineledger.routes.internal;

import static io.lineledger.routes.internal.TestLines.line1;
import static io.lineledger.routes.internal.TestLines.line2;
import static io.lineledger.routes.internal.TestLines.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.routes.DeadLetterCause;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a batch starts and ends (batch.boundary), with the shipped route files. */
class BatchBoundariesTest {

    @TempDir
    Path spool;

    private RulesHarness line;

    @AfterEach
    void stop() {
        if (line != null) {
            line.close();
        }
    }

    private RulesHarness start(Map<String, Object> configuration) throws Exception {
        line = new RulesHarness(configuration, spool);
        return line;
    }

    @SuppressWarnings("unchecked")
    private static List<String> reasons(LineRecord completed) {
        return (List<String>) completed.fields().get("reasons");
    }

    /** One part through Line2's three stations. */
    private void part(double fillWeight, double capTorque, double labelOffset) {
        line.plc("checkweigher.fillWeight", fillWeight);
        line.plc("capper.capTorque", capTorque);
        line.plc("labeler.labelOffset", labelOffset);
    }

    // ---- state strings

    @Test
    void stateAbortValueEndsTheBatchAsInterrupted() throws Exception {
        start(line1());
        line.plc("batchId", "LOT-A");
        line.plc("batchState", "Running");
        line.plc("checkweigher.fillWeight", 500.0);
        line.plc("partCount", 1L);
        line.plc("batchState", "Aborted");
        line.plc("batchState", "Idle");

        LineRecord completed = line.completed("LOT-A");
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
        assertEquals(true, completed.fields().get("interrupted"));
        assertEquals(List.of("interrupted: batchState = Aborted"), reasons(completed));
    }

    @Test
    void configuredStateValuesReplaceTheDefaults() throws Exception {
        start(with(line1(), "batch.startValues", "Producing", "batch.endValues", "Done,Finished"));
        line.plc("batchId", "LOT-S");
        line.plc("batchState", "Running"); // not a start value on this line
        assertEquals(List.of(), line.types());
        line.plc("batchState", "Producing");
        line.plc("checkweigher.fillWeight", 500.0);
        line.plc("partCount", 1L);
        line.plc("batchState", "Finished");
        line.plc("batchState", "Idle");

        assertEquals("PASS", line.completed("LOT-S").fields().get("verdict"));
    }

    // ---- PackML state codes

    @Test
    void packMlExecuteStartsHeldContinuesAndCompleteCompletes() throws Exception {
        start(line2());
        line.plc("product", "Water 0.5 l");
        line.plc("lot", "LOT2-1");
        line.plc("checkweigher.good", 0L);   // reset at setup, before the start: the new batch's counts
        line.plc("checkweigher.reject", 0L);
        line.plc("checkweigher.state", 4L);  // Idle
        line.plc("checkweigher.state", 6L);  // Execute: starts
        part(500.0, 2.0, 0.1);
        line.plc("checkweigher.good", 1L);
        line.plc("checkweigher.state", 11L); // Held
        line.plc("checkweigher.state", 6L);  // Execute again: goes on, no second start
        part(501.0, 2.1, -0.2);
        line.plc("checkweigher.good", 2L);
        line.plc("checkweigher.state", 17L); // Complete
        line.plc("checkweigher.state", 15L); // Resetting: the line moves on

        List<LineRecord> records = line.batch("LOT2-1");
        assertEquals(List.of("batch-started", "quality", "quality", "quality", "quality", "quality", "quality",
                "batch-completed"), records.stream().map(LineRecord::type).toList());
        LineRecord completed = records.get(7);
        assertEquals("PASS", completed.fields().get("verdict"), reasons(completed).toString());
        assertEquals(2, ((Number) completed.fields().get("parts")).intValue());
        assertEquals(2, ((Number) completed.fields().get("partsReported")).intValue());
        assertEquals(6, ((Number) completed.fields().get("passed")).intValue());
    }

    @Test
    void packMlAbortedAndStoppedEndTheBatchAsInterrupted() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-A");
        line.plc("checkweigher.state", 6L);
        part(500.0, 2.0, 0.0);
        line.plc("checkweigher.state", 9L);  // Aborted
        line.plc("checkweigher.state", 1L);  // Clearing
        line.plc("lot", "LOT2-B");
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.state", 2L);  // Stopped
        line.plc("checkweigher.state", 15L);

        assertEquals(List.of("interrupted: checkweigher.state = 9", "part count unknown: the PLC reported none for"
                + " this batch"), reasons(line.completed("LOT2-A")));
        assertEquals(true, line.completed("LOT2-B").fields().get("interrupted"));
        assertEquals("INCOMPLETE", line.completed("LOT2-B").fields().get("verdict"));
    }

    @Test
    void packMlExecuteWithoutAnAnnouncedBatchIsADeadLetter() throws Exception {
        start(line2());
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.state", "Execute"); // a string where the code is expected

        assertEquals(Map.of(DeadLetterCause.NO_BATCH_ANNOUNCED, 1L, DeadLetterCause.WRONG_VALUE, 1L),
                line.rules.status().deadLetters().byCause());
        assertEquals(List.of(), line.types());
    }

    // ---- Boolean flag

    @Test
    void aFlagStartsWithTrueAndCompletesWithFalse() throws Exception {
        start(with(line1(), "batch.boundary", "flag"));
        line.plc("batchId", "LOT-F");
        line.plc("batchState", true);
        line.plc("checkweigher.fillWeight", 500.0);
        line.plc("partCount", 1L);
        line.plc("batchState", false);
        line.plc("product", "next");

        assertEquals(List.of("batch-started", "quality", "batch-completed"),
                line.batch("LOT-F").stream().map(LineRecord::type).toList());
        assertEquals("PASS", line.completed("LOT-F").fields().get("verdict"));
    }

    // ---- batch id change

    @Test
    void aNewBatchIdCompletesTheRunningBatchAndStartsTheNext() throws Exception {
        start(with(line1(), "batch.boundary", "idChange", "batch.stateTag", null));
        line.plc("batchId", "LOT-1");
        line.plc("checkweigher.fillWeight", 500.0);
        line.plc("partCount", 1L);
        Instant change = line.plc("batchId", "LOT-2");
        // the last weight of LOT-1, measured before the id changed, arrives after it
        line.at("checkweigher.fillWeight", 501.0, change.minusMillis(100));
        line.at("partCount", 2L, change.minusMillis(100));
        line.plc("checkweigher.fillWeight", 499.0);
        line.plc("batchId", "LOT-2"); // reported again: nothing
        line.plc("batchId", "");      // the line stops: LOT-2 ends
        line.plc("product", "x");

        assertEquals(List.of("batch-started", "quality", "quality", "batch-completed", "batch-started", "quality",
                "batch-completed"), line.types());
        LineRecord lot1 = line.completed("LOT-1");
        assertEquals(2, ((Number) lot1.fields().get("parts")).intValue());
        assertEquals("PASS", lot1.fields().get("verdict"));
        assertEquals(change.toString(), line.batch("LOT-2").get(0).fields().get("sourceTime"));
        assertEquals(1, ((Number) line.completed("LOT-2").fields().get("parts")).intValue());
        assertNull(line.rules.status().runningBatch());
    }

    @Test
    void twoIdChangesAtOneSourceTimeCloseEachBatchInOrder() throws Exception {
        start(with(line1(), "batch.boundary", "idChange", "batch.stateTag", null));
        line.plc("batchId", "LOT-1");
        Instant scan = line.plc("batchId", "LOT-2");
        line.at("batchId", "LOT-3", scan);
        line.plc("product", "x");

        assertEquals(List.of("batch-started", "batch-completed", "batch-started", "batch-completed",
                "batch-started"), line.types());
        assertEquals(List.of("LOT-1", "LOT-1", "LOT-2", "LOT-2", "LOT-3"), line.records().stream()
                .map(LineRecord::batchId).toList());
        assertEquals("LOT-3", line.rules.status().runningBatch());
    }

    @Test
    void theLastBatchIdReportedAgainAfterARestartStartsNothing() throws Exception {
        start(with(line1(), "batch.boundary", "idChange", "batch.stateTag", null));
        line.plc("batchId", "LOT-1");
        line.plc("batchId", "");
        line.plc("product", "x");
        line.restart();
        line.plc("batchId", "LOT-1"); // the PLC's current value on connect

        assertEquals(List.of("batch-started", "batch-completed"), line.batch("LOT-1").stream()
                .map(LineRecord::type).toList());
        assertNull(line.rules.status().runningBatch());
    }

    // ---- counters, alarms, characteristics

    @Test
    void goodPlusRejectIsThePartCountAndSurvivesARestart() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-C");
        line.plc("checkweigher.good", 0L);
        line.plc("checkweigher.reject", 0L);
        line.plc("checkweigher.state", 6L);
        part(500.0, 2.0, 0.0);
        line.plc("checkweigher.good", 1L);
        part(520.0, 2.0, 0.0);
        line.plc("checkweigher.reject", 1L);
        part(500.5, 2.0, 0.0);
        line.restart();
        // on connect only the good count changed since; the reject count of this batch is known from the records
        line.plc("checkweigher.good", 3L);
        line.plc("checkweigher.state", 17L);
        line.plc("checkweigher.state", 15L);

        LineRecord completed = line.completed("LOT2-C");
        assertEquals(4, ((Number) completed.fields().get("partsReported")).intValue());
        assertEquals(3, ((Number) completed.fields().get("parts")).intValue());
        assertEquals(1, ((Number) completed.fields().get("unobserved")).intValue());
        assertEquals("FAIL", completed.fields().get("verdict"));
    }

    @Test
    void alarmsAreRecordedWhenRaisedAndCleared() throws Exception {
        start(line2());
        line.plc("checkweigher.alarmCode", 0L);  // the current value on connect: nothing to record
        line.plc("lot", "LOT2-AL");
        line.plc("checkweigher.state", 6L);
        line.plc("capper.alarmActive", true);
        line.plc("capper.alarmActive", true);    // the same state again
        line.plc("checkweigher.alarmCode", 3001L);
        line.plc("checkweigher.alarmCode", 3001L);
        line.plc("capper.alarmActive", false);
        line.plc("checkweigher.alarmCode", 0L);

        List<LineRecord> alarms = line.records().stream().filter(r -> r.type().equals("alarm")).toList();
        assertEquals(List.of("capper raised true", "checkweigher raised 3001", "capper cleared false",
                "checkweigher cleared 0"), alarms.stream().map(r -> r.fields().get("alarm") + " "
                + r.fields().get("state") + " " + r.fields().get("value")).toList());
        assertTrue(alarms.stream().allMatch(r -> "LOT2-AL".equals(r.batchId())));
        line.plc("checkweigher.state", 17L);
        line.plc("checkweigher.state", 15L);
        assertEquals(2, ((Number) line.completed("LOT2-AL").fields().get("alarms")).intValue());
    }

    @Test
    void anAlarmStillActiveAfterARestartIsNotRaisedTwice() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-AR");
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.alarmCode", 3001L);
        line.restart();
        line.plc("checkweigher.alarmCode", 3001L); // the current value on connect
        line.plc("checkweigher.alarmCode", 0L);

        assertEquals(List.of("raised", "cleared"), line.records().stream().filter(r -> r.type().equals("alarm"))
                .map(r -> r.fields().get("state")).toList());
    }

    @Test
    void theBatchCompletedRecordHasStatisticsPerCharacteristic() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-ST");
        line.plc("checkweigher.state", 6L);
        double[] weights = {501, 502, 503, 504, 500};
        for (double weight : weights) {
            part(weight, 2.0, 0.0);
        }
        line.plc("checkweigher.state", 17L);
        line.plc("checkweigher.state", 15L);

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stats = (Map<String, Map<String, Object>>) line.completed("LOT2-ST")
                .fields().get("characteristics");
        Map<String, Object> fill = stats.get("fillWeight");
        // by hand: mean 502; deviations -1 0 1 2 -2, squares sum 10, sample variance 10/4 = 2.5
        double sd = Math.sqrt(2.5);
        assertEquals(5, ((Number) fill.get("n")).intValue());
        assertEquals(502.0, ((Number) fill.get("mean")).doubleValue(), 1e-9);
        assertEquals(1.5811388300841898, ((Number) fill.get("stdDev")).doubleValue(), 1e-12);
        assertEquals(sd, ((Number) fill.get("stdDev")).doubleValue(), 1e-12);
        assertEquals(500.0, ((Number) fill.get("min")).doubleValue());
        assertEquals(504.0, ((Number) fill.get("max")).doubleValue());
        // Cp = (505 - 495) / (6 × 1.58114) = 1.05409; Cpk = min(505 - 502, 502 - 495) / (3 × 1.58114) = 0.63246
        assertEquals(1.0540925533894598, ((Number) fill.get("cp")).doubleValue(), 1e-9);
        assertEquals(0.6324555320336759, ((Number) fill.get("cpk")).doubleValue(), 1e-9);
        // every cap at 2.0: no spread, so neither Cp nor Cpk
        Map<String, Object> torque = stats.get("capTorque");
        assertEquals(0.0, ((Number) torque.get("stdDev")).doubleValue());
        assertTrue(!torque.containsKey("cp") && !torque.containsKey("cpk"), torque.toString());
        assertEquals("N.m", torque.get("unit"));
    }

    @Test
    void aCharacteristicWithOneValueHasNoStandardDeviation() throws Exception {
        start(line1());
        line.plc("batchId", "LOT-1V");
        line.plc("batchState", "Running");
        line.plc("checkweigher.fillWeight", 500.0);
        line.plc("batchState", "Complete");
        line.plc("batchState", "Idle");

        @SuppressWarnings("unchecked")
        Map<String, Object> fill = ((Map<String, Map<String, Object>>) line.completed("LOT-1V").fields()
                .get("characteristics")).get("fillWeight");
        assertEquals(Map.of("n", 1.0, "mean", 500.0, "min", 500.0, "max", 500.0, "unit", "g", "lsl", 495.0,
                "usl", 505.0), numbers(fill));
    }

    /** JSON numbers come back from the store as the shortest type: compare them as doubles. */
    private static Map<String, Object> numbers(Map<String, Object> fields) {
        return fields.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue() instanceof Number n ? (Object) n.doubleValue() : e.getValue()));
    }

    private static List<Object> fields(LineRecord record, String... names) {
        Map<String, Object> numbers = numbers(record.fields());
        return java.util.Arrays.stream(names).map(numbers::get).toList();
    }

    @Test
    void aMissingCharacteristicMakesTheBatchIncompleteNamingIt() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-M");
        line.plc("checkweigher.good", 0L);
        line.plc("checkweigher.reject", 0L);
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.fillWeight", 500.0);
        line.plc("capper.capTorque", 2.0);
        line.plc("checkweigher.good", 1L);
        line.plc("checkweigher.state", 17L);
        line.plc("checkweigher.state", 15L);

        LineRecord completed = line.completed("LOT2-M");
        assertEquals(List.of("no quality records of labelOffset"), reasons(completed));
        assertEquals(0, ((Number) completed.fields().get("parts")).intValue());
        assertEquals("INCOMPLETE", completed.fields().get("verdict"));
    }

    @Test
    void limitsPerProductAndRecipeAreTheOnesInForce() throws Exception {
        start(line2());
        line.plc("product", "Juice 1 l");
        line.plc("lot", "LOT2-J");
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.fillWeight", 1005.0);
        line.plc("checkweigher.state", 17L);
        line.plc("recipe", "J-LIGHT");
        line.plc("lot", "LOT2-JL");
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.fillWeight", 1005.0);
        line.plc("checkweigher.state", 17L);
        line.plc("product", "Water 0.5 l");
        line.plc("recipe", "");
        line.plc("lot", "LOT2-W");
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.fillWeight", 500.0);

        LineRecord juice = line.batch("LOT2-J").get(1);
        assertEquals(List.of(990.0, 1010.0, 1000.0, "PASS"), fields(juice, "lsl", "usl", "nominal", "verdict"));
        LineRecord light = line.batch("LOT2-JL").get(1);
        assertEquals(List.of(980.0, 1000.0, "FAIL"), fields(light, "lsl", "usl", "verdict"),
                "the recipe's limits win over the product's");
        assertEquals("J-LIGHT", line.batch("LOT2-JL").get(0).fields().get("recipe"));
        LineRecord water = line.batch("LOT2-W").get(1);
        assertEquals(List.of(495.0, 505.0, "PASS"), fields(water, "lsl", "usl", "verdict"));
    }

    @Test
    void aValueWithoutLimitsForTheBatchsProductIsADeadLetter() throws Exception {
        Map<String, Object> onlyPerProduct = with(line2(), "characteristic.fillWeight.lsl", null,
                "characteristic.fillWeight.usl", null);
        start(onlyPerProduct);
        line.plc("product", "Water 0.5 l");
        line.plc("lot", "LOT2-N");
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.fillWeight", 500.0);

        assertEquals(Map.of(DeadLetterCause.NO_SPEC_LIMITS, 1L), line.rules.status().deadLetters().byCause());
    }

    // ---- event order

    @Test
    void valuesOfOnePublishOutOfOrderStillCountForTheirBatch() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-O");
        line.plc("checkweigher.good", 0L);
        line.plc("checkweigher.reject", 0L);
        line.plc("checkweigher.state", 6L);
        // the PLC set the last part's values, the count and Complete in one scan; the publish delivers Complete first
        Instant lastPart = line.clock.plusMillis(250);
        Instant complete = line.clock.plusMillis(500);
        line.clock = complete;
        line.at("checkweigher.state", 17L, complete);
        line.at("labeler.labelOffset", 0.2, lastPart);
        line.at("checkweigher.fillWeight", 480.0, lastPart);
        line.at("capper.capTorque", 2.0, lastPart);
        line.at("checkweigher.reject", 1L, lastPart);
        line.plc("checkweigher.state", 15L);

        LineRecord completed = line.completed("LOT2-O");
        assertEquals(1, ((Number) completed.fields().get("parts")).intValue());
        assertEquals(1, ((Number) completed.fields().get("partsReported")).intValue());
        assertEquals("FAIL", completed.fields().get("verdict"));
        assertEquals(0, line.rules.deadLetters().count());
    }

    @Test
    void aDuplicateNotificationOfOneCharacteristicIsRecordedOnce() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-D");
        line.plc("checkweigher.state", 6L);
        Instant measured = line.plc("capper.capTorque", 2.0);
        line.at("capper.capTorque", 2.0, measured);
        line.at("labeler.labelOffset", 2.0, measured); // same time and value, another characteristic: recorded

        assertEquals(List.of("batch-started", "quality", "quality"), line.types());
        assertEquals(Map.of(DeadLetterCause.DUPLICATE, 1L), line.rules.status().deadLetters().byCause());
    }

    @Test
    void aPackMlBatchIdIsNeverReusedForTheNextBatch() throws Exception {
        start(line2());
        line.plc("lot", "LOT2-X");
        line.plc("checkweigher.state", 6L);
        line.plc("checkweigher.state", 17L);
        line.plc("checkweigher.state", 15L);
        line.plc("checkweigher.state", 6L); // the next batch's id was not seen: no batch starts under LOT2-X again

        assertEquals(List.of("batch-started", "batch-completed"), line.types());
        assertEquals(Map.of(DeadLetterCause.NO_BATCH_ANNOUNCED, 1L), line.rules.status().deadLetters().byCause());
    }
}
