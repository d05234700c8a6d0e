package io.lineledger.ledger.internal;

import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.ChainInfo;
import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.model.Anchor;
import io.lineledger.store.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs anchoring passes against a node that may come and go: connects when it can, checks on every pass that the
 * node answers and serves the chain the ledger anchors on, finds or deploys the contract once, then lets the
 * {@link Anchorer} take every line. Node loss and return are normal: a pass without the node marks the lines as
 * waiting for it, and the first pass with it reconciles and carries on. Confined to one thread except
 * {@link #status()} and {@link #chain()}.
 */
final class AnchoringRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnchoringRunner.class);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    private final RecordStore store;
    private final Supplier<TransactionSender> connect;
    private final long configuredChainId;
    private final Optional<String> configuredContract;
    private final Optional<ContractAddressBook> addressBook;
    private final WindowPolicy window;
    private final AnchoringPolicy policy;
    private final Clock clock;

    private TransactionSender sender;
    private volatile Anchorer anchorer;
    /** Seals completed batches after each anchoring pass; null while not connected, or when the store keeps no seals. */
    private volatile BatchSealer sealer;
    private boolean sealingUnavailableLogged;
    private long anchoringChainId;
    private boolean reachable;
    private String loggedProblem;
    private volatile ChainInfo chain;
    private volatile NodeStatus node = new NodeStatus(false, 0, 0, 0, null, null);
    private volatile List<LineStatus> linesBeforeConnect = List.of();

    /**
     * @param connect           connects to the node and reads its chain id (throws {@link ChainException} when it
     *                          does not answer)
     * @param configuredChainId the chain to anchor on; 0: the chain of the stored anchors, else the first one seen
     */
    AnchoringRunner(RecordStore store, Supplier<TransactionSender> connect, long configuredChainId,
                    Optional<String> configuredContract, Optional<ContractAddressBook> addressBook,
                    WindowPolicy window, AnchoringPolicy policy, Clock clock) {
        this.store = store;
        this.connect = connect;
        this.configuredChainId = configuredChainId;
        this.configuredContract = configuredContract;
        this.addressBook = addressBook;
        this.window = window;
        this.policy = policy;
        this.clock = clock;
    }

    /** One pass; never throws. */
    void pass(boolean flush) {
        Instant now = clock.instant();
        long nodeChainId = 0;
        long head = node.headBlock();
        try {
            if (sender == null) {
                sender = connect.get();
            }
            nodeChainId = sender.nodeChainId();
            head = sender.blockNumber();
        } catch (LedgerSetupException e) { // no key to sign with: nothing is anchored until it is fixed
            nodeTrouble(LineStatus.State.ALARM, e.getMessage(), e.nodeChainId(), head, now);
            return;
        } catch (RuntimeException e) {
            nodeTrouble(LineStatus.State.RETRYING, "chain node unreachable: " + e.getMessage(), nodeChainId, head, now);
            return;
        }
        long expected;
        try {
            expected = anchoringChainId(nodeChainId);
        } catch (RuntimeException e) { // the store, asked for the chain of its anchors
            nodeTrouble(LineStatus.State.RETRYING, "cannot tell which chain to anchor on: " + e.getMessage(),
                    nodeChainId, head, now);
            return;
        }
        if (nodeChainId != expected) {
            nodeTrouble(LineStatus.State.ALARM, "the node serves chain " + nodeChainId + " but the ledger anchors on chain "
                    + expected + ": nothing is sent until the node serves chain " + expected, nodeChainId, head, now);
            return;
        }
        try {
            if (sender.chainId() != nodeChainId) { // connected earlier to a node of another chain: sign for this one
                sender.close();
                sender = connect.get();
                anchorer = null;
                sealer = null;
            }
            if (!reachable) {
                sender.resyncNonce(); // the node may have lost its pool while it was away
                if (loggedProblem != null) {
                    LOG.info("chain node answers again on chain {} (was: {})", nodeChainId, loggedProblem);
                }
                loggedProblem = null;
                if (anchorer != null) {
                    anchorer.reconcile();
                }
            }
            reachable = true;
            node = new NodeStatus(true, nodeChainId, expected, head, null, now);
            if (anchorer == null) {
                RegistryContract contract = resolveContract(sender);
                Anchorer fresh = new Anchorer(store, contract, sender, window, policy, clock);
                chain = new ChainInfo(sender.chainId(), contract.address(), sender.address());
                LOG.info("anchoring to LineLedgerRegistry {} on chain {} as {}", contract.address(), sender.chainId(),
                        sender.address());
                anchorer = fresh;
                sealer = sealerFor(contract);
                fresh.reconcile();
            }
            anchorer.tick(flush);
            sealBatches();
        } catch (LedgerSetupException e) { // the registry's setup on this chain: no address, the signer as admin
            nodeTrouble(LineStatus.State.ALARM, e.getMessage(), nodeChainId, head, now);
        } catch (RuntimeException e) { // a pass must never end the schedule that runs it
            nodeTrouble(LineStatus.State.RETRYING, "chain node: " + e.getMessage(), nodeChainId, head, now);
        }
    }

    /** The batch sealer on {@code contract}, or null (logged once) when the store keeps no seal outbox. */
    private BatchSealer sealerFor(RegistryContract contract) {
        Optional<io.lineledger.store.BatchSeals> seals = store.batchSeals();
        if (seals.isEmpty()) {
            if (!sealingUnavailableLogged) {
                LOG.warn("the record store keeps no batch seal outbox: completed batches are not sealed on chain");
                sealingUnavailableLogged = true;
            }
            return null;
        }
        return new BatchSealer(store, seals.get(), contract, sender, policy, clock);
    }

    /** Seals the batches completed in the anchored part of each line (see {@link BatchSealer}). */
    private void sealBatches() {
        BatchSealer current = sealer;
        if (current == null) {
            return;
        }
        Map<String, Long> anchored = new LinkedHashMap<>();
        for (LineStatus line : anchorer.lineStatuses()) {
            anchored.put(line.lineId(), line.lastAnchoredSeq());
        }
        current.pass(anchored);
    }

    private void nodeTrouble(LineStatus.State state, String problem, long nodeChainId, long head, Instant now) {
        if (!Objects.equals(problem, loggedProblem)) { // once per distinct problem, not every poll
            if (state == LineStatus.State.ALARM) {
                LOG.error("ALARM: {}", problem);
            } else {
                LOG.warn("{}; retrying every pass", problem);
            }
            loggedProblem = problem;
        }
        reachable = false;
        node = new NodeStatus(nodeChainId != 0, nodeChainId, anchoringChainId, head, problem, now,
                state == LineStatus.State.ALARM);
        if (anchorer != null) {
            anchorer.blockAll(state, problem);
        } else {
            linesBeforeConnect = waitingLines(state, problem, now);
        }
    }

    /** Before the first connection the lines still show, with what the store knows and why they wait. */
    private List<LineStatus> waitingLines(LineStatus.State state, String problem, Instant now) {
        try {
            List<LineStatus> lines = new ArrayList<>();
            for (String lineId : store.lineIds()) {
                Instant since = linesBeforeConnect.stream().filter(line -> line.lineId().equals(lineId))
                        .map(LineStatus::since).findFirst().orElse(now);
                lines.add(new LineStatus(lineId, store.lastSeq(lineId), 0, 0, 0, state, problem, since, null));
            }
            return List.copyOf(lines);
        } catch (RuntimeException e) {
            return linesBeforeConnect;
        }
    }

    /** Configured, else remembered from the stored anchors or the address book, else the first chain seen. */
    private long anchoringChainId(long nodeChainId) {
        if (anchoringChainId != 0) {
            return anchoringChainId;
        }
        if (configuredChainId != 0) {
            anchoringChainId = configuredChainId;
        } else {
            anchoringChainId = store.lineIds().stream()
                    .map(lineId -> store.anchorOf(lineId, 1))
                    .flatMap(Optional::stream)
                    .mapToLong(Anchor::chainId)
                    .findFirst()
                    .orElseGet(() -> {
                        Set<Long> known = addressBook.map(ContractAddressBook::chainIds).orElse(Set.of());
                        return known.size() == 1 ? known.iterator().next() : nodeChainId;
                    });
        }
        LOG.info("anchoring on chain {}", anchoringChainId);
        return anchoringChainId;
    }

    private RegistryContract resolveContract(TransactionSender sender) {
        if (configuredContract.isPresent()) {
            RegistryContract configured = new RegistryContract(sender, configuredContract.get());
            if (!configured.isDeployed()) {
                throw new IllegalStateException(LedgerConfig.PID + ": contractAddress = '" + configured.address()
                        + "' has no contract code on chain " + sender.chainId());
            }
            if (!DevChainKeys.isDevChain(sender.chainId()) && configured.isAdmin(sender.address())) {
                // the anchoring key is online all the time: it must not also be able to make other writers
                throw new LedgerSetupException("registry: account " + sender.address() + " that signs anchor"
                        + " transactions is the admin of the registry " + configured.address() + ": use a separate"
                        + " admin account, grant this one each line's writer role and renounce the admin role for it",
                        sender.chainId());
            }
            return configured;
        }
        if (!DevChainKeys.isDevChain(sender.chainId())) {
            throw new LedgerSetupException("registry: no contractAddress: on chain " + sender.chainId()
                    + " the registry is deployed by its own admin account (the network kit's deploy-registry),"
                    + " which grants " + sender.address() + " each line's writer role; only on the dev chain ("
                    + DevChainKeys.DEV_CHAIN_ID + ") does the ledger deploy one itself", sender.chainId());
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

    Optional<ChainInfo> chain() {
        return Optional.ofNullable(chain);
    }

    AnchoringStatus status() {
        Anchorer current = anchorer;
        List<LineStatus> lines = current == null ? linesBeforeConnect : current.lineStatuses();
        BatchSealer sealing = sealer;
        if (sealing != null && !sealing.troubles().isEmpty()) {
            lines = lines.stream().map(line -> withSealTrouble(line, sealing.troubles().get(line.lineId()))).toList();
        }
        return new AnchoringStatus(node, lines);
    }

    /** A line whose anchoring is OK but whose batch seals are held up shows the seals' state and reason. */
    private static LineStatus withSealTrouble(LineStatus line, BatchSealer.Trouble trouble) {
        if (trouble == null || line.state() == LineStatus.State.ALARM
                || line.state() == LineStatus.State.RETRYING && trouble.state() == LineStatus.State.RETRYING) {
            return line;
        }
        return new LineStatus(line.lineId(), line.storeLastSeq(), line.lastAnchoredSeq(), line.chainNextSeq(),
                line.openJobs(), trouble.state(), "batch seal: " + trouble.reason(), line.since(), line.nextAttempt(),
                line.counters());
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.close();
        }
    }
}
