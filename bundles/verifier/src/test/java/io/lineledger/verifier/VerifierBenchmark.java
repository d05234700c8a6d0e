package io.lineledger.verifier;

import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordDigest;
import io.lineledger.verifier.internal.Anvil;
import io.lineledger.verifier.internal.RegistryOnAnvil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints how fast the verifier checks proofs; asserts nothing (not a test). Run from {@code bundles/verifier}:
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * mvn -B -q -o package -DskipTests   # the CLI jar, for the last step
 * java -Xmx12g -Dverifier.cliJar=target/lineledger-verifier-0.1.0-SNAPSHOT-cli.jar \
 *     -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     io.lineledger.verifier.VerifierBenchmark [batchRecords=1000000] [windowRecords=10000] [localProofs=20000]
 * </pre>
 *
 * <ol>
 *   <li><b>local checks of record proofs</b>: v2 proofs of a 20,000-record window, each checked as the verifier checks
 *       it offline (digest recomputed from salt and canonical JSON, leaf [lineKey, seq, digest], Merkle path to the
 *       root, leaf index and tree size against the range); on 1 thread and on every core; then the whole
 *       {@link ProofVerifier#verify(ProofFile)} against an in-memory chain, and parsing proof files from JSON;</li>
 *   <li><b>a large batch end to end</b>: one batch of 1,000,000 records anchored in windows of 10,000 on a real
 *       anvil (LineLedgerRegistry from the ledger bundle) and sealed, its batch proof written to a file, then read,
 *       parsed and checked against the node, pinned to the network, as the CLI does: every digest, the prev links,
 *       every window's multiproof and anchor, and the batch root of all records against the seal; then (with
 *       {@code -Dverifier.cliJar}) the same file through the CLI jar in a JVM of its own ({@code -DcliHeap}, default
 *       6g).</li>
 * </ol>
 */
public final class VerifierBenchmark {

    private VerifierBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batchRecords = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int windowRecords = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int localProofs = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        System.out.printf("cores %d, max heap %d MiB, java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        localChecks(localProofs);
        largeBatch(batchRecords, windowRecords);
    }

    // ---- 1. local checks -----------------------------------------------------------------------------------------

    private static void localChecks(int count) {
        TestLine line = TestLine.large(count, count);
        Anchor anchor = line.anchors.get(0);
        MerkleTree tree = MerkleTree.ofRecords(TestLine.LINE, line.records);
        List<ProofFile> proofs = new ArrayList<>(count);
        for (LineRecord record : line.records) {
            proofs.add(ProofFile.of(record, tree, anchor));
        }
        System.out.printf("%nlocal checks: %,d v2 record proofs of one window (%d-step paths); %d rounds after %d "
                + "warm-up rounds, best and median%n", count, proofs.get(0).proof().size(), ROUNDS, WARMUP);
        report("offline checks, 1 thread", "proofs/s", measure(count, () -> {
            if (proofs.stream().filter(VerifierBenchmark::checkLocally).count() != count) {
                throw new IllegalStateException("a proof failed");
            }
        }));
        // CPU time of this thread: what one core does, whatever else shares the machine
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        for (int round = 0; round < ROUNDS; round++) {
            proofs.forEach(VerifierBenchmark::checkLocally);
        }
        double perProof = (cpu.getCurrentThreadCpuTime() - cpu0) / 1e3 / ROUNDS / count;
        System.out.printf("  %-80s %.2f us of CPU per proof: %,.0f proofs/s per core%n", "offline checks, CPU time",
                perProof, 1e6 / perProof);
        double[] parallel = measure(count, () -> {
            if (proofs.parallelStream().filter(VerifierBenchmark::checkLocally).count() != count) {
                throw new IllegalStateException("a proof failed");
            }
        });
        report("offline checks, " + CORES + " threads", "proofs/s", parallel);
        System.out.printf("    target 100,000 proofs/s on 2 cores: best %.2fx%n", parallel[0] / 100_000);
        ProofVerifier verifier = new ProofVerifier(line.honestChain()).pinnedTo(Proofs.network());
        report("ProofVerifier.verify, every check, in-memory chain, " + CORES + " threads", "proofs/s",
                measure(count, () -> {
                    if (proofs.parallelStream().filter(p -> verifier.verify(p).isValid()).count() != count) {
                        throw new IllegalStateException("a proof was not valid");
                    }
                }));
        List<String> files = proofs.stream().limit(Math.min(count, 5_000)).map(ProofFile::toJson).toList();
        report("ProofFile.parse (JSON, RFC 8785 canonical form of the record), " + CORES + " threads", "files/s",
                measure(files.size(), () -> files.parallelStream().forEach(ProofFile::parse)));
    }

    private static final int WARMUP = 3;
    private static final int ROUNDS = 7;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** Items per second of {@code work} over {@code items}: {best, median} of the measured rounds. */
    private static double[] measure(int items, Runnable work) {
        double[] rates = new double[ROUNDS];
        for (int round = -WARMUP; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            work.run();
            if (round >= 0) {
                rates[round] = rate(items, t0);
            }
        }
        java.util.Arrays.sort(rates);
        return new double[] {rates[ROUNDS - 1], rates[ROUNDS / 2]};
    }

    private static void report(String what, String unit, double[] bestAndMedian) {
        System.out.printf("  %-80s best %,10.0f %s, median %,10.0f%n", what, bestAndMedian[0], unit, bestAndMedian[1]);
    }

    /** What the verifier checks of a record proof without a node. */
    private static boolean checkLocally(ProofFile proof) {
        LineRecord record = proof.record();
        if (!RecordDigest.of(record.salt(), record.canonicalJson()).equals(proof.digest())) {
            return false;
        }
        Anchor anchor = proof.anchor();
        return MerkleTree.processLeafProof(proof.leafHash(), proof.proof()).equals(anchor.root())
                && record.lineId().equals(anchor.lineId()) && anchor.covers(record.seq())
                && proof.leafIndex() == record.seq() - anchor.firstSeq()
                && proof.treeSize() == anchor.lastSeq() - anchor.firstSeq() + 1
                && MerkleTree.possibleProofLength(proof.treeSize(), proof.proof().size());
    }

    // ---- 2. a large batch against anvil --------------------------------------------------------------------------

    private static void largeBatch(int count, int window) throws Exception {
        System.out.printf("%nlarge batch: %,d records in windows of %,d, anchored and sealed on anvil%n", count, window);
        long t0 = System.nanoTime();
        TestLine line = TestLine.largeBatch(count, window);
        System.out.printf("  records and v2 window roots built in %.1f s%n", seconds(t0));
        try (Anvil anvil = Anvil.start()) {
            RegistryOnAnvil registry = RegistryOnAnvil.deploy(anvil.rpcUrl(), Anvil.KEY_0);
            String writer = RegistryOnAnvil.addressOf(Anvil.KEY_0);
            long granted = registry.grantWriter(Anvil.KEY_0, TestLine.LINE, writer);
            t0 = System.nanoTime();
            List<Anchor> anchored = new ArrayList<>();
            for (Anchor a : line.anchors) {
                anchored.add(registry.anchor(Anvil.KEY_0, TestLine.LINE, a.firstSeq(), a.lastSeq(), a.root()));
            }
            List<LineRecord> all = line.records;
            RangeProofFile.Seal seal = registry.sealBatch(Anvil.KEY_0, "B-9", TestLine.LINE,
                    RangeProofFile.certificateDigest(all), RangeProofFile.batchRoot(TestLine.LINE, all));
            System.out.printf("  %d windows anchored and the batch sealed on anvil in %.1f s%n", anchored.size(),
                    seconds(t0));
            t0 = System.nanoTime();
            RangeProofFile file = RangeProofFile.batch(TestLine.LINE, "B-9", 1, count, line::range,
                    (lineId, seq) -> anchored.stream().filter(a -> a.covers(seq)).findFirst()).withSeal(seal);
            Path path = Files.createTempFile("batch-" + count, ".json");
            Files.writeString(path, file.toJson());
            long bytes = Files.size(path);
            System.out.printf("  batch proof 1..%d built and written in %.1f s: %,d bytes (%.0f bytes/record)%n",
                    count, seconds(t0), bytes, (double) bytes / count);
            file = null;                // the verifier starts from the file alone: free the line's records
            line = null;
            all = null;
            System.gc();
            NetworkDescriptor network = new NetworkDescriptor("anvil", RegistryOnAnvil.CHAIN_ID, registry.address(),
                    new NetworkDescriptor.PinnedBlock(0, registry.blockHash(0)), Map.of(TestLine.LINE,
                            List.of(new NetworkDescriptor.WriterGrant(writer, granted, Optional.empty()))));
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int round = 1; round <= 3; round++) {
                t0 = System.nanoTime();
                long cpu0 = os.getProcessCpuTime();
                Verification result;
                try (ChainReader chain = ChainReader.connect(anvil.rpcUrl())) {
                    result = new ProofVerifier(chain).pinnedTo(network).withMaxBytes(bytes + 1).verify(path);
                }
                double took = seconds(t0);
                double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
                System.out.printf("  run %d: %s in %.2f s end to end, %.1f s of CPU (read, parse, %,d record digests, "
                        + "prev links, %d multiproofs, %d windows on chain, the batch root of %,d records against the "
                        + "seal): %,.0f records/s%n", round, result.outcome().label(), took, cpuSeconds, count,
                        anchored.size(), anchored.size(), count, count / took);
                if (!result.isValid()) {
                    System.out.print(result.report());
                }
            }
            t0 = System.nanoTime();
            RangeProofFile parsed = RangeProofFile.parse(Files.readString(path));
            double parsing = seconds(t0);
            t0 = System.nanoTime();
            try (ChainReader chain = ChainReader.connect(anvil.rpcUrl())) {
                new ProofVerifier(chain).pinnedTo(network).verify(parsed);
            }
            System.out.printf("  of which: reading and parsing (records streamed, RFC 8785 form and digest of each) "
                    + "%.2f s; the checks and the %d windows' chain reads %.2f s%n", parsing, anchored.size(),
                    seconds(t0));
            String jar = System.getProperty("verifier.cliJar");
            if (jar != null) {
                cliRun(jar, path, bytes, anvil.rpcUrl(), registry, writer, granted);
            }
            registry.close();
            Files.deleteIfExists(path);
        }
    }

    /** The same file through the CLI jar as an auditor runs it, in a JVM of its own with {@code cliHeap}. */
    private static void cliRun(String jar, Path file, long bytes, String rpcUrl, RegistryOnAnvil registry,
                               String writer, long granted) throws Exception {
        String heap = System.getProperty("cliHeap", "6g");
        Path network = Files.writeString(Files.createTempFile("network", ".json"), """
                {"format": "lineledger-network", "version": 1, "name": "anvil", "chainId": %d, "registry": "%s",
                 "pinnedBlock": {"number": 0, "hash": "%s"},
                 "lines": {"line-1": {"writers": [{"address": "%s", "fromBlock": %d}]}}}
                """.formatted(RegistryOnAnvil.CHAIN_ID, registry.address(), registry.blockHash(0).hex(), writer,
                granted));
        for (int round = 1; round <= 2; round++) {
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-jar", jar, "verify", file.toString(), "--rpc", rpcUrl, "--network",
                    network.toString(), "--max-bytes", String.valueOf(bytes + 1)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = process.waitFor();
            System.out.printf("  CLI run %d (java -Xmx%s -jar %s verify ... --network ...): %s, exit %d, %.2f s "
                    + "with the JVM's start%n", round, heap, Path.of(jar).getFileName(), output.lines().findFirst()
                    .orElse("(no output)"), exit, seconds(t0));
        }
        Files.deleteIfExists(network);
    }

    private static double rate(int count, long startNanos) {
        return count / seconds(startNanos);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
