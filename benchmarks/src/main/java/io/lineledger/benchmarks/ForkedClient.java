package io.lineledger.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link ClientProcess} started as a child JVM with this JVM's class path, and talked to over its stdin/stdout. */
final class ForkedClient implements ClientUnderLoad {

    private final Process process;
    private final BufferedReader replies;
    private final PrintStream commands;

    private ForkedClient(Process process) {
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static ForkedClient start(String endpointUrl, String namespaceUri, int tags, double publishingIntervalMs,
                              int queueSize, Path pkiDir, String heap) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xms" + heap, "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), ClientProcess.class.getName(),
                endpointUrl, namespaceUri, Integer.toString(tags), Double.toString(publishingIntervalMs),
                Integer.toString(queueSize), pkiDir.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ForkedClient client = new ForkedClient(process);
        try {
            client.expect("ready");
        } catch (IOException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private String ask(String command) throws IOException {
        commands.println(command);
        String reply = replies.readLine();
        if (reply == null) {
            throw new IOException("the client process ended (exit " + exitCode() + ")");
        }
        return reply;
    }

    private void expect(String line) throws IOException {
        String reply = replies.readLine();
        if (!line.equals(reply)) {
            throw new IOException("client process: expected '" + line + "', got '" + reply + "' (exit "
                    + exitCode() + ")");
        }
    }

    private String exitCode() {
        return process.isAlive() ? "none yet" : Integer.toString(process.exitValue());
    }

    @Override
    public void startWindow() throws IOException {
        String reply = ask("start");
        if (!reply.equals("started")) {
            throw new IOException("client process: " + reply);
        }
    }

    @Override
    public long receivedSoFar() throws IOException {
        return Long.parseLong(ask("count").trim());
    }

    @Override
    public SubscribedClient.Window window() throws IOException {
        return SubscribedClient.Window.fromLine(ask("window"));
    }

    @Override
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() {
        commands.println("quit");
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
