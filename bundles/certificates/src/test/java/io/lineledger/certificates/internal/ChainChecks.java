package io.lineledger.certificates.internal;

import io.lineledger.certificates.AnchoredChain;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.CertificateView;
import io.lineledger.store.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Certificates compared with {@link Anchors#CHAIN}, pinned to its registry and writer, as the servlet compares them. */
final class ChainChecks {

    static final BatchChainCheck.Pin PIN = new BatchChainCheck.Pin(Anchors.CONTRACT, Anchors.CHAIN_ID,
            (line, account, block) -> account.equalsIgnoreCase(AnchoredChain.WRITER) ? null
                    : "not the line's writer " + AnchoredChain.WRITER, "the test registry");

    private ChainChecks() {
    }

    /** A check of {@code store} against {@link Anchors#CHAIN} that waits long enough for any test batch. */
    static BatchChainCheck of(RecordStore store) {
        return of(store, Anchors.CHAIN, Clock.systemUTC());
    }

    static BatchChainCheck of(RecordStore store, AnchoredChain chain, Clock clock) {
        return new BatchChainCheck(store, () -> chain, "the test chain", () -> PIN, clock, Duration.ofMinutes(10),
                Duration.ofSeconds(20), 100);
    }

    /** Certificates of {@code store} compared with {@link Anchors#CHAIN}; anchoring of every line unknown. */
    static CertificateView view(RecordStore store) {
        BatchChainCheck check = of(store);
        return new CertificateView(store, line -> Optional.empty(), check::evidenceOf);
    }
}
