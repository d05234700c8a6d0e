package io.lineledger.certificates.internal;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.ChainEvidence;
import io.lineledger.certificates.ChainEvidence.State;
import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreException;
import io.lineledger.store.TamperedRecordException;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.ChainReader.BatchRevision;
import io.lineledger.verifier.ChainReader.OnChainAnchor;
import io.lineledger.verifier.NetworkDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what a certificate is about to claim with the chain (review finding 5): every anchor window holding a
 * record of the batch is read back from the store, its Merkle root rebuilt and compared with the root the store names
 * and with the registry's {@code anchorOf(root)} (line, range, writer, block); the batch seal's root and certificate
 * digest are rebuilt from the stored range and compared with the registry's latest revision of the batch. A record
 * that no longer links to its predecessor, a window whose records give another root, an anchor the registry does not
 * hold, a seal the records no longer give: each is a {@link State#MISMATCH} naming the window or record.
 *
 * <p>Results are cached per batch under a fingerprint of its records, anchors and seal as stored, so a page view costs
 * nothing once checked; any change of the batch (a new record, a new anchor, a changed digest) is a new fingerprint
 * and a new check, and an unchanged batch is checked again after {@code recheckAfter} (the chain or records outside
 * the batch that share its windows may have changed). Checks run on one background thread with a bounded queue, so
 * page views neither wait long nor pile up work: a page waits at most {@code pageWait}, then says "checking".
 */
final class BatchChainCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchChainCheck.class);
    /** After a check that could not reach the chain, the next one comes this soon. */
    private static final Duration RETRY_UNCHECKED = Duration.ofSeconds(15);
    private static final int QUEUED_CHECKS = 256;

    /**
     * What the chain facts are compared with: the registry, chain and writers of the plant.
     *
     * @param contract the registry address; null: the one the store names for each anchor (weaker)
     * @param chainId  the chain; 0: the one the store names
     * @param writers  who may anchor and seal for a line
     * @param text     where the pin comes from, for the page
     */
    record Pin(String contract, long chainId, Writers writers, String text) {

        static Pin storeOnly() {
            return new Pin(null, 0, Writers.ANYONE,
                    "the registry the store names (no registry is configured or known from anchoring: weaker)");
        }

        /**
         * The strongest pin configured: a network descriptor (chain, registry, each line's writers), else a registry
         * address, else the registry, chain and account the anchoring service here uses, else the store's word.
         *
         * @param network  network descriptor file; null when none
         * @param registry registry address; null when none
         * @param ledger   where anchoring here anchors; gives null while unknown
         */
        static Supplier<Pin> strongest(Path network, String registry, Supplier<RunStatus.Registry> ledger) {
            return () -> {
                if (network != null) {
                    NetworkDescriptor d = NetworkDescriptor.read(network, 1024 * 1024);
                    return new Pin(d.registry(), d.chainId(), (line, account, block) -> d.authorizes(line, account,
                            block) ? null : "not a writer of line " + line + " at block " + block + " in "
                            + network.getFileName(), "the network descriptor " + network.getFileName());
                }
                RunStatus.Registry here = ledger.get();
                Writers anchoringAccount = here == null ? Writers.ANYONE : (line, account, block) ->
                        account.equalsIgnoreCase(here.writer()) ? null : "not the anchoring account "
                                + here.writer() + " of this plant";
                if (registry != null) {
                    // the anchoring account here is the writer to expect when anchoring uses the same registry
                    boolean same = here != null && here.contract().equalsIgnoreCase(registry);
                    return new Pin(registry, same ? here.chainId() : 0, same ? anchoringAccount : Writers.ANYONE,
                            "the configured registry " + registry + (same ? " and the account anchoring uses here"
                                    : " (who anchored is not checked)"));
                }
                if (here != null) {
                    return new Pin(here.contract(), here.chainId(), anchoringAccount, "the registry "
                            + here.contract() + " and account anchoring uses here");
                }
                return storeOnly();
            };
        }
    }

    /** Whether an account may write for a line at a block: null when it may, else why not. */
    @FunctionalInterface
    interface Writers {
        Writers ANYONE = (lineId, account, block) -> null;

        String problem(String lineId, String account, long block);
    }

    private record Checked(String fingerprint, ChainEvidence evidence, Instant at) {
    }

    private final RecordStore store;
    private final Supplier<ChainReader> node;
    private final String nodeText;
    private final Supplier<Pin> pin;
    private final Clock clock;
    private final Duration recheckAfter;
    private final Duration pageWait;
    private final int maxCached;
    private final Map<String, Checked> cache;
    private final Map<String, CompletableFuture<ChainEvidence>> running = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor worker;

    /**
     * @param node         opens a reader of the chain node for one check (without a node, there is no check)
     * @param nodeText     how to name the node and its configuration on the page
     * @param recheckAfter how long an unchanged batch's result stands
     * @param pageWait     how long a page view waits for a check it started
     * @param maxCached    batches whose result is kept (least recently used go first)
     */
    BatchChainCheck(RecordStore store, Supplier<ChainReader> node, String nodeText, Supplier<Pin> pin, Clock clock,
                    Duration recheckAfter, Duration pageWait, int maxCached) {
        this.store = store;
        this.node = Objects.requireNonNull(node, "node");
        this.nodeText = nodeText;
        this.pin = pin;
        this.clock = clock;
        this.recheckAfter = recheckAfter;
        this.pageWait = pageWait;
        this.maxCached = maxCached;
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
                return size() > BatchChainCheck.this.maxCached;
            }
        });
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUED_CHECKS),
                runnable -> {
                    Thread thread = new Thread(runnable, "lineledger-certificate-chain-check");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** What the chain says about the certificate's batch now: cached, or checked within the page's wait. */
    ChainEvidence evidenceOf(BatchCertificate c) {
        return evidenceOf(c, pageWait);
    }

    /** As {@link #evidenceOf(BatchCertificate)}, waiting at most {@code wait} (zero: only what is cached). */
    ChainEvidence evidenceOf(BatchCertificate c, Duration wait) {
        if (c.anchors().isEmpty()) {
            return new ChainEvidence(State.NOTHING_ANCHORED, "no record of the batch is anchored yet", null, 0, null,
                    "", null);
        }
        Optional<BatchSeal> seal = sealOf(c);
        String fingerprint = fingerprint(c, seal);
        Checked cached = cache.get(c.batchId());
        Instant now = clock.instant();
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            Duration standing = cached.evidence().state() == State.NOT_CHECKED ? RETRY_UNCHECKED : recheckAfter;
            if (cached.at().plus(standing).isAfter(now)) {
                return cached.evidence();
            }
        }
        CompletableFuture<ChainEvidence> check;
        try {
            check = running.computeIfAbsent(c.batchId() + "\u0000" + fingerprint,
                    key -> CompletableFuture.supplyAsync(() -> checkAndKeep(c, seal, fingerprint, key), worker));
        } catch (RejectedExecutionException e) {
            check = null; // the queue is full: the page says "checking" and a later view asks again
        }
        if (check != null && !wait.isZero()) {
            try {
                return check.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running: fall through to what is known
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.error("Comparing batch {} with the chain failed", c.batchId(), e.getCause());
            }
        }
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return cached.evidence(); // the records are as when last checked; a new check is under way
        }
        return ChainEvidence.checking("being compared with the chain (" + c.anchors().size() + " anchor window"
                + (c.anchors().size() == 1 ? "" : "s") + ")");
    }

    private ChainEvidence checkAndKeep(BatchCertificate c, Optional<BatchSeal> seal, String fingerprint, String key) {
        try {
            ChainEvidence evidence = checkNow(c, seal);
            cache.put(c.batchId(), new Checked(fingerprint, evidence, clock.instant()));
            if (evidence.mismatch()) {
                LOG.error("Batch {} does not match the chain: {}", c.batchId(), evidence.detail());
            }
            return evidence;
        } finally {
            running.remove(key);
        }
    }

    private ChainEvidence checkNow(BatchCertificate c, Optional<BatchSeal> seal) {
        Pin against;
        try {
            against = pin.get();
        } catch (RuntimeException e) {
            return notChecked("what the chain is compared with cannot be read: " + e.getMessage());
        }
        try (ChainReader reader = node.get()) {
            return compare(c, seal, reader, against);
        } catch (StoreException e) {
            // page views hold their whole connection budget, or the database is away: asked again soon
            return notChecked("the store could not be read for the comparison: " + e.getMessage());
        } catch (RuntimeException e) {
            // the node's client failed in a way the reader did not wrap: say so, never "anchored"
            LOG.warn("Comparing batch {} with the chain failed: {}", c.batchId(), e.toString());
            return notChecked("the chain node " + nodeText + " could not be asked: " + e.getMessage());
        }
    }

    /** The comparison itself, on the calling thread. */
    ChainEvidence compare(BatchCertificate c, Optional<BatchSeal> seal, ChainReader chain, Pin pin) {
        Instant at = clock.instant();
        long chainId;
        try {
            chainId = chain.chainId();
        } catch (RuntimeException e) {
            return notChecked("the chain node " + nodeText + " did not answer: " + e.getMessage());
        }
        if (pin.chainId() != 0 && pin.chainId() != chainId) {
            return notChecked("the chain node " + nodeText + " serves chain " + chainId + ", but the plant's registry"
                    + " is on chain " + pin.chainId());
        }
        int windows = 0;
        for (Anchor anchor : c.anchors()) {
            Optional<ChainEvidence> problem = compareWindow(c, anchor, chain, chainId, pin, at);
            if (problem.isPresent()) {
                return problem.get();
            }
            windows++;
        }
        String what = windows + " anchor window" + (windows == 1 ? "" : "s") + " rebuilt from the stored records"
                + " match" + (windows == 1 ? "es" : "") + " the registry";
        if (seal.isEmpty() || !c.completed()) {
            return new ChainEvidence(State.MATCHES, what, null, 0, at, pin.text(), null);
        }
        return compareSeal(c, seal.get(), chain, pin, at, what);
    }

    private Optional<ChainEvidence> compareWindow(BatchCertificate c, Anchor anchor, ChainReader chain, long chainId,
                                                  Pin pin, Instant at) {
        String window = "records " + anchor.lineId() + " #" + anchor.firstSeq() + "\u2013#" + anchor.lastSeq();
        RecordRow first = firstOfBatchIn(c, anchor);
        if (anchor.chainId() != chainId) {
            return Optional.of(notChecked("the store says " + window + " were anchored on chain " + anchor.chainId()
                    + ", but the node " + nodeText + " serves chain " + chainId));
        }
        String contract = pin.contract() != null ? pin.contract() : anchor.contract();
        if (!contract.equalsIgnoreCase(anchor.contract())) {
            return Optional.of(mismatch(first, "the store says " + window + " were anchored at registry "
                    + anchor.contract() + ", not at the plant's registry " + contract, at, pin));
        }
        List<LineRecord> records;
        try {
            records = store.range(anchor.lineId(), anchor.firstSeq(), anchor.lastSeq());
        } catch (TamperedRecordException e) {
            return Optional.of(new ChainEvidence(State.MISMATCH, e.getMessage(), e.lineId(), e.seq(), at, pin.text(),
                    null));
        }
        // a gap or a broken link inside the range is the store's TamperedRecordException above; what it does not
        // see is a record missing at either edge of the window
        long expected = anchor.lastSeq() - anchor.firstSeq() + 1;
        if (records.size() != expected) {
            long missing = records.isEmpty() || records.get(0).seq() != anchor.firstSeq() ? anchor.firstSeq()
                    : anchor.firstSeq() + records.size();
            return Optional.of(new ChainEvidence(State.MISMATCH, "record " + anchor.lineId() + " #" + missing
                    + " of the anchored " + window + " is missing from the store", anchor.lineId(), missing, at,
                    pin.text(), null));
        }
        if (MerkleTree.matching(anchor.lineId(), records, anchor.root()).isEmpty()) {
            return Optional.of(mismatch(first, window + " as stored no longer give the root " + anchor.root()
                    + " anchored in tx " + anchor.txHash() + " (block " + anchor.blockNumber() + "): a record among"
                    + " them was changed after it was anchored", at, pin));
        }
        Optional<OnChainAnchor> held = chain.anchorOf(contract, anchor.root());
        if (held.isEmpty()) {
            return Optional.of(notChecked("no registry answers at " + contract + " on the node " + nodeText));
        }
        OnChainAnchor onChain = held.get();
        String problem = null;
        if (!onChain.anchored()) {
            problem = "the registry " + contract + " holds no anchor of root " + anchor.root() + ", which the store"
                    + " names for " + window + " (tx " + anchor.txHash() + ")";
        } else if (!onChain.lineKey().equals(RegistryKeys.lineKey(anchor.lineId()))
                || onChain.firstSeq() != anchor.firstSeq() || onChain.lastSeq() != anchor.lastSeq()) {
            problem = "the registry holds root " + anchor.root() + " for records #" + onChain.firstSeq() + "\u2013#"
                    + onChain.lastSeq() + " of another line or range than the store's " + window;
        } else if (onChain.blockNumber() != anchor.blockNumber()) {
            problem = "the registry anchored " + window + " in block " + onChain.blockNumber() + ", the store says"
                    + " block " + anchor.blockNumber();
        } else {
            String writer = pin.writers().problem(anchor.lineId(), onChain.writer(), onChain.blockNumber());
            if (writer != null) {
                problem = window + " were anchored by " + onChain.writer() + ": " + writer;
            }
        }
        return problem == null ? Optional.empty() : Optional.of(mismatch(first, problem, at, pin));
    }

    private ChainEvidence compareSeal(BatchCertificate c, BatchSeal seal, ChainReader chain, Pin pin, Instant at,
                                      String windows) {
        String range = seal.lineId() + " #" + seal.firstSeq() + "\u2013#" + seal.lastSeq();
        Optional<LineRecord> completed;
        Bytes32 root;
        try {
            completed = store.find(seal.lineId(), seal.lastSeq());
            // digests a chunk at a time, each still checked against its record's JSON: a sealed batch of a million
            // records needs its leaves, not its records parsed
            root = RangeProofFile.batchRoot(seal.lineId(), seal.firstSeq(), seal.lastSeq(), store::digests);
        } catch (TamperedRecordException e) {
            return new ChainEvidence(State.MISMATCH, e.getMessage(), e.lineId(), e.seq(), at, pin.text(), null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new ChainEvidence(State.MISMATCH, "the sealed records " + range + " as stored cannot give the batch"
                    + " root: " + e.getMessage(), seal.lineId(), seal.firstSeq(), at, pin.text(), null);
        }
        if (completed.isEmpty() || !RecordTypes.BATCH_COMPLETED.equals(completed.get().type())
                || !completed.get().digest().equals(seal.certificateDigest())) {
            return new ChainEvidence(State.MISMATCH, "record " + seal.lineId() + " #" + seal.lastSeq() + " is not the"
                    + " batch-completed record that was sealed (certificate digest " + seal.certificateDigest() + ")",
                    seal.lineId(), seal.lastSeq(), at, pin.text(), null);
        }
        if (!root.equals(seal.batchRoot())) {
            return new ChainEvidence(State.MISMATCH, "records " + range + " as stored give batch root " + root
                    + ", but the batch was sealed with " + seal.batchRoot(), seal.lineId(), seal.firstSeq(), at,
                    pin.text(), null);
        }
        String contract = pin.contract() != null ? pin.contract() : c.anchors().get(0).contract();
        Bytes32 batchKey = RegistryKeys.batchKey(c.batchId());
        Optional<Long> count = chain.batchRevisionCount(contract, batchKey);
        if (count.isEmpty()) {
            return new ChainEvidence(State.MATCHES, windows + "; the registry " + contract + " does not answer for batch"
                    + " seals, so the seal was not compared", null, 0, at, pin.text(), null);
        }
        if (count.get() == 0) {
            return new ChainEvidence(State.MISMATCH, "the store says the batch was sealed in tx " + seal.txHash()
                    + ", but the registry " + contract + " holds no seal of batch " + c.batchId(), seal.lineId(),
                    seal.lastSeq(), at, pin.text(), null);
        }
        long latest = count.get() - 1;
        Optional<BatchRevision> revision = chain.batchRevision(contract, batchKey, latest);
        if (revision.isEmpty()) {
            return notChecked("the registry " + contract + " did not answer batchRevision for batch " + c.batchId());
        }
        BatchRevision r = revision.get();
        String problem = null;
        if (!r.lineKey().equals(RegistryKeys.lineKey(seal.lineId()))) {
            problem = "the registry's seal of batch " + c.batchId() + " (revision " + latest + ") is of another line";
        } else if (!r.batchRoot().equals(root) || !r.certificateDigest().equals(seal.certificateDigest())) {
            problem = "the registry's latest seal of batch " + c.batchId() + " (revision " + latest + ", block "
                    + r.blockNumber() + ") states root " + r.batchRoot() + ", but records " + range + " as stored give "
                    + root;
        } else {
            String writer = pin.writers().problem(seal.lineId(), r.writer(), r.blockNumber());
            if (writer != null) {
                problem = "batch " + c.batchId() + " was sealed by " + r.writer() + ": " + writer;
            }
        }
        if (problem != null) {
            return new ChainEvidence(State.MISMATCH, problem, seal.lineId(), seal.lastSeq(), at, pin.text(), null);
        }
        Instant blockTime;
        try {
            blockTime = chain.blockTime(r.blockNumber()).orElse(null);
        } catch (RuntimeException e) {
            blockTime = null; // the seal matched; only its time is not known now
        }
        return new ChainEvidence(State.SEALED, windows + ", and so does the batch seal (revision " + latest + ")",
                null, 0, at, pin.text(), new ChainEvidence.Seal(latest, root.hex(), seal.txHash(), r.blockNumber(),
                blockTime));
    }

    /** The batch's seal the store records as sealed, when it is one of the certificate's lines. */
    private Optional<BatchSeal> sealOf(BatchCertificate c) {
        return store.batchSeals().flatMap(seals -> seals.latestSealed(c.batchId()))
                .filter(seal -> c.lineIds().contains(seal.lineId()) && seal.txHash() != null);
    }

    private static RecordRow firstOfBatchIn(BatchCertificate c, Anchor anchor) {
        return c.records().stream()
                .filter(r -> r.lineId().equals(anchor.lineId()) && anchor.covers(r.seq()))
                .findFirst().orElse(null);
    }

    private static ChainEvidence mismatch(RecordRow named, String detail, Instant at, Pin pin) {
        String line = named == null ? null : named.lineId();
        long seq = named == null ? 0 : named.seq();
        return new ChainEvidence(State.MISMATCH, detail, line, seq, at, pin.text(), null);
    }

    private ChainEvidence notChecked(String why) {
        return new ChainEvidence(State.NOT_CHECKED, why, null, 0, clock.instant(), "", null);
    }

    /** Every stored fact the comparison depends on (anchored records, anchors, seal): any change is a new check. */
    private static String fingerprint(BatchCertificate c, Optional<BatchSeal> seal) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RecordRow r : c.records()) {
                if (!r.anchored()) {
                    continue; // compared once anchored: a running batch's new records cost no chain read
                }
                sha.update((r.lineId() + "\u0000" + r.seq() + "\u0000" + r.digest() + "\u0000").getBytes(
                        StandardCharsets.UTF_8));
            }
            for (Anchor a : c.anchors()) {
                sha.update((a.root() + "\u0000" + a.txHash() + "\u0000" + a.blockNumber() + "\u0000" + a.contract()
                        + "\u0000" + a.chainId() + "\u0000" + a.firstSeq() + "\u0000" + a.lastSeq() + "\u0001")
                        .getBytes(StandardCharsets.UTF_8));
            }
            seal.ifPresent(s -> sha.update((s.revision() + "\u0000" + s.txHash() + "\u0000" + s.batchRoot() + "\u0000"
                    + s.firstSeq() + "\u0000" + s.lastSeq()).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
