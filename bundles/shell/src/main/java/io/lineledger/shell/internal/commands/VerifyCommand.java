package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.ProofCheck;
import io.lineledger.shell.internal.RunningParts;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Command(scope = "lineledger", name = "verify", description = "Checks a proof file (a record, a line range or a "
        + "batch) as an auditor's verifier does: digests, prev links, Merkle proofs, and on the chain the registry's "
        + "anchor, the transaction and who anchored",
        detailedDescription = "The same engine as the standalone verifier CLI. Verdicts: VALID (every check passed "
                + "against a pin), INVALID (a check failed, each named), COULD NOT CHECK (unreadable, oversized or "
                + "malformed file, node unreachable or of another network), UNPINNED (every check passed but nothing "
                + "pinned the registry). Without --rpc it asks the ledger's node (rpcUrl of io.lineledger.ledger); "
                + "without --network or --contract it pins the registry this LineLedger anchors to.")
@Service
public class VerifyCommand implements Action {

    @Reference
    RunningParts parts;

    @Argument(index = 0, name = "proofFile", required = true, description = "The proof file: lineledger-proof "
            + "(v2 or v1), lineledger-range-proof or lineledger-batch-proof JSON, e.g. downloaded from a certificate")
    @Completion(FileCompleter.class)
    String proofFile;

    @Option(name = "--rpc", description = "JSON-RPC endpoint of a node of the anchoring chain (default: the ledger's "
            + "rpcUrl)")
    String rpcUrl;

    @Option(name = "--network", description = "The plant's network descriptor (lineledger-network JSON) to pin: "
            + "chain id, registry, a block hash and each line's writers over time")
    @Completion(FileCompleter.class)
    String networkFile;

    @Option(name = "--contract", description = "A weaker pin: the registry address the proof must name (default: "
            + "this LineLedger's registry, when neither --network nor --contract is given)")
    String contract;

    @Option(name = "--max-bytes", description = "Refuse proof and descriptor files larger than this (COULD NOT "
            + "CHECK); default 16 MiB")
    Long maxBytes;

    @Override
    public Object execute() {
        ProofCheck.Result result = new ProofCheck().check(new ProofCheck.Request(Path.of(proofFile), rpcUrl,
                networkFile == null ? null : Path.of(networkFile), contract, maxBytes), parts.ledgerRpcUrl(),
                parts.registry());
        System.out.print(result.text());
        return null;
    }
}
