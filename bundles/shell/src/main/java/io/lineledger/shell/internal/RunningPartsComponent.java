package io.lineledger.shell.internal;

import io.lineledger.opcua.SourceStatus;
import io.lineledger.store.RecordStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * What the shell commands read: the store, the optional parts' status feeds and the anchoring trigger, each of which
 * may come and go. Every reference is optional, so the commands exist as soon as the shell bundle runs and say
 * "not installed" for a part that is missing.
 */
@Component(service = RunningParts.class)
public final class RunningPartsComponent implements RunningParts {

    static final String OPCUA_PID = "io.lineledger.opcua";
    static final String OPCUA_BUNDLE = "io.lineledger.opcua";
    /** How long {@link #status()} waits for a second reading when it has none to compute values per second from. */
    private static final long RATE_SAMPLE_MILLIS = 1000;

    private final BundleContext context;
    private final ValueRates rates = new ValueRates();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordStore store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<StatusFeed> feeds = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AnchoringTrigger anchoring;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public RunningPartsComponent(BundleContext context) {
        this.context = context;
    }

    @Override
    public Snapshot snapshot() {
        return Snapshot.collect(store, List.copyOf(feeds), Instant.now());
    }

    @Override
    public Reading status() {
        Snapshot snapshot = snapshot();
        Map<String, OptionalDouble> valueRates = rates(snapshot);
        if (valueRates.values().stream().anyMatch(OptionalDouble::isEmpty)) {
            // no earlier reading (the first status since the start): take a second one to tell values per second
            try {
                Thread.sleep(RATE_SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Reading(snapshot, valueRates);
            }
            snapshot = snapshot();
            valueRates = rates(snapshot);
        }
        return new Reading(snapshot, valueRates);
    }

    private Map<String, OptionalDouble> rates(Snapshot snapshot) {
        Map<String, OptionalDouble> byLine = new HashMap<>();
        if (snapshot.sources() != null) {
            for (SourceStatus s : snapshot.sources()) {
                byLine.put(s.lineId(), rates.record(s.lineId(), snapshot.takenAt(), s.valuesReceived()));
            }
        }
        return byLine;
    }

    @Override
    public Optional<RecordStore> store() {
        return Optional.ofNullable(store);
    }

    @Override
    public boolean anchorPending() {
        AnchoringTrigger trigger = anchoring;
        if (trigger == null) {
            return false;
        }
        trigger.anchorPending();
        return true;
    }

    @Override
    public Path pkiDirectory(String lineId) {
        String karafData = context.getProperty("karaf.data");
        return PkiLocation.of(lineId, pkiDirectorySetting(), Path.of(karafData == null ? "data" : karafData),
                opcuaBundleData());
    }

    private String pkiDirectorySetting() {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            return null;
        }
        try {
            // listConfigurations, not getConfiguration: looking must not create an empty configuration
            Configuration[] found = admin.listConfigurations("(service.pid=" + OPCUA_PID + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return null;
            }
            Object value = found[0].getProperties().get("pkiDirectory");
            return value == null ? null : value.toString();
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read configuration " + OPCUA_PID + ": " + e.getMessage(), e);
        }
    }

    /**
     * The OPC UA bundle's data area. A bundle cannot ask the framework for another bundle's, so it is derived from
     * this bundle's own: Felix keeps each bundle's data in {@code <cache>/bundle<id>/data}.
     */
    private Path opcuaBundleData() {
        Optional<Bundle> opcua = Arrays.stream(context.getBundles())
                .filter(b -> OPCUA_BUNDLE.equals(b.getSymbolicName())).findFirst();
        File own = context.getDataFile("");
        if (opcua.isEmpty() || own == null) {
            return null;
        }
        Path ownData = own.toPath().toAbsolutePath().normalize();
        return ownData.getParent().resolveSibling("bundle" + opcua.get().getBundleId()).resolve("data");
    }
}
