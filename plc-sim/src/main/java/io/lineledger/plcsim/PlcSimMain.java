package io.lineledger.plcsim;

import io.lineledger.plcsim.scenario.Scenario;
import io.lineledger.plcsim.scenario.ScenarioException;
import io.lineledger.plcsim.model.Step;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.stack.core.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar plc-sim.jar --port 4840}: runs the simulated plant until stopped (Ctrl-C / SIGTERM). Prints
 * {@code plc-sim listening on <endpoint>} once it serves (scripts wait for that line), then a status line.
 */
@Command(name = "plc-sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "OPC UA server simulating a packaging plant: lines of PackML stations running batches.")
public final class PlcSimMain implements Callable<Integer> {

    @Option(names = "--scenario", description = "scenario file (YAML), or a built-in one: 'default' (two lines, the"
            + " default) or 'bench' (ten lines, three measured values a part, 1,000 parts/s a line)")
    Path scenario;

    @Option(names = "--port", defaultValue = "4840", description = "TCP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--lines", description = "number of lines (default: as many as the scenario has; more are copies of its last line)")
    Integer lines;

    @Option(names = "--rate", description = "parts per second on every line, up to 1000000 (default: as the scenario says)")
    Double rate;

    @Option(names = "--seed", description = "random seed (default: the scenario's, else from the clock)")
    Long seed;

    @Option(names = "--data", description = "directory for this instance's PKI files (default: a new temporary directory)")
    Path dataDir;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD",
            description = "a user of the Basic256Sha256 endpoints (repeatable); with users the server offers them")
    List<String> users = List.of();

    @Option(names = "--trust-all-clients", description = "accept any client certificate (else only those moved from rejected/ to trusted/certs)")
    boolean trustAllClients;

    @Option(names = "--anonymous-on-secure", description = "allow anonymous sessions on the secured endpoints too")
    boolean anonymousOnSecure;

    @Option(names = "--batches", description = "automatic batches per line, then exit 0 (default: as the scenario says; 0 = forever)")
    Long batches;

    @Option(names = "--parts-per-batch", description = "parts per automatic batch (default: as the scenario says)")
    Integer partsPerBatch;

    @Option(names = "--part-interval-ms", description = "ms between parts (default: as the scenario says; --rate wins)")
    Long partIntervalMs;

    @Option(names = "--paused", description = "the lines wait for POST /resume on the control port before their first step")
    boolean paused;

    @Option(names = "--control-port", paramLabel = "PORT",
            description = "serve the run-time control over HTTP on the bind address (GET /status; POST /set, /pause, /resume; see README)")
    Integer controlPort;

    @Option(names = "--parts-log", paramLabel = "FILE",
            description = "write every served part (source time, line, Good measured values) to FILE, binary, for benchmarks")
    Path partsLogFile;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "append every served measurement, batch id, batch state and part count to FILE (tab-separated, flushed per step)")
    Path journalFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlcSimMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PlcSimulator.Options options;
        try {
            options = options();
            options.effectiveScenario(); // every error before anything starts
        } catch (ScenarioException | IllegalArgumentException | UncheckedIOException e) {
            System.err.println("plc-sim: " + e.getMessage());
            return 1;
        }

        if (paused && controlPort == null) {
            System.err.println("plc-sim: --paused needs --control-port (the lines start with POST /resume)");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ServedValueJournal journal = null;
        ServedPartsLog partsLog = null;
        try {
            journal = journalFile != null ? ServedValueJournal.open(journalFile) : null;
            partsLog = partsLogFile != null ? ServedPartsLog.create(partsLogFile, options.effectiveScenario().lines())
                    : null;
        } catch (UncheckedIOException e) {
            System.err.println("plc-sim: " + e.getMessage());
            closeAll(journal, partsLog);
            return 1;
        }
        BiConsumer<Step, Instant> served = (step, sourceTime) -> { };
        if (journal != null) {
            served = served.andThen(journal::record);
        }
        if (partsLog != null) {
            served = served.andThen(partsLog::record);
        }
        PlcSimulator simulator;
        ControlServer control = null;
        try {
            simulator = PlcSimulator.start(options, step -> { }, served);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("plc-sim: " + e.getMessage());
            Stack.releaseSharedResources();
            closeAll(journal, partsLog);
            return 1;
        }
        try {
            control = controlPort != null ? ControlServer.start(simulator, bind, controlPort) : null;
        } catch (UncheckedIOException e) {
            System.err.println("plc-sim: " + e.getMessage());
            simulator.close();
            Stack.releaseSharedResources();
            closeAll(journal, partsLog);
            return 1;
        }
        StatusLine status = new StatusLine(simulator, System.out, System.console() != null);
        ServedValueJournal openJournal = journal;
        ServedPartsLog openPartsLog = partsLog;
        ControlServer openControl = control;
        Thread hook = new Thread(() -> {
            status.stop();
            if (openControl != null) {
                openControl.close();
            }
            simulator.close();
            closeAll(openJournal, openPartsLog);
            Stack.releaseSharedResources(); // this process is the only Milo user
            System.out.println("plc-sim stopped");
            System.out.flush();
            stopped.countDown();
        }, "plc-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        // scripts and tests wait for this exact line
        System.out.println("plc-sim listening on " + simulator.endpointUrl());
        System.out.println("plc-sim security: " + String.join("; ", simulator.securityModes()));
        System.out.println("plc-sim lines: " + String.join(", ", simulator.lineNames()) + " (seed "
                + options.seed() + ")");
        if (control != null) {
            System.out.println("plc-sim control on " + control.url() + (paused ? " (lines paused: POST /resume)" : ""));
        }
        System.out.flush();
        status.start();

        long batchLimit = options.effectiveScenario().lines().get(0).batches();
        if (batchLimit > 0) {
            while (!simulator.awaitFinished(1, TimeUnit.SECONDS)) {
                // keep serving until the last batch is complete
            }
            Thread.sleep(options.effectiveScenario().lines().get(0).pauseMs()); // let clients read the final Complete
            status.stop();
            System.out.println("plc-sim finished " + batchLimit + " batch(es) per line");
            return 0; // the shutdown hook stops the server
        }
        stopped.await();
        return 0;
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // closing on the way out: nothing more to do
                }
            }
        }
    }

    private PlcSimulator.Options options() {
        Scenario base = scenario == null ? Scenario.defaultScenario()
                : !Files.exists(scenario) && Scenario.BUILT_IN.contains(scenario.toString())
                ? Scenario.builtIn(scenario.toString()) : Scenario.load(scenario);
        PlcSimulator.Options options = PlcSimulator.Options.defaults()
                .withScenario(base)
                .withBindAddress(bind)
                .withPort(port)
                .withDataDir(dataDir)
                .withTrustAllClients(trustAllClients)
                .withAnonymousOnSecure(anonymousOnSecure);
        if (lines != null) {
            if (lines < 1) {
                throw new IllegalArgumentException("--lines must be >= 1: " + lines);
            }
            options = options.withLines(lines);
        }
        if (partsPerBatch != null) {
            int value = partsPerBatch;
            options = options.withLineSettings(s -> s.withPartsPerBatch(value));
        }
        if (batches != null) {
            long value = batches;
            options = options.withLineSettings(s -> s.withBatches(value));
        }
        if (partIntervalMs != null) {
            options = options.withPartIntervalMs(partIntervalMs);
        }
        if (rate != null) {
            if (!(rate > 0) || rate > PlcSimulator.MAX_PARTS_PER_SECOND) {
                throw new IllegalArgumentException("--rate must be > 0 and <= "
                        + (long) PlcSimulator.MAX_PARTS_PER_SECOND + " parts/s: " + rate);
            }
            options = options.withPartsPerSecond(rate);
        }
        options = options.withPaused(paused);
        if (seed != null || base.seed() == null) {
            options = options.withSeed(seed != null ? seed : System.nanoTime());
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        for (String user : users) {
            int colon = user.indexOf(':');
            if (colon <= 0 || colon == user.length() - 1) {
                throw new IllegalArgumentException("--user must be NAME:PASSWORD, got '" + user + "'");
            }
            credentials.put(user.substring(0, colon), user.substring(colon + 1));
        }
        return options.withUsers(credentials);
    }

    /**
     * One status line: rewritten every second on a terminal; a new line every 30 s otherwise, so that a log
     * file does not fill up with it.
     */
    static final class StatusLine {
        private final PlcSimulator simulator;
        private final PrintStream out;
        private final boolean terminal;
        private final long startNanos = System.nanoTime();
        private volatile boolean running;
        private Thread thread;

        StatusLine(PlcSimulator simulator, PrintStream out, boolean terminal) {
            this.simulator = simulator;
            this.out = out;
            this.terminal = terminal;
        }

        void start() {
            running = true;
            thread = new Thread(this::loop, "plc-sim-status");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void stop() {
            if (running) {
                running = false;
                thread.interrupt();
                if (terminal) {
                    out.println();
                }
            }
        }

        private void loop() {
            long lastValues = simulator.status().valuesPublished();
            long second = 0;
            while (running) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                second++;
                PlcSimulator.Status now = simulator.status();
                long perSecond = now.valuesPublished() - lastValues;
                lastValues = now.valuesPublished();
                Duration up = Duration.ofNanos(System.nanoTime() - startNanos);
                String line = String.format("plc-sim up %d:%02d:%02d | lines %d | batches %d | %d values/s | server %s",
                        up.toHours(), up.toMinutesPart(), up.toSecondsPart(), now.lines(), now.batchesDone(),
                        perSecond, now.serverUp() ? "up" : "restarting");
                synchronized (this) {
                    if (!running) {
                        return;
                    }
                    if (terminal) {
                        out.print("\r" + line + "   ");
                        out.flush();
                    } else if (second % 30 == 0) {
                        out.println(line);
                        out.flush();
                    }
                }
            }
        }
    }
}
