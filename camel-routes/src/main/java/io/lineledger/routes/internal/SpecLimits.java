package io.lineledger.routes.internal;

/**
 * Lower and upper specification limits of one characteristic, and its nominal value when known; a value on a limit
 * is in spec.
 */
public record SpecLimits(Double nominal, double lsl, double usl) {

    public SpecLimits {
        if (!Double.isFinite(lsl) || !Double.isFinite(usl) || lsl >= usl) {
            throw new IllegalArgumentException("spec limits need finite lsl < usl, got lsl " + lsl + ", usl " + usl);
        }
        if (nominal != null && !(nominal >= lsl && nominal <= usl)) {
            throw new IllegalArgumentException("nominal " + nominal + " is outside the spec limits " + lsl + ".." + usl);
        }
    }

    public SpecLimits(double lsl, double usl) {
        this(null, lsl, usl);
    }

    public boolean inSpec(double value) {
        return value >= lsl && value <= usl;
    }
}
