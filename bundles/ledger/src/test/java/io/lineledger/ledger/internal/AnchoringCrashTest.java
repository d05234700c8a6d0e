package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import io.lineledger.store.internal.JdbcRecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The review's crash test: a JVM with a file-based store anchors until a transaction is sent and is then halted
 * like kill -9; the store reopened in this JVM reconciles with the chain and the line keeps anchoring.
 */
class AnchoringCrashTest {

    private static final WindowPolicy WINDOW = new WindowPolicy(25, Duration.ofHours(1));
    /** Windows of ten records, eight in flight: a halt in the middle of a pipeline. */
    private static final WindowPolicy PIPELINE = new WindowPolicy(10, Duration.ofHours(1), 10, 8);

    @Test
    void haltRightAfterAnAnchorIsSentLeavesNoStuckJobAndNoSequenceTheChainHasButTheStoreLacks() throws Exception {
        haltAndRecover(false);
    }

    @Test
    void haltInTheMiddleOfAPipelineAnchorsEveryRecordOnceAndSkipsNone() throws Exception {
        haltAndRecover(true);
    }

    private void haltAndRecover(boolean pipelined) throws Exception {
        WindowPolicy window = pipelined ? PIPELINE : WINDOW;
        Path dir = Files.createTempDirectory("lineledger-crash");
        // durable commits; the database kept open between connections, as the store's pool keeps it (an H2 file
        // database closed and reopened per connection was seen to lose committed rows after a halt)
        String url = "jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1";
        try (Anvil anvil = Anvil.start()) {
            TransactionSender sender = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_0, 16);
            try {
                RegistryContract contract = RegistryContract.deploy(sender, Duration.ofSeconds(30));
                Path log = dir.resolve("crashing-jvm.log");
                Process crashing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", testClassPath(), CrashingLedger.class.getName(),
                        url, anvil.rpcUrl(), contract.address(), Boolean.toString(pipelined))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                assertTrue(crashing.waitFor(90, TimeUnit.SECONDS), "the crashing JVM ended");
                assertEquals(137, crashing.exitValue(), Files.readString(log));

                RecordStore store = new JdbcRecordStore(dataSource(url));
                Anchorer restarted = new Anchorer(store, contract, sender, window, 0, Clock.systemUTC());
                restarted.reconcile();
                AnchorerTest.tickUntil(restarted, () -> store.openJobs().isEmpty(), false);

                long chainLastSeq = contract.nextSequence(RegistryKeys.lineKey("line-1")) - 1;
                assertTrue(chainLastSeq >= 26, "the second window reached the chain: " + chainLastSeq);
                assertTrue(store.lastSeq("line-1") >= chainLastSeq, "the store holds every anchored sequence: store "
                        + store.lastSeq("line-1") + ", chain " + chainLastSeq + ", " + restarted.lineStatuses()
                        + "\n" + Files.readString(log));
                for (long seq = 1; seq <= chainLastSeq; seq = store.anchorOf("line-1", seq).orElseThrow().lastSeq() + 1) {
                    Anchor anchor = store.anchorOf("line-1", seq).orElseThrow();
                    List<LineRecord> range = store.range("line-1", anchor.firstSeq(), anchor.lastSeq());
                    assertEquals(anchor.root(), MerkleTree.ofRecords(range.get(0).lineId(), range).root());
                    var onChain = contract.anchorOf(anchor.root()).orElseThrow();
                    assertEquals(anchor.lastSeq(), onChain.lastSeq());
                }

                for (int i = 0; i < 3; i++) {
                    store.append(new RecordDraft("line-1", "quality", "LOT-2", Map.of("value", 1.0 + i)));
                }
                long last = store.lastSeq("line-1");
                AnchorerTest.tickUntil(restarted, () -> store.anchorOf("line-1", last).isPresent(), true);
                assertEquals(LineStatus.State.OK, AnchorerTest.status(restarted, "line-1").state());
                // nothing skipped, nothing twice: the chain's Anchored logs tile 1..last in order
                long next = 1;
                for (var event : contract.findAnchored(RegistryKeys.lineKey("line-1"), 0, sender.blockNumber())) {
                    assertEquals(next, event.firstSeq(), "anchored in sequence order, none twice");
                    assertEquals(event.root(), store.anchorOf("line-1", event.firstSeq()).map(Anchor::root).orElse(null),
                            "the store's anchor of the chain's " + event + "; open jobs " + store.openJobs() + ", "
                                    + restarted.lineStatuses() + "\n" + Files.readString(log));
                    next = event.lastSeq() + 1;
                }
                assertEquals(last + 1, next);
                assertEquals(last + 1, contract.nextSequence(RegistryKeys.lineKey("line-1")));
            } finally {
                sender.close();
            }
        } finally {
            try (var connection = dataSource(url).getConnection(); var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN"); // closes the database kept open, before its files go
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Surefire names the whole test class path here; java.class.path may be its booter jar only. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static DataSource dataSource(String url) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("sa");
        database.setPassword("");
        return database;
    }

    /**
     * The JVM that crashes: appends 60 records (200 in a pipeline), anchors until the second window is sent (four
     * windows in flight), appends one more record, halts.
     */
    public static final class CrashingLedger {

        public static void main(String[] args) {
            String url = args[0];
            Thread watchdog = new Thread(() -> {
                TransactionSender.sleep(Duration.ofSeconds(60));
                Runtime.getRuntime().halt(1);
            });
            watchdog.setDaemon(true);
            watchdog.start();
            RecordStore store = new JdbcRecordStore(dataSource(url));
            TransactionSender sender = TransactionSender.connect(args[1], Anvil.KEY_0, 16);
            RegistryContract contract = new RegistryContract(sender, args[2]);
            boolean pipelined = Boolean.parseBoolean(args[3]);
            for (int i = 0; i < (pipelined ? 200 : 60); i++) {
                store.append(new RecordDraft("line-1", "quality", "LOT-1", Map.of("value", 500.0 + i)));
            }
            Anchorer anchorer = new Anchorer(store, contract, sender, pipelined ? PIPELINE : WINDOW, 0, Clock.systemUTC());
            while (pipelined ? store.openJobs().stream().filter(job -> job.status() == AnchorJob.Status.SENT).count() < 4
                    : store.openJobs().stream().noneMatch(job -> job.status() == AnchorJob.Status.SENT && job.firstSeq() > 1)) {
                anchorer.tick(false);
                TransactionSender.sleep(Duration.ofMillis(20));
            }
            store.append(new RecordDraft("line-1", "quality", "LOT-1", Map.of("value", 1.0)));
            Runtime.getRuntime().halt(137);
        }
    }
}
