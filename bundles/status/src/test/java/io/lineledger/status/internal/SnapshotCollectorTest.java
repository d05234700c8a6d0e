package io.lineledger.status.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.status.Snapshot;
import io.lineledger.status.testing.Statuses;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SnapshotCollectorTest {

    private final RecordStore store = H2RecordStores.newStore();

    private static StatusFeed feed(String part, Consumer<SnapshotCollector.Parts> adds) {
        return new StatusFeed() {
            @Override
            public String part() {
                return part;
            }

            @Override
            public void addTo(SnapshotCollector.Parts parts) {
                adds.accept(parts);
            }
        };
    }

    @Test
    void theStoreIsReadOncePerLineAndTheBacklogsOldestRecordIsFound() {
        for (int i = 0; i < 3; i++) {
            store.append(new RecordDraft("line-1", RecordTypes.GAP, null, Map.of("cause", "lineledger-down")));
        }
        LineRecord second = store.find("line-1", 2).orElseThrow();
        StatusFeed anchoring = feed("anchoring",
                p -> p.anchoring(Statuses.anchoring(Statuses.anchoringOk("line-1", 3, 1))));

        Snapshot s = SnapshotCollector.collect(store, List.of(anchoring), List.of(), Instant.now());

        assertNull(s.storeProblem());
        assertEquals(Map.of("line-1", 3L), s.storeLastSeqs());
        assertEquals(Map.of("line-1", second.recordedAt()), s.oldestUnanchoredAt());
        assertNull(s.sources(), "no OPC UA feed: not installed, not empty");
    }

    @Test
    void aFailingPartIsReportedAndHidesNoOther() {
        StatusFeed broken = feed("rules", p -> {
            throw new IllegalStateException("context stopped");
        });
        StatusFeed sources = feed("OPC UA source", p -> p.sources(List.of(Statuses.connected("line-1", 1))));

        Snapshot s = SnapshotCollector.collect(store, List.of(broken, sources), List.of(), Instant.now());

        assertEquals(List.of("rules: java.lang.IllegalStateException: context stopped"), s.unavailable());
        assertEquals(List.of("line-1"), s.lineIds());
    }

    @Test
    void noStoreIsSaidToBeNotInstalled() {
        Snapshot s = SnapshotCollector.collect(null, List.of(), List.of(), Instant.now());

        assertTrue(s.storeProblem().startsWith("not installed"), s.storeProblem());
    }
}
