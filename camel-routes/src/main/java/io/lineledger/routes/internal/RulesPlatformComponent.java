package io.lineledger.routes.internal;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings and route files every line's rules share ({@code etc/io.lineledger.routes.cfg}); watches the route
 * file directory and hands changes to the lines.
 */
@Component(service = RulesPlatform.class, configurationPid = RulesPlatformComponent.PID)
@Designate(ocd = RoutesConfig.class)
public final class RulesPlatformComponent implements RulesPlatform {

    static final String PID = "io.lineledger.routes";
    private static final Logger LOG = LoggerFactory.getLogger(RulesPlatformComponent.class);
    private static final long START_RETRY_SECONDS = 5;

    private final Shared shared;
    private final LineClaims claims = new LineClaims();
    private final RouteFileWatcher watcher;
    private final ScheduledExecutorService timer;
    private final LineStarts lineStarts = new LineStarts(Runtime.getRuntime().availableProcessors(),
            Duration.ofSeconds(START_RETRY_SECONDS));

    /** The shared settings, checked. */
    record Shared(Path spoolDirectory, int appendAttempts, Duration appendBackoff, Duration completeHold,
                  Duration deadLetterLogEvery, Path routesDirectory, Duration routesPoll) {
    }

    @Activate
    public RulesPlatformComponent(BundleContext bundleContext, RoutesConfig config, Map<String, Object> properties) {
        this.shared = shared(config, bundleContext);
        unknownKeys(properties).forEach(key -> LOG.warn("{}: {} is not read: {}", PID, key,
                MOVED.contains(key) ? "a line's id and spec limits are in its own etc/io.lineledger.line-<name>.cfg"
                        + " (docs/plant-configuration.md)" : "no such setting"));
        this.watcher = new RouteFileWatcher(new RouteFiles(shared.routesDirectory()));
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lineledger-route-files");
            thread.setDaemon(true);
            return thread;
        });
        long poll = shared.routesPoll().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                watcher.poll();
            } catch (RuntimeException e) {
                LOG.error("Route files: checking {} failed; trying again", shared.routesDirectory(), e);
            }
        }, poll, poll, TimeUnit.MILLISECONDS);
        LOG.info("Rules: route files in {} (checked every {} ms)", shared.routesDirectory(), poll);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
        lineStarts.close();
    }

    @Override
    public RulesSettings settingsFor(LineDefinition line) {
        return new RulesSettings(line, shared.spoolDirectory(), shared.appendAttempts(), shared.appendBackoff(),
                shared.completeHold(), shared.deadLetterLogEvery(), 20);
    }

    @Override
    public void claim(String lineId, String pid) {
        claims.claim(lineId, pid);
    }

    @Override
    public void release(String lineId, String pid) {
        claims.release(lineId, pid);
    }

    @Override
    public Map<String, String> routeFiles() {
        return watcher.current();
    }

    @Override
    public AutoCloseable startLine(String lineId, BooleanSupplier tryStart) {
        return lineStarts.start(lineId, tryStart);
    }

    @Override
    public AutoCloseable onRouteFilesChanged(Consumer<Map<String, String>> listener) {
        return watcher.onChange(listener);
    }

    private static final Set<String> KNOWN = Set.of("routesDirectory", "routesPollMillis", "spoolDirectory",
            "appendAttempts", "appendBackoffMillis", "completeHoldMillis", "deadLetterLogSeconds");
    /** Keys of the one-line rules before lines were configured each in its own file. */
    private static final Set<String> MOVED = Set.of("lineId", "fillWeightLsl", "fillWeightUsl");

    /** Configured keys this component does not read (a typo, or a setting that moved), sorted. */
    static List<String> unknownKeys(Map<String, Object> properties) {
        return properties.keySet().stream().filter(key -> !KNOWN.contains(key) && !key.startsWith("service.")
                && !key.startsWith("component.") && !key.startsWith("felix.") && !key.startsWith("osgi."))
                .sorted().toList();
    }

    static Shared shared(RoutesConfig config, BundleContext bundleContext) {
        requireAtLeast("appendAttempts", config.appendAttempts(), 1);
        requireAtLeast("appendBackoffMillis", config.appendBackoffMillis(), 0);
        requireAtLeast("completeHoldMillis", config.completeHoldMillis(), 0);
        requireAtLeast("deadLetterLogSeconds", config.deadLetterLogSeconds(), 1);
        requireAtLeast("routesPollMillis", config.routesPollMillis(), 100);
        return new Shared(directory("spoolDirectory", config.spoolDirectory(), "karaf.data", "lineledger/spool",
                bundleContext), config.appendAttempts(), Duration.ofMillis(config.appendBackoffMillis()),
                Duration.ofMillis(config.completeHoldMillis()), Duration.ofSeconds(config.deadLetterLogSeconds()),
                directory("routesDirectory", config.routesDirectory(), "karaf.etc", "lineledger/routes", bundleContext),
                Duration.ofMillis(config.routesPollMillis()));
    }

    /** A configured directory, or {@code <karaf dir>/<relative>} (the bundle's data area outside Karaf). */
    private static Path directory(String key, String value, String karafProperty, String relative,
                                  BundleContext bundleContext) {
        String configured = value == null ? "" : value.trim();
        if (configured.isEmpty()) {
            String karafDir = System.getProperty(karafProperty);
            return karafDir != null ? Path.of(karafDir).resolve(relative)
                    : bundleContext.getDataFile(relative.replace('/', '-')).toPath();
        }
        try {
            Path path = Path.of(configured);
            File dir = path.toFile();
            if (dir.exists() && !dir.isDirectory()) {
                throw new IllegalArgumentException("exists and is not a directory");
            }
            return path;
        } catch (IllegalArgumentException e) { // also InvalidPathException
            throw new IllegalArgumentException(PID + ": " + key + " = '" + configured + "': " + e.getMessage(), e);
        }
    }

    private static void requireAtLeast(String key, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(PID + ": " + key + " = " + value + ": must be at least " + least);
        }
    }
}
