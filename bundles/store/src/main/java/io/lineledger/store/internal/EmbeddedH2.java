package io.lineledger.store.internal;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The URL of the embedded H2 database, made durable: H2's MVStore keeps committed changes in memory for up to
 * {@code WRITE_DELAY} ms (default 500) before writing them to the file, so a kill -9 right after a commit loses it.
 * With {@code WRITE_DELAY=0} each commit is written to the file before it returns: it survives the process being
 * killed. It is not forced to the disk (no fsync): a power cut can still lose the last commits; PostgreSQL is the
 * store for that.
 */
final class EmbeddedH2 {

    private EmbeddedH2() {
    }

    /**
     * The configured URL with durable commit settings, or a file database under Karaf's data directory when
     * nothing is configured. {@code pid} and {@code key} name the setting in error messages.
     */
    static String durableUrl(String configured, String pid, String key) {
        String url = configured == null ? "" : configured.trim();
        if (url.isEmpty()) {
            url = "jdbc:h2:file:" + dataDirectory().resolve("lineledger").resolve("store");
        }
        // the bundle embeds no other driver: PostgreSQL comes as a DataSource service (see StoreComponent)
        if (!url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(pid + ": " + key + " must be an H2 URL (jdbc:h2:...), got " + url
                    + "; for PostgreSQL configure a data source and dataSource.target instead");
        }
        if (!isFile(url)) {
            return url; // in-memory databases (tests) have nothing to write
        }
        String writeDelay = setting(url, "WRITE_DELAY");
        if (writeDelay == null) {
            return url + ";WRITE_DELAY=0";
        }
        if (!writeDelay.equals("0")) {
            throw new IllegalArgumentException(pid + ": " + key + " sets WRITE_DELAY=" + writeDelay + " in " + url
                    + ": an acknowledged record could be lost when the process is killed; remove it or set 0");
        }
        return url;
    }

    private static Path dataDirectory() {
        String dataDir = System.getProperty("karaf.data");
        return dataDir != null && !dataDir.isBlank() ? Path.of(dataDir) : Path.of("data").toAbsolutePath();
    }

    /** {@code jdbc:h2:file:}, or a plain path ({@code jdbc:h2:./x}, {@code jdbc:h2:/x}, {@code jdbc:h2:~/x}). */
    static boolean isFile(String url) {
        String rest = url.substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        return rest.startsWith("file:") || !(rest.startsWith("mem:") || rest.startsWith("tcp:")
                || rest.startsWith("ssl:") || rest.startsWith("zip:"));
    }

    private static String setting(String url, String name) {
        for (String part : url.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
