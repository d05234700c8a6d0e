package io.lineledger.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process the harness started, with its output in a log file and its PIDs (and those of its descendants, e.g.
 * Karaf's JVM under bin/karaf) in {@code <pidDir>/<name>.pid}, so that run.sh can stop it even if this JVM dies.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path pidFile;

    private ChildProcess(String name, Process process, Path pidFile) {
        this.name = name;
        this.process = process;
        this.pidFile = pidFile;
    }

    public static ChildProcess start(String name, List<String> command, Path workDir, Path log, Path pidDir,
                              Map<String, String> environment) {
        try {
            Files.createDirectories(pidDir);
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            ChildProcess child = new ChildProcess(name, builder.start(), pidDir.resolve(name + ".pid"));
            child.writePids();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The first process of this tree whose executable is {@code java} (the process itself or a descendant). */
    Optional<ProcessHandle> jvm() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.toHandle().descendants().forEach(tree::add);
        return tree.stream().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    }

    /** Records the PIDs of the tree as it is now (call again once a script has started its JVM). */
    public void writePids() {
        StringBuilder pids = new StringBuilder().append(process.pid()).append('\n');
        process.toHandle().descendants().forEach(p -> pids.append(p.pid()).append('\n'));
        try {
            Files.writeString(pidFile, pids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to the whole tree, as a crash or the OOM killer would. */
    void kill() {
        List<ProcessHandle> tree = process.toHandle().descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        await(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(100);
        }
        forget();
    }

    /** SIGTERM to the whole tree (deepest first, so that a JVM runs its shutdown hooks), then SIGKILL after grace. */
    public void stop(Duration grace) {
        List<ProcessHandle> descendants = new ArrayList<>(process.toHandle().descendants().toList());
        java.util.Collections.reverse(descendants);
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        // a JVM started by a script outlives the script for a moment and is then no descendant of it any more:
        // wait for the handles taken before the signal, or its files (H2's lock) are still held
        long deadline = System.nanoTime() + grace.toNanos();
        boolean stopped = await(grace);
        while (stopped && descendants.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (!stopped || descendants.stream().anyMatch(ProcessHandle::isAlive)) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            kill();
        }
        forget();
    }

    boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean treeAlive = process.isAlive() || process.toHandle().descendants().anyMatch(ProcessHandle::isAlive);
            if (!treeAlive) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    private void forget() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // run.sh checks each PID before it signals it
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
