package io.lineledger.status.internal;

import io.lineledger.status.Snapshot;
import io.lineledger.status.StatusService;
import io.lineledger.status.WaitingComponent;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The status service: the store and the optional parts, each of which may come and go, plus what the component runtime
 * says about LineLedger's components that do not run. Every reference is optional: a missing part is reported, never
 * a reason for the service itself to vanish. The optional parts are followed with service trackers by class name, not
 * DS references: a DS component waiting for a part that is not configured would make Karaf show this bundle as
 * "Waiting" on an installation that is fine.
 */
@Component(service = StatusService.class)
public final class StatusComponent implements StatusService {

    private final BundleContext context;

    @Reference(target = RecordStore.RECORDING, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordStore store;

    private final List<ServiceTracker<Object, Object>> trackers = new ArrayList<>();
    private final List<StatusFeed> feeds;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime components;

    @Activate
    public StatusComponent(BundleContext context) {
        this.context = context;
        ServiceTracker<Object, Object> anchoring = track("io.lineledger.ledger.AnchoringService");
        ServiceTracker<Object, Object> rules = track("io.lineledger.routes.RulesMonitor");
        ServiceTracker<Object, Object> sources = track("io.lineledger.opcua.ProductionEventSource");
        this.feeds = List.of(
                // lambdas, not method references: PartReads is loaded only when a part's service is read
                feed("anchoring", anchoring, (service, parts) -> PartReads.anchoring(service, parts)),
                feed("rules", rules, (service, parts) -> PartReads.rules(service, parts)),
                feed("OPC UA source", sources, (service, parts) -> PartReads.sources(service, parts)));
    }

    private ServiceTracker<Object, Object> track(String serviceType) {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, serviceType, null);
        tracker.open();
        trackers.add(tracker);
        return tracker;
    }

    /** Reads every service of one part (a part runs one anchoring service, a rules monitor and source per line). */
    private static StatusFeed feed(String part, ServiceTracker<Object, Object> tracker,
                                   BiConsumer<Object, SnapshotCollector.Parts> read) {
        return new StatusFeed() {
            @Override
            public String part() {
                return part;
            }

            @Override
            public void addTo(SnapshotCollector.Parts parts) {
                Object[] services = tracker.getServices();
                if (services != null) {
                    for (Object service : services) {
                        read.accept(service, parts);
                    }
                }
            }
        };
    }

    @Deactivate
    void stop() {
        trackers.forEach(ServiceTracker::close);
    }

    @Override
    public Snapshot snapshot() {
        return SnapshotCollector.collect(store, feeds, waiting(), activeBundles(), Instant.now());
    }

    private Set<String> activeBundles() {
        Set<String> names = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && name.startsWith(WaitingComponents.LINELEDGER) && bundle.getState() == Bundle.ACTIVE) {
                names.add(name);
            }
        }
        return names;
    }

    private List<WaitingComponent> waiting() {
        ServiceComponentRuntime runtime = components;
        if (runtime == null) {
            return List.of();
        }
        List<WaitingComponent> waiting = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(WaitingComponents.LINELEDGER) || bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            try {
                for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs(bundle)) {
                    if (runtime.isComponentEnabled(description)) {
                        waiting.addAll(WaitingComponents.of(name, description,
                                runtime.getComponentConfigurationDTOs(description)));
                    }
                }
            } catch (IllegalStateException e) {
                // the bundle stopped meanwhile: it has no components to report
            }
        }
        return waiting;
    }
}
