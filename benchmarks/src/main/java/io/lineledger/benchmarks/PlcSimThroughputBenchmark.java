package io.lineledger.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.server.PlcSimServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.milo.opcua.stack.core.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 3's performance target: plc-sim serves at least 300,000 value changes/s to one subscribed client at
 * 3,000 monitored items. Starts a {@link PlcSimServer} in this JVM with {@code --tags} Double tags, subscribes one
 * Milo client to all of them (in this JVM and/or in a child JVM), pushes values through
 * {@link PlcSimServer#write} (the simulator's own path) at each offered rate for {@code --seconds}, and prints
 * per step what the client received, the loss and the source-to-client latency. Loopback only; stops by itself.
 */
@Command(name = "plc-sim-benchmark", mixinStandardHelpOptions = true,
        description = "plc-sim value-change throughput and latency to one subscribed OPC UA client")
public final class PlcSimThroughputBenchmark implements Callable<Integer> {

    static final double TARGET_PER_SECOND = 300_000;

    enum ClientPlacement { same, forked, both }

    @Option(names = "--tags", defaultValue = "3000", description = "Double tags = monitored items (default ${DEFAULT-VALUE})")
    int tagCount;

    @Option(names = "--rates", split = ",", defaultValue = "100000,200000,300000,400000,0",
            description = "offered value changes/s per step, 0 = as fast as the driver can (default ${DEFAULT-VALUE})")
    List<Long> rates;

    @Option(names = "--seconds", defaultValue = "10", description = "length of each step (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "unreported warm-up at the first rate (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--client", defaultValue = "both",
            description = "where the client runs: same (this JVM), forked (a child JVM), both (default ${DEFAULT-VALUE})")
    ClientPlacement placement;

    @Option(names = "--client-heap", defaultValue = "512m", description = "heap of the forked client JVM (default ${DEFAULT-VALUE})")
    String clientHeap;

    @Option(names = "--publishing-ms", defaultValue = "10", description = "subscription publishing interval (default ${DEFAULT-VALUE})")
    double publishingIntervalMs;

    @Option(names = "--queue", defaultValue = "1000", description = "server queue per monitored item (default ${DEFAULT-VALUE})")
    int queueSize;

    @Option(names = "--chunk", defaultValue = "100",
            description = "values per write call, sharing one source time (default ${DEFAULT-VALUE})")
    int chunk;

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<String> report = new ArrayList<>();
    private long sequence;

    public static void main(String[] args) {
        int exit = new CommandLine(new PlcSimThroughputBenchmark()).setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(exit);
    }

    /** The benchmark's tag names; the server's namespace puts them in one folder {@code Bench}. */
    static List<String> tagNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(String.format(Locale.ROOT, "Bench.Tag%04d", i));
        }
        return names;
    }

    @Override
    public Integer call() throws Exception {
        if (tagCount < 1 || seconds < 1 || chunk < 1 || chunk > tagCount || queueSize < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--tags, --seconds, --queue must be >= 1 and --chunk in 1..--tags");
        }
        List<String> tags = tagNames(tagCount);
        List<TagWrite> initial = new ArrayList<>(tagCount);
        tags.forEach(tag -> initial.add(new TagWrite(tag, 0.0)));
        Path work = Files.createTempDirectory("plc-sim-benchmark-");

        System.out.printf(Locale.ROOT, "plc-sim benchmark: %d tags, %d s per step, publishing %.0f ms, queue %d, "
                        + "%d values per write; %d CPUs, load average %.2f at start; java %s%n",
                tagCount, seconds, publishingIntervalMs, queueSize, chunk, os.getAvailableProcessors(),
                os.getSystemLoadAverage(), System.getProperty("java.version"));
        try (PlcSimServer server = PlcSimServer.start("127.0.0.1", 0, work.resolve("server-pki"), initial)) {
            System.out.println("server: " + server.endpointUrl());
            if (placement != ClientPlacement.forked) {
                try (SubscribedClient client = SubscribedClient.connect(server.endpointUrl(),
                        PlcSimServer.NAMESPACE_URI, tags, publishingIntervalMs, queueSize, work.resolve("client-pki"))) {
                    runSteps("same JVM", server, tags, client);
                }
            }
            if (placement != ClientPlacement.same) {
                try (ForkedClient client = ForkedClient.start(server.endpointUrl(), PlcSimServer.NAMESPACE_URI,
                        tagCount, publishingIntervalMs, queueSize, work.resolve("forked-client-pki"), clientHeap)) {
                    runSteps("child JVM", server, tags, client);
                }
            }
        } finally {
            Stack.releaseSharedResources(); // this process is Milo's only user
            deleteQuietly(work);
        }
        System.out.println();
        System.out.println("summary (target " + (long) TARGET_PER_SECOND + " changes/s delivered to one client):");
        report.forEach(System.out::println);
        return 0;
    }

    private void runSteps(String label, PlcSimServer server, List<String> tags, ClientUnderLoad client)
            throws Exception {
        System.out.println();
        System.out.println("client in " + label);
        if (warmupSeconds > 0) {
            runStep(server, tags, client, rates.get(0), warmupSeconds);
            System.out.println("  (warm-up done)");
        }
        String header = String.format(Locale.ROOT, "  %-10s %10s %10s %11s %7s %8s %8s %8s %8s %8s %8s",
                "client", "offered/s", "written/s", "delivered/s", "loss %", "p50 ms", "p99 ms", "max ms",
                "drv CPU", "cli CPU", "vs 300k");
        System.out.println(header);
        report.add(header);
        for (long rate : rates) {
            StepResult r = runStep(server, tags, client, rate, seconds);
            String line = String.format(Locale.ROOT, "  %-10s %10s %,10.0f %,11.0f %7.2f %8.2f %8.2f %8.2f %7.0f%% %8s %7.2fx",
                    label, rate == 0 ? "max" : String.format(Locale.ROOT, "%,d", rate), r.writtenPerSecond(),
                    r.deliveredPerSecond(), r.lossPercent(), r.window().p50Micros() / 1000.0,
                    r.window().p99Micros() / 1000.0, r.window().maxMicros() / 1000.0, r.driverCpuPercent(),
                    r.clientCpuPercent() < 0 ? "(same)" : String.format(Locale.ROOT, "%.0f%%", r.clientCpuPercent()),
                    r.deliveredPerSecond() / TARGET_PER_SECOND);
            System.out.println(line);
            report.add(line);
            SubscribedClient.Window w = r.window();
            if (w.overflowFlags() > 0 || w.notificationGaps() > 0 || w.duplicates() > 0 || w.outOfOrder() > 0) {
                String note = String.format(Locale.ROOT, "  %-10s   ^ %d values flagged Overflow (a server queue "
                        + "dropped older values), %d notification gaps, %d values received twice, %d out of order",
                        "", w.overflowFlags(), w.notificationGaps(), w.duplicates(), w.outOfOrder());
                System.out.println(note);
                report.add(note);
            }
        }
    }

    record StepResult(long written, double writeSeconds, double deliverySeconds, SubscribedClient.Window window,
                      double driverCpuPercent, double clientCpuPercent) {

        double writtenPerSecond() {
            return written / writeSeconds;
        }

        /** Changes received, each counted once. */
        long delivered() {
            return window.distinct();
        }

        double deliveredPerSecond() {
            return deliverySeconds <= 0 ? 0 : delivered() / deliverySeconds;
        }

        double lossPercent() {
            return written == 0 ? 0 : Math.max(0, 100.0 * (written - delivered()) / written);
        }
    }

    /** Writes at {@code rate} (0 = flat out) for {@code stepSeconds}, then waits for the client to catch up. */
    private StepResult runStep(PlcSimServer server, List<String> tags, ClientUnderLoad client, long rate,
                               int stepSeconds) throws Exception {
        client.startWindow();
        long clientCpuStart = client.cpuNanos();
        long cpuStart = os.getProcessCpuTime();
        long startMicros = epochMicros(Instant.now());
        long start = System.nanoTime();
        long end = start + stepSeconds * 1_000_000_000L;
        long intervalNanos = rate > 0 ? Math.max(1, chunk * 1_000_000_000L / rate) : 0;
        long due = start;
        long written = 0;
        int next = 0;
        long now = start;
        while (now < end) {
            if (intervalNanos > 0) {
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                due += intervalNanos;
            }
            List<TagWrite> writes = new ArrayList<>(chunk);
            for (int i = 0; i < chunk; i++) {
                // every value differs from the tag's previous one, so each write is a change
                writes.add(new TagWrite(tags.get(next), (double) ++sequence));
                next = next + 1 == tags.size() ? 0 : next + 1;
            }
            server.write(writes, Instant.now());
            written += chunk;
            now = System.nanoTime();
        }
        double writeSeconds = (now - start) / 1e9;

        // drain: until all arrived, or nothing more came for 2 s
        long last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long received = client.receivedSoFar();
            if (received >= written) {
                break;
            }
            if (received != last) {
                last = received;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                break;
            }
            Thread.sleep(20);
        }
        long wallNanos = System.nanoTime() - start;
        double driverCpu = 100.0 * (os.getProcessCpuTime() - cpuStart) / wallNanos;
        long clientCpuEnd = client.cpuNanos();
        double clientCpu = clientCpuStart < 0 || clientCpuEnd < 0 ? -1 : 100.0 * (clientCpuEnd - clientCpuStart) / wallNanos;
        SubscribedClient.Window window = client.window();
        double deliverySeconds = (window.lastReceivedMicros() - startMicros) / 1e6;
        return new StepResult(written, writeSeconds, deliverySeconds, window, driverCpu, clientCpu);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }

    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
