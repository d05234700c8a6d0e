package io.lineledger.plcsim.scenario;

import io.lineledger.plcsim.model.Fault;
import io.lineledger.plcsim.model.SimulationSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A validated scenario: the lines with their recipes, batches and faults, the server-wide faults, the users that
 * may log in, and the seed. Everything in it was checked when it was read, so a server never starts with half of
 * it.
 *
 * @param source       where it came from (file name), for messages
 * @param seed         the seed in the file, or null (the CLI then uses its own)
 * @param lines        the lines, in order
 * @param serverFaults faults of the whole server (serverRestart)
 * @param users        user name → password for the secured endpoints
 */
public record Scenario(String source, Long seed, List<SimulationSettings> lines, List<Fault> serverFaults,
                       Map<String, String> users) {

    /** The scenario shipped with plc-sim: the skeleton's Line1 plus Line2 with a labeler. */
    public static final String DEFAULT_RESOURCE = "/io/lineledger/plcsim/scenario/default.yaml";

    public Scenario {
        Objects.requireNonNull(source, "source");
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException(source + ": a scenario needs at least one line");
        }
        lines = List.copyOf(lines);
        serverFaults = List.copyOf(serverFaults);
        users = Map.copyOf(users);
    }

    /** Reads and validates a scenario file. */
    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Reads and validates a scenario; {@code source} names it in error messages. */
    public static Scenario parse(String yaml, String source) {
        return new ScenarioReader(source).read(yaml);
    }

    /** The names of the scenarios shipped with plc-sim ({@link #builtIn(String)}). */
    public static final List<String> BUILT_IN = List.of("default", "bench");

    public static Scenario defaultScenario() {
        return builtIn("default");
    }

    /**
     * A scenario shipped with plc-sim: {@code default} (the skeleton's Line1 plus Line2) or {@code bench} (ten lines
     * of three measured characteristics a part at 1,000 parts/s each, for load benchmarks).
     */
    public static Scenario builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("no built-in scenario '" + name + "' (built in: " + BUILT_IN + ")");
        }
        String resource = "/io/lineledger/plcsim/scenario/" + name + ".yaml";
        try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("plc-sim is missing its built-in scenario " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name + ".yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first {@code count} lines; more lines than the file has are copies of its last line named
     * {@code Line<n>} with lot prefix {@code LOT<n>-}.
     */
    public Scenario withLines(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("lines must be >= 1: " + count);
        }
        List<SimulationSettings> result = new ArrayList<>(lines.subList(0, Math.min(count, lines.size())));
        SimulationSettings template = lines.get(lines.size() - 1);
        for (int n = lines.size() + 1; n <= count; n++) {
            String name = "Line" + n;
            if (result.stream().anyMatch(l -> l.line().equals(name))) {
                throw new IllegalArgumentException("cannot add " + name + ": the scenario already has a line of that name");
            }
            result.add(template.withLine(name).withLotPrefix("LOT" + n + "-").withFaults(List.of()));
        }
        return new Scenario(source, seed, result, serverFaults, users);
    }

    /** Every line makes a part every {@code ms} milliseconds. */
    public Scenario withPartIntervalMs(long ms) {
        return new Scenario(source, seed, lines.stream().map(l -> l.withPartIntervalMs(ms)).toList(), serverFaults,
                users);
    }

    /** Every line changed the same way, e.g. {@code s -> s.withBatches(3)}. */
    public Scenario mapLines(UnaryOperator<SimulationSettings> change) {
        return new Scenario(source, seed, lines.stream().map(change).toList(), serverFaults, users);
    }

    /** A scenario of the given lines only, no server faults, no users (for tests and old callers). */
    public static Scenario ofLines(List<SimulationSettings> lines) {
        return new Scenario("(settings)", null, lines, List.of(), Map.of());
    }
}
