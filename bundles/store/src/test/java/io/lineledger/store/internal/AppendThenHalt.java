package io.lineledger.store.internal;

import io.lineledger.model.RecordDraft;
import java.util.Map;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The process {@link DurableH2Test} kills: opens the store on an H2 file database the way the embedded data source
 * does, appends {@code count} records (pausing {@code pauseMillis} between them), prints each acknowledged seq and
 * halts the JVM right after the last commit, as kill -9 would: no shutdown hooks, no database close.
 */
public final class AppendThenHalt {

    private AppendThenHalt() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = EmbeddedH2.durableUrl(args[0], "test", "jdbcUrl");
        int count = Integer.parseInt(args[1]);
        long pauseMillis = Long.parseLong(args[2]);
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        JdbcRecordStore store = new JdbcRecordStore(pool);
        for (int i = 0; i < count; i++) {
            long seq = store.append(new RecordDraft("line-1", "quality", "LOT-1", Map.of("n", i))).seq();
            System.out.println(seq);
            System.out.flush();
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        Runtime.getRuntime().halt(137);
    }
}
