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
 * @param routeFiles   route files refused (file:line: reason); their previous version runs, if there was one
 */
public record RulesStatus(String lineId, boolean started, String problem, String runningBatch,
                          DeadLetterStatus deadLetters, SpoolStatus spool, java.util.List<String> routeFiles) {

    public RulesStatus {
        routeFiles = routeFiles == null ? java.util.List.of() : java.util.List.copyOf(routeFiles);
    }

    /** Status without route file problems. */
    public RulesStatus(String lineId, boolean started, String problem, String runningBatch,
                       DeadLetterStatus deadLetters, SpoolStatus spool) {
        this(lineId, started, problem, runningBatch, deadLetters, spool, java.util.List.of());
    }

    /** Rules that could not start yet. */
    public static RulesStatus notStarted(String lineId, String problem) {
        return new RulesStatus(lineId, false, problem, null,
                new DeadLetterStatus(0, java.util.Map.of(), java.util.List.of()), new SpoolStatus(0, 0, 0, null));
    }
}
