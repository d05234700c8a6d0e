package io.lineledger.plcsim.model;

import java.util.List;

/**
 * How the simulated line behaves.
 *
 * @param line            line name, the prefix of every tag, e.g. {@code Line1}
 * @param partsPerBatch   parts made per batch
 * @param partIntervalMs  time between two parts
 * @param batches         batches to run, 0 = forever
 * @param setupDelayMs    time from BatchId/Product set to BatchState Running
 * @param completeDelayMs time from the last part to BatchState Complete
 * @param pauseMs         time from BatchState Complete to the next batch's setup
 * @param nominalWeight   mean fill weight in grams
 * @param weightSd        standard deviation of the fill weight in grams
 * @param lsl             lower spec limit the checkweigher rejects below (grams)
 * @param usl             upper spec limit the checkweigher rejects above (grams)
 * @param products        product names, used in turn batch by batch
 */
public record SimulationSettings(String line, int partsPerBatch, long partIntervalMs, long batches,
                                 long setupDelayMs, long completeDelayMs, long pauseMs,
                                 double nominalWeight, double weightSd, double lsl, double usl,
                                 List<String> products) {

    public SimulationSettings {
        new LineTags(line); // validates the name
        requirePositive("partsPerBatch", partsPerBatch);
        requireNotNegative("partIntervalMs", partIntervalMs);
        requireNotNegative("batches", batches);
        requireNotNegative("setupDelayMs", setupDelayMs);
        requireNotNegative("completeDelayMs", completeDelayMs);
        requireNotNegative("pauseMs", pauseMs);
        if (!(weightSd >= 0) || !Double.isFinite(nominalWeight) || !(lsl < usl)) {
            throw new IllegalArgumentException("weights: need weightSd >= 0 and lsl < usl, got nominal " + nominalWeight
                    + " sd " + weightSd + " lsl " + lsl + " usl " + usl);
        }
        if (products == null || products.isEmpty() || products.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException("products must name at least one product: " + products);
        }
        products = List.copyOf(products);
    }

    /**
     * Line1, 20 parts every 250 ms, forever; 500 g nominal, spec 495..505 g. The sd of 2.3 g puts about 3 % of
     * the parts outside the spec, so that a 20-part batch fails now and then (sd 1.6 g would be 0.2 %).
     */
    public static SimulationSettings defaults() {
        return new SimulationSettings("Line1", 20, 250, 0, 500, 500, 2000, 500.0, 2.3, 495.0, 505.0,
                List.of("Shampoo 500 ml", "Conditioner 500 ml", "Shower Gel 500 ml"));
    }

    public SimulationSettings withPartsPerBatch(int value) {
        return new SimulationSettings(line, value, partIntervalMs, batches, setupDelayMs, completeDelayMs, pauseMs,
                nominalWeight, weightSd, lsl, usl, products);
    }

    public SimulationSettings withPartIntervalMs(long value) {
        return new SimulationSettings(line, partsPerBatch, value, batches, setupDelayMs, completeDelayMs, pauseMs,
                nominalWeight, weightSd, lsl, usl, products);
    }

    public SimulationSettings withBatches(long value) {
        return new SimulationSettings(line, partsPerBatch, partIntervalMs, value, setupDelayMs, completeDelayMs, pauseMs,
                nominalWeight, weightSd, lsl, usl, products);
    }

    /** Same cycle with other phase delays (setup, complete, pause), e.g. shorter ones for tests. */
    public SimulationSettings withPhaseDelays(long setup, long complete, long pause) {
        return new SimulationSettings(line, partsPerBatch, partIntervalMs, batches, setup, complete, pause,
                nominalWeight, weightSd, lsl, usl, products);
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
