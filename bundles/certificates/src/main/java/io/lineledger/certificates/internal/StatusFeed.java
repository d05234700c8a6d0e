package io.lineledger.certificates.internal;

/**
 * One optional part of LineLedger (anchoring, rules, OPC UA sources) telling the status page how it stands. Each
 * feed is a DS component with a mandatory reference to its part's service, so SCR loads a feed's class only once that
 * service exists: the certificates bundle resolves and runs when an integrator installs only some of the features.
 */
interface StatusFeed {

    /** Adds a snapshot of its part; cheap, never blocks on the store or the chain. */
    void addTo(RunStatus.Builder status);
}
