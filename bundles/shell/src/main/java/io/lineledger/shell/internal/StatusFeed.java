package io.lineledger.shell.internal;

/**
 * One optional part of LineLedger (anchoring, rules, OPC UA sources) telling the shell how it stands. Each feed is a
 * DS component with a mandatory reference to its part's service, so SCR loads a feed's class only once that service
 * exists: the shell bundle resolves and runs when an integrator installs only some of the features.
 */
public interface StatusFeed {

    /** The part's name in messages: "anchoring", "rules", "OPC UA source". */
    String part();

    /** Adds a snapshot of its part; cheap, never blocks on the store or the chain. */
    void addTo(Snapshot.Builder status);
}
