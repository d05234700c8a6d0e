package io.lineledger.routes;

/**
 * Record drafts the store did not take when they were made (it failed or the line is fenced), held in a durable
 * journal and drained into the store in order once it takes appends again.
 *
 * @param held           drafts held since the rules started
 * @param drained        drafts moved from the journal into the store since the rules started
 * @param pending        drafts in the journal now, waiting for the store
 * @param lastStoreError the store's last refusal while drafts were pending, or null
 */
public record SpoolStatus(long held, long drained, long pending, String lastStoreError) {
}
