package io.lineledger.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.Stack;

/**
 * The benchmark's client in a JVM of its own, so that it does not share a heap and GC with the server. Driven by
 * {@link PlcSimThroughputBenchmark} over stdin/stdout, one command per line: {@code start} (new window) →
 * {@code started}; {@code count} → received so far; {@code window} → {@link SubscribedClient.Window#toLine()};
 * {@code quit}. Prints {@code ready} once subscribed.
 *
 * <p>Arguments: endpointUrl namespaceUri tagCount publishingIntervalMs queueSize pkiDir
 */
public final class ClientProcess {

    private ClientProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> tags = PlcSimThroughputBenchmark.tagNames(Integer.parseInt(args[2]));
        try (SubscribedClient client = SubscribedClient.connect(args[0], args[1], tags,
                Double.parseDouble(args[3]), Integer.parseInt(args[4]), Path.of(args[5]))) {
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = in.readLine()) != null && !command.equals("quit")) {
                switch (command) {
                    case "start" -> {
                        client.startWindow();
                        out.println("started");
                    }
                    case "count" -> out.println(client.receivedSoFar());
                    case "window" -> out.println(client.window().toLine());
                    default -> out.println("unknown command " + command);
                }
            }
        } finally {
            Stack.releaseSharedResources(); // this process is Milo's only user
        }
    }
}
