package io.lineledger.certificates.internal;

import io.lineledger.model.Bytes32;
import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.ChainUnavailableException;
import io.lineledger.verifier.Finding;
import io.lineledger.verifier.NetworkDescriptor;
import io.lineledger.verifier.NetworkDescriptorException;
import io.lineledger.verifier.ProofVerifier;
import io.lineledger.verifier.Verification;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verify page's engine: the CLI's {@link ProofVerifier}, against the configured node, pinned to the configured
 * network descriptor (or, weaker, registry address). One file is checked at a time, so that auditors dropping large
 * files never take the memory the recording needs; a file larger than the limit is refused unread. Whatever goes
 * wrong gives COULD NOT CHECK with the reason, never an exception.
 */
final class ProofCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ProofCheck.class);

    private final Supplier<ChainReader> chain;
    private final String rpcUrl;
    private final Path network;
    private final String registry;
    private final long maxBytes;
    private final Semaphore oneAtATime = new Semaphore(1);

    /**
     * @param chain    opens a reader of the node for one check; null when no node is configured
     * @param rpcUrl   the node's URL as configured, for the page ("" when none)
     * @param network  the network descriptor to pin to; null when none
     * @param registry the registry address to pin to when no descriptor is given; null when none
     * @param maxBytes largest proof file read
     */
    ProofCheck(Supplier<ChainReader> chain, String rpcUrl, Path network, String registry, long maxBytes) {
        this.chain = chain;
        this.rpcUrl = rpcUrl == null ? "" : rpcUrl;
        this.network = network;
        this.registry = registry;
        this.maxBytes = maxBytes;
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the size limit must be at least 1 byte, got " + maxBytes);
        }
        if (registry != null) {
            new ProofVerifier(NO_NODE).expectingContract(registry); // an address, or an error naming the value
        }
    }

    long maxBytes() {
        return maxBytes;
    }

    /** What results are pinned to, in one sentence for the page. */
    String pinText() {
        if (network != null) {
            return "the network descriptor " + network.getFileName() + " (chain, registry, the lines' writers)";
        }
        if (registry != null) {
            return "the registry " + registry + " only (weaker: who anchored is not checked)";
        }
        return "nothing: no network descriptor or registry is configured, so a proof that passes every check is"
                + " UNPINNED, never VALID";
    }

    /** The node, in words. */
    String nodeText() {
        return chain == null ? "none configured: chain checks cannot run (COULD NOT CHECK)" : rpcUrl;
    }

    /** Checks one received file; never throws. Empty when another file is being checked for longer than 10 s. */
    Optional<Verification> check(String name, byte[] content) {
        try {
            if (!oneAtATime.tryAcquire(10, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(checkNow(name, content));
        } finally {
            oneAtATime.release();
        }
    }

    /** A file refused unread for its size, worded as the verifier words it. */
    Verification tooLarge(String name) {
        return uncheckable(name + " is larger than the limit of " + maxBytes + " bytes: not read");
    }

    private Verification checkNow(String name, byte[] content) {
        ProofVerifier verifier;
        try (ChainReader reader = chain == null ? NO_NODE : chain.get()) {
            verifier = new ProofVerifier(reader).withMaxBytes(maxBytes);
            if (network != null) {
                NetworkDescriptor descriptor;
                try {
                    descriptor = NetworkDescriptor.read(network, maxBytes);
                } catch (NetworkDescriptorException e) {
                    return uncheckable("the configured network descriptor cannot be used: " + e.getMessage());
                }
                verifier = verifier.pinnedTo(descriptor);
            } else if (registry != null) {
                verifier = verifier.expectingContract(registry);
            }
            return verifier.verify(name, content);
        } catch (RuntimeException | OutOfMemoryError e) {
            // the engine must never leave an auditor with a stack trace: say what happened, log the rest
            LOG.error("Checking proof file {} failed", name, e);
            return uncheckable("the check of " + name + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (see the Karaf log)");
        }
    }

    private static Verification uncheckable(String detail) {
        return Verification.of(List.of(Finding.notChecked(ProofVerifier.PROOF_FILE, detail)),
                new Verification.Pin(Verification.PinLevel.NONE, "not checked"));
    }

    /** The node when none is configured: every chain check could not run, and says why. */
    static final ChainReader NO_NODE = new ChainReader() {
        private ChainUnavailableException none() {
            return new ChainUnavailableException("no chain node is configured for the verify page (verifyRpcUrl in"
                    + " etc/" + CertificatesServlet.PID + ".cfg)");
        }

        @Override public long chainId() { throw none(); }
        @Override public long latestBlock() { throw none(); }
        @Override public Optional<Bytes32> blockHash(long number) { throw none(); }
        @Override public Optional<OnChainAnchor> anchorOf(String contract, Bytes32 root) { throw none(); }
        @Override public Optional<Receipt> receipt(String txHash) { throw none(); }
    };

    static ProofCheck of(String rpcUrl, String network, String registry, long maxBytes) {
        return of(rpcUrl, network, registry, maxBytes, ChainReader::connect);
    }

    /** @param nodes opens a reader of the node at a URL */
    static ProofCheck of(String rpcUrl, String network, String registry, long maxBytes,
                         Function<String, ChainReader> nodes) {
        String url = blankToNull(rpcUrl);
        Supplier<ChainReader> chain = null;
        if (url != null) {
            io.lineledger.verifier.internal.Web3jChainReader.checkUrl(url);
            chain = () -> nodes.apply(url);
        }
        String file = blankToNull(network);
        return new ProofCheck(chain, url, file == null ? null : Path.of(file), blankToNull(registry), maxBytes);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "ProofCheck[node " + Objects.toString(rpcUrl, "") + ", pinned to " + pinText() + "]";
    }
}
