package io.lineledger.routes;

/**
 * The rules of one line at one moment.
 *
 * @param lineId       the line
 * @param runningBatch the batch that runs by the rules' account, or null
 * @param deadLetters  values the rules refused
 * @param spool        record drafts held while the store refused appends
 */
public record RulesStatus(String lineId, String runningBatch, DeadLetterStatus deadLetters, SpoolStatus spool) {
}
