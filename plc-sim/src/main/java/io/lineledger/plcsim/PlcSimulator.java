package io.lineledger.plcsim;

import io.lineledger.plcsim.model.LineSimulation;
import io.lineledger.plcsim.model.SimulationSettings;
import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.server.PlcSimServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated line: the {@link LineSimulation} played in real time into a {@link PlcSimServer}.
 * Use from tests as {@code try (PlcSimulator sim = PlcSimulator.start(options)) { ... sim.endpointUrl() ... }}.
 */
public final class PlcSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlcSimulator.class);

    /**
     * @param bindAddress address to listen on
     * @param port        TCP port, 0 = any free port
     * @param dataDir     where this instance keeps its PKI directory; null = a new temporary directory
     * @param settings    the line's behaviour
     * @param seed        random seed for the fill weights
     */
    public record Options(String bindAddress, int port, Path dataDir, SimulationSettings settings, long seed) {
        public Options {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(settings, "settings");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
        }

        /** 127.0.0.1, a free port, a temporary data directory, default settings, seed 1. */
        public static Options defaults() {
            return new Options("127.0.0.1", 0, null, SimulationSettings.defaults(), 1L);
        }

        public Options withPort(int value) {
            return new Options(bindAddress, value, dataDir, settings, seed);
        }

        public Options withDataDir(Path value) {
            return new Options(bindAddress, port, value, settings, seed);
        }

        public Options withSettings(SimulationSettings value) {
            return new Options(bindAddress, port, dataDir, value, seed);
        }

        public Options withSeed(long value) {
            return new Options(bindAddress, port, dataDir, settings, value);
        }
    }

    private final PlcSimServer server;
    private final LineSimulation simulation;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Step> stepListener;
    private final CountDownLatch finished = new CountDownLatch(1);

    private PlcSimulator(PlcSimServer server, LineSimulation simulation, Consumer<Step> stepListener) {
        this.server = server;
        this.simulation = simulation;
        this.stepListener = stepListener;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "plc-sim-" + simulation.settings().line());
            thread.setDaemon(true);
            return thread;
        });
    }

    public static PlcSimulator start(Options options) {
        return start(options, step -> { });
    }

    /**
     * Starts the server and the line.
     *
     * @param stepListener told about each step right after its values were published (on the line's thread)
     */
    public static PlcSimulator start(Options options, Consumer<Step> stepListener) {
        Path dataDir = options.dataDir();
        try {
            if (dataDir == null) {
                dataDir = Files.createTempDirectory("plc-sim-");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for plc-sim", e);
        }
        LineSimulation simulation = new LineSimulation(options.settings(), options.seed(), Clock.systemUTC().instant());
        PlcSimServer server = PlcSimServer.start(options.bindAddress(), options.port(),
                dataDir.resolve("pki"), simulation.initialValues());
        PlcSimulator simulator = new PlcSimulator(server, simulation, stepListener);
        simulator.scheduleNext();
        return simulator;
    }

    public String endpointUrl() {
        return server.endpointUrl();
    }

    /** Waits until the configured number of batches has run (never returns early for batches = 0). */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    private void scheduleNext() {
        var next = simulation.next();
        if (next.isEmpty()) {
            finished.countDown();
            return;
        }
        Step step = next.get();
        scheduler.schedule(() -> run(step), step.delayMs(), TimeUnit.MILLISECONDS);
    }

    private void run(Step step) {
        try {
            server.write(step.writes(), Clock.systemUTC().instant());
            stepListener.accept(step);
        } catch (RuntimeException e) {
            LOG.warn("plc-sim step {} failed: {}", step.phase(), e.toString());
        }
        if (!scheduler.isShutdown()) {
            scheduleNext();
        }
    }

    /** Stops the line, then the server. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
