package io.lineledger.model;

import java.util.List;

/**
 * An OpenZeppelin multiproof: several leaves of one tree proven together, as {@code StandardMerkleTree.getMultiProof}
 * returns it and {@code MerkleProof.multiProofVerify} checks it.
 *
 * @param leaves     leaf hashes in the order the proof consumes them: ascending (unsigned) hash order, the
 *                   order of OpenZeppelin's descending tree indices
 * @param proof      the sibling nodes the leaves cannot produce themselves, in the order they are consumed
 * @param proofFlags per hashing step: true to take the next node from the leaves and computed nodes, false to take
 *                   it from {@code proof}
 */
public record MultiProof(List<Bytes32> leaves, List<Bytes32> proof, List<Boolean> proofFlags) {

    public MultiProof {
        leaves = List.copyOf(leaves);
        proof = List.copyOf(proof);
        proofFlags = List.copyOf(proofFlags);
    }
}
