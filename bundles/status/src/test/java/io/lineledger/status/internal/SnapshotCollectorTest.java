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

    /** The anchoring service's figure is as old as its last pass (minutes under load): status shows the store's. */
    @Test
    void theStoresOwnLastSeqIsShownNotTheOneTheLastAnchoringPassRead() {
        for (int i = 0; i < 5; i++) {
            store.append(new RecordDraft("line-1", RecordTypes.GAP, null, Map.of("cause", "lineledger-down")));
        }
        StatusFeed anchoring = feed("anchoring",
                p -> p.anchoring(Statuses.anchoring(Statuses.anchoringOk("line-1", 3, 1))));

        Snapshot s = SnapshotCollector.collect(store, List.of(anchoring), List.of(), Instant.now());

        assertEquals(5L, s.storeLastSeq("line-1"));
        assertEquals(java.util.Optional.of(3L), s.lastSeqAtLastAnchoringPass("line-1"));
    }

    @Test
    void anUnreadableStoreHasNoLastSeqEvenWhereTheLastPassReadOne() {
        Snapshot s = new Snapshot(Instant.now(), "not readable: Connection refused", Map.of(), List.of(), null, null,
                Statuses.anchoring(Statuses.anchoringOk("line-1", 3, 1)), List.of());

        assertNull(s.storeLastSeq("line-1"), "never the last pass's figure under the store's name");
        assertEquals(java.util.Optional.of(3L), s.lastSeqAtLastAnchoringPass("line-1"));
        Snapshot read = new Snapshot(Instant.now(), null, Map.of(), List.of(), null, null,
                Statuses.anchoring(Statuses.anchoringOk("line-1", 3, 1)), List.of());
        assertEquals(0L, read.storeLastSeq("line-1"), "read, and the store holds none of the line");
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
