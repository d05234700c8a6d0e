package io.lineledger.plcsim.model;

/**
 * How one characteristic of a product is made and judged.
 *
 * @param nominal       mean value
 * @param sd            standard deviation of the noise
 * @param drift         added to the mean per part of a batch (tool wear, a level sinking); 0 = none
 * @param lsl           lower spec limit: parts below are rejected
 * @param usl           upper spec limit: parts above are rejected
 * @param outOfSpecRate probability (0..1) that a part is forced out of spec on top of the noise
 */
public record Spec(double nominal, double sd, double drift, double lsl, double usl, double outOfSpecRate) {

    public Spec {
        if (!Double.isFinite(nominal) || !(sd >= 0) || !Double.isFinite(drift) || !(lsl < usl)
                || !(outOfSpecRate >= 0 && outOfSpecRate <= 1)) {
            throw new IllegalArgumentException("spec needs a finite nominal, sd >= 0, lsl < usl and outOfSpecRate "
                    + "0..1: nominal " + nominal + ", sd " + sd + ", drift " + drift + ", lsl " + lsl + ", usl " + usl
                    + ", outOfSpecRate " + outOfSpecRate);
        }
    }

    public boolean inSpec(double value) {
        return value >= lsl && value <= usl;
    }
}
