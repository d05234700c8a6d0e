package io.lineledger.status;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How LineLedger stands now, collected on demand from the parts that run in this container. Nothing here sits on the
 * recording path: a call asks each part's status service once and the store for its lines' last sequences.
 */
@ProviderType
public interface StatusService {

    /**
     * A fresh snapshot: one status read per part, one store query per line (two more per line whose records wait to
     * be anchored), and the LineLedger components that do not run for want of configuration or a service. A part
     * that fails to answer is listed in {@link Snapshot#unavailable()}; it never hides the others.
     */
    Snapshot snapshot();
}
