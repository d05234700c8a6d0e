package io.lineledger.shell.internal;

import io.lineledger.status.Snapshot;
import io.lineledger.store.RecordStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The LineLedger parts running in this container, as the shell commands see them (internal types only). */
public interface RunningParts {

    /** A status snapshot with each line's values per second, where known. */
    record Reading(Snapshot snapshot, Map<String, OptionalDouble> valueRates) { }

    Reading status();

    Snapshot snapshot();

    /** Empty when the store is not installed. */
    Optional<RecordStore> store();

    /** Closes every line's window now; false when anchoring is not installed. */
    boolean anchorPending();

    /** The PKI directory of a line's OPC UA client; IllegalStateException saying why when it cannot be known. */
    Path pkiDirectory(String lineId);

    /** The registry the running ledger anchors to; empty when anchoring does not run or has not reached its node. */
    default Optional<AnchoringTrigger.Registry> registry() {
        return Optional.empty();
    }

    /** The chain node the ledger is configured with ({@code rpcUrl} of {@code io.lineledger.ledger}); empty if none. */
    default Optional<String> ledgerRpcUrl() {
        return Optional.empty();
    }
}
