package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.opcua.SourceStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines coming and going by configuration; no server needed (the lines keep trying to connect to nothing). */
class LineSourcesTest {

    @TempDir
    Path dir;

    private LineSources sources() {
        return new LineSources((configuration, properties) -> LineConfiguration.parse(configuration, properties,
                new LineDefaults(0, 100, 2000, 1000, 10, 1000), dir, lineId -> dir.resolve("pki-" + lineId)));
    }

    private static Map<String, Object> line(String lineId) {
        // port 1: nothing listens; the line keeps retrying in the background
        return Map.of("lineId", lineId, "endpointUrl", "opc.tcp://127.0.0.1:1/lineledger",
                "tag.batchId", "nsu=urn:lineledger:plc-sim;s=Line1.BatchId");
    }

    @Test
    void aSecondConfigurationWithTheSameLineIdIsRefusedNamingBothAndTheFirstKeepsRunning() {
        try (LineSources sources = sources()) {
            sources.put("io.lineledger.line~a", line("line-1"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sources.put("io.lineledger.line~b", line("line-1")));
            assertEquals("io.lineledger.line~b: lineId = line-1 is already read by io.lineledger.line~a; "
                    + "io.lineledger.line~b is refused, io.lineledger.line~a keeps running", e.getMessage());
            assertEquals(Map.of("line-1", "io.lineledger.line~a"), sources.configurations());
            assertEquals("io.lineledger.line~a", sources.status().get(0).configuration());
        }
    }

    @Test
    void aBadConfigurationLeavesTheOtherLinesRunning() {
        try (LineSources sources = sources()) {
            sources.put("io.lineledger.line~a", line("line-1"));
            assertThrows(IllegalArgumentException.class, () -> sources.put("io.lineledger.line~b",
                    Map.of("lineId", "line-2", "tag.x", "nsu=urn:x;s=X")));
            sources.put("io.lineledger.line~c", line("line-3"));
            assertEquals(java.util.List.of("line-1", "line-3"),
                    sources.status().stream().map(SourceStatus::lineId).toList());
        }
    }

    @Test
    void aChangedConfigurationReplacesItsLineAndARemovedOneFreesTheLineId() {
        try (LineSources sources = sources()) {
            sources.put("io.lineledger.line~a", line("line-1"));
            sources.put("io.lineledger.line~a", line("line-9")); // the same configuration, edited
            assertEquals(Map.of("line-9", "io.lineledger.line~a"), sources.configurations());
            sources.remove("io.lineledger.line~a");
            sources.put("io.lineledger.line~b", line("line-9"));
            assertEquals(Map.of("line-9", "io.lineledger.line~b"), sources.configurations());
        }
    }

    @Test
    void statusShowsEachLinesConfigurationAndSecurity() {
        try (LineSources sources = sources()) {
            sources.put("io.lineledger.line~b", line("line-2"));
            sources.put("io.lineledger.line~a", line("line-1"));
            SourceStatus first = sources.status().get(0);
            assertEquals("line-1", first.lineId(), "sorted by line id");
            assertEquals("None, anonymous", first.security());
            assertTrue(first.tagProblems().isEmpty());
        }
    }
}
