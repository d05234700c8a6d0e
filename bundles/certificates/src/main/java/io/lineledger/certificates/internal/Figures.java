package io.lineledger.certificates.internal;

import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the certificates write numbers: the same on the page and in the PDF, independent of the server's locale. */
final class Figures {

    /** What a figure the evidence does not give reads as (never 0, never blank). */
    static final String NONE = "\u2014";

    private Figures() {
    }

    /** A measured value or limit as recorded, without trailing zeros: {@code 500}, {@code 499.9}. */
    static String value(Double value) {
        if (value == null) {
            return NONE;
        }
        if (!Double.isFinite(value)) {
            return value.toString();
        }
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    /** A statistic (mean, standard deviation) with {@code decimals} decimals. */
    static String statistic(Double value, int decimals) {
        if (value == null) {
            return NONE;
        }
        if (!Double.isFinite(value)) {
            return value.toString();
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** Cp and Cpk: two decimals. */
    static String index(Double value) {
        return statistic(value, 2);
    }

    /**
     * Decimals for a characteristic's mean and standard deviation: one more than its values and limits have, at most
     * six.
     */
    static int decimals(CharacteristicRow c) {
        int decimals = Math.max(places(c.lsl()), places(c.usl()));
        for (Double v : c.values()) {
            decimals = Math.max(decimals, places(v));
            if (decimals >= 5) {
                break;
            }
        }
        return Math.min(6, decimals + 1);
    }

    private static int places(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return 0;
        }
        return Math.max(0, BigDecimal.valueOf(value).stripTrailingZeros().scale());
    }

    /** A value with its unit: {@code 500.2 g}. */
    static String withUnit(String figure, String unit) {
        return unit == null || unit.isEmpty() || NONE.equals(figure) ? figure : figure + " " + unit;
    }
}
