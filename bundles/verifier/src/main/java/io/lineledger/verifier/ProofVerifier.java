package io.lineledger.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LeafEncoding;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.ProofFormatException;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.ChainReader.EventLog;
import io.lineledger.verifier.ChainReader.OnChainAnchor;
import io.lineledger.verifier.ChainReader.Receipt;
import io.lineledger.verifier.Verification.Pin;
import io.lineledger.verifier.Verification.PinLevel;
import io.lineledger.verifier.internal.AnchoredEvent;
import io.lineledger.verifier.internal.BatchSealedEvent;
import io.lineledger.verifier.internal.BoundedJsonFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a {@link ProofFile} (one record, format v2 or the weaker v1) or a {@link RangeProofFile} (a line's records
 * a..b, or a batch): first what the file proves by itself (digests, sequence and prev links, Merkle paths, leaf
 * positions against the anchored ranges), then what the chain says (chain id, the registry's {@code anchorOf(root)},
 * the anchoring transaction's receipt and log; for a batch its seal and revisions).
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
    /** v2: leaf index and tree size against the anchored range. */
    public static final String LEAF_POSITION = "leaf-position";
    /** Range and batch proofs: the records are the line's firstSeq..lastSeq, each once, in order. */
    public static final String RECORD_SEQUENCE = "record-sequence";
    /** Range and batch proofs: each record names its predecessor's digest. */
    public static final String PREV_LINKS = "prev-links";
    /** Range and batch proofs: the windows are consecutive anchors of the line covering firstSeq..lastSeq. */
    public static final String ANCHOR_COVERAGE = "anchor-coverage";
    /** Batch proofs: the range starts with the batch's batch-started record and ends with its batch-completed. */
    public static final String BATCH_BOUNDS = "batch-bounds";
    /** Batch proofs: the registry's seal of the batch (when it has one) commits to these records. */
    public static final String BATCH_SEAL = "batch-seal";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LISTED = 5;

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
     * Reads and checks a proof file of any kind ({@code lineledger-proof} v1 or v2, {@code lineledger-range-proof},
     * {@code lineledger-batch-proof}), told apart by its {@code format}. One that is too large, not UTF-8, not JSON,
     * has a key twice in one object or is malformed is UNCHECKABLE with the reason, and nothing else is checked.
     */
    public Verification verify(Path proofFile) {
        String text;
        try {
            text = BoundedJsonFile.read(proofFile, maxBytes);
        } catch (BoundedJsonFile.UnreadableException e) {
            return unreadable(e.getMessage());
        }
        return verifyText(proofFile.toString(), text);
    }

    /**
     * As {@link #verify(Path)} for a file received another way, e.g. dropped on a web page: {@code name} is how the
     * result refers to it; {@code content} is refused unread when larger than the size limit.
     */
    public Verification verify(String name, byte[] content) {
        String text;
        try {
            text = BoundedJsonFile.read(name, content, maxBytes);
        } catch (BoundedJsonFile.UnreadableException e) {
            return unreadable(e.getMessage());
        }
        return verifyText(name, text);
    }

    private Verification verifyText(String proofFile, String text) {
        try {
            String format = topLevelFormat(text);
            if (RangeProofFile.RANGE_FORMAT.equals(format) || RangeProofFile.BATCH_FORMAT.equals(format)) {
                // streamed record by record: a range of a million records is never one tree
                return verify(RangeProofFile.parse(text));
            }
            return verify(ProofFile.parse(JSON.readTree(text)));
        } catch (JsonProcessingException e) {
            return unreadable(proofFile + " is not valid JSON: " + e.getOriginalMessage());
        } catch (ProofFormatException e) {
            return unreadable(proofFile + " is not a valid proof file: " + e.getMessage());
        }
    }

    /** The top-level {@code format} string, read without building the document; null when there is none. */
    private static String topLevelFormat(String text) throws JsonProcessingException {
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(text)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new ProofFormatException("proof file must be a JSON object");
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                if ("format".equals(name)) {
                    return value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        if (proof.leafEncoding() != LeafEncoding.DIGEST) {
            findings.add(leafPosition(proof));
        }
        if (expectedContract != null) {
            findings.add(expectedContract(proof.anchor()));
        }
        if (network != null) {
            findings.add(pinnedRegistry(proof.anchor()));
        }
        findings.addAll(chainChecks(List.of(proof.anchor())));
        List<String> notes = new ArrayList<>();
        if (proof.leafEncoding() == LeafEncoding.DIGEST) {
            notes.add(WEAKER_FORMAT);
        }
        return Verification.of(findings, pin(proof.anchor()), notes);
    }

    static final String WEAKER_FORMAT = "proof format v1, the weaker format: its leaf is the digest alone "
            + "([\"bytes32\"]) and names neither line nor sequence number, so one anchored tree could hold another "
            + "record claiming the same sequence number and the proof would not tell; v2 leaves name both and are "
            + "checked against the anchored range (windows anchored since v2 have v2 proofs)";

    /**
     * Runs every check on a line range or batch proof: each record's digest, that the records are the line's
     * firstSeq..lastSeq each once and chained by their prev links, that the windows are consecutive anchors covering
     * the range, each window's multiproof and tree size, then the chain (every window's anchor; a batch's seal).
     */
    public Verification verify(RangeProofFile file) {
        List<Anchor> anchors = file.windows().stream().map(RangeProofFile.Window::anchor).toList();
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        findings.add(RangeChecks.recordDigests(file));
        findings.add(RangeChecks.sequence(file));
        findings.add(RangeChecks.prevLinks(file, notes));
        if (file.isBatch()) {
            findings.add(RangeChecks.batchBounds(file, notes));
        }
        Finding coverage = RangeChecks.coverage(file);
        findings.add(coverage);
        findings.add(RangeChecks.windowProofs(file));
        findings.add(RangeChecks.leafPositions(file));
        if (expectedContract != null) {
            findings.add(aggregate(EXPECTED_CONTRACT, anchors, anchors.stream().map(this::expectedContract).toList()));
        }
        if (network != null) {
            findings.add(aggregate(PINNED_REGISTRY, anchors, anchors.stream().map(this::pinnedRegistry).toList()));
        }
        findings.addAll(chainChecks(anchors));
        if (file.isBatch()) {
            batchSeal(file, anchors.get(0), findings, notes);
        }
        long v1 = file.windows().stream().filter(w -> w.leafEncoding() == LeafEncoding.DIGEST).count();
        if (v1 > 0) {
            notes.add(v1 + " of " + file.windows().size() + " windows use " + WEAKER_FORMAT);
        }
        notes.addAll(RangeChecks.gapNotes(file));
        return Verification.of(findings, pin(anchors.get(0)), notes);
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
        Bytes32 reached = MerkleTree.processLeafProof(proof.leafHash(), proof.proof());
        String leaf = proof.leafEncoding() == LeafEncoding.DIGEST ? "the digest"
                : "the leaf [lineKey, seq " + proof.record().seq() + ", digest]";
        if (reached.equals(proof.root())) {
            return Finding.pass(MERKLE_PROOF, "the " + proof.proof().size() + "-step proof leads from " + leaf
                    + " to root " + proof.root());
        }
        return Finding.fail(MERKLE_PROOF, "the " + proof.proof().size() + "-step proof leads from " + leaf + " to "
                + reached + ", not to the root " + proof.root());
    }

    /** v2: the leaf's index and the tree's size fit the anchored range, and the path fits a tree of that size. */
    private static Finding leafPosition(ProofFile proof) {
        Anchor anchor = proof.anchor();
        long rangeSize = anchor.lastSeq() - anchor.firstSeq() + 1;
        long position = proof.record().seq() - anchor.firstSeq();
        List<String> wrong = new ArrayList<>();
        if (proof.treeSize() != rangeSize) {
            wrong.add("treeSize " + proof.treeSize() + " is not the anchored range's " + rangeSize + " records ("
                    + anchor.firstSeq() + ".." + anchor.lastSeq() + ")");
        }
        if (proof.leafIndex() != position) {
            wrong.add("leafIndex " + proof.leafIndex() + " is not seq - firstSeq = " + proof.record().seq() + " - "
                    + anchor.firstSeq() + " = " + position);
        }
        if (proof.leafIndex() >= proof.treeSize()) {
            wrong.add("leafIndex " + proof.leafIndex() + " lies outside a tree of " + proof.treeSize() + " leaves");
        }
        if (!MerkleTree.possibleProofLength(proof.treeSize(), proof.proof().size())) {
            wrong.add("a leaf of a tree of " + proof.treeSize() + " leaves has no " + proof.proof().size()
                    + "-step proof");
        }
        if (!wrong.isEmpty()) {
            return Finding.fail(LEAF_POSITION, String.join("; ", wrong));
        }
        return Finding.pass(LEAF_POSITION, "leaf " + proof.leafIndex() + " (seq " + proof.record().seq() + ") of a tree "
                + "of " + proof.treeSize() + " leaves, the anchored range " + anchor.firstSeq() + ".."
                + anchor.lastSeq() + "; the path's length fits that tree");
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

    /** The chain's word on every anchor: the node's chain once, then each anchor's checks, one finding per check. */
    private List<Finding> chainChecks(List<Anchor> anchors) {
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
        List<Anchor> otherChain = anchors.stream().filter(a -> a.chainId() != chainId).toList();
        if (!otherChain.isEmpty()) {
            findings.add(Finding.fail(CHAIN_ID, "the node serves chain id " + chainId + " but the proof was anchored on "
                    + otherChain.get(0).chainId() + " (a wrong node, or a proof of another network)"));
            return notChecked(findings, "not checked: the node serves another chain", null, null);
        }
        findings.add(Finding.pass(CHAIN_ID, "the node serves chain id " + chainId));
        List<Finding> contract = new ArrayList<>();
        List<Finding> transaction = new ArrayList<>();
        List<Finding> writer = new ArrayList<>();
        for (Anchor anchor : anchors) {
            contract.add(contractAnchor(anchor));
            TransactionCheck check = anchorTransaction(anchor);
            transaction.add(check.finding());
            if (network != null) {
                writer.add(authorizedWriter(anchor, check.event()));
            }
        }
        findings.add(aggregate(CONTRACT_ANCHOR, anchors, contract));
        findings.add(aggregate(ANCHOR_TRANSACTION, anchors, transaction));
        if (network != null) {
            findings.add(aggregate(AUTHORIZED_WRITER, anchors, writer));
        }
        return findings;
    }

    /**
     * One finding for a check run once per anchored window: the window's own finding when there is one window;
     * else FAIL naming the failed windows, NOT_CHECKED naming those that could not run, or PASS for all.
     */
    static Finding aggregate(String check, List<Anchor> anchors, List<Finding> perWindow) {
        if (perWindow.size() == 1) {
            return perWindow.get(0);
        }
        for (Finding.Status status : new Finding.Status[] {Finding.Status.FAIL, Finding.Status.NOT_CHECKED}) {
            List<String> hits = new ArrayList<>();
            for (int i = 0; i < perWindow.size(); i++) {
                if (perWindow.get(i).status() == status) {
                    hits.add("window " + anchors.get(i).firstSeq() + ".." + anchors.get(i).lastSeq() + ": "
                            + perWindow.get(i).detail());
                }
            }
            if (!hits.isEmpty()) {
                String detail = hits.size() + " of " + perWindow.size() + " windows: " + listed(hits);
                return new Finding(check, status, detail);
            }
        }
        return Finding.pass(check, "all " + perWindow.size() + " windows (" + anchors.get(0).firstSeq() + ".."
                + anchors.get(anchors.size() - 1).lastSeq() + "); the first: " + perWindow.get(0).detail());
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

    /** The first few items joined, and how many more. */
    static String listed(List<String> items) {
        String shown = String.join("; ", items.subList(0, Math.min(LISTED, items.size())));
        return items.size() > LISTED ? shown + "; and " + (items.size() - LISTED) + " more" : shown;
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

    /**
     * The batch's seal on chain, read from the registry the windows name: none (said so in a note, never claimed
     * sealed; INVALID when the file names a seal the registry does not hold), or its revisions, whose latest must
     * commit to exactly these records ({@link RangeProofFile#batchRoot}) and state the digest of their
     * batch-completed record ({@link RangeProofFile#certificateDigest}); a seal the file names must be that revision,
     * mined in the transaction and block it states.
     */
    private void batchSeal(RangeProofFile file, Anchor anchor, List<Finding> findings, List<String> notes) {
        if (findings.stream().anyMatch(f -> (f.check().equals(CHAIN_ID) || f.check().equals(PINNED_NETWORK))
                && f.status() != Finding.Status.PASS)) {
            findings.add(Finding.notChecked(BATCH_SEAL, "not checked: the node is not one of the proof's network"));
            return;
        }
        Bytes32 batchKey = RegistryKeys.batchKey(file.batchId());
        RangeProofFile.Seal claim = file.seal();
        List<ChainReader.BatchRevision> revisions = new ArrayList<>();
        try {
            Optional<Long> count = chain.batchRevisionCount(anchor.contract(), batchKey);
            if (count.isEmpty()) {
                findings.add(Finding.fail(BATCH_SEAL, "no contract at " + anchor.contract()
                        + " answered batchRevisionCount(batchKey)"));
                return;
            }
            for (long i = 0; i < count.get(); i++) {
                Optional<ChainReader.BatchRevision> revision = chain.batchRevision(anchor.contract(), batchKey, i);
                if (revision.isEmpty()) {
                    findings.add(Finding.notChecked(BATCH_SEAL, "the registry did not answer batchRevision(batchKey, "
                            + i + ")"));
                    return;
                }
                revisions.add(revision.get());
            }
        } catch (RuntimeException e) {
            findings.add(Finding.notChecked(BATCH_SEAL, reason(e)));
            return;
        }
        List<LineRecord> records = file.records().stream().map(RangeProofFile.Entry::record).toList();
        if (revisions.isEmpty() && claim == null) {
            notes.add("batch '" + file.batchId() + "' is not sealed on chain: registry " + anchor.contract()
                    + " holds no seal of it (no sealBatch yet). Its records are proven by their anchors and its "
                    + "completeness by the prev links; no seal was checked");
            return;
        }
        Bytes32 root;
        try {
            root = RangeProofFile.batchRoot(file.lineId(), records);
        } catch (IllegalArgumentException e) {
            findings.add(Finding.fail(BATCH_SEAL, "the file's records are not one line's consecutive range (see "
                    + RECORD_SEQUENCE + "), so they have no batch root to compare with the seal: " + e.getMessage()));
            return;
        }
        LineRecord last = records.get(records.size() - 1);
        Bytes32 certificate = last.digest();
        List<String> wrong = new ArrayList<>();
        if (claim != null && !claim.batchRoot().equals(root)) {
            wrong.add("the file's seal states batchRoot " + claim.batchRoot() + ", but its records give " + root);
        }
        if (claim != null && !claim.certificateDigest().equals(certificate)) {
            wrong.add("the file's seal states certificateDigest " + claim.certificateDigest() + ", but its "
                    + "batch-completed record (seq " + last.seq() + ") has digest " + certificate);
        }
        if (revisions.isEmpty()) {
            Finding missing = sealBehindOr(claim, "the file names seal revision " + claim.revision() + " in tx "
                    + claim.txHash() + " (block " + claim.blockNumber() + "), but registry " + anchor.contract()
                    + " holds no seal of batch '" + file.batchId() + "'");
            Finding.Status status = wrong.isEmpty() ? missing.status() : Finding.Status.FAIL;
            wrong.add(0, missing.detail());
            findings.add(new Finding(BATCH_SEAL, status, String.join("; ", wrong)));
            return;
        }
        Bytes32 lineKey = RegistryKeys.lineKey(file.lineId());
        for (int i = 0; i < revisions.size(); i++) {
            ChainReader.BatchRevision r = revisions.get(i);
            notes.add("batch '" + file.batchId() + "' revision " + i + (i == 0 ? " (seal)" : " (amendment, reason "
                    + r.reasonDigest() + ")") + ": block " + r.blockNumber() + ", writer " + r.writer()
                    + ", batchRoot " + r.batchRoot() + ", certificateDigest " + r.certificateDigest());
            if (!r.lineKey().equals(lineKey)) {
                wrong.add("revision " + i + " is of lineKey " + r.lineKey() + ", not of line '" + file.lineId() + "'");
            }
            if (network != null && !network.authorizes(file.lineId(), r.writer(), r.blockNumber())) {
                wrong.add("revision " + i + " was written by " + r.writer() + ", not a writer of line '"
                        + file.lineId() + "' in block " + r.blockNumber() + " per the network descriptor");
            }
        }
        int latest = revisions.size() - 1;
        ChainReader.BatchRevision newest = revisions.get(latest);
        if (!newest.batchRoot().equals(root)) {
            int matching = -1;
            for (int i = 0; i < latest; i++) {
                if (revisions.get(i).batchRoot().equals(root)) {
                    matching = i;
                }
            }
            wrong.add(matching >= 0
                    ? "these records are revision " + matching + " of the batch, superseded by revision " + latest
                    : "the records give batchRoot " + root + ", but the latest revision " + latest + " seals "
                            + newest.batchRoot());
        } else if (!newest.certificateDigest().equals(certificate)) {
            wrong.add("the latest revision " + latest + " states certificateDigest " + newest.certificateDigest()
                    + ", not the digest " + certificate + " of the batch-completed record (seq " + last.seq() + ")");
        }
        if (claim != null) {
            Optional<Finding> named = namedSeal(claim, revisions, anchor.contract(), batchKey);
            if (named.isPresent() && named.get().status() == Finding.Status.NOT_CHECKED && wrong.isEmpty()) {
                findings.add(named.get());
                return;
            }
            named.ifPresent(f -> wrong.add(f.detail()));
            if (named.isEmpty() && claim.revision() < latest) {
                notes.add("the file names seal revision " + claim.revision() + "; revision " + latest
                        + " is the registry's latest, and it is the one that counts");
            }
        }
        if (!wrong.isEmpty()) {
            findings.add(Finding.fail(BATCH_SEAL, String.join("; ", wrong)));
            return;
        }
        findings.add(Finding.pass(BATCH_SEAL, "batch '" + file.batchId() + "' is sealed: revision " + latest + " of "
                + revisions.size() + " (block " + newest.blockNumber() + ") seals batchRoot " + root
                + ", the root of these " + file.records().size() + " records, and certificateDigest " + certificate
                + ", the digest of their batch-completed record"
                + (claim == null ? "" : "; the file's seal (tx " + claim.txHash() + ") is that revision's")));
    }

    /**
     * The seal revision the file names, against the registry's revisions and its transaction's receipt: empty when
     * they agree, else a FAIL naming what differs (NOT_CHECKED when the node has not reached its block or cannot
     * say).
     */
    private Optional<Finding> namedSeal(RangeProofFile.Seal claim, List<ChainReader.BatchRevision> revisions,
                                        String contract, Bytes32 batchKey) {
        String named = "the file's seal revision " + claim.revision() + " (tx " + claim.txHash() + ", block "
                + claim.blockNumber() + ")";
        if (claim.revision() >= revisions.size()) {
            return Optional.of(sealBehindOr(claim, named + " is not in the registry, which holds revisions 0.."
                    + (revisions.size() - 1)));
        }
        ChainReader.BatchRevision onChain = revisions.get((int) claim.revision());
        List<String> differs = new ArrayList<>();
        if (!onChain.batchRoot().equals(claim.batchRoot())) {
            differs.add("batchRoot " + onChain.batchRoot() + " on chain");
        }
        if (!onChain.certificateDigest().equals(claim.certificateDigest())) {
            differs.add("certificateDigest " + onChain.certificateDigest() + " on chain");
        }
        if (onChain.blockNumber() != claim.blockNumber()) {
            differs.add("block " + onChain.blockNumber() + " on chain");
        }
        if (!differs.isEmpty()) {
            return Optional.of(Finding.fail(BATCH_SEAL, named + " differs from the registry's: "
                    + String.join(", ", differs)));
        }
        Optional<Receipt> receipt;
        try {
            receipt = chain.receipt(claim.txHash());
        } catch (RuntimeException e) {
            return Optional.of(Finding.notChecked(BATCH_SEAL, reason(e)));
        }
        if (receipt.isEmpty()) {
            return Optional.of(sealBehindOr(claim, named + ": the node knows no mined transaction " + claim.txHash()));
        }
        if (receipt.get().status() != 1 || receipt.get().blockNumber() != claim.blockNumber()) {
            return Optional.of(Finding.fail(BATCH_SEAL, named + ": the transaction has status "
                    + receipt.get().status() + " in block " + receipt.get().blockNumber()));
        }
        boolean logged = receipt.get().logs().stream()
                .filter(log -> log.address().equalsIgnoreCase(contract))
                .map(BatchSealedEvent::decode)
                .flatMap(Optional::stream)
                .anyMatch(event -> event.batchKey().equals(batchKey) && event.revision() == claim.revision()
                        && event.batchRoot().equals(claim.batchRoot()));
        if (!logged) {
            return Optional.of(Finding.fail(BATCH_SEAL, named + ": the transaction emitted no BatchSealed log of this "
                    + "batch and revision from the registry " + contract));
        }
        return Optional.empty();
    }

    /** A seal the file names and the chain lacks is a failure only once the node has reached its block. */
    private Finding sealBehindOr(RangeProofFile.Seal claim, String failure) {
        try {
            long latest = chain.latestBlock();
            if (latest < claim.blockNumber()) {
                return Finding.notChecked(BATCH_SEAL, "the node is at block " + latest + ", before the seal's block "
                        + claim.blockNumber() + " (still syncing?)");
            }
        } catch (RuntimeException e) {
            return Finding.notChecked(BATCH_SEAL, failure + ", and the node's height is unknown: " + reason(e));
        }
        return Finding.fail(BATCH_SEAL, failure);
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
