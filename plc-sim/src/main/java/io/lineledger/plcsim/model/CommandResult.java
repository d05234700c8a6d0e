package io.lineledger.plcsim.model;

import java.util.List;

/**
 * The outcome of a command to a line: done (with the values it changed) or refused with a reason.
 *
 * @param outcome what happened
 * @param message why it was refused; empty when done
 * @param writes  the values the command changed, to publish at once
 */
public record CommandResult(Outcome outcome, String message, List<TagWrite> writes) {

    public enum Outcome {
        DONE,
        /** An argument is wrong (empty batch id, unknown product, quantity 0, unknown station). */
        INVALID_ARGUMENT,
        /** The line's state does not allow the command now. */
        INVALID_STATE
    }

    public CommandResult {
        writes = List.copyOf(writes);
    }

    public static CommandResult done(List<TagWrite> writes) {
        return new CommandResult(Outcome.DONE, "", writes);
    }

    public static CommandResult invalidArgument(String message) {
        return new CommandResult(Outcome.INVALID_ARGUMENT, message, List.of());
    }

    public static CommandResult invalidState(String message) {
        return new CommandResult(Outcome.INVALID_STATE, message, List.of());
    }

    public boolean done() {
        return outcome == Outcome.DONE;
    }
}
