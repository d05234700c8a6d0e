package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit the store acknowledged survives the process being killed right after it (review finding 1). */
class DurableH2Test {

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedRecordSurvivesAHaltRightAfterItsCommit() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("store");
        long expectedLast = 0;
        // spaced commits (H2 used to lose the last ~0.5 s of them) and tight loops (it used to lose everything)
        for (long[] run : new long[][] {{30, 5}, {200, 0}, {20, 10}, {300, 0}, {1, 0}}) {
            List<Long> acknowledged = appendThenHalt(url, (int) run[0], run[1]);
            assertEquals(run[0], acknowledged.size(), "the child acknowledged every append before halting");
            expectedLast += run[0];
            assertEquals(expectedLast, acknowledged.get(acknowledged.size() - 1));

            JdbcConnectionPool pool = JdbcConnectionPool.create(EmbeddedH2.durableUrl(url, "test", "jdbcUrl"), "sa", "");
            try {
                JdbcRecordStore reopened = new JdbcRecordStore(pool);
                assertEquals(expectedLast, reopened.lastSeq("line-1"), "records lost after a halt");
                List<LineRecord> records = reopened.range("line-1", 1, expectedLast); // checks the hash chain too
                assertEquals(expectedLast, records.size());
            } finally {
                pool.dispose();
            }
        }
    }

    private static List<Long> appendThenHalt(String url, int count, long pauseMillis)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                AppendThenHalt.class.getName(), url, Integer.toString(count), Long.toString(pauseMillis))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                acknowledged.add(Long.parseLong(line.trim()));
            }
        }
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        assertTrue(exited, "the child did not halt");
        assertEquals(137, child.exitValue(), "the child halted as kill -9 would");
        assertFalse(acknowledged.isEmpty());
        return acknowledged;
    }
}
