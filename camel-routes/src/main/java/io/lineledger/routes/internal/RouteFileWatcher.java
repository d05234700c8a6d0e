package io.lineledger.routes.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the route file directory by polling ({@link #poll}, on the shared rules' timer: a WatchService misses
 * changes on some network and container file systems) and hands every change to each line's rules.
 */
public final class RouteFileWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileWatcher.class);

    private final RouteFiles files;
    private final List<Consumer<Map<String, String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> current;
    private String readProblem;

    public RouteFileWatcher(RouteFiles files) {
        this.files = files;
        try {
            if (files.installDefaults()) {
                LOG.info("Route files: wrote the bundle's route files into {}", files.directory());
            }
        } catch (RuntimeException e) {
            LOG.error("Route files: {}; the rules run the bundle's own route files", e.getMessage(), e);
        }
        this.current = readOr(RouteFiles.builtIn());
    }

    /** The route files now. */
    public Map<String, String> current() {
        return current;
    }

    /** Calls {@code listener} with the files after each change; closing the handle stops it. */
    public AutoCloseable onChange(Consumer<Map<String, String>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Reads the directory; when a file changed, tells every listener. */
    public synchronized void poll() {
        Map<String, String> read = readOr(current);
        if (!Objects.equals(read, current)) {
            current = read;
            for (Consumer<Map<String, String>> listener : listeners) {
                try {
                    listener.accept(read);
                } catch (RuntimeException e) {
                    LOG.error("Route files: reloading them into a line's rules failed", e);
                }
            }
        }
    }

    private Map<String, String> readOr(Map<String, String> otherwise) {
        try {
            Map<String, String> read = files.read();
            if (read.isEmpty()) {
                // an emptied directory is a mistake more likely than rules that should read nothing
                throw new IOException("no *.yaml route file in it");
            }
            if (readProblem != null) {
                LOG.info("Route files: {} can be read again", files.directory());
                readProblem = null;
            }
            return read;
        } catch (IOException | RuntimeException e) {
            if (readProblem == null) {
                LOG.error("Route files: {} cannot be used ({}); the routes running keep running (at start: the bundle's"
                        + " own)", files.directory(), e.getMessage());
            }
            readProblem = e.toString();
            return otherwise;
        }
    }
}
