package io.lineledger.store.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The record store as page views see it: the same records, read through a {@link ConnectionBudget} of their own, so
 * that however many pages are open they hold at most that many of the database's connections and recording keeps the
 * rest. A read that finds the budget busy for its whole wait fails with
 * {@link io.lineledger.store.StoreBusyException} (a page answers 503). Writes made from a page (a supervisor's
 * release record) and the store's in-memory state go to the recording store: an accepted decision is recorded like
 * any other record, not turned away by the page load.
 *
 * <p>Registered as the {@link RecordStore#PAGE_VIEWS} service, ranked below the recording store so that a reference
 * without a target never picks it. It takes its budget from the {@link StoreComponent} it references (the same
 * configuration, {@code pages.maxConnections} and {@code pages.connectionWaitMillis}).
 */
@Component(service = RecordStore.class, property = {
        RecordStore.PURPOSE + "=" + RecordStore.PURPOSE_PAGE_VIEWS,
        Constants.SERVICE_RANKING + ":Integer=-100",
        Constants.SERVICE_DESCRIPTION + "=LineLedger record store for page views, on a budget of connections"})
public final class PageViewStore implements RecordStore {

    /** The recording store of this bundle, whose budget and JDBC store this one reads through. */
    static final String RECORDING_STORE = "(component.name=io.lineledger.store.internal.StoreComponent)";

    private final RecordStore recording;
    private final RecordStore reading;
    private final ConnectionBudget budget;

    /**
     * @param recording the store recording and anchoring use, on the whole pool
     * @param reading   the same database read through {@code budget}
     */
    PageViewStore(RecordStore recording, RecordStore reading, ConnectionBudget budget) {
        this.recording = Objects.requireNonNull(recording, "recording");
        this.reading = Objects.requireNonNull(reading, "reading");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Activate
    public PageViewStore(@Reference(target = RECORDING_STORE) RecordStore recording) {
        this(((StoreComponent) recording).pageViews());
    }

    private PageViewStore(PageViewStore configured) {
        this(configured.recording, configured.reading, configured.budget);
    }

    /** Page views on a JDBC store: its reads through {@code budget}, its schema kept by {@code recording}. */
    static PageViewStore of(JdbcRecordStore recording, ConnectionBudget budget) {
        return new PageViewStore(recording, recording.readingThrough(budget), budget);
    }

    ConnectionBudget budget() {
        return budget;
    }

    // ---- writes and in-memory state: the recording store ------------------------------------------------------

    @Override
    public LineRecord append(RecordDraft draft) {
        return recording.append(draft);
    }

    @Override
    public List<LineRecord> appendAll(List<RecordDraft> drafts) {
        return recording.appendAll(drafts);
    }

    @Override
    public AnchorJob createAnchorJob(String lineId, long firstSeq, long lastSeq, Bytes32 root) {
        return recording.createAnchorJob(lineId, firstSeq, lastSeq, root);
    }

    @Override
    public void markSent(long jobId, String txHash) {
        recording.markSent(jobId, txHash);
    }

    @Override
    public void markAnchored(long jobId, Anchor anchor) {
        recording.markAnchored(jobId, anchor);
    }

    @Override
    public AnchorJob unmarkAnchored(Anchor anchor) {
        return recording.unmarkAnchored(anchor);
    }

    @Override
    public LineFence fenceLine(String lineId, long chainNextSeq, String reason) {
        return recording.fenceLine(lineId, chainNextSeq, reason);
    }

    @Override
    public void liftFence(String lineId) {
        recording.liftFence(lineId);
    }

    @Override
    public Set<String> linesAwaitingChainCheck() {
        return recording.linesAwaitingChainCheck();
    }

    @Override
    public void chainChecked(String lineId) {
        recording.chainChecked(lineId);
    }

    // ---- reads: through the budget ----------------------------------------------------------------------------

    @Override
    public Optional<LineRecord> find(String lineId, long seq) {
        return reading.find(lineId, seq);
    }

    @Override
    public List<LineRecord> range(String lineId, long firstSeq, long lastSeq) {
        return reading.range(lineId, firstSeq, lastSeq);
    }

    @Override
    public List<Bytes32> digests(String lineId, long firstSeq, long lastSeq) {
        return reading.digests(lineId, firstSeq, lastSeq);
    }

    /** Page views commit nothing: read back and checked, as {@link #digests}. */
    @Override
    public List<Bytes32> committedDigests(String lineId, long firstSeq, long lastSeq) {
        return reading.digests(lineId, firstSeq, lastSeq);
    }

    @Override
    public List<Bytes32> storedDigests(String lineId, long firstSeq, long lastSeq) {
        return reading.storedDigests(lineId, firstSeq, lastSeq);
    }

    @Override
    public List<LineRecord> batch(String batchId) {
        return reading.batch(batchId);
    }

    @Override
    public List<BatchSummary> recentBatches(int limit) {
        return reading.recentBatches(limit);
    }

    @Override
    public BatchPage batches(BatchQuery query) {
        return reading.batches(query);
    }

    @Override
    public long lastSeq(String lineId) {
        return reading.lastSeq(lineId);
    }

    @Override
    public SortedMap<String, Long> lastSeqs() {
        return reading.lastSeqs();
    }

    @Override
    public List<String> lineIds() {
        return reading.lineIds();
    }

    @Override
    public List<LineRecord> gapsTouching(String lineId, Instant from, Instant to) {
        return reading.gapsTouching(lineId, from, to);
    }

    @Override
    public List<LineRecord> unanchored(String lineId, int limit) {
        return reading.unanchored(lineId, limit);
    }

    @Override
    public List<AnchorJob> openJobs() {
        return reading.openJobs();
    }

    @Override
    public Optional<Anchor> anchorOf(String lineId, long seq) {
        return reading.anchorOf(lineId, seq);
    }

    @Override
    public Optional<LineFence> fenceOf(String lineId) {
        return reading.fenceOf(lineId);
    }

    @Override
    public List<LineFence> fences() {
        return reading.fences();
    }

    /** The seal outbox read through the budget (pages read seals; the ledger writes them through its own store). */
    @Override
    public Optional<BatchSeals> batchSeals() {
        return reading.batchSeals();
    }
}
