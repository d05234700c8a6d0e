package io.lineledger.plcsim;

import io.lineledger.plcsim.model.SimulationSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar plc-sim.jar --port 4840}: runs one simulated line until stopped (Ctrl-C / SIGTERM). */
@Command(name = "plc-sim", mixinStandardHelpOptions = true,
        description = "OPC UA server simulating a filling line (Filler, Capper, Checkweigher) running batches.")
public final class PlcSimMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "4840", description = "TCP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--parts-per-batch", defaultValue = "20", description = "parts per batch (default ${DEFAULT-VALUE})")
    int partsPerBatch;

    @Option(names = "--part-interval-ms", defaultValue = "250", description = "ms between parts (default ${DEFAULT-VALUE})")
    long partIntervalMs;

    @Option(names = "--seed", description = "random seed for fill weights (default: from the clock)")
    Long seed;

    @Option(names = "--batches", defaultValue = "0", description = "batches to run, 0 = forever (default ${DEFAULT-VALUE})")
    long batches;

    @Option(names = "--data", description = "directory for this instance's PKI files (default: a new temporary directory)")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlcSimMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SimulationSettings settings = SimulationSettings.defaults()
                .withPartsPerBatch(partsPerBatch)
                .withPartIntervalMs(partIntervalMs)
                .withBatches(batches);
        long effectiveSeed = seed != null ? seed : System.nanoTime();
        PlcSimulator.Options options = new PlcSimulator.Options(bind, port, dataDir, settings, effectiveSeed);

        CountDownLatch stopped = new CountDownLatch(1);
        PlcSimulator simulator;
        try {
            simulator = PlcSimulator.start(options);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("plc-sim: " + e.getMessage());
            Stack.releaseSharedResources();
            return 1;
        }
        Thread hook = new Thread(() -> {
            simulator.close();
            Stack.releaseSharedResources(); // this process is the only Milo user
            System.out.println("plc-sim stopped");
            System.out.flush();
            stopped.countDown();
        }, "plc-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        // scripts and tests wait for this exact line
        System.out.println("plc-sim listening on " + simulator.endpointUrl());
        System.out.flush();

        if (batches > 0) {
            while (!simulator.awaitFinished(1, TimeUnit.SECONDS)) {
                // keep serving until the last batch is complete
            }
            Thread.sleep(settings.pauseMs()); // let clients read the final Complete
            System.out.println("plc-sim finished " + batches + " batch(es)");
            return 0; // the shutdown hook stops the server
        }
        stopped.await();
        return 0;
    }
}
