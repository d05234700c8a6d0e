package io.lineledger.shell.internal;

/** What the commands call the running ledger for, without naming the ledger's types. */
public final class AnchoringTrigger {

    private AnchoringTrigger() {
    }

    /** A registry contract on a chain: the one the ledger anchors to. */
    public record Registry(long chainId, String contract) { }
}
