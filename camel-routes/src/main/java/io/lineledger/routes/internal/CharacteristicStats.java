package io.lineledger.routes.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running statistics of one characteristic in one batch (Welford's update, so a long batch does not lose precision):
 * n, mean, sample standard deviation, min, max, and Cp and Cpk against the spec limits of its values.
 */
final class CharacteristicStats {

    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private Double lsl;
    private Double usl;
    private String unit;

    void add(double value, Double lsl, Double usl, String unit) {
        n++;
        double delta = value - mean;
        mean += delta / n;
        m2 += delta * (value - mean);
        min = Math.min(min, value);
        max = Math.max(max, value);
        // the limits of the batch's product or recipe: the same for every value of a batch
        if (lsl != null && usl != null) {
            this.lsl = lsl;
            this.usl = usl;
        }
        if (unit != null) {
            this.unit = unit;
        }
    }

    long n() {
        return n;
    }

    /** Sample standard deviation; NaN below two values. */
    double stdDev() {
        return n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1));
    }

    /**
     * The fields of the batch-completed record: {@code n}, and with values {@code mean}, {@code min}, {@code max},
     * {@code lsl}, {@code usl}, {@code unit}; {@code stdDev} from two values, {@code cp} and {@code cpk} also only when
     * the standard deviation is not 0.
     */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("n", n);
        if (n == 0) {
            return fields;
        }
        fields.put("mean", mean);
        double sd = stdDev();
        if (!Double.isNaN(sd)) {
            fields.put("stdDev", sd);
        }
        fields.put("min", min);
        fields.put("max", max);
        if (unit != null && !unit.isEmpty()) {
            fields.put("unit", unit);
        }
        if (lsl != null) {
            fields.put("lsl", lsl);
            fields.put("usl", usl);
            if (!Double.isNaN(sd) && sd > 0) {
                fields.put("cp", (usl - lsl) / (6 * sd));
                fields.put("cpk", Math.min(usl - mean, mean - lsl) / (3 * sd));
            }
        }
        return fields;
    }
}
