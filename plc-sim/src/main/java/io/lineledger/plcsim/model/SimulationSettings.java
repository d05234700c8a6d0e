package io.lineledger.plcsim.model;

import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one simulated line behaves.
 *
 * @param line            line name, the prefix of every tag, e.g. {@code Line1}
 * @param stations        stations in the order a part passes them
 * @param partsPerBatch   parts per automatic batch
 * @param partIntervalMs  time between two parts
 * @param batches         automatic batches to run, 0 = forever
 * @param setupDelayMs    time from BatchId/Product set to BatchState Running
 * @param completeDelayMs time from the last part to BatchState Complete
 * @param pauseMs         time from BatchState Complete to the next batch's setup
 * @param recipes         every product the line knows, with its specs
 * @param products        products of the automatic batches, used in turn; empty = batches only by StartBatch
 * @param lotPrefix       automatic batch ids are {@code <lotPrefix><yyyyMMdd-HHmmss of the start>-<n>}
 * @param faults          faults that hit this line
 * @param shifts          shifts published in {@code <line>.Shift}; empty = none
 */
public record SimulationSettings(String line, List<StationKind> stations, int partsPerBatch, long partIntervalMs,
                                 long batches, long setupDelayMs, long completeDelayMs, long pauseMs,
                                 List<Recipe> recipes, List<String> products, String lotPrefix, List<Fault> faults,
                                 List<Shift> shifts) {

    public SimulationSettings {
        new LineTags(line); // validates the name
        if (stations == null || stations.isEmpty() || new HashSet<>(stations).size() != stations.size()) {
            throw new IllegalArgumentException("line " + line + ": stations must name each station once: " + stations);
        }
        requirePositive("partsPerBatch", partsPerBatch);
        requireNotNegative("partIntervalMs", partIntervalMs);
        requireNotNegative("batches", batches);
        requireNotNegative("setupDelayMs", setupDelayMs);
        requireNotNegative("completeDelayMs", completeDelayMs);
        requireNotNegative("pauseMs", pauseMs);
        if (recipes == null || recipes.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ": needs at least one recipe");
        }
        Set<String> known = new HashSet<>();
        for (Recipe recipe : recipes) {
            if (!known.add(recipe.product())) {
                throw new IllegalArgumentException("line " + line + ": product defined twice: " + recipe.product());
            }
        }
        for (String product : products) {
            if (!known.contains(product)) {
                throw new IllegalArgumentException("line " + line + ": unknown product '" + product + "' (known: "
                        + known + ")");
            }
        }
        for (Fault fault : faults) {
            if (fault.station() != null && stations.stream().noneMatch(s -> s.stationName().equals(fault.station()))) {
                throw new IllegalArgumentException("line " + line + ": fault " + fault.type().key()
                        + " names unknown station " + fault.station());
            }
        }
        if (lotPrefix == null) {
            throw new IllegalArgumentException("line " + line + ": lotPrefix must not be null");
        }
        stations = List.copyOf(stations);
        recipes = List.copyOf(recipes);
        products = List.copyOf(products);
        faults = List.copyOf(faults);
        shifts = List.copyOf(shifts);
    }

    /** The recipes the default scenario uses (and the skeleton had): 500 g ± 5 g, caps 2.0 N·m, labels ±1.5 mm. */
    public static List<Recipe> defaultRecipes() {
        return List.of(defaultRecipe("Shampoo 500 ml"), defaultRecipe("Conditioner 500 ml"), defaultRecipe("Shower Gel 500 ml"));
    }

    private static Recipe defaultRecipe(String product) {
        // sd 2.3 g puts about 3 % of the parts outside 495..505 g, so that a 20-part batch fails now and then
        return new Recipe(product, Map.of(
                Characteristic.FILL_WEIGHT, new Spec(500.0, 2.3, 0.0, 495.0, 505.0, 0.0),
                Characteristic.CAP_TORQUE, new Spec(2.0, 0.04, 0.0, 1.7, 2.3, 0.0),
                Characteristic.LABEL_OFFSET, new Spec(0.0, 0.3, 0.0, -1.5, 1.5, 0.0)));
    }

    /**
     * The skeleton's line: Line1 (Filler, Capper, Checkweigher), 20 parts every 250 ms, forever, the three default
     * products in turn, shifts at 06:00, 14:00 and 22:00.
     */
    public static SimulationSettings defaults() {
        List<Recipe> recipes = defaultRecipes();
        return new SimulationSettings("Line1", List.of(StationKind.FILLER, StationKind.CAPPER, StationKind.CHECKWEIGHER),
                20, 250, 0, 500, 500, 2000, recipes, recipes.stream().map(Recipe::product).toList(), "LOT-",
                List.of(), List.of(new Shift("Early", LocalTime.of(6, 0)), new Shift("Late", LocalTime.of(14, 0)),
                        new Shift("Night", LocalTime.of(22, 0))));
    }

    public Recipe recipe(String product) {
        return recipes.stream().filter(r -> r.product().equals(product)).findFirst().orElse(null);
    }

    public SimulationSettings withLine(String value) {
        return new SimulationSettings(value, stations, partsPerBatch, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, lotPrefix, faults, shifts);
    }

    public SimulationSettings withStations(List<StationKind> value) {
        return new SimulationSettings(line, value, partsPerBatch, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, lotPrefix, faults, shifts);
    }

    public SimulationSettings withPartsPerBatch(int value) {
        return new SimulationSettings(line, stations, value, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, lotPrefix, faults, shifts);
    }

    public SimulationSettings withPartIntervalMs(long value) {
        return new SimulationSettings(line, stations, partsPerBatch, value, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, lotPrefix, faults, shifts);
    }

    public SimulationSettings withBatches(long value) {
        return new SimulationSettings(line, stations, partsPerBatch, partIntervalMs, value, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, lotPrefix, faults, shifts);
    }

    /** Same cycle with other phase delays (setup, complete, pause), e.g. shorter ones for tests. */
    public SimulationSettings withPhaseDelays(long setup, long complete, long pause) {
        return new SimulationSettings(line, stations, partsPerBatch, partIntervalMs, batches, setup, complete, pause,
                recipes, products, lotPrefix, faults, shifts);
    }

    /** Other recipes; the automatic batches then run {@code products} (empty: only StartBatch starts batches). */
    public SimulationSettings withRecipes(List<Recipe> value, List<String> productsInTurn) {
        return new SimulationSettings(line, stations, partsPerBatch, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, value, productsInTurn, lotPrefix, faults, shifts);
    }

    /** Automatic batches of these products in turn; empty = batches only by StartBatch. */
    public SimulationSettings withProducts(List<String> value) {
        return new SimulationSettings(line, stations, partsPerBatch, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, value, lotPrefix, faults, shifts);
    }

    public SimulationSettings withLotPrefix(String value) {
        return new SimulationSettings(line, stations, partsPerBatch, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, value, faults, shifts);
    }

    public SimulationSettings withFaults(List<Fault> value) {
        return new SimulationSettings(line, stations, partsPerBatch, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, lotPrefix, value, shifts);
    }

    public SimulationSettings withShifts(List<Shift> value) {
        return new SimulationSettings(line, stations, partsPerBatch, partIntervalMs, batches, setupDelayMs,
                completeDelayMs, pauseMs, recipes, products, lotPrefix, faults, value);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    private static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }
}
