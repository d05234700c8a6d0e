package io.lineledger.certificates.internal;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.model.Verdict;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One page of the batch list, filtered by line, product and verdict. The store lists recent batches only (no
 * filter, no offset, no product or verdict column), so the list reads at most {@link #SCAN} of the most recent
 * batches, filters them here and builds the certificate of each row it needs: a page says when older batches were
 * not searched.
 */
final class BatchList {

    /** How many of the most recent batches a filtered list looks at. */
    static final int SCAN = 1_000;
    static final Set<String> PARAMETERS = Set.of("line", "product", "verdict", "page", "size");
    /** The verdicts a list filters by: the certificate's, plus RUNNING for batches not completed. */
    static final List<String> VERDICTS = List.of(Verdict.PASS.name(), Verdict.FAIL.name(), Verdict.INCOMPLETE.name(),
            "RUNNING");

    /**
     * What the request asks for.
     *
     * @param page 1-based
     */
    record Query(String line, String product, String verdict, int page, int size) {

        static Query of(QueryParameters parameters, int defaultSize) {
            String verdict = parameters.get("verdict").map(v -> v.toUpperCase(Locale.ROOT)).orElse(null);
            if (verdict != null && !VERDICTS.contains(verdict)) {
                throw new QueryParameters.BadParameterException("verdict", parameters.get("verdict").get(),
                        "parameter 'verdict' must be one of " + String.join(", ", VERDICTS) + ", got '"
                                + parameters.get("verdict").get() + "'");
            }
            return new Query(parameters.get("line").orElse(null), parameters.get("product").orElse(null), verdict,
                    parameters.whole("page", 1, 100_000, 1), parameters.whole("size", 1, 1_000, defaultSize));
        }

        boolean filtered() {
            return line != null || product != null || verdict != null;
        }

        /** The query string of another page of the same list, for links ('?' included, or "" for none). */
        String queryString(int otherPage, int defaultSize) {
            StringBuilder q = new StringBuilder();
            append(q, "line", line);
            append(q, "product", product);
            append(q, "verdict", verdict);
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

        /** The verdict as the list filters by it: the certificate's, RUNNING before completion, TAMPERED. */
        String verdict() {
            if (certificate == null) {
                return TAMPERED;
            }
            return certificate.completed() ? certificate.verdictText() : "RUNNING";
        }

        String product() {
            return certificate == null ? null : certificate.product();
        }
    }

    /** The verdict of a row whose certificate the store refuses: a record of the batch no longer matches its digest. */
    static final String TAMPERED = "TAMPERED";

    /**
     * @param more      whether a next page exists
     * @param truncated whether the filters looked at only the {@link #SCAN} most recent batches, and older ones
     *                  may match too
     */
    record Page(Query query, List<Row> rows, boolean more, boolean truncated) {
    }

    private final RecordStore store;
    private final Function<String, Optional<BatchCertificate>> certificates;

    BatchList(RecordStore store, Function<String, Optional<BatchCertificate>> certificates) {
        this.store = store;
        this.certificates = certificates;
    }

    Page page(Query query) {
        int skip = (query.page() - 1) * query.size();
        // unfiltered, the store's own limit serves the page; filtered, a bounded scan of the most recent batches
        int fetch = query.filtered() ? Math.max(SCAN, skip + query.size() + 1) : skip + query.size() + 1;
        List<BatchSummary> recent = store.recentBatches(fetch);
        boolean truncated = query.filtered() && recent.size() == fetch;
        List<Row> rows = new ArrayList<>();
        int matched = 0;
        boolean more = false;
        for (BatchSummary summary : recent) {
            if (query.line() != null && !query.line().equals(summary.lineId())) {
                continue;
            }
            boolean needed = matched >= skip;
            // product and verdict come from the certificate: build it only for rows the filters or the page need
            Row row = null;
            if (query.product() != null || query.verdict() != null || needed) {
                try {
                    Optional<BatchCertificate> certificate = certificates.apply(summary.batchId());
                    if (certificate.isEmpty()) {
                        continue;
                    }
                    row = new Row(summary, certificate.get(), null);
                } catch (TamperedRecordException e) {
                    // never hide it: listed as TAMPERED, its certificate page says which record
                    row = new Row(summary, null, e.getMessage());
                }
                if (query.product() != null && !query.product().equals(row.product())
                        || query.verdict() != null && !query.verdict().equals(row.verdict())) {
                    continue;
                }
            }
            if (matched >= skip + query.size()) {
                more = true;
                break;
            }
            if (needed) {
                rows.add(row);
            }
            matched++;
        }
        return new Page(query, rows, more, truncated && !more);
    }
}
