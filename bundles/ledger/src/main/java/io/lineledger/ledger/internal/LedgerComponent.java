package io.lineledger.ledger.internal;

import io.lineledger.ledger.AnchoringService;
import io.lineledger.ledger.ChainInfo;
import io.lineledger.store.RecordStore;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
 * connects to the node (deploying the contract when no address is configured or remembered), reconciles open
 * jobs and runs {@link Anchorer} passes. An unreachable node is retried every poll, not an activation failure.
 * Immediate: anchoring must run whether or not anyone looks the service up.
 */
@Component(service = AnchoringService.class, immediate = true, configurationPid = LedgerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LedgerConfig.class)
public final class LedgerComponent implements AnchoringService {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerComponent.class);
    private static final int MAX_IN_FLIGHT = 16;
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    private final RecordStore store;
    private final LedgerSettings settings;
    private final Optional<ContractAddressBook> addressBook;
    private final ScheduledExecutorService scheduler;

    // confined to the scheduler thread, published for chain() through volatile
    private TransactionSender sender;
    private Anchorer anchorer;
    private volatile ChainInfo chain;
    private volatile String lastProblem;

    @Activate
    public LedgerComponent(@Reference RecordStore store, LedgerConfig config, BundleContext context) {
        this.store = store;
        this.settings = LedgerSettings.of(config);
        File data = context.getDataFile("contract-addresses.properties");
        this.addressBook = Optional.ofNullable(data).map(file -> new ContractAddressBook(file.toPath()));
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "lineledger-ledger");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = executor;
        scheduler.scheduleWithFixedDelay(() -> pass(false), 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("ledger started: node {}, window {} records / {} ms, {} confirmation(s)", settings.rpcUrl(),
                settings.window().maxRecords(), settings.window().maxAge().toMillis(), settings.confirmations());
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
        if (sender != null) {
            sender.close();
        }
        LOG.info("ledger stopped");
    }

    @Override
    public ChainInfo chain() {
        ChainInfo info = chain;
        if (info == null) {
            throw new IllegalStateException("not connected to the chain node at " + settings.rpcUrl() + " yet"
                    + (lastProblem == null ? "" : ": " + lastProblem));
        }
        return info;
    }

    @Override
    public void anchorPending() {
        try {
            scheduler.submit(() -> pass(true)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while anchoring", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("anchoring failed: " + e.getCause().getMessage(), e.getCause());
        }
        if (chain == null) {
            throw new IllegalStateException("cannot anchor: not connected to " + settings.rpcUrl()
                    + (lastProblem == null ? "" : ": " + lastProblem));
        }
    }

    /** One scheduler pass; never lets an exception end the schedule. */
    private void pass(boolean flush) {
        try {
            if (anchorer == null) {
                connect();
            }
            anchorer.tick(flush);
            lastProblem = null;
        } catch (RuntimeException e) {
            String problem = e.getMessage();
            if (!Objects.equals(problem, lastProblem)) { // once per distinct problem, not every poll
                LOG.warn("ledger pass failed: {}", problem, e);
            }
            lastProblem = problem;
        }
    }

    private void connect() {
        if (sender == null) {
            sender = TransactionSender.connect(settings.rpcUrl().toString(), settings.privateKey(), MAX_IN_FLIGHT);
        }
        RegistryContract contract = resolveContract(sender);
        Anchorer fresh = new Anchorer(store, contract, sender, settings.window(), settings.confirmations(),
                Clock.systemUTC());
        fresh.reconcile();
        anchorer = fresh;
        chain = new ChainInfo(sender.chainId(), contract.address(), sender.address());
        LOG.info("anchoring to LineLedgerRegistry {} on chain {} as {}", contract.address(), sender.chainId(),
                sender.address());
    }

    private RegistryContract resolveContract(TransactionSender sender) {
        if (settings.contractAddress().isPresent()) {
            RegistryContract configured = new RegistryContract(sender, settings.contractAddress().get());
            if (!configured.isDeployed()) {
                throw new IllegalStateException(LedgerConfig.PID + ": contractAddress = '" + configured.address()
                        + "' has no contract code on chain " + sender.chainId());
            }
            return configured;
        }
        Optional<String> remembered = addressBook.flatMap(book -> book.addressOn(sender.chainId()));
        if (remembered.isPresent()) {
            RegistryContract known = new RegistryContract(sender, remembered.get());
            if (known.isDeployed()) {
                LOG.info("reusing the LineLedgerRegistry deployed earlier at {}", known.address());
                return known;
            }
            LOG.warn("the LineLedgerRegistry deployed earlier at {} is gone (a fresh chain?): deploying a new one",
                    known.address());
        }
        RegistryContract deployed = RegistryContract.deploy(sender, DEPLOY_TIMEOUT);
        LOG.info("deployed LineLedgerRegistry at {} on chain {} (admin {})", deployed.address(), sender.chainId(),
                sender.address());
        addressBook.ifPresent(book -> book.remember(sender.chainId(), deployed.address()));
        return deployed;
    }
}
