package io.lineledger.faults;

import io.lineledger.faults.JsonRpc.AnchoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs anvil, plc-sim and a prepared LineLedger Karaf under load, injects the faults of a seeded schedule, then
 * compares what plc-sim served and the chain anchored with what the store kept ({@link RunAnalysis}). faults/run.sh
 * prepares the Karaf directory and the database and starts this.
 */
@Command(name = "lineledger-faults", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Kills and restarts LineLedger's parts under load and reports what was lost.")
public final class FaultHarness implements Callable<Integer> {

    @Option(names = "--run-dir", required = true, description = "working directory of this run (logs, pids, journal)")
    Path runDir;
    @Option(names = "--karaf-home", required = true, description = "unpacked and configured LineLedger distribution")
    Path karafHome;
    @Option(names = "--plc-sim-jar", required = true)
    Path plcSimJar;
    @Option(names = "--scenario", required = true, description = "plc-sim scenario (YAML)")
    Path scenario;
    @Option(names = "--anvil", required = true, description = "the anvil executable")
    Path anvil;
    @Option(names = "--anvil-port", defaultValue = "28545")
    int anvilPort;
    @Option(names = "--block-time", defaultValue = "1")
    int blockTime;
    @Option(names = "--opcua-port", defaultValue = "24840")
    int opcuaPort;
    @Option(names = "--http-port", defaultValue = "28181")
    int httpPort;
    @Option(names = "--rate", defaultValue = "25", description = "parts per second on every line")
    double rate;
    @Option(names = "--store", defaultValue = "h2", description = "h2 or postgres")
    String store;
    @Option(names = "--jdbc-url", required = true, description = "where to read the store after the run")
    String jdbcUrl;
    @Option(names = "--db-user", defaultValue = "")
    String dbUser;
    @Option(names = "--db-password", defaultValue = "")
    String dbPassword;
    @Option(names = "--postgres-script", description = "script with start/stop commands for PostgreSQL")
    Path postgresScript;
    @Option(names = "--minutes", defaultValue = "10", description = "length of the fault phase")
    double minutes;
    @Option(names = "--kills", defaultValue = "5")
    int kills;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Option(names = "--short", description = "the CI variant: bounded to a few minutes, 20 s chain node outage")
    boolean shortRun;
    @Option(names = "--anvil-outage-seconds", description = "default 60, or 20 with --short")
    Integer anvilOutageSeconds;
    @Option(names = "--report", required = true)
    Path report;
    @Option(names = "--budget-seconds", description = "no fault starts later than this after the start"
            + " (default: 300 with --short, else the fault phase plus 300)")
    Integer budgetSeconds;

    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final List<ObservedAnchor> anchors = new CopyOnWriteArrayList<>();
    private ChildProcess anvilProcess;
    private ChildProcess plcSim;
    private ChildProcess karaf;
    private JsonRpc chain;
    private StoredRecordSampler sampler;
    private volatile String registry;
    private volatile String writer;
    private volatile long nextBlock;
    private volatile boolean polling = true;
    private final Instant startedAt = Instant.now();

    /** An Anchored event and when the harness first saw it. */
    record ObservedAnchor(AnchoredEvent event, Instant observedAt) { }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopEverything, "faults-stop"));
        chain = new JsonRpc("http://127.0.0.1:" + anvilPort);
        sampler = new StoredRecordSampler(httpPort);
        Files.createDirectories(runDir);
        Path journal = runDir.resolve("served.tsv");
        Files.deleteIfExists(journal);
        Files.deleteIfExists(anvilState());
        Map<String, MeasuredTags.Measured> measured = MeasuredTags.read(karafHome.resolve("etc"));
        say("characteristics LineLedger records: " + measured);

        startAnvil();
        startPlcSim(journal);
        Instant karafStart = Instant.now();
        startKaraf();
        try {
            waitFor("Karaf's API", Duration.ofMinutes(3), sampler::answers);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; " + dumpKarafThreads("first-start"), e);
        }
        say(String.format("Karaf answers after %.1f s", seconds(karafStart, Instant.now())));
        waitFor("the registry address in karaf.log", Duration.ofSeconds(90), () -> readRegistryFromLog());
        say("registry " + registry + ", writer " + writer);
        Thread poller = new Thread(this::pollLoop, "faults-poll");
        poller.setDaemon(true);
        poller.start();
        waitFor("the first anchor", Duration.ofSeconds(90), () -> !anchors.isEmpty());
        ChildProcess.sleep(shortRun ? 5_000 : 15_000);

        Duration minPause = shortRun ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
        Duration maxPause = shortRun ? Duration.ofSeconds(8)
                : Duration.ofSeconds(Math.max(15, (long) (minutes * 60 / (kills + 3) * 1.5)));
        List<Fault> faults = Fault.schedule(seed, kills, isPostgres(), minPause, maxPause);
        say("schedule (seed " + seed + "): " + faults.stream().map(f -> f.kind.label).toList());
        Instant lastFaultStart = startedAt.plusSeconds(budgetSeconds != null ? budgetSeconds
                : shortRun ? 300 : (long) (minutes * 60) + 300);
        for (Fault fault : faults) {
            ChildProcess.sleep(fault.pauseBefore.toMillis());
            if (Instant.now().isAfter(lastFaultStart)) {
                fault.note = "skipped: the run's time budget was spent";
                say("fault " + fault.number + " " + fault.kind.label + " skipped: time budget spent");
                continue;
            }
            try {
                inject(fault);
            } catch (RuntimeException e) {
                fault.note = (fault.note + " harness: " + e.getMessage()).trim();
                say("fault " + fault.number + ": " + e.getMessage());
            }
            awaitRecovery(fault, shortRun ? Duration.ofSeconds(30) : Duration.ofSeconds(90));
            say(String.format("fault %d %s: back after %s, next record %s, next anchor %s %s", fault.number,
                    fault.kind.label, secondsText(fault.injectedAt, fault.backAt),
                    secondsText(fault.backAt, fault.nextRecordAt), secondsText(fault.backAt, fault.nextAnchorAt),
                    fault.note));
        }

        say("stopping plc-sim, then draining: every record LineLedger showed should get anchored");
        Instant finalStop = Instant.now();
        plcSim.stop(Duration.ofSeconds(10));
        Instant drainStart = Instant.now();
        Duration drain = shortRun ? Duration.ofSeconds(25) : Duration.ofSeconds(60);
        // records of the last values arrive after plc-sim stopped: give them a moment before judging
        ChildProcess.sleep(shortRun ? 8_000 : 20_000);
        while (Instant.now().isBefore(drainStart.plus(drain)) && !everythingSeenIsAnchored()) {
            ChildProcess.sleep(1000);
        }
        sampler.sample();
        say(String.format("drained for %.1f s; stopping Karaf", seconds(drainStart, Instant.now())));
        karaf.stop(Duration.ofSeconds(40));
        polling = false;
        poller.join(5_000);
        List<AnchoredEvent> events = chain.anchoredEvents(registry, 0, chain.blockNumber());
        anvilProcess.stop(Duration.ofSeconds(10));

        say("reading the store");
        StoreContents contents = StoreContents.read(jdbcUrl, dbUser, dbPassword);
        RunAnalysis analysis = new RunAnalysis(measured, ServedValues.read(journal), sampler.seen(), events,
                contents, faults, finalStop);
        String text = analysis.report(header(faults), Duration.between(startedAt, Instant.now()));
        System.out.print(text);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text);
        if (!analysis.passed()) {
            return 1;
        }
        // a run that could not inject its whole schedule proves less than it claims
        return faults.stream().anyMatch(f -> f.injectedAt == null) ? 2 : 0;
    }

    private String header(List<Fault> faults) {
        return String.format("LineLedger fault harness: store %s, seed %d, %d kills, %s%n", store, seed, kills,
                shortRun ? "short run" : minutes + " min fault phase")
                + String.format("load: plc-sim %.0f parts/s per line; anvil block time %d s; registry %s%n", rate,
                blockTime, registry);
    }

    private boolean isPostgres() {
        return "postgres".equals(store);
    }

    // ---------------------------------------------------------------- faults

    private void inject(Fault fault) throws Exception {
        switch (fault.kind) {
            case KARAF_KILL -> {
                fault.injectedAt = Instant.now();
                killAndRestartKaraf(fault);
            }
            case KARAF_KILL_AFTER_ANCHOR_SEND -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean seen = false;
                while (System.nanoTime() < deadline && !seen) {
                    try {
                        seen = chain.hasPendingFrom(writer);
                    } catch (IOException e) {
                        // keep polling
                    }
                    if (!seen) {
                        ChildProcess.sleep(20);
                    }
                }
                fault.injectedAt = Instant.now();
                fault.note = seen ? "(a tx of " + writer + " was pending)" : "(no anchor tx seen within 30 s)";
                killAndRestartKaraf(fault);
            }
            case ANVIL_OUTAGE -> {
                int outage = anvilOutageSeconds != null ? anvilOutageSeconds : shortRun ? 20 : 60;
                fault.injectedAt = Instant.now();
                anvilProcess.stop(Duration.ofSeconds(10)); // SIGTERM: anvil writes its state file on exit
                ChildProcess.sleep(outage * 1000L);
                startAnvil();
                fault.backAt = Instant.now();
                fault.note = "(" + outage + " s)";
            }
            case PLC_SIM_RESTART -> {
                fault.injectedAt = Instant.now();
                plcSim.stop(Duration.ofSeconds(10));
                ChildProcess.sleep(2_000);
                startPlcSim(runDir.resolve("served.tsv"));
                fault.backAt = Instant.now();
            }
            case POSTGRES_RESTART -> {
                fault.injectedAt = Instant.now();
                runScript(postgresScript, "stop");
                ChildProcess.sleep(5_000);
                runScript(postgresScript, "start");
                fault.backAt = Instant.now();
            }
        }
    }

    private void killAndRestartKaraf(Fault fault) {
        Optional<ProcessHandle> jvm = karaf.jvm();
        jvm.ifPresent(ProcessHandle::destroyForcibly);
        karaf.kill();
        ChildProcess.sleep(500);
        Instant restart = Instant.now();
        startKaraf();
        // a 500 is an answer too: Karaf is back, whatever it thinks of its store
        int[] status = {-1};
        try {
            waitFor("Karaf's API after a kill", Duration.ofMinutes(2), () -> {
                status[0] = sampler.status();
                return status[0] == 200 || status[0] == 500;
            });
        } catch (IllegalStateException e) {
            fault.note = (fault.note + " Karaf's API did not answer within 2 min (last status " + status[0] + "; "
                    + dumpKarafThreads("after-kill") + ")").trim();
            return;
        }
        fault.backAt = Instant.now();
        fault.note = (fault.note + String.format(" (Karaf back %.1f s after restart%s)", seconds(restart,
                fault.backAt), status[0] == 200 ? "" : ", API answers " + status[0])).trim();
        // a part that records and anchors but is missing from the status page leaves the operator blind
        List<List<String>> missing = new ArrayList<>(List.of(List.of()));
        try {
            waitFor("every part on the status page after a restart", Duration.ofMinutes(1), () -> {
                missing.set(0, sampler.partsNotReported());
                return missing.get(0).isEmpty();
            });
        } catch (IllegalStateException e) {
            fault.partsMissingAfterRestart = missing.get(0);
            fault.note = (fault.note + " status page still lacks " + String.join(", ", missing.get(0))
                    + " 1 min after the restart").trim();
        }
    }

    /** Waits for a record stored after the part was back, and then an anchor covering it. */
    private void awaitRecovery(Fault fault, Duration timeout) {
        if (fault.backAt == null) {
            return;
        }
        Instant deadline = fault.backAt.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            sampler.sample();
            Optional<StoredRecordSampler.SeenRecord> first = sampler.firstRecordedSince(fault.backAt);
            if (first.isPresent()) {
                fault.nextRecordAt = first.get().recordedAt();
                Optional<ObservedAnchor> anchor = anchors.stream()
                        .filter(a -> !a.observedAt().isBefore(fault.backAt))
                        .filter(a -> a.event().lastSeq() >= first.get().seq())
                        .filter(a -> a.event().lineKey().equals(io.lineledger.model.RegistryKeys.lineKey(
                                first.get().lineId())))
                        .findFirst();
                if (anchor.isPresent()) {
                    fault.nextAnchorAt = anchor.get().observedAt();
                    return;
                }
            }
            ChildProcess.sleep(250);
        }
    }

    private boolean everythingSeenIsAnchored() {
        sampler.sample();
        Map<String, Long> lastSeen = new LinkedHashMap<>();
        sampler.seen().forEach(r -> lastSeen.merge(r.lineId(), r.seq(), Math::max));
        for (Map.Entry<String, Long> line : lastSeen.entrySet()) {
            var key = io.lineledger.model.RegistryKeys.lineKey(line.getKey());
            long anchored = anchors.stream().filter(a -> a.event().lineKey().equals(key))
                    .mapToLong(a -> a.event().lastSeq()).max().orElse(0);
            if (anchored < line.getValue()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- background polling

    private void pollLoop() {
        long lastSample = 0;
        while (polling) {
            try {
                long latest = chain.blockNumber();
                if (latest >= nextBlock) {
                    Instant now = Instant.now();
                    for (AnchoredEvent event : chain.anchoredEvents(registry, nextBlock, latest)) {
                        anchors.add(new ObservedAnchor(event, now));
                    }
                    nextBlock = latest + 1;
                }
            } catch (IOException | RuntimeException e) {
                // the node is down or restarting
            }
            if (System.currentTimeMillis() - lastSample >= 1000) {
                sampler.sample();
                lastSample = System.currentTimeMillis();
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- processes

    private Path anvilState() {
        return runDir.resolve("anvil-state.json");
    }

    private void startAnvil() {
        anvilProcess = track(ChildProcess.start("anvil", List.of(anvil.toString(), "--host", "127.0.0.1",
                "--port", String.valueOf(anvilPort), "--block-time", String.valueOf(blockTime),
                "--block-base-fee-per-gas", "0", "--gas-price", "0", "--state", anvilState().toString()),
                runDir, runDir.resolve("anvil.log"), runDir.resolve("pids"), Map.of()));
        waitFor("anvil on port " + anvilPort, Duration.ofSeconds(30), chain::answers);
    }

    private void startPlcSim(Path journal) {
        Path log = runDir.resolve("plc-sim.log");
        long before = size(log);
        plcSim = track(ChildProcess.start("plc-sim", List.of("java", "-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar",
                plcSimJar.toString(), "--port", String.valueOf(opcuaPort), "--scenario", scenario.toString(),
                "--seed", String.valueOf(seed), "--rate", String.valueOf(rate), "--journal", journal.toString(),
                "--data", runDir.resolve("plc-sim").toString()), runDir, log, runDir.resolve("pids"), Map.of()));
        waitFor("plc-sim on port " + opcuaPort, Duration.ofSeconds(60),
                () -> tail(log, before).contains("plc-sim listening on"));
    }

    private void startKaraf() {
        karaf = track(ChildProcess.start("karaf", List.of(karafHome.resolve("bin/karaf").toString(), "server"),
                karafHome, runDir.resolve("karaf.out"), runDir.resolve("pids"), Map.of()));
        waitFor("Karaf's JVM", Duration.ofSeconds(20), () -> karaf.jvm().isPresent());
        karaf.writePids();
    }

    private ChildProcess track(ChildProcess child) {
        children.removeIf(c -> c.name().equals(child.name()));
        children.add(child);
        return child;
    }

    private void stopEverything() {
        polling = false;
        for (ChildProcess child : children) {
            if (child.alive()) {
                child.stop(Duration.ofSeconds(child.name().equals("karaf") ? 30 : 10));
            }
        }
    }

    private void runScript(Path script, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("postgres.log").toFile())).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(script + " " + command + " failed; see postgres.log");
        }
    }

    // ---------------------------------------------------------------- configuration and logs

    private static final Pattern ANCHORING = Pattern.compile(
            "anchoring to LineLedgerRegistry (0x[0-9a-fA-F]{40}) on chain \\d+ as (0x[0-9a-fA-F]{40})");

    private boolean readRegistryFromLog() {
        Path log = karafHome.resolve("data/log/karaf.log");
        Matcher matcher = ANCHORING.matcher(tail(log, 0));
        String found = null;
        String account = null;
        while (matcher.find()) {
            found = matcher.group(1);
            account = matcher.group(2);
        }
        if (found != null) {
            registry = found;
            writer = account;
        }
        return found != null;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String tail(Path file, long from) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, (int) Math.min(from, bytes.length), (int) Math.max(0, bytes.length - from),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Karaf's threads, written next to the run's logs, for a Karaf that does not answer: a boot that stopped logging in
     * its second stage (Karaf's own features, once in CI) left nothing else to look at. Says where, or why not.
     */
    private String dumpKarafThreads(String when) {
        Optional<ProcessHandle> jvm = karaf == null ? Optional.empty() : karaf.jvm();
        if (jvm.isEmpty()) {
            return "no Karaf JVM running to dump";
        }
        Path dump = runDir.resolve("karaf-threads-" + when + ".txt");
        String jcmd = ProcessHandle.current().info().command()
                .map(java -> Path.of(java).resolveSibling("jcmd")).filter(Files::isExecutable)
                .map(Path::toString).orElse("jcmd");
        try {
            Process process = new ProcessBuilder(jcmd, Long.toString(jvm.get().pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "jcmd did not finish within 30 s (" + dump + ")";
            }
            return "Karaf's threads in " + dump;
        } catch (IOException e) {
            return "no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    private static void waitFor(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            ChildProcess.sleep(250);
        }
    }

    private void say(String message) {
        System.out.printf("[faults %6.1fs] %s%n", seconds(startedAt, Instant.now()), message);
        System.out.flush();
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    static String secondsText(Instant from, Instant to) {
        return from == null || to == null ? "-" : String.format("%.1f s", seconds(from, to));
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n")));
    }
}
