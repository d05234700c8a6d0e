package io.lineledger.routes.internal;

import io.lineledger.routes.internal.LineDefinition.Boundary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a line's meaning from its configuration ({@code io.lineledger.line}, one factory configuration per line, the
 * same one the OPC UA source reads). Every mistake is an {@link IllegalArgumentException} naming the PID, the key and
 * the value; keys of other readers (endpointUrl, security, ...) are left alone, unknown keys under {@code batch.},
 * {@code counter.}, {@code alarm.} and {@code characteristic.} are mistakes (a typo must not pass silently).
 */
public final class LineDefinitions {

    public static final String FACTORY_PID = "io.lineledger.line";
    private static final Pattern LINE_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> TAG_ATTRIBUTES = Set.of("node", "path", "type", "scale", "offset");
    private static final Set<String> BATCH_KEYS = Set.of("idTag", "productTag", "recipeTag", "boundary", "stateTag",
            "startValues", "endValues", "abortValues");
    private static final Set<String> COUNTER_KEYS = Set.of("totalTag", "goodTag", "rejectTag");
    private static final Set<String> LIMIT_KEYS = Set.of("nominal", "lsl", "usl");
    /** ISA-TR88.00.02 state codes the packml boundary acts on. */
    static final long PACKML_STOPPED = 2;
    static final long PACKML_EXECUTE = 6;
    static final long PACKML_ABORTED = 9;
    static final long PACKML_COMPLETE = 17;

    private LineDefinitions() {
    }

    /** The name of a configuration for messages: its PID, and the file it came from when Karaf read one. */
    public static String pidOf(Map<String, ?> properties) {
        Object pid = properties.get("service.pid");
        String name = pid == null ? FACTORY_PID : pid.toString();
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = file.toString();
            name += " (" + path.substring(path.lastIndexOf('/') + 1) + ")";
        }
        return name;
    }

    public static LineDefinition parse(Map<String, ?> properties) {
        return new Reader(pidOf(properties), properties).read();
    }

    private static final class Reader {
        final String pid;
        final Map<String, String> values = new TreeMap<>();
        final Set<String> tags = new TreeSet<>();
        /** tag name -> the key that gave it a role: one role per tag. */
        final Map<String, String> roles = new LinkedHashMap<>();

        Reader(String pid, Map<String, ?> properties) {
            this.pid = pid;
            properties.forEach((key, value) -> {
                if (value != null) {
                    values.put(key, (value instanceof Object[] array ? String.join(",", Arrays.stream(array)
                            .map(String::valueOf).toList()) : value.toString()).trim());
                }
            });
        }

        IllegalArgumentException error(String key, String reason) {
            return new IllegalArgumentException(pid + ": " + key + " = '" + values.getOrDefault(key, "") + "': "
                    + reason);
        }

        LineDefinition read() {
            String lineId = values.get("lineId");
            if (lineId == null || lineId.isEmpty()) {
                throw error("lineId", "required: the line's id (letters, digits, '_', '.', '-')");
            }
            if (!LINE_ID.matcher(lineId).matches()) {
                throw error("lineId", "only letters, digits, '_', '.' and '-' are allowed");
            }
            for (String key : values.keySet()) {
                if (key.startsWith("tag.")) {
                    String name = key.substring(4);
                    int dot = name.lastIndexOf('.');
                    if (dot > 0 && TAG_ATTRIBUTES.contains(name.substring(dot + 1))) {
                        name = name.substring(0, dot);
                    }
                    if (!name.isEmpty()) {
                        tags.add(name);
                    }
                }
            }
            for (String key : values.keySet()) {
                if (key.startsWith("batch.") && !BATCH_KEYS.contains(key.substring(6))) {
                    throw error(key, "unknown key; known: " + new TreeSet<>(BATCH_KEYS.stream()
                            .map(k -> "batch." + k).toList()));
                }
                if (key.startsWith("counter.") && !COUNTER_KEYS.contains(key.substring(8))) {
                    throw error(key, "unknown key; known: counter.totalTag, counter.goodTag, counter.rejectTag");
                }
            }
            LineDefinition.Batch batch = batch();
            String total = optionalTag("counter.totalTag");
            String good = optionalTag("counter.goodTag");
            String reject = optionalTag("counter.rejectTag");
            if ((good == null) != (reject == null)) {
                throw error(good == null ? "counter.rejectTag" : "counter.goodTag",
                        "counter.goodTag and counter.rejectTag go together (total = good + reject)");
            }
            if (total != null && good != null) {
                throw error("counter.totalTag", "use counter.totalTag or counter.goodTag with counter.rejectTag, not both");
            }
            return new LineDefinition(pid, lineId, tags, batch, total, good, reject, alarms(), characteristics());
        }

        LineDefinition.Batch batch() {
            if (!values.containsKey("batch.idTag") || values.get("batch.idTag").isEmpty()) {
                throw error("batch.idTag", "required: the tag holding the batch (lot) id");
            }
            String idTag = optionalTag("batch.idTag");
            String productTag = optionalTag("batch.productTag");
            String recipeTag = optionalTag("batch.recipeTag");
            String boundaryName = values.getOrDefault("batch.boundary", "state");
            Boundary boundary = switch (boundaryName.toLowerCase(Locale.ROOT)) {
                case "", "state" -> Boundary.STATE;
                case "packml" -> Boundary.PACKML;
                case "flag" -> Boundary.FLAG;
                case "idchange" -> Boundary.ID_CHANGE;
                default -> throw error("batch.boundary", "unknown boundary; one of state, packml, flag, idChange");
            };
            String stateTag = null;
            if (boundary != Boundary.ID_CHANGE) {
                if (!values.containsKey("batch.stateTag") || values.get("batch.stateTag").isEmpty()) {
                    throw error("batch.stateTag", "required with batch.boundary = " + boundaryName
                            + ": the tag the boundary reads");
                }
                stateTag = optionalTag("batch.stateTag");
            } else if (values.containsKey("batch.stateTag")) {
                throw error("batch.stateTag", "not used with batch.boundary = idChange (the batch id is the boundary)");
            }
            Set<String> start = list("batch.startValues", "Running");
            Set<String> end = list("batch.endValues", "Complete");
            Set<String> abort = list("batch.abortValues", "Aborted,Stopped");
            if (boundary != Boundary.STATE) {
                for (String key : List.of("batch.startValues", "batch.endValues", "batch.abortValues")) {
                    if (values.containsKey(key)) {
                        throw error(key, "only used with batch.boundary = state");
                    }
                }
            }
            for (String value : end) {
                if (start.contains(value) || abort.contains(value)) {
                    throw error("batch.endValues", "'" + value + "' is also a start or abort value");
                }
            }
            for (String value : start) {
                if (abort.contains(value)) {
                    throw error("batch.startValues", "'" + value + "' is also an abort value");
                }
            }
            return new LineDefinition.Batch(idTag, productTag, recipeTag, boundary, stateTag, start, end, abort);
        }

        Set<String> list(String key, String defaults) {
            Set<String> list = new LinkedHashSet<>();
            for (String part : values.getOrDefault(key, defaults).split(",")) {
                if (!part.isBlank()) {
                    list.add(part.trim());
                }
            }
            if (list.isEmpty()) {
                throw error(key, "needs at least one value (a comma list)");
            }
            return list;
        }

        /** The tag a role key names, checked against the line's tags; null when the key is absent. */
        String optionalTag(String key) {
            String tag = values.get(key);
            if (tag == null || tag.isEmpty()) {
                return null;
            }
            if (!tags.contains(tag)) {
                throw error(key, "no tag of that name is configured for the line (tag." + tag
                        + "); configured tags: " + tags);
            }
            String other = roles.putIfAbsent(tag, key);
            if (other != null) {
                throw error(key, "tag '" + tag + "' already has a role: " + other);
            }
            return tag;
        }

        Map<String, String> alarms() {
            Map<String, String> alarms = new LinkedHashMap<>();
            for (String key : values.keySet()) {
                if (!key.startsWith("alarm.")) {
                    continue;
                }
                String rest = key.substring(6);
                if (!rest.endsWith(".tag") || !NAME.matcher(rest.substring(0, rest.length() - 4)).matches()) {
                    throw error(key, "alarms are alarm.<name>.tag (name: letters, digits, '_', '-')");
                }
                alarms.put(rest.substring(0, rest.length() - 4), optionalTag(key));
            }
            return alarms;
        }

        List<Characteristic> characteristics() {
            Map<String, Map<String, String>> byName = new LinkedHashMap<>();
            for (String key : values.keySet()) {
                if (!key.startsWith("characteristic.")) {
                    continue;
                }
                String rest = key.substring("characteristic.".length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || !NAME.matcher(rest.substring(0, dot)).matches()) {
                    throw error(key, "characteristics are characteristic.<name>.<attribute> (name: letters, digits,"
                            + " '_', '-')");
                }
                byName.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), key);
            }
            return byName.entrySet().stream().map(e -> characteristic(e.getKey(), e.getValue())).toList();
        }

        Characteristic characteristic(String name, Map<String, String> attributes) {
            String prefix = "characteristic." + name + ".";
            Map<String, Map<String, String>> products = new TreeMap<>();
            Map<String, Map<String, String>> recipes = new TreeMap<>();
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                String a = attribute.getKey();
                if (Set.of("tag", "station", "unit", "nominal", "lsl", "usl").contains(a)) {
                    continue;
                }
                int first = a.indexOf('.');
                int last = a.lastIndexOf('.');
                String kind = first > 0 ? a.substring(0, first) : a;
                if (first > 0 && last > first && (kind.equals("product") || kind.equals("recipe"))
                        && LIMIT_KEYS.contains(a.substring(last + 1))) {
                    (kind.equals("product") ? products : recipes)
                            .computeIfAbsent(a.substring(first + 1, last), id -> new TreeMap<>())
                            .put(a.substring(last + 1), attribute.getValue());
                } else {
                    throw error(attribute.getValue(), "unknown attribute; known: tag, station, unit, nominal, lsl,"
                            + " usl, product.<id>.(nominal|lsl|usl), recipe.<id>.(nominal|lsl|usl)");
                }
            }
            if (!attributes.containsKey("tag")) {
                throw error(prefix + "tag", "required: the tag measuring characteristic " + name);
            }
            String tag = optionalTag(prefix + "tag");
            Map<String, String> defaults = new TreeMap<>();
            for (String k : LIMIT_KEYS) {
                if (attributes.containsKey(k)) {
                    defaults.put(k, attributes.get(k));
                }
            }
            SpecLimits limits = defaults.isEmpty() ? null : limits(prefix, defaults);
            Map<String, SpecLimits> productLimits = new TreeMap<>();
            products.forEach((id, keys) -> productLimits.put(id, limits(prefix + "product." + id + ".", keys)));
            Map<String, SpecLimits> recipeLimits = new TreeMap<>();
            recipes.forEach((id, keys) -> recipeLimits.put(id, limits(prefix + "recipe." + id + ".", keys)));
            if (limits == null && productLimits.isEmpty() && recipeLimits.isEmpty()) {
                throw error(prefix + "lsl", "characteristic " + name + " has no spec limits: set " + prefix
                        + "lsl and " + prefix + "usl (or per product or recipe)");
            }
            String station = values.getOrDefault(prefix + "station", "");
            if (station.isEmpty()) {
                int dot = tag.lastIndexOf('.');
                station = dot > 0 ? tag.substring(0, dot) : "";
            }
            return new Characteristic(name, tag, station, values.getOrDefault(prefix + "unit", ""), limits,
                    productLimits, recipeLimits);
        }

        /** Limits from the keys {@code <prefix>nominal/lsl/usl}; {@code keys} maps lsl/usl/nominal to full keys. */
        SpecLimits limits(String prefix, Map<String, String> keys) {
            for (String k : List.of("lsl", "usl")) {
                if (!keys.containsKey(k)) {
                    throw error(prefix + k, "required with " + prefix.substring(0, prefix.length() - 1)
                            + " limits (lsl and usl go together)");
                }
            }
            double lsl = number(prefix + "lsl");
            double usl = number(prefix + "usl");
            if (lsl >= usl) {
                throw error(prefix + "lsl", "must be below " + prefix + "usl = " + values.get(prefix + "usl")
                        + " (inverted spec limits)");
            }
            Double nominal = keys.containsKey("nominal") ? number(prefix + "nominal") : null;
            if (nominal != null && (nominal < lsl || nominal > usl)) {
                throw error(prefix + "nominal", "outside the spec limits " + values.get(prefix + "lsl") + ".."
                        + values.get(prefix + "usl"));
            }
            return new SpecLimits(nominal, lsl, usl);
        }

        double number(String key) {
            try {
                double value = Double.parseDouble(values.get(key));
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // the message below says what is expected
            }
            throw error(key, "not a number (use '.' as the decimal point)");
        }
    }
}
