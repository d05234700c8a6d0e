package io.lineledger.plcsim.model;

import java.util.List;

/**
 * What the line does next: after {@code delayMs} since the previous step, publish {@code writes} at once, in
 * order.
 *
 * @param delayMs wait before this step, from the previous one
 * @param phase   which part of the batch cycle this step is
 * @param writes  tag values changed by this step
 */
public record Step(long delayMs, Phase phase, List<TagWrite> writes) {

    public enum Phase {
        /** Product and BatchId set, the line not yet running. */
        BATCH_SETUP,
        /** BatchState Running. */
        BATCH_RUNNING,
        /** One part made: FillWeight and counters. */
        PART,
        /** BatchState Complete. */
        BATCH_COMPLETE
    }

    public Step {
        if (delayMs < 0) {
            throw new IllegalArgumentException("delayMs must be >= 0: " + delayMs);
        }
        writes = List.copyOf(writes);
    }

    /** The value this step writes to {@code tag}, or null. */
    public Object valueOf(String tag) {
        return writes.stream().filter(w -> w.tag().equals(tag)).map(TagWrite::value).findFirst().orElse(null);
    }
}
