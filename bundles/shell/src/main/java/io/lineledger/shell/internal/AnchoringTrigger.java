package io.lineledger.shell.internal;

/** Closes every line's open window now ({@code AnchoringService.anchorPending()}), without naming the ledger's types. */
public interface AnchoringTrigger {

    /** Returns once the pass is done; receipts of what it sent come with later passes. */
    void anchorPending();
}
