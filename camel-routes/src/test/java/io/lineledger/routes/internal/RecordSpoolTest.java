package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.RecordDraft;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordSpoolTest {

    @TempDir
    Path directory;

    private static RecordDraft quality(double value) {
        return new RecordDraft("line-1", "quality", "LOT-1", Map.of("value", value, "verdict", "PASS"));
    }

    @Test
    void heldDraftsComeBackInOrderAfterARestartWithoutTheDrainedOnes() {
        try (RecordSpool spool = new RecordSpool(directory)) {
            spool.hold(quality(500.5));
            spool.hold(quality(501.5));
            spool.hold(quality(502.5));
            spool.markDrained("line-1");
        }
        try (RecordSpool reopened = new RecordSpool(directory)) {
            assertEquals(List.of(501.5, 502.5), reopened.pending("line-1").stream()
                    .map(d -> ((Number) d.fields().get("value")).doubleValue()).toList());
            assertTrue(reopened.headUnconfirmed("line-1"), "the store may hold the head: the drainer checks it");
        }
    }

    @Test
    void aLastLineCutShortByACrashIsIgnored() throws Exception {
        try (RecordSpool spool = new RecordSpool(directory)) {
            spool.hold(quality(500.5));
        }
        Path journal = directory.resolve("line-1.jsonl");
        Files.writeString(journal, "{\"draft\":{\"line\":\"line-1\",\"ty", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (RecordSpool reopened = new RecordSpool(directory)) {
            assertEquals(1, reopened.pending("line-1").size());
            reopened.hold(quality(503.5)); // goes on its own line, after the cut one was removed
        }
        try (RecordSpool again = new RecordSpool(directory)) {
            assertEquals(2, again.pending("line-1").size());
        }
    }

    @Test
    void theJournalIsRemovedOnceEverythingIsDrained() {
        try (RecordSpool spool = new RecordSpool(directory)) {
            spool.hold(quality(500.5));
            spool.markDrained("line-1");
            assertFalse(spool.hasPending("line-1"));
        }
        assertFalse(Files.exists(directory.resolve("line-1.jsonl")));
    }

    @Test
    void draftsHeldTogetherAndDrainedInChunksComeBackInOrderAfterARestart() {
        try (RecordSpool spool = new RecordSpool(directory)) {
            spool.holdAll(List.of(quality(1), quality(2), quality(3)));
            spool.holdAll(List.of(quality(4), quality(5)));
            assertEquals(List.of(quality(1), quality(2)), spool.heads("line-1", 2));
            spool.markDrained("line-1", 3);
        }
        try (RecordSpool spool = new RecordSpool(directory)) {
            assertEquals(List.of(quality(4), quality(5)), spool.pending("line-1"));
            assertTrue(spool.headUnconfirmed("line-1"));
        }
    }
}
