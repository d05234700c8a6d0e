package io.lineledger.benchmarks.linerate;

import io.lineledger.faults.ChildProcess;
import io.lineledger.faults.JsonRpc;
import io.lineledger.plcsim.server.PlcSimServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The line rate end to end (issue 8): plc-sim's bench plant → the LineLedger Karaf distribution → store → chain, at
 * increasing offered rates, and on the same chain the naive route (one web3j transaction per value). Started by
 * benchmarks/line-rate.sh, which unpacks the distribution and writes the bench lines' configurations into its etc/.
 */
@Command(name = "line-rate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "LineLedger end to end at increasing offered rates against one transaction per value.")
public final class LineRateBenchmark implements Callable<Integer> {

    /** anvil's published test account #1: the naive route's own sender (Karaf signs with the ledger's key). */
    private static final String NAIVE_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private static final String NAIVE_LINE = "naive-1";

    @Option(names = "--run-dir", required = true, description = "working directory of this run (logs, pids, parts log)")
    Path runDir;
    @Option(names = "--karaf-home", required = true, description = "the unpacked distribution with the bench lines in etc/")
    Path karafHome;
    @Option(names = "--plc-sim-jar", required = true)
    Path plcSimJar;
    @Option(names = "--anvil", required = true, description = "the anvil executable")
    Path anvil;
    @Option(names = "--rates", split = ",", defaultValue = "1000,10000,50000,100000,150000",
            description = "offered measured values per second, all lines together, one step each (default ${DEFAULT-VALUE})")
    List<Double> rates;
    @Option(names = "--step-seconds", defaultValue = "30", description = "offered time of each step (default ${DEFAULT-VALUE})")
    int stepSeconds;
    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "a first step at the first rate, shown as warm-up (0: none; default ${DEFAULT-VALUE})")
    int warmupSeconds;
    @Option(names = "--drain-seconds", defaultValue = "60",
            description = "after each step, longest wait for the store and the chain to catch up (default ${DEFAULT-VALUE})")
    int drainSeconds;
    @Option(names = "--final-drain-seconds", defaultValue = "120",
            description = "after the last step, longest wait for the store and the chain before Karaf is stopped"
                    + " (values it still holds then count as lost; default ${DEFAULT-VALUE})")
    int finalDrainSeconds;
    @Option(names = "--batch-seconds", defaultValue = "10",
            description = "length of a batch at each step's rate (default ${DEFAULT-VALUE})")
    double batchSeconds;
    @Option(names = "--naive-seconds", description = "offered time of the naive route (default: --step-seconds)")
    Integer naiveSeconds;
    @Option(names = "--naive-rate", defaultValue = "0",
            description = "values per second offered to the naive route (0: 90 %% of what the chain's gas limit takes, measured)")
    double naiveRate;
    @Option(names = "--lines", defaultValue = "10", description = "plant lines (the script writes one configuration each)")
    int lines;
    @Option(names = "--anvil-port", defaultValue = "28545")
    int anvilPort;
    @Option(names = "--block-time", defaultValue = "1")
    int blockTime;
    @Option(names = "--gas-limit", defaultValue = "30000000", description = "block gas limit (default ${DEFAULT-VALUE})")
    long gasLimit;
    @Option(names = "--opcua-port", defaultValue = "24840")
    int opcuaPort;
    @Option(names = "--control-port", defaultValue = "24850", description = "plc-sim's run-time control (HTTP)")
    int controlPort;
    @Option(names = "--http-port", defaultValue = "28181", description = "Karaf's HTTP port")
    int httpPort;
    @Option(names = "--plc-sim-heap", defaultValue = "512m")
    String plcSimHeap;
    @Option(names = "--report", description = "also write the table here")
    Path report;

    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Instant startedAt = Instant.now();
    private ChildProcess anvilProcess;
    private ChildProcess plcSim;
    private ChildProcess karaf;
    private PlcSimControl control;
    private KarafProbe probe;
    private volatile boolean sampling = true;
    private boolean metricsSeen;
    private int characteristics;
    private String registry;

    /** Karaf's resident memory, looked at each second. */
    private record Sample(Instant at, long rssBytes) { }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LineRateBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rates must be positive numbers: " + rates);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "line-rate-stop"));
        Files.createDirectories(runDir);
        Map<String, String> lineIdOfPlcLine = benchLines(karafHome.resolve("etc"));
        say(String.format("%d lines, %d measured characteristics a part; steps of %d s at %s values/s", lines,
                characteristics, stepSeconds, rates));
        probe = new KarafProbe(httpPort, Set.copyOf(lineIdOfPlcLine.values()));
        control = new PlcSimControl(controlPort);
        JsonRpc rpc = new JsonRpc("http://127.0.0.1:" + anvilPort);

        startAnvil(rpc);
        Path partsLog = runDir.resolve("served-parts.bin");
        startPlcSim(partsLog);
        Instant karafStart = Instant.now();
        karaf = track(ChildProcess.start("karaf", List.of(karafHome.resolve("bin/karaf").toString(), "server"),
                karafHome, runDir.resolve("karaf.out"), runDir.resolve("pids"), Map.of()));
        waitFor("Karaf's JVM", Duration.ofSeconds(60), () -> karafJvm(karaf).isPresent());
        karaf.writePids();
        ProcessHandle karafJvm = karafJvm(karaf).orElseThrow();
        // subscribed is not enough: values read before a line's rules run are not recorded
        KarafProbe.Status[] seen = {null};
        try {
            waitFor("every bench line subscribed and its rules running (status API)", Duration.ofMinutes(4),
                    () -> probe.status().map(s -> {
                        seen[0] = s;
                        return s.lines() == lines && s.subscribed() == lines && s.rulesStarted() == lines;
                    }).orElse(false));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; last status: " + (seen[0] == null ? "none"
                    : seen[0].lines() + " lines shown, " + seen[0].subscribed() + " subscribed, "
                    + seen[0].rulesStarted() + " with their rules running") + " (see karaf/data/log/karaf.log)", e);
        }
        waitFor("the registry address in karaf.log", Duration.ofMinutes(2), this::readRegistry);
        say(String.format("Karaf ready after %.1f s; registry %s", seconds(karafStart, Instant.now()), registry));
        Thread sampler = new Thread(() -> sample(karafJvm), "line-rate-sampler");
        sampler.setDaemon(true);
        sampler.start();

        List<StepWindow> steps = new ArrayList<>();
        LineRateAnalysis.NaiveRun naiveRun;
        List<ChainWatch.Anchor> anchors;
        List<ChainWatch.Block> blocks;
        try (ChainWatch chain = new ChainWatch(rpc, registry)) {
            if (warmupSeconds > 0) {
                steps.add(lineLedgerStep("warm-up", rates.get(0), warmupSeconds, karafJvm));
            }
            for (double rate : rates) {
                steps.add(lineLedgerStep("LineLedger", rate, stepSeconds, karafJvm));
            }
            if (!steps.get(steps.size() - 1).drainedInTime() && finalDrainSeconds > 0) {
                say(String.format("waiting up to %d s more for the store and the chain before stopping Karaf",
                        finalDrainSeconds));
                Instant from = Instant.now();
                boolean drained = awaitDrained(finalDrainSeconds);
                say(String.format("%s after %.1f s", drained ? "caught up" : "still behind", seconds(from, Instant.now())));
            }
            sampling = false;
            Optional<KarafProbe.Status> last = probe.status();
            say("stopping Karaf (the store is read directly afterwards); its status then: " + last.map(s -> String.format(
                    "received %,d values, %,d queued for the rules, %,d records stored and %,d anchored",
                    s.valuesReceived(), s.ingestQueued(), s.stored(), s.lastAnchoredSeq())).orElse("no answer"));
            karaf.stop(Duration.ofSeconds(60));

            try (NaiveRoute naive = new NaiveRoute("http://127.0.0.1:" + anvilPort, registry,
                    Credentials.create(NAIVE_KEY), NAIVE_LINE)) {
                steps.add(naiveStep(naive, chain));
                naiveRun = new LineRateAnalysis.NaiveRun(naive.lineKey(), "Line1", naive::sourceMicrosOf);
                anchors = chain.anchors();
                blocks = chain.blocks();
            }
        }
        say("stopping plc-sim and anvil");
        plcSim.stop(Duration.ofSeconds(20));
        anvilProcess.stop(Duration.ofSeconds(10));

        say("reading the store and plc-sim's parts log");
        String jdbcUrl = "jdbc:h2:file:" + karafHome.resolve("data/lineledger/store").toAbsolutePath();
        List<LineRateAnalysis.StepFigures> figures = LineRateAnalysis.analyse(steps, partsLog, lineIdOfPlcLine,
                jdbcUrl, anchors, blocks, naiveRun);
        String table = LineRateTable.render(header(), figures, Duration.between(startedAt, Instant.now()));
        System.out.print(table);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, table);
        }
        return 0;
    }

    private String header() {
        return String.format("LineLedger line rate (issue 8): %d lines x %d measured values a part; anvil %d s blocks, gas"
                + " limit %,d, free gas; steps of %d s, drain up to %d s; registry %s%n", lines, characteristics,
                blockTime, gasLimit, stepSeconds, drainSeconds, registry);
    }

    // ---------------------------------------------------------------- (a) LineLedger

    private StepWindow lineLedgerStep(String label, double valuesPerSecond, int seconds, ProcessHandle karafJvm)
            throws IOException {
        double partsPerSecond = valuesPerSecond / (lines * characteristics);
        int partsPerBatch = (int) Math.max(10, Math.round(partsPerSecond * batchSeconds));
        control.set(null, partsPerSecond, partsPerBatch);
        say(String.format("%s: %,.0f values/s offered (%.1f parts/s a line, batches of %d parts) for %d s", label,
                valuesPerSecond, partsPerSecond, partsPerBatch, seconds));
        Optional<KarafProbe.Status> before = probe.status();
        String load = loadAverage();
        long cpuBefore = KarafProbe.cpuNanos(karafJvm);
        PlcSimControl.Served servedBefore = control.served();
        Instant start = Instant.now();
        control.resume(null);
        // progress on a thread of its own: the status API can take seconds to answer under load, the step may not
        Thread progress = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(5_000);
                    progress(start, servedBefore);
                }
            } catch (InterruptedException e) {
                // the step is over
            }
        }, "line-rate-progress");
        progress.setDaemon(true);
        progress.start();
        ChildProcess.sleep(Math.max(0, Duration.between(Instant.now(), start.plusSeconds(seconds)).toMillis()));
        control.pause(null);
        Instant end = Instant.now();
        progress.interrupt();
        long cpuAfter = KarafProbe.cpuNanos(karafJvm);
        PlcSimControl.Served servedAfter = control.served();
        say(String.format("%s: paused; plc-sim served %,d values (%,.0f/s); waiting for the store and the chain", label,
                servedAfter.measuredValues() - servedBefore.measuredValues(),
                (servedAfter.measuredValues() - servedBefore.measuredValues()) / seconds(start, end)));
        boolean drained = awaitDrained(drainSeconds);
        Instant drainedAt = Instant.now();
        long rssMax = samples.stream().filter(s -> !s.at().isBefore(start) && !s.at().isAfter(drainedAt))
                .mapToLong(Sample::rssBytes).max().orElse(-1);
        double cpu = cpuBefore < 0 || cpuAfter < 0 ? -1
                : (cpuAfter - cpuBefore) / (Duration.between(start, end).toNanos() / 100.0);
        Optional<KarafProbe.Status> after = probe.status();
        String notes = "load average " + load;
        if (before.isPresent() && after.isPresent()) {
            KarafProbe.Status b = before.get();
            KarafProbe.Status a = after.get();
            notes += String.format("; Karaf's status during the step and its drain: %,d values received, %d publishes"
                    + " with a server queue overflow, %d gaps reported, %,d dead letters, %,d dropped by the ingest"
                    + " queues", a.valuesReceived() - b.valuesReceived(), a.overflows() - b.overflows(),
                    a.gapsReported() - b.gapsReported(), a.deadLetters() - b.deadLetters(),
                    a.ingestDropped() - b.ingestDropped());
        }
        say(String.format("%s: %s after %.1f s", label, drained ? "caught up" : "still behind", seconds(end, drainedAt)));
        return new StepWindow(label, false, valuesPerSecond, start, end, drainedAt, cpu, rssMax, drained, notes);
    }

    /** The machine's 1-minute load average (other work on it shows in every figure). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void progress(Instant start, PlcSimControl.Served before) {
        try {
            PlcSimControl.Served now = control.served();
            Optional<KarafProbe.Status> status = probe.status();
            say(String.format("  +%.0f s: served %,d values; Karaf %s", seconds(start, Instant.now()),
                    now.measuredValues() - before.measuredValues(), status.map(s -> String.format(
                            "received %,d, queued %,d, %,d records stored, %,d anchored; overflows %d, gaps %d,"
                                    + " dead letters %d", s.valuesReceived(), s.ingestQueued(), s.stored(),
                            s.lastAnchoredSeq(), s.overflows(), s.gapsReported(),
                            s.deadLetters())).orElse("not answering")));
        } catch (IOException e) {
            say("  plc-sim control: " + e.getMessage());
        }
    }

    /**
     * Until nothing waits for the rules or the store and the chain covers every stored record, as the status API and
     * the metrics tell (the counts must stay the same for 5 s), or the bound.
     */
    private boolean awaitDrained(int seconds) {
        Instant deadline = Instant.now().plusSeconds(seconds);
        long lastStored = -1;
        long lastReceived = -1;
        Instant stableSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            Optional<KarafProbe.Status> status = probe.status();
            if (status.isPresent()) {
                KarafProbe.Status s = status.get();
                // a look without the store's own count (the metrics did not answer) proves nothing once they did
                if (s.recordsStored() < 0 && metricsSeen) {
                    stableSince = Instant.now();
                }
                metricsSeen |= s.recordsStored() >= 0;
                if (s.stored() != lastStored || s.valuesReceived() != lastReceived) {
                    stableSince = Instant.now();
                }
                lastStored = s.stored();
                lastReceived = s.valuesReceived();
                if (Duration.between(stableSince, Instant.now()).toSeconds() >= 5 && s.spoolPending() == 0
                        && s.ingestQueued() == 0 && s.lastAnchoredSeq() >= s.stored()) {
                    return true;
                }
            }
            ChildProcess.sleep(1000);
        }
        return false;
    }

    private void sample(ProcessHandle karafJvm) {
        while (sampling) {
            samples.add(new Sample(Instant.now(), KarafProbe.rssBytes(karafJvm)));
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- (b) the naive route

    private StepWindow naiveStep(NaiveRoute naive, ChainWatch chain) throws Exception {
        Credentials admin = Credentials.create(ledgerKey());
        naive.grantWriter(admin);
        List<String> tags = List.of("Line1.Capper.CapTorque", "Line1.Labeler.LabelOffset",
                "Line1.Checkweigher.FillWeight");
        naive.acceptFrom(Instant.now());
        naive.start("opc.tcp://127.0.0.1:" + opcuaPort + PlcSimServer.PATH, PlcSimServer.NAMESPACE_URI, tags,
                runDir.resolve("naive-pki"));
        say(String.format("naive route: %s may anchor %s; %,d gas a transaction at most", naive.writerAddress(),
                NAIVE_LINE, naive.gasLimit()));

        double rate = naiveRate;
        if (rate <= 0) {
            // what the chain takes: the gas limit over what one anchor costs, measured on a few seconds of load
            ChildProcess.sleep(1_000); // the grant's block seen first, so that it is not counted
            long firstBlock = chain.blocks().isEmpty() ? 0 : chain.blocks().get(chain.blocks().size() - 1).number() + 1;
            control.set("Line1", 20, 1_000);
            control.resume("Line1");
            ChildProcess.sleep(5_000);
            control.pause("Line1");
            awaitNaiveDrained(naive, chain, 20);
            long gas = 0;
            long transactions = 0;
            for (ChainWatch.Block block : chain.blocks()) {
                if (block.number() >= firstBlock) {
                    gas += block.gasUsed();
                    transactions += block.transactions();
                }
            }
            if (transactions == 0) {
                throw new IllegalStateException("the naive route got no transaction mined while measuring its cost: "
                        + naive.lastError());
            }
            double perBlock = (double) gasLimit / ((double) gas / transactions);
            rate = Math.floor(0.9 * perBlock / blockTime);
            say(String.format("naive route: %,.0f gas a transaction, %,.0f transactions a block fit the gas limit;"
                    + " offering %,.0f values/s", (double) gas / transactions, perBlock, rate));
        }
        int seconds = naiveSeconds != null ? naiveSeconds : stepSeconds;
        double partsPerSecond = rate / characteristics;
        control.set("Line1", partsPerSecond, (int) Math.max(10, Math.round(partsPerSecond * batchSeconds)));
        Instant start = Instant.now();
        control.resume("Line1");
        ChildProcess.sleep(seconds * 1000L);
        control.pause("Line1");
        Instant end = Instant.now();
        say(String.format("naive route: paused; %,d values received, %,d transactions sent, %,d queued, %,d failed sends",
                naive.received(), naive.sent(), naive.queued(), naive.failed()));
        boolean drained = awaitNaiveDrained(naive, chain, drainSeconds);
        Instant drainedAt = Instant.now();
        say(String.format("naive route: %s after %.1f s", drained ? "caught up" : "still behind",
                seconds(end, drainedAt)));
        return new StepWindow("naive", true, rate, start, end, drainedAt, -1, -1, drained, String.format(
                "%,d gas a transaction at most; %,d sends failed%s", naive.gasLimit(), naive.failed(),
                naive.failed() > 0 ? " (last: " + naive.lastError() + ")" : ""));
    }

    private static boolean awaitNaiveDrained(NaiveRoute naive, ChainWatch chain, int seconds) {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (Instant.now().isBefore(deadline)) {
            ChildProcess.sleep(500);
            if (naive.queued() == 0 && chain.lastAnchoredSeq(naive.lineKey()) >= naive.sent()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- processes

    private void startAnvil(JsonRpc rpc) {
        anvilProcess = track(ChildProcess.start("anvil", List.of(anvil.toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(anvilPort), "--block-time", String.valueOf(blockTime),
                "--gas-limit", String.valueOf(gasLimit), "--block-base-fee-per-gas", "0", "--gas-price", "0"),
                runDir, runDir.resolve("anvil.log"), runDir.resolve("pids"), Map.of()));
        waitFor("anvil on port " + anvilPort, Duration.ofSeconds(30), rpc::answers);
    }

    private void startPlcSim(Path partsLog) {
        plcSim = track(ChildProcess.start("plc-sim", List.of("java", "-Xms" + plcSimHeap, "-Xmx" + plcSimHeap, "-jar",
                plcSimJar.toString(), "--port", String.valueOf(opcuaPort), "--scenario", "bench",
                "--lines", String.valueOf(lines), "--seed", "1", "--paused", "--control-port",
                String.valueOf(controlPort), "--parts-log", partsLog.toString(), "--data",
                runDir.resolve("plc-sim").toString()), runDir, runDir.resolve("plc-sim.log"), runDir.resolve("pids"),
                Map.of()));
        waitFor("plc-sim's control on port " + controlPort, Duration.ofSeconds(60), control::answers);
    }

    /** The JVM running Karaf's main class under bin/karaf (the script runs other, short-lived ones before it). */
    private static Optional<ProcessHandle> karafJvm(ChildProcess karaf) {
        return ProcessHandle.of(karaf.pid()).stream().flatMap(ProcessHandle::descendants)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("org.apache.karaf.main.Main")).orElse(false))
                .findFirst();
    }

    private ChildProcess track(ChildProcess child) {
        children.add(child);
        return child;
    }

    private void stopEverything() {
        sampling = false;
        for (ChildProcess child : children) {
            if (child.alive()) {
                child.stop(Duration.ofSeconds(child.name().equals("karaf") ? 30 : 10));
            }
        }
    }

    // ---------------------------------------------------------------- configuration and logs

    /**
     * The bench lines' configurations the script wrote: plc-sim line (LineN) → lineId; also counts the measured
     * characteristics a part has.
     */
    private Map<String, String> benchLines(Path etc) throws IOException {
        Map<String, String> lineIds = new LinkedHashMap<>();
        Set<String> characteristicKeys = new LinkedHashSet<>();
        for (int n = 1; n <= lines; n++) {
            Path config = etc.resolve("io.lineledger.line-bench-" + n + ".cfg");
            if (!Files.exists(config)) {
                throw new IllegalStateException("no " + config + ": line-rate.sh writes one configuration per line");
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(config)) {
                properties.load(in);
            }
            lineIds.put("Line" + n, properties.getProperty("lineId").trim());
            if (n == 1) {
                properties.stringPropertyNames().stream()
                        .filter(k -> k.matches("characteristic\\.[^.]+\\.tag")).forEach(characteristicKeys::add);
            }
        }
        try (DirectoryStream<Path> others = Files.newDirectoryStream(etc, "io.lineledger.line-*.cfg")) {
            for (Path other : others) {
                if (!other.getFileName().toString().startsWith("io.lineledger.line-bench-")) {
                    throw new IllegalStateException(other + " is not a bench line: the benchmark records the bench"
                            + " plant only");
                }
            }
        }
        characteristics = characteristicKeys.size();
        if (characteristics == 0) {
            throw new IllegalStateException("the bench lines measure nothing (no characteristic.<name>.tag)");
        }
        return lineIds;
    }

    private String ledgerKey() throws IOException {
        Properties ledger = new Properties();
        try (InputStream in = Files.newInputStream(karafHome.resolve("etc/io.lineledger.ledger.cfg"))) {
            ledger.load(in);
        }
        return ledger.getProperty("privateKey").trim();
    }

    private static final Pattern ANCHORING = Pattern.compile(
            "anchoring to LineLedgerRegistry (0x[0-9a-fA-F]{40}) on chain \\d+ as (0x[0-9a-fA-F]{40})");

    private boolean readRegistry() {
        try {
            Matcher matcher = ANCHORING.matcher(Files.readString(karafHome.resolve("data/log/karaf.log"),
                    StandardCharsets.UTF_8));
            while (matcher.find()) {
                registry = matcher.group(1);
            }
        } catch (IOException e) {
            return false;
        }
        return registry != null;
    }

    private static void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            ChildProcess.sleep(250);
        }
    }

    private void say(String message) {
        System.out.printf("[line-rate %6.1fs] %s%n", seconds(startedAt, Instant.now()), message);
        System.out.flush();
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
