package io.lineledger.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Merkle tree laid out exactly as OpenZeppelin's {@code StandardMerkleTree.of(values, leafEncoding)} lays it
 * out (leaves sorted by hash, complete binary tree in an array, sorted-pair node hashing). So roots and proofs
 * made here check with {@code MerkleProof.verify} on chain and with {@code @openzeppelin/merkle-tree} off chain.
 *
 * <p>Two leaf encodings ({@link LeafEncoding}): v1 {@code ["bytes32"]} over the record digests ({@link #of}), and
 * v2 {@code ["bytes32","uint64","bytes32"]} over {@code [lineKey, seq, digest]} ({@link #ofRecords}), where a leaf
 * states its line and sequence number. A store may hold windows anchored with either: {@link #matching} tells which.
 */
public final class MerkleTree {

    /** The tree as OpenZeppelin stores it: index 0 is the root, the leaves fill the end in reverse order. */
    private final Bytes32[] nodes;
    private final List<Bytes32> sortedLeaves;
    private final LeafEncoding encoding;
    private final Bytes32 lineKey;

    private MerkleTree(Bytes32[] nodes, List<Bytes32> sortedLeaves, LeafEncoding encoding, Bytes32 lineKey) {
        this.nodes = nodes;
        this.sortedLeaves = sortedLeaves;
        this.encoding = encoding;
        this.lineKey = lineKey;
    }

    /** v1: the tree over record digests (each becomes the single {@code bytes32} value of one leaf). */
    public static MerkleTree of(List<Bytes32> digests) {
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<Bytes32> leaves = new ArrayList<>(digests.size());
        for (Bytes32 digest : digests) {
            leaves.add(leafHash(digest));
        }
        return build(leaves, LeafEncoding.DIGEST, Bytes32.ZERO);
    }

    /**
     * v2: the tree of an anchored window, one leaf {@code [lineKey(lineId), seq, digest]} per record. The records
     * must be of {@code lineId} with consecutive sequence numbers (a window is {@code firstSeq..lastSeq}, every one).
     */
    public static MerkleTree ofRecords(String lineId, List<LineRecord> records) {
        return of(LeafEncoding.LINE_SEQ_DIGEST, lineId, records);
    }

    /**
     * {@link #ofRecords}'s tree from the records' digests alone: {@code digests} are those of records
     * {@code firstSeq, firstSeq + 1, ...} of {@code lineId}, in order.
     */
    public static MerkleTree ofDigests(String lineId, long firstSeq, List<Bytes32> digests) {
        Objects.requireNonNull(lineId, "lineId");
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        Bytes32 key = RegistryKeys.lineKey(lineId);
        List<Bytes32> leaves = new ArrayList<>(digests.size());
        for (int i = 0; i < digests.size(); i++) {
            leaves.add(LeafEncoding.LINE_SEQ_DIGEST.leafHash(key, firstSeq + i, digests.get(i)));
        }
        return build(leaves, LeafEncoding.LINE_SEQ_DIGEST, key);
    }

    /** The tree of a window's records in the given leaf encoding; see {@link #ofRecords}. */
    public static MerkleTree of(LeafEncoding encoding, String lineId, List<LineRecord> records) {
        Objects.requireNonNull(encoding, "encoding");
        checkWindow(lineId, records);
        Bytes32 key = RegistryKeys.lineKey(lineId);
        List<Bytes32> leaves = new ArrayList<>(records.size());
        for (LineRecord record : records) {
            leaves.add(encoding.leafHash(key, record.seq(), record.digest()));
        }
        return build(leaves, encoding, key);
    }

    /**
     * The tree of a window's records whose root is {@code root}, in whichever leaf encoding gives it (v2 tried
     * first); empty when neither does, i.e. the records are not those that were anchored under {@code root}. For
     * stores that hold windows anchored with v1 roots and later ones with v2.
     */
    public static Optional<MerkleTree> matching(String lineId, List<LineRecord> records, Bytes32 root) {
        for (LeafEncoding encoding : new LeafEncoding[] {LeafEncoding.LINE_SEQ_DIGEST, LeafEncoding.DIGEST}) {
            MerkleTree tree = of(encoding, lineId, records);
            if (tree.root().equals(root)) {
                return Optional.of(tree);
            }
        }
        return Optional.empty();
    }

    /** The tree over leaf hashes as they are (any encoding; {@link #encoding()} is then empty). */
    public static MerkleTree ofLeafHashes(List<Bytes32> leafHashes) {
        if (leafHashes.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        return build(new ArrayList<>(leafHashes), null, null);
    }

    private static void checkWindow(String lineId, List<LineRecord> records) {
        Objects.requireNonNull(lineId, "lineId");
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        long expected = records.get(0).seq();
        for (LineRecord record : records) {
            if (!record.lineId().equals(lineId)) {
                throw new IllegalArgumentException("record " + record.lineId() + "#" + record.seq()
                        + " is not of line " + lineId);
            }
            if (record.seq() != expected) {
                throw new IllegalArgumentException("records of a window must have consecutive sequence numbers: "
                        + "expected " + expected + ", got " + record.seq());
            }
            expected++;
        }
    }

    private static MerkleTree build(List<Bytes32> leaves, LeafEncoding encoding, Bytes32 lineKey) {
        leaves.sort(null);
        Bytes32[] nodes = new Bytes32[2 * leaves.size() - 1];
        for (int i = 0; i < leaves.size(); i++) {
            nodes[nodes.length - 1 - i] = leaves.get(i);
        }
        for (int i = nodes.length - 1 - leaves.size(); i >= 0; i--) {
            nodes[i] = nodeHash(nodes[2 * i + 1], nodes[2 * i + 2]);
        }
        return new MerkleTree(nodes, Collections.unmodifiableList(leaves), encoding, lineKey);
    }

    public Bytes32 root() {
        return nodes[0];
    }

    /** Number of leaves. */
    public int size() {
        return sortedLeaves.size();
    }

    /** The leaf encoding the tree was built with; empty for {@link #ofLeafHashes}. */
    public Optional<LeafEncoding> encoding() {
        return Optional.ofNullable(encoding);
    }

    /** The leaf hashes in the tree's (ascending, unsigned) order. */
    public List<Bytes32> sortedLeaves() {
        return sortedLeaves;
    }

    /**
     * v1: the sibling path from the leaf of {@code digest} up to the root, as OpenZeppelin's {@code getProof}. In a
     * v2 tree use {@link #proofOf(LineRecord)}.
     */
    public List<Bytes32> proof(Bytes32 digest) {
        if (encoding == LeafEncoding.LINE_SEQ_DIGEST) {
            throw new IllegalArgumentException("a v2 tree's leaves are [lineKey, seq, digest]: use proofOf(record)");
        }
        Bytes32 leaf = leafHash(digest);
        if (Collections.binarySearch(sortedLeaves, leaf) < 0) {
            throw new IllegalArgumentException("digest " + digest + " is not a leaf of this tree");
        }
        return proofOfLeaf(leaf);
    }

    /** The sibling path from the record's leaf (in this tree's encoding) up to the root. */
    public List<Bytes32> proofOf(LineRecord record) {
        return proofOfLeaf(leafOf(record));
    }

    /** The record's leaf hash in this tree's encoding. */
    public Bytes32 leafOf(LineRecord record) {
        if (encoding == null) {
            throw new IllegalStateException("a tree over bare leaf hashes has no record encoding");
        }
        return encoding.leafHash(lineKey, record.seq(), record.digest());
    }

    /** The sibling path from {@code leafHash} up to the root. */
    public List<Bytes32> proofOfLeaf(Bytes32 leafHash) {
        int index = treeIndex(leafHash);
        List<Bytes32> proof = new ArrayList<>();
        for (; index > 0; index = (index - 1) / 2) {
            proof.add(nodes[sibling(index)]);
        }
        return List.copyOf(proof);
    }

    /** OpenZeppelin's multiproof of these leaves (each once), as {@code getMultiProof} computes it. */
    public MultiProof multiProof(Collection<Bytes32> leafHashes) {
        List<Integer> stack = new ArrayList<>(leafHashes.size());
        for (Bytes32 leaf : leafHashes) {
            stack.add(treeIndex(leaf));
        }
        stack.sort(Collections.reverseOrder());
        for (int i = 1; i < stack.size(); i++) {
            if (stack.get(i).equals(stack.get(i - 1))) {
                throw new IllegalArgumentException("cannot prove a leaf twice: " + nodes[stack.get(i)]);
            }
        }
        List<Bytes32> leaves = stack.stream().map(i -> nodes[i]).toList();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(stack);
        List<Bytes32> proof = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        while (!queue.isEmpty() && queue.peekFirst() > 0) {
            int j = queue.pollFirst();
            int s = sibling(j);
            if (!queue.isEmpty() && queue.peekFirst() == s) {
                flags.add(true);
                queue.pollFirst();
            } else {
                flags.add(false);
                proof.add(nodes[s]);
            }
            queue.addLast((j - 1) / 2);
        }
        if (stack.isEmpty()) {
            proof.add(nodes[0]);
        }
        return new MultiProof(leaves, proof, flags);
    }

    private int treeIndex(Bytes32 leafHash) {
        int sorted = Collections.binarySearch(sortedLeaves, leafHash);
        if (sorted < 0) {
            throw new IllegalArgumentException("leaf " + leafHash + " is not a leaf of this tree");
        }
        return nodes.length - 1 - sorted;
    }

    private static int sibling(int index) {
        return index % 2 == 1 ? index + 1 : index - 1;
    }

    /** {@code keccak256(keccak256(abi.encode(digest)))}: StandardMerkleTree's leaf for encoding {@code ["bytes32"]}. */
    public static Bytes32 leafHash(Bytes32 digest) {
        return Keccak.hash(Keccak.hash(digest.raw()).raw());
    }

    /** Hash of two nodes, sorted ascending first (OpenZeppelin {@code Hashes.commutativeKeccak256}). */
    public static Bytes32 nodeHash(Bytes32 a, Bytes32 b) {
        return a.compareTo(b) <= 0 ? Keccak.hash(a.raw(), b.raw()) : Keccak.hash(b.raw(), a.raw());
    }

    /** v1: the root that {@code proof} leads to from the leaf of {@code digest}. */
    public static Bytes32 processProof(Bytes32 digest, List<Bytes32> proof) {
        return processLeafProof(leafHash(digest), proof);
    }

    /** The root that {@code proof} leads to from {@code leafHash}. */
    public static Bytes32 processLeafProof(Bytes32 leafHash, List<Bytes32> proof) {
        Bytes32 node = leafHash;
        for (Bytes32 sibling : proof) {
            node = nodeHash(node, sibling);
        }
        return node;
    }

    /** v1: whether {@code proof} leads from the leaf of {@code digest} to {@code root}. */
    public static boolean verify(Bytes32 root, Bytes32 digest, List<Bytes32> proof) {
        return processProof(digest, proof).equals(root);
    }

    /** v2: whether {@code proof} leads from the record's leaf {@code [lineKey, seq, digest]} to {@code root}. */
    public static boolean verifyRecord(Bytes32 root, LineRecord record, List<Bytes32> proof) {
        return processLeafProof(LeafEncoding.LINE_SEQ_DIGEST.leafHash(record), proof).equals(root);
    }

    /**
     * The root a multiproof leads to, as OpenZeppelin's {@code processMultiProof}.
     *
     * @throws IllegalArgumentException when the leaves, proof and flags do not fit together
     */
    public static Bytes32 processMultiProof(MultiProof multiProof) {
        List<Bytes32> leaves = multiProof.leaves();
        List<Bytes32> proof = multiProof.proof();
        List<Boolean> flags = multiProof.proofFlags();
        long fromProof = flags.stream().filter(flag -> !flag).count();
        if (proof.size() < fromProof) {
            throw new IllegalArgumentException("invalid multiproof: " + fromProof + " steps take a proof node, but the "
                    + "proof has " + proof.size());
        }
        if ((long) leaves.size() + proof.size() != (long) flags.size() + 1) {
            throw new IllegalArgumentException("invalid multiproof: " + leaves.size() + " leaves and " + proof.size()
                    + " proof nodes do not fit " + flags.size() + " flags (leaves + proof must be flags + 1)");
        }
        Bytes32[] queue = new Bytes32[leaves.size() + flags.size()];
        int head = 0;
        int tail = 0;
        for (Bytes32 leaf : leaves) {
            queue[tail++] = leaf;
        }
        int nextProof = 0;
        for (boolean flag : flags) {
            if (head >= tail || (flag && head + 1 >= tail)) {
                throw new IllegalArgumentException("invalid multiproof: a step has no node to take");
            }
            Bytes32 a = queue[head++];
            Bytes32 b = flag ? queue[head++] : proof.get(nextProof++);
            queue[tail++] = nodeHash(a, b);
        }
        if (tail - head + proof.size() - nextProof != 1) {
            throw new IllegalArgumentException("invalid multiproof: it does not end in one root");
        }
        return tail > head ? queue[tail - 1] : proof.get(nextProof);
    }

    /**
     * Whether a leaf of a {@code StandardMerkleTree} of {@code treeSize} leaves can have a proof of {@code length}
     * nodes: its leaves lie at array indices {@code treeSize-1 .. 2*treeSize-2}, depth {@code floor(log2(index+1))}.
     */
    public static boolean possibleProofLength(long treeSize, int length) {
        if (treeSize < 1) {
            return false;
        }
        int shallowest = 63 - Long.numberOfLeadingZeros(treeSize);          // floor(log2(treeSize))
        int deepest = 63 - Long.numberOfLeadingZeros(2 * treeSize - 1);     // floor(log2(2*treeSize - 1))
        return length >= shallowest && length <= deepest;
    }

    @Override
    public String toString() {
        return "MerkleTree[" + (encoding == null ? "leaf hashes" : encoding.types()) + ", " + size() + " leaves, root "
                + root() + "]";
    }
}
