package io.lineledger.verifier;

import io.lineledger.model.ProofFile;

/** Test fixtures of this package, opened to the CLI tests in the internal package. */
public final class ProofsForCli {

    public static final String CONTRACT = Proofs.CONTRACT;

    private ProofsForCli() {
    }

    public static String networkJson() {
        return Proofs.networkJson();
    }

    public static ProofFile proof() {
        return Proofs.proof();
    }

    public static ChainReader honestChain(ProofFile proof) {
        return Proofs.honestChain(proof);
    }

    public static ChainReader downChain(ChainUnavailableException why) {
        Proofs.FakeChain chain = new Proofs.FakeChain();
        chain.down = why;
        return chain;
    }
}
