package io.lineledger.certificates;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one characteristic's values in a batch, as an inspection certificate states them: n, mean,
 * sample standard deviation, min, max, and the process capability against the spec limits.
 *
 * @param stdDev sample standard deviation (n - 1); null below two values
 * @param cp     {@code (USL - LSL) / 6s}; null below two values, when s is 0, or without both limits
 * @param cpk    {@code min(USL - mean, mean - LSL) / 3s} (one-sided with one limit); null below two values or when s
 *               is 0
 */
public record SampleStatistics(long n, Double mean, Double stdDev, Double min, Double max, Double cp, Double cpk) {

    /** No values. */
    public static final SampleStatistics NONE = new SampleStatistics(0, null, null, null, null, null, null);

    /**
     * Computes them from the values (Welford's update, as the rules do when they record them, so a long batch does
     * not lose precision).
     *
     * @param lsl lower spec limit, null if none
     * @param usl upper spec limit, null if none
     */
    public static SampleStatistics of(List<Double> values, Double lsl, Double usl) {
        long n = 0;
        double mean = 0;
        double m2 = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            n++;
            double delta = value - mean;
            mean += delta / n;
            m2 += delta * (value - mean);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        if (n == 0) {
            return NONE;
        }
        Double sd = n < 2 ? null : Math.sqrt(m2 / (n - 1));
        return new SampleStatistics(n, mean, sd, min, max, cp(sd, lsl, usl), cpk(sd, mean, lsl, usl));
    }

    /**
     * Reads them from a characteristic's entry of a {@code batch-completed} record ({@code n}, {@code mean},
     * {@code stdDev}, {@code min}, {@code max}, {@code cp}, {@code cpk}); empty-handed fields stay null.
     *
     * @return null when the entry states no {@code n}: then it says nothing a certificate could use
     */
    public static SampleStatistics recorded(Map<?, ?> entry) {
        if (!(entry.get("n") instanceof Number n)) {
            return null;
        }
        return new SampleStatistics(n.longValue(), number(entry, "mean"), number(entry, "stdDev"),
                number(entry, "min"), number(entry, "max"), number(entry, "cp"), number(entry, "cpk"));
    }

    private static Double cp(Double sd, Double lsl, Double usl) {
        if (sd == null || sd == 0 || lsl == null || usl == null) {
            return null;
        }
        return (usl - lsl) / (6 * sd);
    }

    private static Double cpk(Double sd, double mean, Double lsl, Double usl) {
        if (sd == null || sd == 0 || lsl == null && usl == null) {
            return null;
        }
        double upper = usl == null ? Double.POSITIVE_INFINITY : usl - mean;
        double lower = lsl == null ? Double.POSITIVE_INFINITY : mean - lsl;
        return Math.min(upper, lower) / (3 * sd);
    }

    private static Double number(Map<?, ?> entry, String field) {
        return entry.get(field) instanceof Number n ? n.doubleValue() : null;
    }
}
