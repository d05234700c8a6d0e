package io.lineledger.verifier.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the worked example of {@code docs/proof-format.md}: four records of line-1 (batch B-1), anchored as one v2
 * window in a fresh LineLedgerRegistry deployed by anvil's account #0 on the node at {@code rpcUrl}, and the proof
 * files of record 3, of the range 2..3 and of batch B-1 (sealed) in {@code outDir}. On a fresh anvil every number is
 * the same each time.
 *
 * <pre>
 * devchain/devchain.sh start 8599
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     io.lineledger.verifier.internal.ProofFormatExample http://127.0.0.1:8599 target/example
 * </pre>
 */
public final class ProofFormatExample {

    private ProofFormatExample() {
    }

    public static void main(String[] args) throws Exception {
        String rpcUrl = args[0];
        Path out = Files.createDirectories(Path.of(args[1]));
        List<LineRecord> records = records();
        RegistryOnAnvil registry = RegistryOnAnvil.deploy(rpcUrl, Anvil.KEY_0);
        String writer = RegistryOnAnvil.addressOf(Anvil.KEY_0);
        long granted = registry.grantWriter(Anvil.KEY_0, "line-1", writer);
        MerkleTree tree = MerkleTree.ofRecords("line-1", records);
        Anchor anchor = registry.anchor(Anvil.KEY_0, "line-1", 1, 4, tree.root());
        ProofFile proof = ProofFile.of(records.get(2), tree, anchor);
        Files.writeString(out.resolve("line-1-3.proof.json"), proof.toJson());
        RangeProofFile.RecordRange store = (line, first, last) -> records.subList((int) first - 1, (int) last);
        RangeProofFile.AnchorLookup anchors = (line, seq) -> Optional.of(anchor);
        Files.writeString(out.resolve("line-1-2-3.range-proof.json"),
                RangeProofFile.lineRange("line-1", 2, 3, store, anchors).toJson());
        // the batch is complete and anchored: the ledger seals it (batch root and certificate digest of its range)
        RangeProofFile.Seal seal = registry.sealBatch(Anvil.KEY_0, "B-1", "line-1",
                RangeProofFile.certificateDigest(records), RangeProofFile.batchRoot("line-1", records));
        Files.writeString(out.resolve("line-1-B-1.batch-proof.json"),
                RangeProofFile.batch("line-1", "B-1", 1, 4, store, anchors).withSeal(seal).toJson());
        Files.writeString(out.resolve("network.json"), """
                {"format": "lineledger-network", "version": 1, "name": "worked example",
                 "chainId": %d, "registry": "%s",
                 "pinnedBlock": {"number": 0, "hash": "%s"},
                 "lines": {"line-1": {"writers": [{"address": "%s", "fromBlock": %d}]}}}
                """.formatted(RegistryOnAnvil.CHAIN_ID, registry.address(), registry.blockHash(0).hex(), writer, granted));
        System.out.println("registry  " + registry.address() + " (deployed by " + writer + ")");
        System.out.println("lineKey   " + RegistryKeys.lineKey("line-1"));
        for (LineRecord r : records) {
            System.out.println("record " + r.seq() + "  digest " + r.digest() + "  leaf "
                    + tree.leafOf(r) + "\n          " + r.canonicalJson());
        }
        System.out.println("sorted leaves (tree index 6, 5, 4, 3): " + tree.sortedLeaves());
        System.out.println("root      " + tree.root());
        System.out.println("anchor    " + anchor);
        System.out.println("batchKey  " + RegistryKeys.batchKey("B-1") + ", batchRoot "
                + RangeProofFile.batchRoot("line-1", records));
        System.out.println("seal      " + seal);
        registry.close();
    }

    static List<LineRecord> records() {
        List<RecordDraft> drafts = List.of(
                new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "B-1", Map.of("product", "water-0.5l")),
                quality(500.4, "PASS"), quality(498.1, "FAIL"),
                new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "B-1", Map.of("verdict", "FAIL", "count", 2)));
        List<LineRecord> records = new ArrayList<>();
        Bytes32 prev = Bytes32.ZERO;
        for (int i = 0; i < drafts.size(); i++) {
            byte[] salt = new byte[32];
            for (int b = 0; b < 32; b++) {
                salt[b] = (byte) (0x10 * (i + 1) + b);
            }
            LineRecord record = LineRecord.seal(drafts.get(i), i + 1, prev,
                    Instant.parse("2025-03-01T06:00:00Z").plusSeconds(i + 1), Bytes32.of(salt));
            records.add(record);
            prev = record.digest();
        }
        return records;
    }

    private static RecordDraft quality(double weight, String result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("characteristic", "fillWeight");
        fields.put("value", weight);
        fields.put("result", result);
        return new RecordDraft("line-1", RecordTypes.QUALITY, "B-1", fields);
    }
}
