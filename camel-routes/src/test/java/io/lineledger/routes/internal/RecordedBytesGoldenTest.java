package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lineledger.model.CanonicalJson;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ProductionEvent;
import io.lineledger.routes.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rules record, byte for byte, for a fixed run of each example line through the shipped route files: every
 * record's type, batch, time and canonical fields, and every dead letter's cause, reason and route. The digests were
 * taken from the routes before the per-value Camel overhead was cut (issue 8); a change to how values travel through
 * Camel must not change them. Values come in source batches, as from the OPC UA consumer (one commit per batch).
 */
class RecordedBytesGoldenTest {

    @TempDir
    Path spool;
    private RulesHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void line1sRecordsAndDeadLettersAreUnchanged() throws Exception {
        harness = new RulesHarness(TestLines.line1(), spool);
        List<ProductionEvent> values = new ArrayList<>();
        Events line = new Events("line-1", values);
        line.add("checkweigher.fillWeight", 500.0); // no batch running: dead letter
        line.add("batchId", "LOT-G-1");
        line.add("product", "Juice 1 l");
        line.add("batchState", "Running");
        for (int part = 1; part <= 40; part++) {
            line.add("checkweigher.fillWeight", 494.0 + (part % 13) * 0.9);
            line.add("partCount", (long) part);
        }
        line.bad("checkweigher.fillWeight", 500.0); // Uncertain: dead letter
        line.add("batchState", 7L); // not a string state: dead letter
        line.add("unknownTag", 1L); // no role: nothing
        line.add("batchState", "Complete");
        line.add("batchId", "LOT-G-2");
        line.add("batchState", "Running");
        line.add("checkweigher.fillWeight", 501.5);
        line.add("partCount", 1L);
        line.add("batchState", "Aborted");
        send(values, 7);
        assertEquals("f824795d7e1255bffcd0d476c2a9881437e53b354d59f8a65d6bc1d55bb4ffdd", digest(), summary());
    }

    @Test
    void line2sRecordsAndDeadLettersAreUnchanged() throws Exception {
        harness = new RulesHarness(TestLines.line2(), spool);
        playLine2();
    }

    /** Route files of an earlier release in an integrator's directory (setHeader by method:) record the same. */
    @Test
    void routeFilesThatCallLineTagsByMethodRecordTheSame() throws Exception {
        harness = new RulesHarness(TestLines.line2(), spool, () -> {
            Map<String, String> files = new LinkedHashMap<>(RouteFiles.builtIn());
            files.replaceAll((name, content) -> content
                    .replace("ref: tagRole", "method:\n              ref: lineTags\n              method: roleOf")
                    .replace("ref: tagBoundary",
                            "method:\n              ref: lineTags\n              method: boundaryOf"));
            if (!files.get("production-events.yaml").contains("method: roleOf")
                    || !files.get("batch-lifecycle.yaml").contains("method: boundaryOf")) {
                throw new AssertionError("the shipped route files no longer set the role and boundary by ref");
            }
            return files;
        });
        assertEquals(List.of(), harness.rules.routeProblems());
        playLine2();
    }

    private void playLine2() throws Exception {
        List<ProductionEvent> values = new ArrayList<>();
        Events line = new Events("line-2", values);
        line.add("lot", "L2-G-1");
        line.add("product", "Juice 1 l");
        line.add("recipe", "J-LIGHT");
        line.add("checkweigher.state", 6L); // Execute
        line.add("checkweigher.alarmCode", 0L);
        for (int part = 1; part <= 30; part++) {
            line.add("checkweigher.fillWeight", 975.0 + part);
            line.add("capper.capTorque", 1.6 + (part % 8) * 0.1);
            line.add("labeler.labelOffset", (part % 5) - 2.0);
            line.add("checkweigher.good", (long) part - part / 7);
            line.add("checkweigher.reject", (long) part / 7);
            if (part == 10) {
                line.add("checkweigher.alarmCode", 42L);
                line.add("capper.alarmActive", true);
            }
            if (part == 12) {
                line.add("checkweigher.alarmCode", 0L);
                line.add("capper.alarmActive", false);
            }
        }
        line.add("checkweigher.state", "Execute"); // not a PackML code: dead letter
        line.add("checkweigher.fillWeight", 1000.0);
        line.add("checkweigher.fillWeight", 1000.0, line.last()); // the same notification again: dead letter
        line.add("checkweigher.state", 17L); // Complete
        line.add("capper.capTorque", 2.0); // after the end: releases the held Complete
        line.add("lot", "L2-G-2");
        line.add("checkweigher.state", 6L);
        line.add("checkweigher.fillWeight", 1001.0);
        line.add("checkweigher.state", 9L); // Aborted
        send(values, 11);
        assertEquals("c5b67cfcb43c745f319fd8efbd2b2c1cb51e16fc16b6b404630b312705d0ab00", digest(), summary());
    }

    /** Hands the values to the line's source in batches of {@code batchSize}, as the OPC UA consumer does. */
    private void send(List<ProductionEvent> values, int batchSize) {
        ProducerTemplate plc = harness.camel.createProducerTemplate();
        for (int from = 0; from < values.size(); from += batchSize) {
            List<ProductionEvent> batch = values.subList(from, Math.min(values.size(), from + batchSize));
            for (int i = 0; i < batch.size(); i++) {
                ProductionEvent event = batch.get(i);
                int index = i;
                plc.send("lineledger-opcua:" + harness.line.lineId(), exchange -> {
                    exchange.getMessage().setBody(event);
                    exchange.setProperty(Exchange.BATCH_INDEX, index);
                    exchange.setProperty(Exchange.BATCH_SIZE, batch.size());
                    exchange.setProperty(Exchange.BATCH_COMPLETE, index == batch.size() - 1);
                });
            }
        }
    }

    /** The records' bytes the rules decide (the store adds sequence, salt and digests) and the dead letters. */
    private List<String> recorded() {
        List<String> lines = new ArrayList<>();
        for (LineRecord record : harness.records()) {
            Map<String, Object> decided = new LinkedHashMap<>();
            decided.put("type", record.type());
            decided.put("batchId", record.batchId());
            decided.put("recordedAt", record.recordedAt().toString());
            decided.put("fields", record.fields());
            lines.add(CanonicalJson.of(decided));
        }
        for (DeadLetter letter : harness.rules.deadLetters().status().recent()) {
            lines.add("dead letter " + letter.cause() + " " + letter.routeId() + " " + letter.reason());
        }
        return lines;
    }

    private String digest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String line : recorded()) {
            sha.update(line.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private String summary() {
        return String.join("\n", recorded());
    }

    /** The PLC's values, 250 ms apart, all Good unless said. */
    private static final class Events {
        private final String lineId;
        private final List<ProductionEvent> values;
        private java.time.Instant clock = java.time.Instant.parse("2026-01-05T08:00:00Z");

        Events(String lineId, List<ProductionEvent> values) {
            this.lineId = lineId;
            this.values = values;
        }

        void add(String tag, Object value) {
            clock = clock.plusMillis(250);
            add(tag, value, clock);
        }

        void add(String tag, Object value, java.time.Instant at) {
            values.add(new ProductionEvent(lineId, tag, value, at, "Good"));
        }

        void bad(String tag, Object value) {
            clock = clock.plusMillis(250);
            values.add(new ProductionEvent(lineId, tag, value, clock, "Uncertain"));
        }

        java.time.Instant last() {
            return clock;
        }
    }
}
