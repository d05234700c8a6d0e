package io.lineledger.model;

/**
 * What a quality record or a batch says of the product. Missing evidence is {@link #INCOMPLETE}, never
 * {@link #PASS}.
 */
public enum Verdict {
    /** Every part was observed and met spec. */
    PASS,
    /** At least one observed part was out of spec. */
    FAIL,
    /** No observed part failed, but not every part was observed: the record cannot vouch for the batch. */
    INCOMPLETE
}
