package io.lineledger.ledger.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDigest;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.RecordStore;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a unit test (Surefire runs it only when named): records anchored per second for one line with
 * a large backlog in the H2 store, on anvil with 1 s blocks, polled every 500 ms as the ledger does. First with
 * windows as before pipelining (50 records, one in flight per line) for a while, then, on the rest of the same
 * backlog, with the shipped defaults (the backlog up to 65,536 records a window, 8 windows in flight). Prints the
 * figures; asserts nothing.
 *
 * <pre>
 * mvn -B -q install -pl bundles/ledger -Dtest=AnchoringThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlineledger.benchmark.records=200000 -Dlineledger.benchmark.beforeSeconds=30
 * </pre>
 */
class AnchoringThroughputBenchmark {

    private static final Duration POLL = Duration.ofMillis(500);

    @Test
    void recordsAnchoredPerSecondForOneLineWithALargeBacklog() {
        int records = Integer.getInteger("lineledger.benchmark.records", 200_000);
        Duration before = Duration.ofSeconds(Long.getLong("lineledger.benchmark.beforeSeconds", 30));
        try (Anvil anvil = Anvil.withBlockTime("1");
             TransactionSender sender = TransactionSender.connect(anvil.rpcUrl(), Anvil.KEY_0, 16)) {
            DataSource database = H2RecordStores.newDatabase();
            RecordStore store = new JdbcRecordStore(database);
            RegistryContract contract = RegistryContract.deploy(sender, Duration.ofSeconds(30));
            RegistryContractTest.mined(sender, contract.grantWriter(RegistryKeys.lineKey("line-1"), sender.address()));
            long start = System.nanoTime();
            bulkLoad(database, records);
            print("loaded a backlog of %,d records into the H2 store in %.1f s (store last seq %,d)", records,
                    seconds(start), store.lastSeq("line-1"));

            WindowPolicy old = new WindowPolicy(50, Duration.ofMillis(2000));
            long[] first = run("before: 50-record windows, 1 in flight", store, contract, sender, old, 0,
                    before, records);
            WindowPolicy now = new WindowPolicy(50, Duration.ofMillis(2000), 65_536, 8);
            long[] second = run("after: windows up to 65,536 records, 8 in flight", store, contract, sender, now,
                    first[0], Duration.ofMinutes(10), records);
            double ratio = (second[1] / (double) second[2]) / (first[1] / (double) first[2]);
            print("ratio after/before: %.0fx", ratio);
        }
    }

    /** @return {last anchored seq, records anchored, nanoseconds} */
    private static long[] run(String name, RecordStore store, RegistryContract contract, TransactionSender sender,
                              WindowPolicy window, long anchoredBefore, Duration limit, long total) {
        Anchorer anchorer = new Anchorer(store, contract, sender, window, AnchoringPolicy.withConfirmations(0),
                Clock.systemUTC());
        long startBlock = sender.blockNumber();
        int startLogs = contract.findAnchored(RegistryKeys.lineKey("line-1"), 0, startBlock).size();
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long anchored = anchoredBefore;
        while (anchored < total && System.nanoTime() < deadline) {
            long passStart = System.nanoTime();
            anchorer.tick(false);
            LineStatus line = AnchorerTest.status(anchorer, "line-1");
            anchored = line.lastAnchoredSeq();
            long rest = POLL.toNanos() - (System.nanoTime() - passStart);
            if (rest > 0) {
                TransactionSender.sleep(Duration.ofNanos(rest));
            }
        }
        long elapsed = System.nanoTime() - start;
        long head = sender.blockNumber();
        int transactions = contract.findAnchored(RegistryKeys.lineKey("line-1"), 0, head).size() - startLogs;
        long done = anchored - anchoredBefore;
        print("%s: %,d records anchored in %.1f s = %,.0f records/s; %d anchor transactions in %d blocks"
                        + " (%,.0f records per transaction); backlog left %,d",
                name, done, elapsed / 1e9, done / (elapsed / 1e9), transactions, head - startBlock,
                transactions == 0 ? 0.0 : done / (double) transactions, total - anchored);
        return new long[] {anchored, done, elapsed};
    }

    /**
     * The backlog, sealed as {@code RecordStore.append} seals records (sequence, predecessor digest, salt) but
     * inserted in JDBC batches: appending 200,000 records one by one would take the measurement's whole time.
     */
    private static void bulkLoad(DataSource database, int records) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO records (line_id, seq, record_type, batch_id, recorded_at, prev_digest, digest, salt,"
                             + " canonical_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            Bytes32 previous = Bytes32.ZERO;
            for (int i = 0; i < records; i++) {
                RecordDraft draft = new RecordDraft("line-1", "quality", "LOT-" + (i / 1000),
                        Map.of("station", "checkweigher", "characteristic", "weight", "value", 500.0 + (i % 100) / 10.0,
                                "unit", "g", "verdict", "PASS"));
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                LineRecord record = LineRecord.seal(draft, i + 1, previous, now, RecordDigest.newSalt());
                insert.setString(1, record.lineId());
                insert.setLong(2, record.seq());
                insert.setString(3, record.type());
                insert.setString(4, record.batchId());
                insert.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.setString(6, record.prevDigest().hex());
                insert.setString(7, record.digest().hex());
                insert.setString(8, record.salt().hex());
                insert.setString(9, record.canonicalJson());
                insert.addBatch();
                previous = record.digest();
                if ((i + 1) % 1000 == 0 || i + 1 == records) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading the backlog failed: " + e.getMessage(), e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void print(String format, Object... args) {
        System.out.println("[anchoring throughput] " + String.format(format, args));
    }
}
