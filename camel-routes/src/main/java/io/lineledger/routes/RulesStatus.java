package io.lineledger.routes;

/**
 * The rules of one line at one moment.
 *
 * @param lineId       the line
 * @param started      false while the rules wait for the store to take up the line's history (values are not read
 *                     then; the time becomes a {@code lineledger-down} gap once values come again)
 * @param problem      why they have not started, or null
 * @param runningBatch the batch that runs by the rules' account, or null
 * @param deadLetters  values the rules refused
 * @param spool        record drafts held while the store refused appends
 */
public record RulesStatus(String lineId, boolean started, String problem, String runningBatch,
                          DeadLetterStatus deadLetters, SpoolStatus spool) {

    /** Rules that could not start yet. */
    public static RulesStatus notStarted(String lineId, String problem) {
        return new RulesStatus(lineId, false, problem, null,
                new DeadLetterStatus(0, java.util.Map.of(), java.util.List.of()), new SpoolStatus(0, 0, 0, null));
    }
}
