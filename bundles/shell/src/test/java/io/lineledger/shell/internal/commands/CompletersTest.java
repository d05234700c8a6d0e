package io.lineledger.shell.internal.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.shell.internal.RunningParts;
import io.lineledger.status.Snapshot;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.jupiter.api.Test;

class CompletersTest {

    private final RecordStore store = H2RecordStores.newStore();

    /** The parts as the commands see them: here only a store. */
    private final RunningParts parts = new RunningParts() {
        @Override
        public Reading status() {
            return new Reading(snapshot(), Map.of());
        }

        @Override
        public Snapshot snapshot() {
            Map<String, Long> lastSeqs = new java.util.TreeMap<>();
            store.lineIds().forEach(line -> lastSeqs.put(line, store.lastSeq(line)));
            return new Snapshot(Instant.now(), null, lastSeqs, List.of(), null, null, null, List.of());
        }

        @Override
        public Optional<RecordStore> store() {
            return Optional.of(store);
        }

        @Override
        public boolean anchorPending() {
            return false;
        }

        @Override
        public Path pkiDirectory(String lineId) {
            throw new IllegalStateException("no PKI here");
        }
    };

    /** What completion offers for the last word of {@code buffer}. */
    private static List<String> candidates(org.apache.karaf.shell.api.console.Completer completer, String buffer) {
        String[] words = buffer.split(" ", -1);
        String last = words[words.length - 1];
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new CommandLineImpl(words, words.length - 1, last.length(), buffer.length(), buffer),
                candidates);
        return candidates.stream().map(String::strip).sorted().toList();
    }

    @Test
    void lineIdsAreCompletedFromTheLinesThePartsKnow() {
        for (String line : List.of("line-1", "line-2", "packing-3")) {
            store.append(new RecordDraft(line, RecordTypes.GAP, null, Map.of("cause", "lineledger-down")));
        }
        LineIdCompleter completer = new LineIdCompleter();
        completer.parts = parts;

        assertEquals(List.of("line-1", "line-2"), candidates(completer, "lineledger:trust li"));
    }

    @Test
    void batchIdsAreCompletedFromTheRecentBatches() {
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-7", Map.of()));
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-8", Map.of()));
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "PILOT-1", Map.of()));
        BatchIdCompleter completer = new BatchIdCompleter();
        completer.parts = parts;

        assertEquals(List.of("LOT-7", "LOT-8"), candidates(completer, "lineledger:batch LOT"));
    }
}
