package io.lineledger.plcsim.scenario;

import io.lineledger.plcsim.model.Characteristic;
import io.lineledger.plcsim.model.Fault;
import io.lineledger.plcsim.model.FaultType;
import io.lineledger.plcsim.model.Recipe;
import io.lineledger.plcsim.model.Shift;
import io.lineledger.plcsim.model.SimulationSettings;
import io.lineledger.plcsim.model.Spec;
import io.lineledger.plcsim.model.StationKind;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a scenario from YAML node by node, so that every error names the file, line, column and field. Unknown
 * keys are errors too: a misspelt key would otherwise be silently ignored.
 */
final class ScenarioReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Set<String> TOP_KEYS = Set.of("seed", "timing", "recipes", "shifts", "lines", "faults", "users");
    private static final Set<String> TIMING_KEYS =
            Set.of("partsPerBatch", "partIntervalMs", "setupDelayMs", "completeDelayMs", "pauseMs", "batches");
    private static final Set<String> SPEC_KEYS = Set.of("nominal", "sd", "drift", "lsl", "usl", "outOfSpecRate");
    private static final Set<String> FAULT_KEYS = Set.of("type", "at", "duration", "line", "station", "factor", "skew");

    private final String source;

    ScenarioReader(String source) {
        this.source = source;
    }

    Scenario read(String yaml) {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(source).build()).composeString(yaml).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            throw new ScenarioException(source, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ScenarioException(source, 0, 0, "", "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ScenarioException(source, 1, 1, "", "the scenario is empty");
        }
        Map<String, NodeTuple> top = mapping(root, "(top level)", TOP_KEYS);

        Long seed = top.containsKey("seed") ? longValue(top.get("seed").getValueNode(), "seed") : null;
        Map<String, Long> timing = new LinkedHashMap<>(Map.of("partsPerBatch", 20L, "partIntervalMs", 250L,
                "setupDelayMs", 500L, "completeDelayMs", 500L, "pauseMs", 2000L, "batches", 0L));
        if (top.containsKey("timing")) {
            readTiming(top.get("timing").getValueNode(), "timing", timing);
        }
        List<Recipe> recipes = top.containsKey("recipes")
                ? readRecipes(top.get("recipes").getValueNode()) : SimulationSettings.defaultRecipes();
        List<Shift> shifts = top.containsKey("shifts") ? readShifts(top.get("shifts").getValueNode()) : List.of();
        if (!top.containsKey("lines")) {
            throw error(root, "lines", "a scenario needs 'lines' (at least one line)");
        }
        List<Node> lineNodes = sequence(top.get("lines").getValueNode(), "lines");
        if (lineNodes.isEmpty()) {
            throw error(top.get("lines").getValueNode(), "lines", "a scenario needs at least one line");
        }
        List<LineDraft> drafts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lineNodes.size(); i++) {
            LineDraft draft = readLine(lineNodes.get(i), "lines[" + i + "]", timing, recipes, shifts);
            if (!names.add(draft.settings.line())) {
                throw error(lineNodes.get(i), "lines[" + i + "].name", "line " + draft.settings.line() + " is defined twice");
            }
            drafts.add(draft);
        }
        List<Fault> serverFaults = new ArrayList<>();
        Map<String, List<Fault>> lineFaults = new LinkedHashMap<>();
        if (top.containsKey("faults")) {
            List<Node> faultNodes = sequence(top.get("faults").getValueNode(), "faults");
            for (int i = 0; i < faultNodes.size(); i++) {
                String field = "faults[" + i + "]";
                Fault fault = readFault(faultNodes.get(i), field, drafts);
                if (fault.type() == FaultType.SERVER_RESTART) {
                    serverFaults.add(fault);
                } else {
                    lineFaults.computeIfAbsent(fault.line(), l -> new ArrayList<>()).add(fault);
                }
            }
        }
        Map<String, String> users = top.containsKey("users") ? readUsers(top.get("users").getValueNode()) : Map.of();

        List<SimulationSettings> lines = new ArrayList<>();
        for (LineDraft draft : drafts) {
            try {
                lines.add(draft.settings.withFaults(lineFaults.getOrDefault(draft.settings.line(), List.of())));
            } catch (IllegalArgumentException e) {
                throw error(draft.node, draft.field, e.getMessage());
            }
        }
        return new Scenario(source, seed, lines, serverFaults, users);
    }

    private record LineDraft(SimulationSettings settings, Node node, String field) { }

    private void readTiming(Node node, String field, Map<String, Long> into) {
        Map<String, NodeTuple> map = mapping(node, field, TIMING_KEYS);
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            String key = e.getKey();
            Node value = e.getValue().getValueNode();
            long v = key.endsWith("Ms") ? duration(value, field + "." + key) : longValue(value, field + "." + key);
            if (v < 0 || (key.equals("partsPerBatch") && v < 1)) {
                throw error(value, field + "." + key, "must be " + (key.equals("partsPerBatch") ? ">= 1" : ">= 0")
                        + ", got " + v);
            }
            into.put(key, v);
        }
    }

    private List<Recipe> readRecipes(Node node) {
        List<Node> items = sequence(node, "recipes");
        List<Recipe> recipes = new ArrayList<>();
        Set<String> products = new HashSet<>();
        Set<String> keys = new HashSet<>();
        keys.add("product");
        Arrays.stream(Characteristic.values()).forEach(c -> keys.add(c.key()));
        for (int i = 0; i < items.size(); i++) {
            String field = "recipes[" + i + "]";
            Map<String, NodeTuple> map = mapping(items.get(i), field, keys);
            String product = requiredString(map, items.get(i), field, "product");
            if (!products.add(product)) {
                throw error(map.get("product").getValueNode(), field + ".product", "product '" + product
                        + "' is defined twice");
            }
            Map<Characteristic, Spec> specs = new EnumMap<>(Characteristic.class);
            for (Characteristic c : Characteristic.values()) {
                if (map.containsKey(c.key())) {
                    specs.put(c, readSpec(map.get(c.key()).getValueNode(), field + "." + c.key()));
                }
            }
            recipes.add(new Recipe(product, specs));
        }
        if (recipes.isEmpty()) {
            throw error(node, "recipes", "needs at least one recipe");
        }
        return recipes;
    }

    private Spec readSpec(Node node, String field) {
        Map<String, NodeTuple> map = mapping(node, field, SPEC_KEYS);
        for (String required : List.of("nominal", "lsl", "usl")) {
            if (!map.containsKey(required)) {
                throw error(node, field + "." + required, "missing (a spec needs nominal, lsl and usl)");
            }
        }
        double nominal = doubleValue(map.get("nominal").getValueNode(), field + ".nominal");
        double sd = map.containsKey("sd") ? doubleValue(map.get("sd").getValueNode(), field + ".sd") : 0.0;
        double drift = map.containsKey("drift") ? doubleValue(map.get("drift").getValueNode(), field + ".drift") : 0.0;
        double lsl = doubleValue(map.get("lsl").getValueNode(), field + ".lsl");
        double usl = doubleValue(map.get("usl").getValueNode(), field + ".usl");
        double rate = map.containsKey("outOfSpecRate")
                ? doubleValue(map.get("outOfSpecRate").getValueNode(), field + ".outOfSpecRate") : 0.0;
        if (sd < 0) {
            throw error(map.get("sd").getValueNode(), field + ".sd", "must be >= 0, got " + sd);
        }
        if (!(lsl < usl)) {
            throw error(map.get("usl").getValueNode(), field + ".usl", "must be above lsl " + lsl + ", got " + usl);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw error(map.get("outOfSpecRate").getValueNode(), field + ".outOfSpecRate", "must be 0..1, got " + rate);
        }
        return new Spec(nominal, sd, drift, lsl, usl, rate);
    }

    private List<Shift> readShifts(Node node) {
        List<Node> items = sequence(node, "shifts");
        List<Shift> shifts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "shifts[" + i + "]";
            Map<String, NodeTuple> map = mapping(items.get(i), field, Set.of("name", "start"));
            String name = requiredString(map, items.get(i), field, "name");
            String start = requiredString(map, items.get(i), field, "start");
            try {
                shifts.add(new Shift(name, LocalTime.parse(start)));
            } catch (DateTimeParseException e) {
                throw error(map.get("start").getValueNode(), field + ".start", "not a time of day HH:mm: '" + start + "'");
            }
        }
        return shifts;
    }

    private LineDraft readLine(Node node, String field, Map<String, Long> defaults, List<Recipe> recipes,
                               List<Shift> shifts) {
        Set<String> keys = new HashSet<>(TIMING_KEYS);
        keys.addAll(Set.of("name", "stations", "products", "lotPrefix"));
        Map<String, NodeTuple> map = mapping(node, field, keys);
        String name = requiredString(map, node, field, "name");
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw error(map.get("name").getValueNode(), field + ".name",
                    "a line name is a letter followed by letters, digits or _, got '" + name + "'");
        }
        Map<String, Long> timing = new LinkedHashMap<>(defaults);
        Map<String, NodeTuple> timingKeys = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (TIMING_KEYS.contains(k)) {
                timingKeys.put(k, v);
            }
        });
        for (Map.Entry<String, NodeTuple> e : timingKeys.entrySet()) {
            Node value = e.getValue().getValueNode();
            String f = field + "." + e.getKey();
            long v = e.getKey().endsWith("Ms") ? duration(value, f) : longValue(value, f);
            if (v < 0 || (e.getKey().equals("partsPerBatch") && v < 1)) {
                throw error(value, f, "must be " + (e.getKey().equals("partsPerBatch") ? ">= 1" : ">= 0") + ", got " + v);
            }
            timing.put(e.getKey(), v);
        }
        List<StationKind> stations = new ArrayList<>();
        if (map.containsKey("stations")) {
            List<Node> items = sequence(map.get("stations").getValueNode(), field + ".stations");
            for (int i = 0; i < items.size(); i++) {
                String s = scalar(items.get(i), field + ".stations[" + i + "]");
                StationKind kind = StationKind.ofName(s);
                if (kind == null) {
                    throw error(items.get(i), field + ".stations[" + i + "]", "unknown station '" + s + "' (known: "
                            + Arrays.stream(StationKind.values()).map(StationKind::stationName).toList() + ")");
                }
                if (stations.contains(kind)) {
                    throw error(items.get(i), field + ".stations[" + i + "]", "station " + s + " is listed twice");
                }
                stations.add(kind);
            }
            if (stations.isEmpty()) {
                throw error(map.get("stations").getValueNode(), field + ".stations", "a line needs at least one station");
            }
        } else {
            stations.addAll(List.of(StationKind.FILLER, StationKind.CAPPER, StationKind.CHECKWEIGHER));
        }
        List<String> products = new ArrayList<>();
        if (map.containsKey("products")) {
            List<Node> items = sequence(map.get("products").getValueNode(), field + ".products");
            for (int i = 0; i < items.size(); i++) {
                String product = scalar(items.get(i), field + ".products[" + i + "]");
                if (recipes.stream().noneMatch(r -> r.product().equals(product))) {
                    throw error(items.get(i), field + ".products[" + i + "]", "unknown product '" + product
                            + "' (recipes: " + recipes.stream().map(Recipe::product).toList() + ")");
                }
                products.add(product);
            }
        } else {
            recipes.forEach(r -> products.add(r.product()));
        }
        String lotPrefix = map.containsKey("lotPrefix")
                ? scalar(map.get("lotPrefix").getValueNode(), field + ".lotPrefix") : "LOT-";
        try {
            SimulationSettings settings = new SimulationSettings(name, stations, Math.toIntExact(timing.get("partsPerBatch")),
                    timing.get("partIntervalMs"), timing.get("batches"), timing.get("setupDelayMs"),
                    timing.get("completeDelayMs"), timing.get("pauseMs"), recipes, products, lotPrefix, List.of(), shifts);
            return new LineDraft(settings, node, field);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(node, field, e.getMessage());
        }
    }

    private Fault readFault(Node node, String field, List<LineDraft> lines) {
        Map<String, NodeTuple> map = mapping(node, field, FAULT_KEYS);
        String typeName = requiredString(map, node, field, "type");
        FaultType type = FaultType.ofKey(typeName);
        if (type == null) {
            throw error(map.get("type").getValueNode(), field + ".type", "unknown fault type '" + typeName + "' (known: "
                    + Arrays.stream(FaultType.values()).map(FaultType::key).toList() + ")");
        }
        if (!map.containsKey("at")) {
            throw error(node, field + ".at", "missing: when the fault begins, e.g. 30s");
        }
        long at = duration(map.get("at").getValueNode(), field + ".at");
        long duration = map.containsKey("duration") ? duration(map.get("duration").getValueNode(), field + ".duration")
                : 0;
        String line = map.containsKey("line") ? scalar(map.get("line").getValueNode(), field + ".line") : null;
        String station = map.containsKey("station") ? scalar(map.get("station").getValueNode(), field + ".station") : null;
        if (type == FaultType.SERVER_RESTART) {
            if (line != null || station != null) {
                throw error(map.get(line != null ? "line" : "station").getValueNode(), field,
                        "serverRestart hits the whole server: no line or station");
            }
        } else {
            if (line == null) {
                throw error(node, field + ".line", "missing: which line " + typeName + " hits");
            }
            LineDraft target = lines.stream().filter(l -> l.settings.line().equals(line)).findFirst().orElse(null);
            if (target == null) {
                throw error(map.get("line").getValueNode(), field + ".line", "unknown line '" + line + "' (lines: "
                        + lines.stream().map(l -> l.settings.line()).toList() + ")");
            }
            if (station != null && target.settings.stations().stream().noneMatch(s -> s.stationName().equals(station))) {
                throw error(map.get("station").getValueNode(), field + ".station", "line " + line + " has no station '"
                        + station + "' (stations: " + target.settings.stations().stream().map(StationKind::stationName)
                        .toList() + ")");
            }
            if (type == FaultType.STUCK_IN_HELD && station == null) {
                throw error(node, field + ".station", "missing: which station is stuck in Held");
            }
        }
        double factor = 1.0;
        if (map.containsKey("factor")) {
            if (type != FaultType.BURST_RATE) {
                throw error(map.get("factor").getValueNode(), field + ".factor", "only burstRate has a factor");
            }
            factor = doubleValue(map.get("factor").getValueNode(), field + ".factor");
            if (!(factor > 0)) {
                throw error(map.get("factor").getValueNode(), field + ".factor", "must be > 0, got " + factor);
            }
        } else if (type == FaultType.BURST_RATE) {
            throw error(node, field + ".factor", "missing: how many times faster parts come, e.g. 5");
        }
        long skew = 0;
        if (map.containsKey("skew")) {
            if (type != FaultType.CLOCK_SKEW) {
                throw error(map.get("skew").getValueNode(), field + ".skew", "only clockSkew has a skew");
            }
            skew = signedDuration(map.get("skew").getValueNode(), field + ".skew");
        } else if (type == FaultType.CLOCK_SKEW) {
            throw error(node, field + ".skew", "missing: the offset of the source times, e.g. 5s or -2s");
        }
        return new Fault(type, at, duration, line, station, factor, skew);
    }

    private Map<String, String> readUsers(Node node) {
        List<Node> items = sequence(node, "users");
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "users[" + i + "]";
            Map<String, NodeTuple> map = mapping(items.get(i), field, Set.of("name", "password"));
            String name = requiredString(map, items.get(i), field, "name");
            String password = requiredString(map, items.get(i), field, "password");
            if (users.put(name, password) != null) {
                throw error(map.get("name").getValueNode(), field + ".name", "user " + name + " is defined twice");
            }
        }
        return users;
    }

    // ---- node helpers ----

    private Map<String, NodeTuple> mapping(Node node, String field, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, field, "expected a mapping (key: value)");
        }
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), field);
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), field.equals("(top level)") ? key : field + "." + key,
                        "unknown key '" + key + "' (allowed: " + allowed.stream().sorted().toList() + ")");
            }
            if (result.put(key, tuple) != null) {
                throw error(tuple.getKeyNode(), field + "." + key, "key given twice");
            }
        }
        return result;
    }

    private List<Node> sequence(Node node, String field) {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, field, "expected a list");
        }
        return sequence.getValue();
    }

    private String scalar(Node node, String field) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, field, "expected a single value");
        }
        return scalar.getValue();
    }

    private String requiredString(Map<String, NodeTuple> map, Node parent, String field, String key) {
        if (!map.containsKey(key)) {
            throw error(parent, field + "." + key, "missing");
        }
        String value = scalar(map.get(key).getValueNode(), field + "." + key);
        if (value.isBlank()) {
            throw error(map.get(key).getValueNode(), field + "." + key, "must not be empty");
        }
        return value;
    }

    private long longValue(Node node, String field) {
        String text = scalar(node, field);
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(node, field, "not a whole number: '" + text + "'");
        }
    }

    private double doubleValue(Node node, String field) {
        String text = scalar(node, field);
        try {
            double value = Double.parseDouble(text.trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(node, field, "not a number: '" + text + "'");
        }
    }

    /** {@code 250} (ms), {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    private long duration(Node node, String field) {
        return parseDuration(scalar(node, field).trim(), node, field);
    }

    private long signedDuration(Node node, String field) {
        String text = scalar(node, field).trim();
        return text.startsWith("-") ? -parseDuration(text.substring(1), node, field) : parseDuration(text, node, field);
    }

    private long parseDuration(String text, Node node, String field) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw error(node, field, "not a duration (e.g. 250, 250ms, 30s, 5m, 1h): '" + text + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double factor = switch (unit) {
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 1;
        };
        return Math.round(amount * factor);
    }

    private ScenarioException error(Node node, String field, String problem) {
        Mark mark = node == null ? null : node.getStartMark().orElse(null);
        return new ScenarioException(source, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                field, problem);
    }
}
