package io.lineledger.plcsim.server;

import io.lineledger.plcsim.model.CommandResult;

/** What the server's methods do: the simulator carries them out on its lines. */
public interface LineControl {

    CommandResult startBatch(String line, String batchId, String product, long quantity);

    CommandResult stop(String line);

    CommandResult reset(String line);

    CommandResult abort(String line);

    CommandResult acknowledge(String line, String station);

    /**
     * Injects a fault now.
     *
     * @param type       a fault type key, e.g. {@code stuckInHeld}
     * @param target     {@code Line1} or {@code Line1.Capper}; empty for serverRestart
     * @param durationMs how long
     * @param parameter  burstRate: the factor; clockSkew: the skew in ms; otherwise ignored
     */
    CommandResult injectFault(String type, String target, long durationMs, double parameter);

    /** No methods: every call is refused (a server of plain tags, e.g. for benchmarks). */
    LineControl NONE = new LineControl() {
        private CommandResult refused() {
            return CommandResult.invalidState("this server has no lines to control");
        }

        @Override
        public CommandResult startBatch(String line, String batchId, String product, long quantity) {
            return refused();
        }

        @Override
        public CommandResult stop(String line) {
            return refused();
        }

        @Override
        public CommandResult reset(String line) {
            return refused();
        }

        @Override
        public CommandResult abort(String line) {
            return refused();
        }

        @Override
        public CommandResult acknowledge(String line, String station) {
            return refused();
        }

        @Override
        public CommandResult injectFault(String type, String target, long durationMs, double parameter) {
            return refused();
        }
    };
}
