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
import io.lineledger.verifier.internal.AnchoredEvent;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a {@link ProofFile}: first what the file proves by itself (digest, Merkle path, range), then what the
 * chain says (chain id, the registry's {@code anchorOf(root)}, the anchoring transaction's receipt and log).
 * A node that cannot answer makes the result UNCHECKABLE, never INVALID.
 */
public final class ProofVerifier {

    public static final String PROOF_FILE = "proof-file";
    public static final String RECORD_DIGEST = "record-digest";
    public static final String MERKLE_PROOF = "merkle-proof";
    public static final String ANCHOR_RANGE = "anchor-range";
    public static final String EXPECTED_CONTRACT = "expected-contract";
    public static final String CHAIN_ID = "chain-id";
    public static final String CONTRACT_ANCHOR = "contract-anchor";
    public static final String ANCHOR_TRANSACTION = "anchor-transaction";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final ChainReader chain;
    private final String expectedContract;

    public ProofVerifier(ChainReader chain) {
        this(chain, null);
    }

    private ProofVerifier(ChainReader chain, String expectedContract) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.expectedContract = expectedContract;
    }

    /**
     * A verifier that also requires the proof to name this registry contract; an auditor who knows the real
     * registry's address thereby rejects proofs anchored in a look-alike contract.
     */
    public ProofVerifier expectingContract(String contract) {
        if (contract == null) {
            return new ProofVerifier(chain, null);
        }
        if (!ADDRESS.matcher(contract).matches()) {
            throw new IllegalArgumentException("contract must be a 0x-prefixed 20-byte address, got '" + contract + "'");
        }
        return new ProofVerifier(chain, contract);
    }

    /** Reads, parses and checks a proof file against the node at {@code rpcUrl}. */
    public static Verification verify(Path proofFile, String rpcUrl) {
        return verify(proofFile, rpcUrl, null);
    }

    /** As {@link #verify(Path, String)}, also requiring the proof to name {@code expectedContract} (if not null). */
    public static Verification verify(Path proofFile, String rpcUrl, String expectedContract) {
        try (ChainReader reader = ChainReader.connect(rpcUrl)) {
            return new ProofVerifier(reader).expectingContract(expectedContract).verify(proofFile);
        }
    }

    /** Reads and checks a proof file; an unreadable or malformed file is UNCHECKABLE with the reason. */
    public Verification verify(Path proofFile) {
        ProofFile proof;
        try {
            proof = ProofFile.parse(Files.readString(proofFile));
        } catch (NoSuchFileException e) {
            return unreadable("no such file: " + proofFile);
        } catch (CharacterCodingException e) {
            return unreadable(proofFile + " is not UTF-8 text");
        } catch (IOException e) {
            return unreadable("cannot read " + proofFile + ": " + e);
        } catch (ProofFormatException e) {
            return unreadable(proofFile + " is not a valid proof file: " + e.getMessage());
        }
        return verify(proof);
    }

    private static Verification unreadable(String detail) {
        return Verification.of(List.of(Finding.notChecked(PROOF_FILE, detail)));
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
        findings.addAll(chainChecks(proof.anchor()));
        return Verification.of(findings);
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
        long chainId;
        try {
            chainId = chain.chainId();
        } catch (RuntimeException e) {
            String why = "not checked: " + reason(e);
            return List.of(Finding.notChecked(CHAIN_ID, why), Finding.notChecked(CONTRACT_ANCHOR, why),
                    Finding.notChecked(ANCHOR_TRANSACTION, why));
        }
        if (chainId != anchor.chainId()) {
            String why = "not checked: the node serves another chain";
            return List.of(Finding.fail(CHAIN_ID, "the node serves chain id " + chainId + " but the proof was anchored on "
                    + anchor.chainId() + " (a wrong node, or a proof of another network)"),
                    Finding.notChecked(CONTRACT_ANCHOR, why), Finding.notChecked(ANCHOR_TRANSACTION, why));
        }
        return List.of(Finding.pass(CHAIN_ID, "the node serves chain id " + chainId),
                contractAnchor(anchor), anchorTransaction(anchor));
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

    private Finding anchorTransaction(Anchor anchor) {
        Optional<Receipt> answer;
        try {
            answer = chain.receipt(anchor.txHash());
        } catch (RuntimeException e) {
            return Finding.notChecked(ANCHOR_TRANSACTION, reason(e));
        }
        if (answer.isEmpty()) {
            return behindOr(anchor, ANCHOR_TRANSACTION, "the node knows no mined transaction " + anchor.txHash());
        }
        Receipt receipt = answer.get();
        if (receipt.status() != 1) {
            return Finding.fail(ANCHOR_TRANSACTION, "transaction " + anchor.txHash() + " failed (status "
                    + receipt.status() + ")");
        }
        if (receipt.blockNumber() != anchor.blockNumber()) {
            return Finding.fail(ANCHOR_TRANSACTION, "transaction " + anchor.txHash() + " is in block "
                    + receipt.blockNumber() + ", not in the proof's block " + anchor.blockNumber());
        }
        Optional<EventLog> found = receipt.logs().stream().filter(l -> l.logIndex() == anchor.logIndex()).findFirst();
        if (found.isEmpty()) {
            return Finding.fail(ANCHOR_TRANSACTION, "transaction " + anchor.txHash() + " has no log at index "
                    + anchor.logIndex());
        }
        EventLog log = found.get();
        if (!log.address().equalsIgnoreCase(anchor.contract())) {
            return Finding.fail(ANCHOR_TRANSACTION, "log " + anchor.logIndex() + " was emitted by " + log.address()
                    + ", not by the registry " + anchor.contract());
        }
        Optional<AnchoredEvent> event = AnchoredEvent.decode(log);
        if (event.isEmpty()) {
            return Finding.fail(ANCHOR_TRANSACTION, "log " + anchor.logIndex() + " is not an Anchored event");
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
            return Finding.fail(ANCHOR_TRANSACTION, "the Anchored event of " + anchor.txHash() + " differs from the proof: "
                    + String.join("; ", mismatches));
        }
        return Finding.pass(ANCHOR_TRANSACTION, "transaction " + anchor.txHash() + " succeeded in block "
                + receipt.blockNumber() + " and emitted Anchored(line '" + anchor.lineId() + "', " + anchor.firstSeq()
                + ".." + anchor.lastSeq() + ", root) from " + log.address() + " at log index " + anchor.logIndex());
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
