package io.lineledger.routes.internal;

/** Lower and upper specification limits of one characteristic; a value on a limit is in spec. */
public record SpecLimits(double lsl, double usl) {

    public SpecLimits {
        if (!Double.isFinite(lsl) || !Double.isFinite(usl) || lsl >= usl) {
            throw new IllegalArgumentException("spec limits need finite lsl < usl, got lsl " + lsl + ", usl " + usl);
        }
    }

    public boolean inSpec(double value) {
        return value >= lsl && value <= usl;
    }
}
