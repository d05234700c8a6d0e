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

    /** The demo line's range 5..33 (three windows, a gap record) and batch B-1 proofs, and their honest chain. */
    public static String rangeProofJson() {
        return TestLine.demo().rangeProof(5, 33).toJson();
    }

    public static String batchProofJson() {
        return TestLine.demo().batchProof().toJson();
    }

    public static ChainReader honestLineChain() {
        return TestLine.demo().honestChain();
    }

    public static ChainReader downChain(ChainUnavailableException why) {
        Proofs.FakeChain chain = new Proofs.FakeChain();
        chain.down = why;
        return chain;
    }
}
