package io.lineledger.plcsim.model;

import java.util.List;

/**
 * What a line does next: after {@code delayMs} since the previous step, publish {@code writes} at once, in
 * order.
 *
 * @param delayMs      wait before this step, from the previous one
 * @param phase        what this step is
 * @param writes       tag values changed by this step
 * @param clockSkewMs  added to the source time of the writes (the clockSkew fault); usually 0
 */
public record Step(long delayMs, Phase phase, List<TagWrite> writes, long clockSkewMs) {

    public enum Phase {
        /** Product and BatchId set, stations reset to Idle, the line not yet running. */
        BATCH_SETUP,
        /** BatchState Running, stations Execute. */
        BATCH_RUNNING,
        /** One part made: measurements and counters. */
        PART,
        /** BatchState Complete, stations Complete. */
        BATCH_COMPLETE,
        /** A command (StartBatch, Stop, Reset, Abort, Acknowledge) applied. */
        COMMAND,
        /** A fault began or ended. */
        FAULT
    }

    public Step {
        if (delayMs < 0) {
            throw new IllegalArgumentException("delayMs must be >= 0: " + delayMs);
        }
        writes = List.copyOf(writes);
    }

    public Step(long delayMs, Phase phase, List<TagWrite> writes) {
        this(delayMs, phase, writes, 0);
    }

    /** The last value this step writes to {@code tag}, or null. */
    public Object valueOf(String tag) {
        Object value = null;
        for (TagWrite write : writes) {
            if (write.tag().equals(tag)) {
                value = write.value();
            }
        }
        return value;
    }
}
