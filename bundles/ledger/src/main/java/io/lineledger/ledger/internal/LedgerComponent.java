package io.lineledger.ledger.internal;

import io.lineledger.ledger.AnchoringService;
import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.ChainInfo;
import io.lineledger.store.RecordStore;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anchoring service in the container: validates the configuration at activation, then one scheduler thread
 * runs {@link AnchoringRunner} passes (which connect to the node when they can, deploy the contract when no address
 * is configured or remembered, and anchor). An unreachable node is a state in {@link #status()}, not an activation
 * failure. Immediate: anchoring must run whether or not anyone looks the service up.
 */
@Component(service = AnchoringService.class, immediate = true, configurationPid = LedgerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LedgerConfig.class)
public final class LedgerComponent implements AnchoringService {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerComponent.class);
    private static final int MAX_IN_FLIGHT = 16;

    private final LedgerSettings settings;
    private final AnchoringRunner runner;
    private final ScheduledExecutorService scheduler;

    @Activate
    public LedgerComponent(@Reference(target = RecordStore.RECORDING) RecordStore store, LedgerConfig config,
                           BundleContext context) {
        this.settings = LedgerSettings.of(config);
        File data = context.getDataFile("contract-addresses.properties");
        // the key is loaded (and checked against the node's chain) on connecting, not here: a missing keystore or a
        // wrong password is an ALARM in status() that clears once the file is fixed, without a restart
        String etc = context.getProperty("karaf.etc");
        SigningKeys keys = new SigningKeys(settings.signingKey(), etc == null ? null : Path.of(etc));
        this.runner = new AnchoringRunner(store,
                () -> keys.connect(settings.rpcUrl().toString(),
                        Math.max(MAX_IN_FLIGHT, 2 * settings.window().maxInFlightWindows())),
                settings.chainId(), settings.contractAddress(),
                Optional.ofNullable(data).map(file -> new ContractAddressBook(file.toPath())),
                settings.window(), settings.policy(), Clock.systemUTC());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "lineledger-ledger");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = executor;
        scheduler.scheduleWithFixedDelay(this::scheduledPass, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("ledger started: node {}, window {} records / {} ms (up to {} records, {} in flight per line),"
                        + " {} confirmation(s)", settings.rpcUrl(), settings.window().maxRecords(),
                settings.window().maxAge().toMillis(), settings.window().maxRecordsPerWindow(),
                settings.window().maxInFlightWindows(), settings.confirmations());
    }

    /** An exception escaping a scheduled task would end the schedule for good: anchoring would stop silently. */
    private void scheduledPass() {
        try {
            runner.pass(false);
        } catch (RuntimeException e) {
            LOG.error("ledger pass failed unexpectedly; the next pass runs as scheduled", e);
        }
    }

    @Deactivate
    void stop() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("ledger pass still running after 10 s; interrupting it");
                scheduler.shutdownNow();
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        runner.close();
        LOG.info("ledger stopped");
    }

    @Override
    public ChainInfo chain() {
        return runner.chain().orElseThrow(() -> new IllegalStateException("not connected to the chain node at "
                + settings.rpcUrl() + " yet" + problem()));
    }

    @Override
    public void anchorPending() {
        try {
            scheduler.submit(() -> runner.pass(true)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while anchoring", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("anchoring failed: " + e.getCause().getMessage(), e.getCause());
        }
        if (runner.chain().isEmpty()) {
            throw new IllegalStateException("cannot anchor: not connected to " + settings.rpcUrl() + problem());
        }
    }

    @Override
    public AnchoringStatus status() {
        return runner.status();
    }

    private String problem() {
        String error = runner.status().node().lastError();
        return error == null ? "" : ": " + error;
    }
}
