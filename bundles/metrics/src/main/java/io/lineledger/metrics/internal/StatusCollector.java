package io.lineledger.metrics.internal;

import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Reads a {@link Snapshot} from whatever runs: the store and the optional parts' feeds, each of which may come and
 * go. Every reference is optional: a missing store is a reason for DOWN, not a reason for the endpoints to vanish.
 */
@Component(service = StatusCollector.class)
public final class StatusCollector {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordStore store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<StatusFeed> feeds = new CopyOnWriteArrayList<>();

    public Snapshot snapshot() {
        return Snapshot.collect(store, List.copyOf(feeds), Instant.now());
    }
}
