package io.lineledger.routes.internal;

import io.lineledger.model.LineRecord;
import io.lineledger.model.ProductionEvent;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A line's rules on the shipped route files in a plain Camel context, against the real store on an in-memory
 * database; the test plays the PLC. A held batch end is released by a later value or after an hour.
 */
final class RulesHarness implements AutoCloseable {

    final JdbcRecordStore store;
    final WallClock wallClock = new WallClock(Instant.parse("2026-01-05T09:00:00Z"));
    final LineDefinition line;
    private final Path spool;
    DefaultCamelContext camel;
    LineRules rules;
    private ProducerTemplate plc;
    Instant clock = Instant.parse("2026-01-05T08:00:00Z");

    private final java.util.function.Supplier<Map<String, String>> routeFiles;

    RulesHarness(Map<String, Object> configuration, Path spool) throws Exception {
        this(configuration, spool, RouteFiles::builtIn);
    }

    /** Rules running the route files {@code routeFiles} gives when they start. */
    RulesHarness(Map<String, Object> configuration, Path spool,
                 java.util.function.Supplier<Map<String, String>> routeFiles) throws Exception {
        this.routeFiles = routeFiles;
        this.line = LineDefinitions.parse(configuration);
        this.spool = spool;
        this.store = new JdbcRecordStore(H2RecordStores.newDatabase(), wallClock);
        start();
    }

    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent("lineledger-opcua", new DirectComponent());
        camel.start();
        rules = new LineRules(new RulesSettings(line, spool, 3, Duration.ofMillis(1), Duration.ofHours(1),
                Duration.ofSeconds(10), 5), store, wallClock);
        rules.install(camel, routeFiles.get());
        plc = camel.createProducerTemplate();
    }

    void restart() throws Exception {
        close();
        wallClock.advance(Duration.ofMinutes(5));
        start();
    }

    /** A value 250 ms after the previous one. */
    Instant plc(String tag, Object value) {
        clock = clock.plusMillis(250);
        at(tag, value, clock);
        return clock;
    }

    /** A value with the PLC's own time of measurement. */
    void at(String tag, Object value, Instant sourceTime) {
        plc.sendBody("lineledger-opcua:" + line.lineId(), new ProductionEvent(line.lineId(), tag, value, sourceTime,
                "Good"));
    }

    List<LineRecord> records() {
        return store.range(line.lineId(), 1, store.lastSeq(line.lineId()));
    }

    List<String> types() {
        return records().stream().map(LineRecord::type).toList();
    }

    List<LineRecord> batch(String batchId) {
        return store.batch(batchId);
    }

    LineRecord completed(String batchId) {
        return batch(batchId).stream().filter(r -> r.type().equals("batch-completed")).findFirst().orElseThrow(
                () -> new AssertionError("no batch-completed record of " + batchId + ": " + types()));
    }

    @Override
    public void close() {
        camel.stop();
        rules.close();
    }

    /** LineLedger's own clock, moved by the tests. */
    static final class WallClock extends Clock {
        private volatile Instant now;

        WallClock(Instant now) {
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
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
