package io.lineledger.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A Merkle tree laid out exactly as OpenZeppelin's {@code StandardMerkleTree.of(values, ["bytes32"])} lays it
 * out (leaves sorted by hash, complete binary tree in an array, sorted-pair node hashing). So roots and proofs
 * made here check with {@code MerkleProof.verify} on chain and with {@code @openzeppelin/merkle-tree} off chain.
 */
public final class MerkleTree {

    /** The tree as OpenZeppelin stores it: index 0 is the root, the leaves fill the end in reverse order. */
    private final Bytes32[] nodes;
    private final List<Bytes32> sortedLeaves;

    private MerkleTree(Bytes32[] nodes, List<Bytes32> sortedLeaves) {
        this.nodes = nodes;
        this.sortedLeaves = sortedLeaves;
    }

    /** Builds the tree over record digests (each becomes the single {@code bytes32} value of one leaf). */
    public static MerkleTree of(List<Bytes32> digests) {
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<Bytes32> leaves = new ArrayList<>(digests.size());
        for (Bytes32 digest : digests) {
            leaves.add(leafHash(digest));
        }
        leaves.sort(Comparator.naturalOrder());
        Bytes32[] nodes = new Bytes32[2 * leaves.size() - 1];
        for (int i = 0; i < leaves.size(); i++) {
            nodes[nodes.length - 1 - i] = leaves.get(i);
        }
        for (int i = nodes.length - 1 - leaves.size(); i >= 0; i--) {
            nodes[i] = nodeHash(nodes[2 * i + 1], nodes[2 * i + 2]);
        }
        return new MerkleTree(nodes, List.copyOf(leaves));
    }

    public Bytes32 root() {
        return nodes[0];
    }

    public int size() {
        return sortedLeaves.size();
    }

    /** The sibling path from the leaf of {@code digest} up to the root, as OpenZeppelin's {@code getProof}. */
    public List<Bytes32> proof(Bytes32 digest) {
        int sorted = sortedLeaves.indexOf(leafHash(digest));
        if (sorted < 0) {
            throw new IllegalArgumentException("digest " + digest + " is not a leaf of this tree");
        }
        List<Bytes32> proof = new ArrayList<>();
        for (int index = nodes.length - 1 - sorted; index > 0; index = (index - 1) / 2) {
            int sibling = index % 2 == 1 ? index + 1 : index - 1;
            proof.add(nodes[sibling]);
        }
        return List.copyOf(proof);
    }

    /** {@code keccak256(keccak256(abi.encode(digest)))}: StandardMerkleTree's leaf for encoding {@code ["bytes32"]}. */
    public static Bytes32 leafHash(Bytes32 digest) {
        return Keccak.hash(Keccak.hash(digest.bytes()).bytes());
    }

    /** Hash of two nodes, sorted ascending first (OpenZeppelin {@code Hashes.commutativeKeccak256}). */
    public static Bytes32 nodeHash(Bytes32 a, Bytes32 b) {
        return a.compareTo(b) <= 0 ? Keccak.hash(a.bytes(), b.bytes()) : Keccak.hash(b.bytes(), a.bytes());
    }

    /** The root that {@code proof} leads to from the leaf of {@code digest}. */
    public static Bytes32 processProof(Bytes32 digest, List<Bytes32> proof) {
        Bytes32 node = leafHash(digest);
        for (Bytes32 sibling : proof) {
            node = nodeHash(node, sibling);
        }
        return node;
    }

    public static boolean verify(Bytes32 root, Bytes32 digest, List<Bytes32> proof) {
        return processProof(digest, proof).equals(root);
    }
}
