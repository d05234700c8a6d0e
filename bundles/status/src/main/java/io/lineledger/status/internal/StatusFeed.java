package io.lineledger.status.internal;

/**
 * One optional part of LineLedger (anchoring, rules, OPC UA sources) telling how it stands; adds nothing while the
 * part does not run, so the part shows as absent, never as an empty "all fine".
 */
interface StatusFeed {

    /** The part's name in messages: "anchoring", "rules", "OPC UA source". */
    String part();

    /** Adds a snapshot of its part; cheap, never blocks on the store or the chain. */
    void addTo(SnapshotCollector.Parts parts);
}
