package io.lineledger.verifier;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.internal.AnchoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A proof of record 3 of line-1 (range 1..6) and an honest chain that anchored it. */
final class Proofs {

    static final long CHAIN_ID = 31337;
    static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String WRITER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    static final String TX = "0x" + "c0ffee".repeat(10) + "0000";
    static final long BLOCK = 42;
    static final long LOG_INDEX = 3;
    static final Bytes32 GENESIS = Bytes32.fromHex("0x" + "9e".repeat(32));

    private Proofs() {
    }

    /** A v2 proof (the format written today). */
    static ProofFile proof() {
        List<LineRecord> records = records();
        MerkleTree tree = MerkleTree.ofRecords("line-1", records);
        Anchor anchor = new Anchor(CHAIN_ID, CONTRACT, TX, BLOCK, LOG_INDEX, "line-1", 1, 6, tree.root());
        return ProofFile.of(records.get(2), tree, anchor);
    }

    /** The same record in the weaker v1 format: a window anchored with a v1 root over the digests. */
    static ProofFile proofV1() {
        List<LineRecord> records = records();
        MerkleTree tree = MerkleTree.of(records.stream().map(LineRecord::digest).toList());
        Anchor anchor = new Anchor(CHAIN_ID, CONTRACT, TX, BLOCK, LOG_INDEX, "line-1", 1, 6, tree.root());
        return ProofFile.of(records.get(2), tree, anchor);
    }

    /** Records 1..6 of line-1, batch B-7, chained. */
    static List<LineRecord> records() {
        List<LineRecord> records = new ArrayList<>();
        Bytes32 prev = Bytes32.ZERO;
        for (int seq = 1; seq <= 6; seq++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("fillWeight", 500.0 + seq);
            fields.put("result", seq % 2 == 0 ? "PASS" : "FAIL");
            byte[] salt = new byte[32];
            salt[5] = (byte) seq;
            LineRecord record = LineRecord.seal(new RecordDraft("line-1", "quality", "B-7", fields), seq, prev,
                    Instant.parse("2025-03-01T06:00:00Z").plusSeconds(seq), Bytes32.of(salt));
            records.add(record);
            prev = record.digest();
        }
        return records;
    }

    /** The plant's network as it is: the proof's chain and registry, {@link #WRITER} writing line-1 since block 1. */
    static NetworkDescriptor network() {
        return new NetworkDescriptor("test plant", CHAIN_ID, CONTRACT, new NetworkDescriptor.PinnedBlock(0, GENESIS),
                java.util.Map.of("line-1", List.of(new NetworkDescriptor.WriterGrant(WRITER, 1, Optional.empty()))));
    }

    /** {@link #network()} as the JSON file the plant publishes. */
    static String networkJson() {
        return """
                {"format": "lineledger-network", "version": 1, "name": "test plant",
                 "chainId": %d, "registry": "%s",
                 "pinnedBlock": {"number": 0, "hash": "%s"},
                 "lines": {"line-1": {"writers": [{"address": "%s", "fromBlock": 1}]}}}
                """.formatted(CHAIN_ID, CONTRACT, GENESIS.hex(), WRITER);
    }

    /** A chain that holds exactly what {@code proof} claims; tests change one thing. */
    static FakeChain honestChain(ProofFile proof) {
        Anchor a = proof.anchor();
        FakeChain chain = new FakeChain();
        chain.chainId = a.chainId();
        chain.latestBlock = a.blockNumber() + 10;
        chain.contract = a.contract();
        chain.blocks.put(0L, GENESIS);
        chain.onChain = Optional.of(new ChainReader.OnChainAnchor(RegistryKeys.lineKey(a.lineId()), a.firstSeq(),
                a.lastSeq(), WRITER, a.blockNumber()));
        ChainReader.EventLog other = new ChainReader.EventLog(a.logIndex() - 1, a.contract(),
                List.of(Bytes32.fromHex("0x" + "77".repeat(32))), new byte[0]);
        ChainReader.EventLog anchored = new AnchoredEvent(RegistryKeys.lineKey(a.lineId()), a.root(), WRITER,
                a.firstSeq(), a.lastSeq()).toLog(a.logIndex(), a.contract());
        chain.receipt = Optional.of(new ChainReader.Receipt(a.txHash(), 1, a.blockNumber(), List.of(other, anchored)));
        return chain;
    }

    /** A ChainReader test double: answers from its fields, or throws {@link #down} when set. */
    static final class FakeChain implements ChainReader {
        long chainId;
        long latestBlock;
        String contract;
        Optional<OnChainAnchor> onChain = Optional.empty();
        Optional<Receipt> receipt = Optional.empty();
        /** Further anchors by root and receipts by transaction, for proofs of several windows. */
        final Map<Bytes32, OnChainAnchor> anchors = new java.util.HashMap<>();
        final Map<String, Receipt> receipts = new java.util.HashMap<>();
        /** Batch seals by batch key: revision 0 first. */
        final Map<Bytes32, List<BatchRevision>> batches = new java.util.HashMap<>();
        final Map<Long, Bytes32> blocks = new java.util.HashMap<>();
        ChainUnavailableException down;
        ChainUnavailableException receiptError;
        boolean closed;

        @Override
        public long chainId() {
            throwIfDown();
            return chainId;
        }

        @Override
        public long latestBlock() {
            throwIfDown();
            return latestBlock;
        }

        @Override
        public Optional<Bytes32> blockHash(long number) {
            throwIfDown();
            return Optional.ofNullable(blocks.get(number));
        }

        @Override
        public Optional<OnChainAnchor> anchorOf(String address, Bytes32 root) {
            throwIfDown();
            if (!address.equalsIgnoreCase(contract)) {
                return Optional.empty();
            }
            if (anchors.containsKey(root)) {
                return Optional.of(anchors.get(root));
            }
            return onChain.isPresent() && anchors.isEmpty() ? onChain
                    : Optional.of(new OnChainAnchor(Bytes32.ZERO, 0, 0, "0x" + "00".repeat(20), 0));
        }

        @Override
        public Optional<Long> batchRevisionCount(String address, Bytes32 batchKey) {
            throwIfDown();
            return address.equalsIgnoreCase(contract)
                    ? Optional.of((long) batches.getOrDefault(batchKey, List.of()).size()) : Optional.empty();
        }

        @Override
        public Optional<BatchRevision> batchRevision(String address, Bytes32 batchKey, long revision) {
            throwIfDown();
            List<BatchRevision> revisions = batches.getOrDefault(batchKey, List.of());
            return address.equalsIgnoreCase(contract) && revision < revisions.size()
                    ? Optional.of(revisions.get((int) revision)) : Optional.empty();
        }

        @Override
        public Optional<Receipt> receipt(String txHash) {
            throwIfDown();
            if (receiptError != null) {
                throw receiptError;
            }
            if (receipts.containsKey(txHash)) {
                return Optional.of(receipts.get(txHash));
            }
            return receipt.filter(r -> r.txHash().equals(txHash));
        }

        @Override
        public void close() {
            closed = true;
        }

        private void throwIfDown() {
            if (down != null) {
                throw down;
            }
        }
    }
}
