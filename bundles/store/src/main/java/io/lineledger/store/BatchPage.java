package io.lineledger.store;

import java.util.List;

/**
 * One page of a batch list.
 *
 * @param batches the page's batches, most recent first
 * @param total   how many batches pass the query's filters, on every page together
 */
public record BatchPage(BatchQuery query, List<BatchSummary> batches, long total) {

    public BatchPage {
        batches = List.copyOf(batches);
    }

    /** Whether batches follow this page. */
    public boolean more() {
        return (long) query.offset() + batches.size() < total;
    }
}
