package io.lineledger.shell.internal;

import io.lineledger.opcua.SourceStatus;
import io.lineledger.status.Snapshot;
import io.lineledger.status.StatusService;
import io.lineledger.store.RecordStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the shell commands read: LineLedger's status service, the store and the anchoring service. The store and the
 * ledger may come and go: the store's reference is optional, and the anchoring service is followed by a service
 * tracker by class name (a DS reference to it would leave a component waiting, and Karaf would show the bundle as
 * "Waiting", while anchoring is not configured). The commands exist as soon as the shell bundle runs and say "not
 * installed" (or what a part waits for) when it is missing.
 */
@Component(service = RunningParts.class)
public final class RunningPartsComponent implements RunningParts {

    static final String OPCUA_PID = "io.lineledger.opcua";
    static final String OPCUA_BUNDLE = "io.lineledger.opcua";
    static final String LEDGER_PID = "io.lineledger.ledger";
    /** How long {@link #status()} waits for a second reading when it has none to compute values per second from. */
    private static final long RATE_SAMPLE_MILLIS = 1000;

    private final BundleContext context;
    private final StatusService status;
    private final ServiceTracker<Object, Object> anchoring;
    private final ValueRates rates = new ValueRates();

    @Reference(target = RecordStore.RECORDING, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public RunningPartsComponent(BundleContext context, @Reference StatusService status) {
        this.context = context;
        this.status = status;
        this.anchoring = new ServiceTracker<>(context, "io.lineledger.ledger.AnchoringService", null);
        anchoring.open();
    }

    @Deactivate
    void stop() {
        anchoring.close();
    }

    @Override
    public Snapshot snapshot() {
        return status.snapshot();
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
        Object ledger = anchoring.getService();
        if (ledger == null) {
            return false;
        }
        LedgerCalls.anchorPending(ledger);
        return true;
    }

    @Override
    public Optional<AnchoringTrigger.Registry> registry() {
        Object ledger = anchoring.getService();
        return ledger == null ? Optional.empty() : LedgerCalls.registry(ledger);
    }

    @Override
    public Optional<String> ledgerRpcUrl() {
        return Optional.ofNullable(setting(LEDGER_PID, "rpcUrl")).filter(url -> !url.isBlank());
    }

    @Override
    public Path pkiDirectory(String lineId) {
        String karafData = context.getProperty("karaf.data");
        return PkiLocation.of(lineId, pkiDirectorySetting(), Path.of(karafData == null ? "data" : karafData),
                opcuaBundleData());
    }

    private String pkiDirectorySetting() {
        return setting(OPCUA_PID, "pkiDirectory");
    }

    /** A key of a configuration, or null when there is no such configuration or key. */
    private String setting(String pid, String key) {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            return null;
        }
        try {
            // listConfigurations, not getConfiguration: looking must not create an empty configuration
            Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return null;
            }
            Object value = found[0].getProperties().get(key);
            return value == null ? null : value.toString();
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read configuration " + pid + ": " + e.getMessage(), e);
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
