package io.lineledger.certificates.internal;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.model.Verdict;
import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One page of the batch list, filtered by line, product, verdict, anchor state and start date. The store's batch
 * index filters, counts and pages ({@link RecordStore#batches}); the list builds the certificate of the page's rows
 * only, for what a row shows beyond the index (the seal as it stands, a record tampered with).
 */
final class BatchList {

    static final Set<String> PARAMETERS = Set.of("line", "product", "verdict", "anchor", "from", "to", "page", "size");
    /** The verdicts a list filters by: the certificate's, plus RUNNING for batches not completed. */
    static final List<String> VERDICTS = List.of(Verdict.PASS.name(), Verdict.FAIL.name(), Verdict.INCOMPLETE.name(),
            BatchSummary.RUNNING);
    /** The anchor states a list filters by: every record anchored, or some still waiting. */
    static final List<String> ANCHOR_STATES = List.of("anchored", "pending");
    static final int MAX_PAGE = 100_000;
    static final int MAX_SIZE = 1_000;

    /**
     * What the request asks for.
     *
     * @param anchor one of {@link #ANCHOR_STATES}, or null
     * @param from   first day (UTC, as the pages show times) a listed batch may have started on, or null
     * @param to     last day it may have started on, or null
     * @param page   1-based
     */
    record Query(String line, String product, String verdict, String anchor, LocalDate from, LocalDate to, int page,
                 int size) {

        /** A query without anchor state and dates (what the list took before it had them). */
        Query(String line, String product, String verdict, int page, int size) {
            this(line, product, verdict, null, null, null, page, size);
        }

        static Query of(QueryParameters parameters, int defaultSize) {
            String verdict = oneOf(parameters, "verdict", VERDICTS, true);
            String anchor = oneOf(parameters, "anchor", ANCHOR_STATES, false);
            LocalDate from = date(parameters, "from");
            LocalDate to = date(parameters, "to");
            if (from != null && to != null && to.isBefore(from)) {
                throw new QueryParameters.BadParameterException("to", to.toString(), "parameter 'to' (" + to
                        + ") must not be before 'from' (" + from + ")");
            }
            return new Query(parameters.get("line").orElse(null), parameters.get("product").orElse(null), verdict,
                    anchor, from, to, parameters.whole("page", 1, MAX_PAGE, 1),
                    parameters.whole("size", 1, MAX_SIZE, defaultSize));
        }

        private static String oneOf(QueryParameters parameters, String name, List<String> values, boolean upper) {
            Optional<String> given = parameters.get(name);
            if (given.isEmpty()) {
                return null;
            }
            String value = upper ? given.get().toUpperCase(Locale.ROOT) : given.get().toLowerCase(Locale.ROOT);
            if (!values.contains(value)) {
                throw new QueryParameters.BadParameterException(name, given.get(), "parameter '" + name
                        + "' must be one of " + String.join(", ", values) + ", got '" + given.get() + "'");
            }
            return value;
        }

        private static LocalDate date(QueryParameters parameters, String name) {
            Optional<String> given = parameters.get(name);
            if (given.isEmpty()) {
                return null;
            }
            try {
                return LocalDate.parse(given.get());
            } catch (DateTimeParseException e) {
                throw new QueryParameters.BadParameterException(name, given.get(), "parameter '" + name
                        + "' must be a date YYYY-MM-DD, got '" + given.get() + "'");
            }
        }

        boolean filtered() {
            return line != null || product != null || verdict != null || anchor != null || from != null || to != null;
        }

        /** What the store is asked: the filters, and the page as offset and limit. */
        BatchQuery toStore() {
            Instant startedFrom = from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant startedBefore = to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            return new BatchQuery(line, product, verdict,
                    anchor == null ? null : BatchQuery.AnchorState.valueOf(anchor.toUpperCase(Locale.ROOT)),
                    startedFrom, startedBefore, (page - 1) * size, size);
        }

        /** The query string of another page of the same list, for links ('?' included, or "" for none). */
        String queryString(int otherPage, int defaultSize) {
            StringBuilder q = new StringBuilder();
            append(q, "line", line);
            append(q, "product", product);
            append(q, "verdict", verdict);
            append(q, "anchor", anchor);
            append(q, "from", from == null ? null : from.toString());
            append(q, "to", to == null ? null : to.toString());
            append(q, "size", size == defaultSize ? null : Integer.toString(size));
            append(q, "page", otherPage == 1 ? null : Integer.toString(otherPage));
            return q.toString();
        }

        private static void append(StringBuilder q, String name, String value) {
            if (value != null) {
                q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(Html.pathSegment(value));
            }
        }
    }

    /**
     * A row: the store's summary and the certificate built for it (product, verdict, seal).
     *
     * @param certificate null when a record of the batch was tampered with
     * @param tampered    then what the store says of it; else null
     */
    record Row(BatchSummary summary, BatchCertificate certificate, String tampered) {

        /** The verdict as the list shows it: the certificate's, RUNNING before completion, TAMPERED. */
        String verdict() {
            if (certificate == null) {
                return TAMPERED;
            }
            return certificate.completed() ? certificate.verdictText() : BatchSummary.RUNNING;
        }

        String product() {
            return certificate == null ? null : certificate.product();
        }
    }

    /** The verdict of a row whose certificate the store refuses: a record of the batch no longer matches its digest. */
    static final String TAMPERED = "TAMPERED";

    /**
     * @param more  whether a next page exists
     * @param total how many batches pass the filters, on every page together
     */
    record Page(Query query, List<Row> rows, boolean more, long total) {

        /** How many pages the list has (at least 1). */
        long pages() {
            return Math.max(1, (total + query.size() - 1) / query.size());
        }
    }

    private final RecordStore store;
    private final Function<String, Optional<BatchCertificate>> certificates;

    BatchList(RecordStore store, Function<String, Optional<BatchCertificate>> certificates) {
        this.store = store;
        this.certificates = certificates;
    }

    Page page(Query query) {
        BatchPage found = store.batches(query.toStore());
        List<Row> rows = new ArrayList<>(found.batches().size());
        for (BatchSummary summary : found.batches()) {
            rows.add(row(summary));
        }
        return new Page(query, rows, found.more(), found.total());
    }

    private Row row(BatchSummary summary) {
        try {
            Optional<BatchCertificate> certificate = certificates.apply(summary.batchId());
            if (certificate.isEmpty()) {
                // listed by the index, but the records are gone: someone deleted them behind the store's back
                return new Row(summary, null, "the store lists batch " + summary.batchId() + " but holds none of"
                        + " its records");
            }
            return new Row(summary, certificate.get(), null);
        } catch (TamperedRecordException e) {
            // never hide it: listed as TAMPERED, its certificate page says which record
            return new Row(summary, null, e.getMessage());
        }
    }
}
