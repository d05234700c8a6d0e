package io.lineledger.plcsim;

import io.lineledger.plcsim.model.CommandResult;
import io.lineledger.plcsim.model.Fault;
import io.lineledger.plcsim.model.FaultType;
import io.lineledger.plcsim.model.LineLayout;
import io.lineledger.plcsim.model.LineSimulation;
import io.lineledger.plcsim.model.Quality;
import io.lineledger.plcsim.model.SimulationSettings;
import io.lineledger.plcsim.model.StationKind;
import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.scenario.Scenario;
import io.lineledger.plcsim.server.LineControl;
import io.lineledger.plcsim.server.PlcSimServer;
import io.lineledger.plcsim.server.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated plant: one {@link LineSimulation} per line of the scenario, played in real time into a
 * {@link PlcSimServer}, whose methods command the lines. Use from tests as
 * {@code try (PlcSimulator sim = PlcSimulator.start(options)) { ... sim.endpointUrl() ... }}.
 *
 * <p>All lines run on one thread, and so do the commands, so a line never sees two things at once.
 */
public final class PlcSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlcSimulator.class);
    private static final long COMMAND_TIMEOUT_SECONDS = 5;
    /** Highest rate of one line: a part every microsecond is the simulation clock's resolution. */
    public static final double MAX_PARTS_PER_SECOND = 1_000_000;
    /** A line this far behind its schedule (the machine was busy) goes on from now instead of catching up. */
    private static final long MAX_LAG_NANOS = 500_000_000L;
    /** Steps of one line that are due run one after another, up to this many before the other lines' turn. */
    private static final int STEPS_PER_TURN = 64;

    /**
     * @param bindAddress       address to listen on
     * @param port              TCP port, 0 = any free port
     * @param dataDir           where this instance keeps its PKI directory; null = a new temporary directory
     * @param scenario          the plant: lines, recipes, faults, users
     * @param seed              random seed (withScenario takes the scenario's seed if it has one)
     * @param lines             number of lines (0 = as many as the scenario has)
     * @param partIntervalMs    every line's time between parts (0 = as the scenario says)
     * @param users             user name → password for the secured endpoints, on top of the scenario's
     * @param trustAllClients   accept any client certificate on the secured endpoints
     * @param anonymousOnSecure allow anonymous sessions on the secured endpoints too
     * @param partsPerSecond    every line's parts per second, finer than partIntervalMs and above 1,000 (0 = as
     *                          partIntervalMs or the scenario says)
     * @param paused            the lines wait for {@link #resume(String)} before their first step
     */
    public record Options(String bindAddress, int port, Path dataDir, Scenario scenario, long seed, int lines,
                          long partIntervalMs, Map<String, String> users, boolean trustAllClients,
                          boolean anonymousOnSecure, double partsPerSecond, boolean paused) {
        public Options {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(scenario, "scenario");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            if (lines < 0) {
                throw new IllegalArgumentException("lines must be >= 0: " + lines);
            }
            if (partIntervalMs < 0) {
                throw new IllegalArgumentException("partIntervalMs must be >= 0: " + partIntervalMs);
            }
            if (!(partsPerSecond >= 0) || partsPerSecond > MAX_PARTS_PER_SECOND) {
                throw new IllegalArgumentException("partsPerSecond must be 0.." + MAX_PARTS_PER_SECOND + ": "
                        + partsPerSecond);
            }
            users = Map.copyOf(users);
        }

        /** One line with these settings, security None only (the skeleton's options). */
        public Options(String bindAddress, int port, Path dataDir, SimulationSettings settings, long seed) {
            this(bindAddress, port, dataDir, Scenario.ofLines(List.of(settings)), seed, 0, 0, Map.of(), false, false,
                    0, false);
        }

        /** 127.0.0.1, a free port, a temporary data directory, the default scenario, seed 1, security None only. */
        public static Options defaults() {
            Scenario scenario = Scenario.defaultScenario();
            return new Options("127.0.0.1", 0, null, scenario, scenario.seed() != null ? scenario.seed() : 1L, 0, 0,
                    Map.of(), false, false, 0, false);
        }

        public Options withBindAddress(String value) {
            return new Options(value, port, dataDir, scenario, seed, lines, partIntervalMs, users, trustAllClients,
                    anonymousOnSecure, partsPerSecond, paused);
        }

        public Options withPort(int value) {
            return new Options(bindAddress, value, dataDir, scenario, seed, lines, partIntervalMs, users,
                    trustAllClients, anonymousOnSecure, partsPerSecond, paused);
        }

        public Options withDataDir(Path value) {
            return new Options(bindAddress, port, value, scenario, seed, lines, partIntervalMs, users, trustAllClients,
                    anonymousOnSecure, partsPerSecond, paused);
        }

        /** This scenario, and its seed if it has one. */
        public Options withScenario(Scenario value) {
            long seedToUse = value.seed() != null ? value.seed() : seed;
            return new Options(bindAddress, port, dataDir, value, seedToUse, lines, partIntervalMs, users,
                    trustAllClients, anonymousOnSecure, partsPerSecond, paused);
        }

        /** Reads and validates the scenario file now: a bad file fails here, before any server starts. */
        public Options withScenario(Path file) {
            return withScenario(Scenario.load(file));
        }

        /** One line with these settings (the skeleton's single-line simulator). */
        public Options withSettings(SimulationSettings value) {
            return withScenario(Scenario.ofLines(List.of(value)));
        }

        /** Every line of the scenario changed the same way, e.g. {@code s -> s.withBatches(2)}. */
        public Options withLineSettings(UnaryOperator<SimulationSettings> change) {
            return withScenario(scenario.mapLines(change));
        }

        public Options withSeed(long value) {
            return new Options(bindAddress, port, dataDir, scenario, value, lines, partIntervalMs, users,
                    trustAllClients, anonymousOnSecure, partsPerSecond, paused);
        }

        public Options withLines(int value) {
            return new Options(bindAddress, port, dataDir, scenario, seed, value, partIntervalMs, users,
                    trustAllClients, anonymousOnSecure, partsPerSecond, paused);
        }

        public Options withPartIntervalMs(long value) {
            return new Options(bindAddress, port, dataDir, scenario, seed, lines, value, users, trustAllClients,
                    anonymousOnSecure, partsPerSecond, paused);
        }

        public Options withUsers(Map<String, String> value) {
            return new Options(bindAddress, port, dataDir, scenario, seed, lines, partIntervalMs, value,
                    trustAllClients, anonymousOnSecure, partsPerSecond, paused);
        }

        public Options withTrustAllClients(boolean value) {
            return new Options(bindAddress, port, dataDir, scenario, seed, lines, partIntervalMs, users, value,
                    anonymousOnSecure, partsPerSecond, paused);
        }

        /** Every line's parts per second (0 = as partIntervalMs or the scenario says); above 1,000 too. */
        public Options withPartsPerSecond(double value) {
            return new Options(bindAddress, port, dataDir, scenario, seed, lines, partIntervalMs, users,
                    trustAllClients, anonymousOnSecure, value, paused);
        }

        /** The lines wait for {@link PlcSimulator#resume(String)} before their first step. */
        public Options withPaused(boolean value) {
            return new Options(bindAddress, port, dataDir, scenario, seed, lines, partIntervalMs, users,
                    trustAllClients, anonymousOnSecure, partsPerSecond, value);
        }

        public Options withAnonymousOnSecure(boolean value) {
            return new Options(bindAddress, port, dataDir, scenario, seed, lines, partIntervalMs, users,
                    trustAllClients, value, partsPerSecond, paused);
        }

        /** The scenario with the line count and rate applied. */
        public Scenario effectiveScenario() {
            Scenario result = lines > 0 ? scenario.withLines(lines) : scenario;
            return partIntervalMs > 0 ? result.withPartIntervalMs(partIntervalMs) : result;
        }

    }

    /** Figures for a status line. */
    public record Status(long batchesDone, long valuesPublished, int lines, boolean serverUp) { }

    /**
     * One line as it runs now.
     *
     * @param partsPerSecond its rate (burstRate faults aside)
     * @param partsPerBatch  parts of its next automatic batch
     * @param paused         waits for {@link #resume(String)}
     * @param parts          parts served so far (their measurements published)
     * @param measuredValues measured values of those parts served with status Good
     */
    public record LineStatus(String line, double partsPerSecond, int partsPerBatch, boolean paused, long parts,
                             long measuredValues) { }

    private final class Line {
        final LineSimulation simulation;
        final Set<String> measurementTags = new HashSet<>();
        final AtomicLong parts = new AtomicLong();
        final AtomicLong measuredValues = new AtomicLong();
        ScheduledFuture<?> pending;
        /** System.nanoTime() at which the step that ran last was due: the next one is due its delay after it. */
        long dueNanos;
        boolean paused;
        /** the unskewed source time of the last step: each step gets a later one, so that no two parts share it */
        Instant lastSourceTime = Instant.EPOCH;

        Line(LineSimulation simulation) {
            this.simulation = simulation;
            for (StationKind station : simulation.settings().stations()) {
                if (station.characteristic() != null) {
                    measurementTags.add(simulation.tags().measurement(station.stationName(), station.characteristic()));
                }
            }
        }
    }

    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Consumer<Step> stepListener;
    private final BiConsumer<Step, Instant> servedListener;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong valuesPublished = new AtomicLong();
    private final AtomicLong batchesDone = new AtomicLong();
    private final ServerOptions serverOptions;
    private final List<LineLayout> layouts;
    private final String endpointUrl;
    private final List<String> securityModes;
    private final Object restartLock = new Object();
    private volatile PlcSimServer server;
    private volatile boolean closed;

    private PlcSimulator(List<LineSimulation> simulations, ServerOptions serverOptions, Consumer<Step> stepListener,
                         BiConsumer<Step, Instant> servedListener) {
        for (LineSimulation simulation : simulations) {
            lines.put(simulation.settings().line(), new Line(simulation));
        }
        this.serverOptions = serverOptions;
        this.layouts = simulations.stream().map(LineSimulation::layout).toList();
        this.stepListener = stepListener;
        this.servedListener = servedListener;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "plc-sim-lines");
            thread.setDaemon(true);
            return thread;
        });
        PlcSimServer started;
        try {
            started = PlcSimServer.start(serverOptions, layouts, List.of(), new Control());
        } catch (RuntimeException e) {
            scheduler.shutdownNow(); // e.g. the port is taken: the caller may try another
            throw e;
        }
        this.server = started;
        this.endpointUrl = started.endpointUrl();
        this.securityModes = started.securityModes();
    }

    public static PlcSimulator start(Options options) {
        return start(options, step -> { });
    }

    /**
     * Starts the server and the lines.
     *
     * @param stepListener told about each step right after its values were published (on the lines' thread)
     */
    public static PlcSimulator start(Options options, Consumer<Step> stepListener) {
        return start(options, stepListener, (step, sourceTime) -> { });
    }

    /**
     * Starts the server and the lines.
     *
     * @param stepListener   told about each step right after its values were published (on the lines' thread)
     * @param servedListener told about each step the server did publish, with the source time it carried (on the
     *                       lines' thread; not for steps made while the server restarts), e.g. a
     *                       {@link ServedValueJournal}
     */
    public static PlcSimulator start(Options options, Consumer<Step> stepListener,
                                     BiConsumer<Step, Instant> servedListener) {
        Scenario scenario = options.effectiveScenario(); // validated before anything starts
        Path dataDir = options.dataDir();
        try {
            if (dataDir == null) {
                dataDir = Files.createTempDirectory("plc-sim-");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for plc-sim", e);
        }
        Instant startedAt = Clock.systemUTC().instant();
        long seed = options.seed();
        List<LineSimulation> simulations = new ArrayList<>();
        for (int i = 0; i < scenario.lines().size(); i++) {
            simulations.add(new LineSimulation(scenario.lines().get(i), lineSeed(seed, i), startedAt));
        }
        Map<String, String> users = new LinkedHashMap<>(scenario.users());
        users.putAll(options.users());
        ServerOptions serverOptions = new ServerOptions(options.bindAddress(), options.port(), dataDir.resolve("pki"),
                users, options.trustAllClients(), options.anonymousOnSecure());
        if (options.partsPerSecond() > 0) {
            simulations.forEach(s -> s.setPartsPerSecond(options.partsPerSecond()));
        }
        PlcSimulator simulator = new PlcSimulator(simulations, serverOptions, stepListener, servedListener);
        // a free port chosen now stays the port across server restarts
        for (Line line : simulator.lines.values()) {
            line.paused = options.paused();
            simulator.onLinesThread(() -> {
                simulator.scheduleNext(line, false);
                return null;
            });
        }
        for (Fault fault : scenario.serverFaults()) {
            simulator.scheduler.schedule(() -> simulator.restartServer(fault.durationMs()), fault.atMs(),
                    TimeUnit.MILLISECONDS);
        }
        return simulator;
    }

    /** Line 0 runs on the seed itself, the others on seeds derived from it. */
    static long lineSeed(long seed, int lineIndex) {
        return seed + 7_919L * lineIndex;
    }

    public String endpointUrl() {
        return endpointUrl;
    }

    /** The security policies and modes the server offers. */
    public List<String> securityModes() {
        return securityModes;
    }

    public List<String> lineNames() {
        return List.copyOf(lines.keySet());
    }

    public Status status() {
        return new Status(batchesDone.get(), valuesPublished.get(), lines.size(), server != null);
    }

    /** Waits until every line has run its configured number of batches (never returns early for batches = 0). */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /**
     * Schedules the line's next step (on the lines' thread). Steps are due at absolute times, each its delay after
     * the one before, so that the rate holds however long a step takes; {@code continuing} false starts the
     * schedule from now (after a command, a pause, at the start).
     */
    private void scheduleNext(Line line, boolean continuing) {
        if (line.pending != null) {
            line.pending.cancel(false);
            line.pending = null;
        }
        if (scheduler.isShutdown() || line.paused) {
            return;
        }
        OptionalLong delay = line.simulation.delayToNextMicros();
        if (delay.isEmpty()) {
            if (lines.values().stream().allMatch(l -> l.simulation.finished())) {
                finished.countDown();
            }
            return;
        }
        long now = System.nanoTime();
        long due = (continuing ? line.dueNanos : now) + delay.getAsLong() * 1000;
        if (due - now < -MAX_LAG_NANOS) {
            due = now;
        }
        line.dueNanos = due;
        line.pending = scheduler.schedule(() -> run(line), Math.max(0, due - now), TimeUnit.NANOSECONDS);
    }

    private void run(Line line) {
        line.pending = null;
        for (int turn = 1; ; turn++) {
            try {
                line.simulation.next().ifPresent(step -> publish(line, step));
            } catch (RuntimeException e) {
                LOG.warn("plc-sim {} step failed: {}", line.simulation.settings().line(), e.toString());
            }
            // the next step is due already (fast lines): run it now rather than through the scheduler's queue
            OptionalLong delay = line.simulation.delayToNextMicros();
            if (delay.isEmpty() || turn >= STEPS_PER_TURN) {
                break;
            }
            long due = line.dueNanos + delay.getAsLong() * 1000;
            if (due - System.nanoTime() > 0) {
                break;
            }
            line.dueNanos = due;
        }
        scheduleNext(line, true);
    }

    private void publish(Line line, Step step) {
        PlcSimServer current = server;
        if (current != null && !step.writes().isEmpty()) {
            Instant now = Clock.systemUTC().instant();
            if (!now.isAfter(line.lastSourceTime)) {
                now = line.lastSourceTime.plusNanos(1000);
            }
            line.lastSourceTime = now;
            Instant sourceTime = now.plusMillis(step.clockSkewMs());
            boolean served = false;
            try {
                current.write(step.writes(), sourceTime);
                valuesPublished.addAndGet(step.writes().size());
                served = true;
            } catch (RuntimeException e) {
                LOG.debug("plc-sim write while the server restarts: {}", e.toString());
            }
            if (served) {
                if (step.phase() == Step.Phase.PART) {
                    line.parts.incrementAndGet();
                    long good = 0;
                    for (TagWrite write : step.writes()) {
                        if (write.quality() == Quality.GOOD && line.measurementTags.contains(write.tag())) {
                            good++;
                        }
                    }
                    line.measuredValues.addAndGet(good);
                }
                servedListener.accept(step, sourceTime);
            }
        }
        if (step.phase() == Step.Phase.BATCH_COMPLETE) {
            batchesDone.incrementAndGet();
        }
        stepListener.accept(step);
    }

    /** Stops the server for {@code downMs} and starts it again on the same port with the current values. */
    private void restartServer(long downMs) {
        Thread restart = new Thread(() -> {
            synchronized (restartLock) {
                PlcSimServer old = server;
                if (old == null || closed) {
                    return;
                }
                LOG.info("plc-sim server restart: down for {} ms", downMs);
                server = null;
                old.close();
                try {
                    Thread.sleep(downMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closed) {
                    return;
                }
                List<TagWrite> values;
                try {
                    values = onLinesThread(() -> {
                        List<TagWrite> all = new ArrayList<>();
                        lines.values().forEach(l -> all.addAll(l.simulation.currentValues()));
                        return all;
                    });
                } catch (IllegalStateException e) {
                    return; // closing
                }
                int port = Integer.parseInt(endpointUrl.replaceAll(".*:(\\d+)/.*", "$1"));
                server = PlcSimServer.start(serverOptions.withPort(port), layouts, values, new Control());
                LOG.info("plc-sim server is back on {}", endpointUrl);
            }
        }, "plc-sim-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private <T> T onLinesThread(Callable<T> task) {
        try {
            return scheduler.submit(task).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("plc-sim is busy or stopping", e);
        }
    }

    // ---- run-time control (plc-sim's --control-port, benchmarks) ----

    /** Every line, or the one named; an unknown name is an IllegalArgumentException naming the known ones. */
    private List<Line> selected(String lineName) {
        if (lineName == null || lineName.isEmpty()) {
            return List.copyOf(lines.values());
        }
        Line line = lines.get(lineName);
        if (line == null) {
            throw new IllegalArgumentException("no line '" + lineName + "' (lines: " + lines.keySet() + ")");
        }
        return List.of(line);
    }

    /** Sets the parts per second of every line, or of {@code lineName} (0: back to the scenario's interval). */
    public void setPartsPerSecond(String lineName, double value) {
        if (!(value >= 0) || value > MAX_PARTS_PER_SECOND) {
            throw new IllegalArgumentException("partsPerSecond must be 0.." + (long) MAX_PARTS_PER_SECOND
                    + " (0 = as the scenario says), got " + value);
        }
        List<Line> targets = selected(lineName);
        onLinesThread(() -> {
            for (Line line : targets) {
                line.simulation.setPartsPerSecond(value);
                scheduleNext(line, true);
            }
            return null;
        });
    }

    /** Sets the parts of the automatic batches that start from now on (0: back to the scenario's). */
    public void setPartsPerBatch(String lineName, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("partsPerBatch must be >= 0 (0 = as the scenario says), got " + value);
        }
        List<Line> targets = selected(lineName);
        onLinesThread(() -> {
            targets.forEach(line -> line.simulation.setPartsPerBatch(value));
            return null;
        });
    }

    /** Stops the clock of every line, or of {@code lineName}: no step until {@link #resume(String)}. */
    public void pause(String lineName) {
        List<Line> targets = selected(lineName);
        onLinesThread(() -> {
            for (Line line : targets) {
                line.paused = true;
                scheduleNext(line, false);
            }
            return null;
        });
    }

    /** Lets paused lines go on where they stopped. */
    public void resume(String lineName) {
        List<Line> targets = selected(lineName);
        onLinesThread(() -> {
            for (Line line : targets) {
                if (line.paused) {
                    line.paused = false;
                    scheduleNext(line, false);
                }
            }
            return null;
        });
    }

    /** Each line's rate, batch size, whether it is paused and what it served. */
    public List<LineStatus> lineStatus() {
        return onLinesThread(() -> lines.values().stream().map(l -> new LineStatus(l.simulation.settings().line(),
                l.simulation.partsPerSecond(), l.simulation.partsPerBatch(), l.paused, l.parts.get(),
                l.measuredValues.get())).toList());
    }

    /** The server's methods, carried out on the lines' thread. */
    private final class Control implements LineControl {

        private CommandResult command(String lineName, Function<LineSimulation, CommandResult> action) {
            Line line = lines.get(lineName);
            if (line == null) {
                return CommandResult.invalidArgument("no line " + lineName);
            }
            return onLinesThread(() -> {
                CommandResult result = action.apply(line.simulation);
                if (result.done()) {
                    publish(line, new Step(0, Step.Phase.COMMAND, result.writes()));
                    scheduleNext(line, false);
                }
                return result;
            });
        }

        @Override
        public CommandResult startBatch(String line, String batchId, String product, long quantity) {
            return command(line, s -> s.startBatch(batchId, product, quantity));
        }

        @Override
        public CommandResult stop(String line) {
            return command(line, LineSimulation::stop);
        }

        @Override
        public CommandResult reset(String line) {
            return command(line, LineSimulation::reset);
        }

        @Override
        public CommandResult abort(String line) {
            return command(line, LineSimulation::abort);
        }

        @Override
        public CommandResult acknowledge(String line, String station) {
            return command(line, s -> s.acknowledge(station));
        }

        @Override
        public CommandResult injectFault(String type, String target, long durationMs, double parameter) {
            FaultType faultType = type == null ? null : FaultType.ofKey(type);
            if (faultType == null) {
                return CommandResult.invalidArgument("unknown fault type '" + type + "'");
            }
            if (faultType == FaultType.SERVER_RESTART) {
                restartServer(durationMs);
                return CommandResult.done(List.of());
            }
            if (target == null || target.isBlank()) {
                return CommandResult.invalidArgument(type + " needs a target line or line.station");
            }
            String[] parts = target.split("\\.", 2);
            String station = parts.length > 1 ? parts[1] : null;
            if (faultType == FaultType.STUCK_IN_HELD && station == null) {
                return CommandResult.invalidArgument("stuckInHeld needs a station: Line.Station");
            }
            Fault fault;
            try {
                fault = new Fault(faultType, 0, durationMs, parts[0], station,
                        faultType == FaultType.BURST_RATE ? parameter : 1.0,
                        faultType == FaultType.CLOCK_SKEW ? Math.round(parameter) : 0);
            } catch (IllegalArgumentException e) {
                return CommandResult.invalidArgument(e.getMessage());
            }
            return command(parts[0], s -> s.inject(fault));
        }
    }

    /** Stops the lines, then the server. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (restartLock) {
            PlcSimServer current = server;
            server = null;
            if (current != null) {
                current.close();
            }
        }
    }
}
