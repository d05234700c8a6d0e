package io.lineledger.verifier;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.ProofFormatException;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.ChainReader.EventLog;
import io.lineledger.verifier.ChainReader.OnChainAnchor;
import io.lineledger.verifier.ChainReader.Receipt;
import io.lineledger.verifier.Verification.Pin;
import io.lineledger.verifier.Verification.PinLevel;
import io.lineledger.verifier.internal.AnchoredEvent;
import io.lineledger.verifier.internal.BoundedJsonFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a {@link ProofFile}: first what the file proves by itself (digest, Merkle path, range), then what the
 * chain says (chain id, the registry's {@code anchorOf(root)}, the anchoring transaction's receipt and log).
 * A node that cannot answer makes the result UNCHECKABLE, never INVALID. Without a pin ({@link #pinnedTo} a
 * {@link NetworkDescriptor}, or at least {@link #expectingContract}) a proof that passes every check is UNPINNED,
 * never VALID: anyone can deploy a look-alike registry and anchor what they like in it.
 */
public final class ProofVerifier {

    public static final String PROOF_FILE = "proof-file";
    public static final String RECORD_DIGEST = "record-digest";
    public static final String MERKLE_PROOF = "merkle-proof";
    public static final String ANCHOR_RANGE = "anchor-range";
    public static final String EXPECTED_CONTRACT = "expected-contract";
    public static final String PINNED_REGISTRY = "pinned-registry";
    public static final String PINNED_NETWORK = "pinned-network";
    public static final String AUTHORIZED_WRITER = "authorized-writer";
    public static final String CHAIN_ID = "chain-id";
    public static final String CONTRACT_ANCHOR = "contract-anchor";
    public static final String ANCHOR_TRANSACTION = "anchor-transaction";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final ChainReader chain;
    private final String expectedContract;
    private final NetworkDescriptor network;
    private final long maxBytes;

    /** A verifier with no pin (results are at best UNPINNED) reading proof files of up to 16 MiB. */
    public ProofVerifier(ChainReader chain) {
        this(chain, null, null, BoundedJsonFile.DEFAULT_MAX_BYTES);
    }

    private ProofVerifier(ChainReader chain, String expectedContract, NetworkDescriptor network, long maxBytes) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.expectedContract = expectedContract;
        this.network = network;
        this.maxBytes = maxBytes;
    }

    /**
     * A verifier pinned to the plant's network: the proof must name its chain and registry, the node must hold its
     * pinned block, and the account that anchored the root must have been the line's writer in that block.
     */
    public ProofVerifier pinnedTo(NetworkDescriptor descriptor) {
        return new ProofVerifier(chain, expectedContract, descriptor, maxBytes);
    }

    /** A verifier that refuses proof files larger than {@code bytes} (COULD NOT CHECK) before reading them. */
    public ProofVerifier withMaxBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the size limit must be at least 1 byte, got " + bytes);
        }
        return new ProofVerifier(chain, expectedContract, network, bytes);
    }

    /**
     * A verifier that also requires the proof to name this registry contract; an auditor who knows the real
     * registry's address thereby rejects proofs anchored in a look-alike contract. A weaker pin than
     * {@link #pinnedTo}: who anchored the root is not checked.
     */
    public ProofVerifier expectingContract(String contract) {
        if (contract != null && !ADDRESS.matcher(contract).matches()) {
            throw new IllegalArgumentException("contract must be a 0x-prefixed 20-byte address, got '" + contract + "'");
        }
        return new ProofVerifier(chain, contract, network, maxBytes);
    }

    /** Reads, parses and checks a proof file against the node at {@code rpcUrl}, unpinned: at best UNPINNED. */
    public static Verification verify(Path proofFile, String rpcUrl) {
        return verify(proofFile, rpcUrl, (String) null);
    }

    /** Reads, parses and checks a proof file against the node at {@code rpcUrl}, pinned to {@code network}. */
    public static Verification verify(Path proofFile, String rpcUrl, NetworkDescriptor network) {
        try (ChainReader reader = ChainReader.connect(rpcUrl)) {
            return new ProofVerifier(reader).pinnedTo(Objects.requireNonNull(network, "network")).verify(proofFile);
        }
    }

    /** As {@link #verify(Path, String)}, also requiring the proof to name {@code expectedContract} (if not null). */
    public static Verification verify(Path proofFile, String rpcUrl, String expectedContract) {
        try (ChainReader reader = ChainReader.connect(rpcUrl)) {
            return new ProofVerifier(reader).expectingContract(expectedContract).verify(proofFile);
        }
    }

    /**
     * Reads and checks a proof file. One that is too large, not UTF-8, not JSON, has a key twice in one object or
     * is malformed is UNCHECKABLE with the reason, and nothing else is checked.
     */
    public Verification verify(Path proofFile) {
        ProofFile proof;
        try {
            proof = ProofFile.parse(BoundedJsonFile.read(proofFile, maxBytes));
        } catch (BoundedJsonFile.UnreadableException e) {
            return unreadable(e.getMessage());
        } catch (ProofFormatException e) {
            return unreadable(proofFile + " is not a valid proof file: " + e.getMessage());
        }
        return verify(proof);
    }

    private Verification unreadable(String detail) {
        return Verification.of(List.of(Finding.notChecked(PROOF_FILE, detail)), pin(null));
    }

    /** Runs every check on {@code proof}. */
    public Verification verify(ProofFile proof) {
        List<Finding> findings = new ArrayList<>();
        findings.add(recordDigest(proof));
        findings.add(merkleProof(proof));
        findings.add(anchorRange(proof));
        if (expectedContract != null) {
            findings.add(expectedContract(proof.anchor()));
        }
        if (network != null) {
            findings.add(pinnedRegistry(proof.anchor()));
        }
        findings.addAll(chainChecks(proof.anchor()));
        return Verification.of(findings, pin(proof.anchor()));
    }

    /** What the proof is checked against, said so that an auditor without a pin learns how to get one. */
    private Pin pin(Anchor anchor) {
        if (network != null) {
            return new Pin(PinLevel.NETWORK, "network descriptor" + (network.name().isEmpty() ? "" : " '"
                    + network.name() + "'") + ": chain id " + network.chainId() + ", registry " + network.registry()
                    + ", block " + network.pinnedBlock().number() + " = " + network.pinnedBlock().hash()
                    + "; the anchoring account is checked against the line's writers");
        }
        if (expectedContract != null) {
            return new Pin(PinLevel.REGISTRY, "registry " + expectedContract + " only (--contract): the account "
                    + "that anchored the root was not compared with the line's authorized writers; pin the plant's "
                    + "network descriptor with --network for that");
        }
        String named = anchor == null ? "whatever registry the proof names"
                : "registry " + anchor.contract() + " on chain " + anchor.chainId() + ", as the proof names it";
        return new Pin(PinLevel.NONE, "not pinned: checked against " + named + "; a look-alike registry anyone "
                + "deploys passes the same checks. Pin the plant's network descriptor with --network FILE (or at "
                + "least its registry with --contract 0x...)");
    }

    private Finding pinnedRegistry(Anchor anchor) {
        boolean sameChain = anchor.chainId() == network.chainId();
        boolean sameRegistry = anchor.contract().equalsIgnoreCase(network.registry());
        if (sameChain && sameRegistry) {
            return Finding.pass(PINNED_REGISTRY, "the proof names the pinned chain id " + network.chainId()
                    + " and registry " + network.registry());
        }
        return Finding.fail(PINNED_REGISTRY, "the proof names chain id " + anchor.chainId() + " and registry "
                + anchor.contract() + ", but the pinned network is chain id " + network.chainId() + " with registry "
                + network.registry() + (sameChain ? " (a look-alike registry?)" : ""));
    }

    /** With a pin, a node of another network is the auditor's problem, not the proof's: COULD NOT CHECK. */
    private Finding pinnedNetwork(long nodeChainId) {
        if (nodeChainId != network.chainId()) {
            return Finding.notChecked(PINNED_NETWORK, "wrong node: it serves chain id " + nodeChainId
                    + ", not the pinned network's " + network.chainId());
        }
        long number = network.pinnedBlock().number();
        Optional<Bytes32> hash;
        try {
            hash = chain.blockHash(number);
        } catch (RuntimeException e) {
            return Finding.notChecked(PINNED_NETWORK, reason(e));
        }
        if (hash.isEmpty()) {
            return Finding.notChecked(PINNED_NETWORK, "the node has no block " + number
                    + " (still syncing, or a wrong node)");
        }
        if (!hash.get().equals(network.pinnedBlock().hash())) {
            return Finding.notChecked(PINNED_NETWORK, "wrong node: its block " + number + " is " + hash.get()
                    + ", not the pinned " + network.pinnedBlock().hash() + " (another network with chain id "
                    + nodeChainId + ")");
        }
        return Finding.pass(PINNED_NETWORK, "the node serves chain id " + nodeChainId + " and holds the pinned block "
                + number + " = " + hash.get());
    }

    private Finding authorizedWriter(Anchor anchor, Optional<AnchoredEvent> event) {
        if (event.isEmpty()) {
            return Finding.notChecked(AUTHORIZED_WRITER, "not checked: no Anchored event was read (see "
                    + ANCHOR_TRANSACTION + ")");
        }
        String writer = event.get().writer();
        if (network.authorizes(anchor.lineId(), writer, anchor.blockNumber())) {
            return Finding.pass(AUTHORIZED_WRITER, "the root was anchored by " + writer + ", a writer of line '"
                    + anchor.lineId() + "' in block " + anchor.blockNumber() + " per the network descriptor");
        }
        List<NetworkDescriptor.WriterGrant> writers = network.writersOf(anchor.lineId());
        return Finding.fail(AUTHORIZED_WRITER, "anchored by an account that was not the line's writer: " + writer
                + " anchored line '" + anchor.lineId() + "' in block " + anchor.blockNumber()
                + ", but the network descriptor authorizes " + (writers.isEmpty() ? "no account for this line"
                : writers.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "))));
    }

    private static Finding recordDigest(ProofFile proof) {
        Bytes32 recomputed = proof.record().digest();
        if (recomputed.equals(proof.digest())) {
            return Finding.pass(RECORD_DIGEST, "keccak256(salt ‖ record JSON) = " + recomputed + ", the file's digest");
        }
        return Finding.fail(RECORD_DIGEST, "keccak256(salt ‖ record JSON) = " + recomputed + " but the file's digest is "
                + proof.digest() + ": the record or its salt was changed");
    }

    private static Finding merkleProof(ProofFile proof) {
        if (!proof.root().equals(proof.anchor().root())) {
            return Finding.fail(MERKLE_PROOF, "the Merkle root " + proof.root() + " is not the anchored root "
                    + proof.anchor().root());
        }
        Bytes32 reached = MerkleTree.processProof(proof.digest(), proof.proof());
        if (reached.equals(proof.root())) {
            return Finding.pass(MERKLE_PROOF, "the " + proof.proof().size() + "-step proof leads from the digest to root "
                    + proof.root());
        }
        return Finding.fail(MERKLE_PROOF, "the " + proof.proof().size() + "-step proof leads from the digest to "
                + reached + ", not to the root " + proof.root());
    }

    private static Finding anchorRange(ProofFile proof) {
        LineRecord record = proof.record();
        Anchor anchor = proof.anchor();
        if (!record.lineId().equals(anchor.lineId())) {
            return Finding.fail(ANCHOR_RANGE, "the record is of line '" + record.lineId() + "' but the anchor is of line '"
                    + anchor.lineId() + "'");
        }
        if (!anchor.covers(record.seq())) {
            return Finding.fail(ANCHOR_RANGE, "the record's seq " + record.seq() + " lies outside the anchored range "
                    + anchor.firstSeq() + ".." + anchor.lastSeq());
        }
        return Finding.pass(ANCHOR_RANGE, "record " + record.seq() + " of line '" + record.lineId()
                + "' lies in the anchored range " + anchor.firstSeq() + ".." + anchor.lastSeq());
    }

    private Finding expectedContract(Anchor anchor) {
        if (anchor.contract().equalsIgnoreCase(expectedContract)) {
            return Finding.pass(EXPECTED_CONTRACT, "the proof names the expected registry " + expectedContract);
        }
        return Finding.fail(EXPECTED_CONTRACT, "the proof names contract " + anchor.contract() + ", not the expected "
                + expectedContract);
    }

    private List<Finding> chainChecks(Anchor anchor) {
        List<Finding> findings = new ArrayList<>();
        long chainId;
        try {
            chainId = chain.chainId();
        } catch (RuntimeException e) {
            return notChecked(findings, "not checked: " + reason(e), network != null ? PINNED_NETWORK : null,
                    CHAIN_ID);
        }
        if (network != null) {
            Finding node = pinnedNetwork(chainId);
            findings.add(node);
            if (node.status() != Finding.Status.PASS) {
                return notChecked(findings, "not checked: the node is not one of the pinned network", null, CHAIN_ID);
            }
        }
        if (chainId != anchor.chainId()) {
            findings.add(Finding.fail(CHAIN_ID, "the node serves chain id " + chainId + " but the proof was anchored on "
                    + anchor.chainId() + " (a wrong node, or a proof of another network)"));
            return notChecked(findings, "not checked: the node serves another chain", null, null);
        }
        findings.add(Finding.pass(CHAIN_ID, "the node serves chain id " + chainId));
        findings.add(contractAnchor(anchor));
        TransactionCheck transaction = anchorTransaction(anchor);
        findings.add(transaction.finding());
        if (network != null) {
            findings.add(authorizedWriter(anchor, transaction.event()));
        }
        return findings;
    }

    /** Adds the remaining chain checks as not checked, starting with {@code first} and {@code second} if given. */
    private List<Finding> notChecked(List<Finding> findings, String why, String first, String second) {
        for (String check : new String[] {first, second}) {
            if (check != null) {
                findings.add(Finding.notChecked(check, why));
            }
        }
        findings.add(Finding.notChecked(CONTRACT_ANCHOR, why));
        findings.add(Finding.notChecked(ANCHOR_TRANSACTION, why));
        if (network != null) {
            findings.add(Finding.notChecked(AUTHORIZED_WRITER, why));
        }
        return findings;
    }

    private Finding contractAnchor(Anchor anchor) {
        Optional<OnChainAnchor> answer;
        try {
            answer = chain.anchorOf(anchor.contract(), anchor.root());
        } catch (RuntimeException e) {
            return Finding.notChecked(CONTRACT_ANCHOR, reason(e));
        }
        if (answer.isEmpty()) {
            return behindOr(anchor, CONTRACT_ANCHOR, "no contract at " + anchor.contract() + " answered anchorOf(root)");
        }
        OnChainAnchor onChain = answer.get();
        if (!onChain.anchored()) {
            return behindOr(anchor, CONTRACT_ANCHOR, "contract " + anchor.contract() + " never anchored root "
                    + anchor.root());
        }
        List<String> mismatches = new ArrayList<>();
        Bytes32 lineKey = RegistryKeys.lineKey(anchor.lineId());
        if (!onChain.lineKey().equals(lineKey)) {
            mismatches.add("lineKey " + onChain.lineKey() + " is not keccak256('" + anchor.lineId() + "') = " + lineKey);
        }
        if (onChain.firstSeq() != anchor.firstSeq() || onChain.lastSeq() != anchor.lastSeq()) {
            mismatches.add("range " + onChain.firstSeq() + ".." + onChain.lastSeq() + " is not the proof's "
                    + anchor.firstSeq() + ".." + anchor.lastSeq());
        }
        if (onChain.blockNumber() != anchor.blockNumber()) {
            mismatches.add("block " + onChain.blockNumber() + " is not the proof's " + anchor.blockNumber());
        }
        if (!mismatches.isEmpty()) {
            return Finding.fail(CONTRACT_ANCHOR, "anchorOf(" + anchor.root() + ") differs from the proof: "
                    + String.join("; ", mismatches));
        }
        return Finding.pass(CONTRACT_ANCHOR, "anchorOf(root) on " + anchor.contract() + ": line '" + anchor.lineId()
                + "', range " + anchor.firstSeq() + ".." + anchor.lastSeq() + ", block " + anchor.blockNumber()
                + ", writer " + onChain.writer());
    }

    /** The anchor-transaction finding and, when it passed, the Anchored event whose writer the pin checks. */
    private record TransactionCheck(Finding finding, Optional<AnchoredEvent> event) {

        static TransactionCheck of(Finding finding) {
            return new TransactionCheck(finding, Optional.empty());
        }
    }

    private static TransactionCheck transactionFails(String detail) {
        return TransactionCheck.of(Finding.fail(ANCHOR_TRANSACTION, detail));
    }

    private TransactionCheck anchorTransaction(Anchor anchor) {
        Optional<Receipt> answer;
        try {
            answer = chain.receipt(anchor.txHash());
        } catch (RuntimeException e) {
            return TransactionCheck.of(Finding.notChecked(ANCHOR_TRANSACTION, reason(e)));
        }
        if (answer.isEmpty()) {
            return TransactionCheck.of(behindOr(anchor, ANCHOR_TRANSACTION, "the node knows no mined transaction "
                    + anchor.txHash()));
        }
        Receipt receipt = answer.get();
        if (receipt.status() != 1) {
            return transactionFails("transaction " + anchor.txHash() + " failed (status "
                    + receipt.status() + ")");
        }
        if (receipt.blockNumber() != anchor.blockNumber()) {
            return transactionFails("transaction " + anchor.txHash() + " is in block "
                    + receipt.blockNumber() + ", not in the proof's block " + anchor.blockNumber());
        }
        Optional<EventLog> found = receipt.logs().stream().filter(l -> l.logIndex() == anchor.logIndex()).findFirst();
        if (found.isEmpty()) {
            return transactionFails("transaction " + anchor.txHash() + " has no log at index "
                    + anchor.logIndex());
        }
        EventLog log = found.get();
        if (!log.address().equalsIgnoreCase(anchor.contract())) {
            return transactionFails("log " + anchor.logIndex() + " was emitted by " + log.address()
                    + ", not by the registry " + anchor.contract());
        }
        Optional<AnchoredEvent> event = AnchoredEvent.decode(log);
        if (event.isEmpty()) {
            return transactionFails("log " + anchor.logIndex() + " is not an Anchored event");
        }
        AnchoredEvent anchored = event.get();
        List<String> mismatches = new ArrayList<>();
        if (!anchored.lineKey().equals(RegistryKeys.lineKey(anchor.lineId()))) {
            mismatches.add("lineKey " + anchored.lineKey() + " is not that of line '" + anchor.lineId() + "'");
        }
        if (!anchored.root().equals(anchor.root())) {
            mismatches.add("root " + anchored.root() + " is not the proof's " + anchor.root());
        }
        if (anchored.firstSeq() != anchor.firstSeq() || anchored.lastSeq() != anchor.lastSeq()) {
            mismatches.add("range " + anchored.firstSeq() + ".." + anchored.lastSeq() + " is not the proof's "
                    + anchor.firstSeq() + ".." + anchor.lastSeq());
        }
        if (!mismatches.isEmpty()) {
            return transactionFails("the Anchored event of " + anchor.txHash() + " differs from the proof: "
                    + String.join("; ", mismatches));
        }
        return new TransactionCheck(Finding.pass(ANCHOR_TRANSACTION, "transaction " + anchor.txHash()
                + " succeeded in block " + receipt.blockNumber() + " and emitted Anchored(line '" + anchor.lineId()
                + "', " + anchor.firstSeq() + ".." + anchor.lastSeq() + ", root) from " + log.address()
                + " at log index " + anchor.logIndex()), event);
    }

    /** Absent data is a failure only if the node has reached the anchor's block; otherwise it may still come. */
    private Finding behindOr(Anchor anchor, String check, String failure) {
        try {
            long latest = chain.latestBlock();
            if (latest < anchor.blockNumber()) {
                return Finding.notChecked(check, "the node is at block " + latest + ", before the anchor's block "
                        + anchor.blockNumber() + " (still syncing?)");
            }
        } catch (RuntimeException e) {
            return Finding.notChecked(check, failure + ", and the node's height is unknown: " + reason(e));
        }
        return Finding.fail(check, failure);
    }

    private static String reason(RuntimeException e) {
        if (e instanceof ChainUnavailableException) {
            return e.getMessage();
        }
        return "unexpected answer from the node: " + e;
    }
}
