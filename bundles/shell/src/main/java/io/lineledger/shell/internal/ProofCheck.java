package io.lineledger.shell.internal;

import io.lineledger.verifier.ChainReader;
import io.lineledger.verifier.NetworkDescriptor;
import io.lineledger.verifier.NetworkDescriptorException;
import io.lineledger.verifier.ProofVerifier;
import io.lineledger.verifier.Verification;
import io.lineledger.verifier.internal.BoundedJsonFile;
import io.lineledger.verifier.internal.Web3jChainReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code lineledger:verify}: the auditors' verifier (the CLI's own {@link ProofVerifier}, embedded in this bundle)
 * run from the Karaf shell. The chain node defaults to the ledger's, and the pin to the registry this LineLedger
 * anchors to; an auditor's network descriptor pins more (who anchored, which network).
 */
public final class ProofCheck {

    /** What a check needs besides the proof file; null fields take their defaults. */
    public record Request(Path proofFile, String rpcUrl, Path networkFile, String contract, Long maxBytes) { }

    /** The report and the verdict, or why nothing was checked (bad arguments). */
    public record Result(Verification.Outcome outcome, String text) { }

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final Function<String, ChainReader> connect;

    public ProofCheck() {
        this(ChainReader::connect);
    }

    ProofCheck(Function<String, ChainReader> connect) {
        this.connect = connect;
    }

    /**
     * @param ledgerRpcUrl the ledger's configured node, the default for {@code --rpc}
     * @param ledgerRegistry the running ledger's registry, the default pin when neither {@code --network} nor
     *                       {@code --contract} is given
     */
    public Result check(Request request, Optional<String> ledgerRpcUrl,
                        Optional<AnchoringTrigger.Registry> ledgerRegistry) {
        long maxBytes = request.maxBytes() == null ? BoundedJsonFile.DEFAULT_MAX_BYTES : request.maxBytes();
        if (maxBytes < 1) {
            return refused("--max-bytes must be at least 1, got " + maxBytes);
        }
        if (request.contract() != null && !ADDRESS.matcher(request.contract()).matches()) {
            return refused("--contract must be a 0x-prefixed 20-byte address, got '" + request.contract() + "'");
        }
        if (request.contract() != null && request.networkFile() != null) {
            return refused("give --network or --contract, not both: the network descriptor names the registry");
        }
        String rpcUrl = request.rpcUrl() != null ? request.rpcUrl() : ledgerRpcUrl.orElse(null);
        if (rpcUrl == null) {
            return refused("no chain node: give --rpc URL (io.lineledger.ledger has no rpcUrl configured)");
        }
        try {
            Web3jChainReader.checkUrl(rpcUrl);
        } catch (IllegalArgumentException e) {
            return refused("--rpc: " + e.getMessage());
        }
        NetworkDescriptor network = null;
        if (request.networkFile() != null) {
            try {
                network = NetworkDescriptor.read(request.networkFile().toAbsolutePath(), maxBytes);
            } catch (NetworkDescriptorException e) {
                return refused("--network: " + e.getMessage());
            }
        }
        String contract = request.contract();
        String pinNote = "";
        if (network == null && contract == null && ledgerRegistry.isPresent()) {
            contract = ledgerRegistry.get().contract();
            pinNote = "pinned to this LineLedger's registry " + contract + " on chain " + ledgerRegistry.get().chainId()
                    + "; an auditor pins the plant's network descriptor (--network) to check who anchored\n";
        }
        Path proof = request.proofFile().toAbsolutePath();
        Verification result;
        try (ChainReader chain = connect.apply(rpcUrl)) {
            ProofVerifier verifier = new ProofVerifier(chain).withMaxBytes(maxBytes).expectingContract(contract);
            result = (network == null ? verifier : verifier.pinnedTo(network)).verify(proof);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // never INVALID through an error the file provoked
            return new Result(Verification.Outcome.UNCHECKABLE, "COULD NOT CHECK: the verifier ran out of memory or "
                    + "stack (" + e.getClass().getSimpleName() + "); is the file hostile?\n");
        }
        return new Result(result.outcome(), "proof file: " + proof + "\nchain node: " + rpcUrl + "\n" + pinNote
                + result.report());
    }

    private static Result refused(String why) {
        return new Result(Verification.Outcome.UNCHECKABLE, "COULD NOT CHECK: " + why + "\n");
    }
}
