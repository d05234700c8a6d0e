package io.lineledger.store;

import java.time.Instant;

/**
 * What a list of batches shows: one row per batch.
 *
 * @param records  how many records the batch has so far
 * @param anchored how many of them are anchored on chain
 */
public record BatchSummary(String batchId, String lineId, Instant firstRecordedAt, Instant lastRecordedAt,
                           long records, long anchored) {
}
