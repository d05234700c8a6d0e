package io.lineledger.metrics.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.status.Snapshot;
import java.time.Duration;
import io.lineledger.status.testing.Statuses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineMetricsTest {

    private final LineMetrics metrics = new LineMetrics();

    private String scrape(Snapshot s) {
        return metrics.scrape(s, Health.of(s));
    }

    private static Snapshot oneLine(long values, long storeLastSeq) {
        return Statuses.snapshot(Map.of("line-1", storeLastSeq), List.of(), List.of(Statuses.connected("line-1", values)),
                List.of(Statuses.rules("line-1", "LOT-1", 2)),
                Statuses.anchoring(Statuses.anchoringOk("line-1", storeLastSeq, 40)));
    }

    private static void assertSeries(String text, String series) {
        assertTrue(text.lines().anyMatch(l -> l.equals(series)), "no line '" + series + "' in\n" + text);
    }

    @Test
    void everyPartOfALineIsASeriesLabelledWithTheLine() {
        String text = scrape(oneLine(1234, 57));

        assertSeries(text, "lineledger_opcua_connected{line=\"line-1\"} 1.0");
        assertSeries(text, "lineledger_opcua_values_received_total{line=\"line-1\"} 1234.0");
        assertSeries(text, "lineledger_opcua_gaps_total{line=\"line-1\"} 0.0");
        assertSeries(text, "lineledger_opcua_subscriptions_total{line=\"line-1\"} 1.0");
        assertSeries(text, "lineledger_opcua_tag_problems{line=\"line-1\"} 0.0");
        assertSeries(text, "lineledger_opcua_last_value_age_seconds{line=\"line-1\"} 0.3");
        assertSeries(text, "lineledger_rules_dead_letters_total{cause=\"no_batch_running\",line=\"line-1\"} 3.0");
        assertSeries(text, "lineledger_rules_dead_letters_total{cause=\"bad_status\",line=\"line-1\"} 0.0");
        assertSeries(text, "lineledger_rules_spool_pending{line=\"line-1\"} 2.0");
        assertSeries(text, "lineledger_records_stored_total{line=\"line-1\"} 57.0");
        assertSeries(text, "lineledger_anchoring_backlog_records{line=\"line-1\"} 17.0");
        assertSeries(text, "lineledger_anchoring_last_anchored_seq{line=\"line-1\"} 40.0");
        assertSeries(text, "lineledger_anchoring_oldest_unanchored_age_seconds{line=\"line-1\"} 0.0");
        assertSeries(text, "lineledger_anchoring_state{line=\"line-1\",state=\"OK\"} 1.0");
        assertSeries(text, "lineledger_anchoring_state{line=\"line-1\",state=\"ALARM\"} 0.0");
        assertSeries(text, "lineledger_store_fenced{line=\"line-1\"} 0.0");
        assertSeries(text, "lineledger_alarms{line=\"line-1\"} 0.0");
        assertSeries(text, "lineledger_chain_head_block 120.0");
        assertSeries(text, "lineledger_health_up 1.0");
        assertSeries(text, "lineledger_part_installed{part=\"anchoring\"} 1.0");
        assertTrue(text.contains("# HELP lineledger_opcua_connected 1 while an OPC UA session"), text);
    }

    @Test
    void eachScrapeReadsTheStatusAnew() {
        scrape(oneLine(10, 5));

        String text = scrape(oneLine(20, 6));

        assertSeries(text, "lineledger_opcua_values_received_total{line=\"line-1\"} 20.0");
        assertSeries(text, "lineledger_records_stored_total{line=\"line-1\"} 6.0");
    }

    @Test
    void aLineOrPartThatWentAwayLeavesNoStaleSeries() {
        scrape(oneLine(10, 5));

        String text = scrape(Statuses.snapshot(Map.of(), List.of(), null, null, null));

        assertFalse(text.contains("line=\"line-1\""), text);
        assertSeries(text, "lineledger_part_installed{part=\"opcua\"} 0.0");
        assertSeries(text, "lineledger_health_up 0.0");
    }

    @Test
    void theBacklogsAgeIsHowLongTheOldestUnanchoredRecordWaits() {
        Snapshot s = new Snapshot(Statuses.NOW, null, Map.of("line-1", 57L), List.of(), null, null,
                Statuses.anchoring(Statuses.anchoringOk("line-1", 57, 40)), List.of(),
                Map.of("line-1", Statuses.NOW.minusMillis(2500)), List.of());

        assertSeries(scrape(s), "lineledger_anchoring_oldest_unanchored_age_seconds{line=\"line-1\"} 2.5");
    }

    @Test
    void transactionsFailuresAndLatencyOfALineAreCountersAndASummary() {
        LineStatus ok = Statuses.anchoringOk("line-1", 57, 40);
        LineStatus counted = new LineStatus(ok.lineId(), ok.storeLastSeq(), ok.lastAnchoredSeq(), ok.chainNextSeq(),
                ok.openJobs(), ok.state(), ok.reason(), ok.since(), ok.nextAttempt(),
                new LineStatus.Counters(12, 2, 3, 9, 8, Duration.ofMillis(20_000), Duration.ofMillis(1500)));
        Snapshot s = Statuses.snapshot(Map.of("line-1", 57L), List.of(), null, null, Statuses.anchoring(counted));

        String text = scrape(s);

        assertSeries(text, "lineledger_anchoring_transactions_total{line=\"line-1\"} 12.0");
        assertSeries(text, "lineledger_anchoring_transaction_reverts_total{line=\"line-1\"} 2.0");
        assertSeries(text, "lineledger_anchoring_failures_total{line=\"line-1\"} 3.0");
        assertSeries(text, "lineledger_anchoring_windows_total{line=\"line-1\"} 9.0");
        assertSeries(text, "lineledger_anchoring_latency_seconds_count{line=\"line-1\"} 8");
        assertSeries(text, "lineledger_anchoring_latency_seconds_sum{line=\"line-1\"} 20.0");
        assertSeries(text, "lineledger_anchoring_last_latency_seconds{line=\"line-1\"} 1.5");
    }
}
