package io.lineledger.plcsim.model;

import static io.lineledger.plcsim.model.PackMlState.*;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The PackML state machine of one unit (OPC 30050 / ISA-TR88.00.02): commands move it from wait states and
 * interrupt acting states; acting states end with {@link #stateComplete()}. Not thread-safe.
 *
 * <p>Commands: Reset (Stopped, Complete → Resetting), Start (Idle → Starting), Hold (Execute → Holding), Unhold
 * (Held → Unholding), Suspend (Execute → Suspending), Unsuspend (Suspended → Unsuspending), Clear (Aborted →
 * Clearing), Stop (any state but Stopping, Stopped, Clearing, Aborting, Aborted → Stopping), Abort (any state but
 * Aborting, Aborted → Aborting). State complete: Clearing → Stopped, Starting → Execute, Execute → Completing,
 * Completing → Complete, Resetting → Idle, Holding → Held, Unholding → Execute, Suspending → Suspended,
 * Unsuspending → Execute, Stopping → Stopped, Aborting → Aborted. The unit mode changes only in Stopped, Idle
 * or Aborted; Suspend is a Production-mode command.
 */
public final class PackMlStateMachine {

    private static final Set<PackMlState> NOT_STOPPABLE = EnumSet.of(STOPPING, STOPPED, CLEARING, ABORTING, ABORTED);
    private static final Set<PackMlState> NOT_ABORTABLE = EnumSet.of(ABORTING, ABORTED);
    private static final Set<PackMlState> MODE_CHANGE_ALLOWED = EnumSet.of(STOPPED, IDLE, ABORTED);

    private static final Map<PackMlState, PackMlState> ON_STATE_COMPLETE = Map.ofEntries(
            Map.entry(CLEARING, STOPPED),
            Map.entry(STARTING, EXECUTE),
            Map.entry(EXECUTE, COMPLETING),
            Map.entry(COMPLETING, COMPLETE),
            Map.entry(RESETTING, IDLE),
            Map.entry(HOLDING, HELD),
            Map.entry(UNHOLDING, EXECUTE),
            Map.entry(SUSPENDING, SUSPENDED),
            Map.entry(UNSUSPENDING, EXECUTE),
            Map.entry(STOPPING, STOPPED),
            Map.entry(ABORTING, ABORTED));

    private PackMlState state;
    private UnitMode mode;

    /** A unit in Stopped, Production mode: the state after power-up. */
    public PackMlStateMachine() {
        this(STOPPED, UnitMode.PRODUCTION);
    }

    public PackMlStateMachine(PackMlState state, UnitMode mode) {
        this.state = Objects.requireNonNull(state, "state");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public PackMlState state() {
        return state;
    }

    public UnitMode mode() {
        return mode;
    }

    /** The state {@code command} leads to from the current state, or null when the command is not allowed. */
    public PackMlState target(PackMlCommand command) {
        return switch (command) {
            case ABORT -> NOT_ABORTABLE.contains(state) ? null : ABORTING;
            case STOP -> NOT_STOPPABLE.contains(state) ? null : STOPPING;
            case RESET -> state == STOPPED || state == COMPLETE ? RESETTING : null;
            case START -> state == IDLE ? STARTING : null;
            case HOLD -> state == EXECUTE ? HOLDING : null;
            case UNHOLD -> state == HELD ? UNHOLDING : null;
            case SUSPEND -> state == EXECUTE && mode == UnitMode.PRODUCTION ? SUSPENDING : null;
            case UNSUSPEND -> state == SUSPENDED ? UNSUSPENDING : null;
            case CLEAR -> state == ABORTED ? CLEARING : null;
        };
    }

    /**
     * Applies a command.
     *
     * @return the new state
     * @throws PackMlTransitionException when the current state does not accept the command
     */
    public PackMlState fire(PackMlCommand command) {
        PackMlState next = target(command);
        if (next == null) {
            throw new PackMlTransitionException("PackML command " + command + " is not allowed in state " + state
                    + " (mode " + mode + ")");
        }
        state = next;
        return state;
    }

    /**
     * Ends the current acting state.
     *
     * @return the new state
     * @throws PackMlTransitionException in a wait state (Stopped, Idle, Held, Suspended, Complete, Aborted)
     */
    public PackMlState stateComplete() {
        PackMlState next = ON_STATE_COMPLETE.get(state);
        if (next == null) {
            throw new PackMlTransitionException("state " + state + " is a wait state: it ends by a command only");
        }
        state = next;
        return state;
    }

    /** Changes the unit mode; only in Stopped, Idle or Aborted. */
    public void changeMode(UnitMode newMode) {
        Objects.requireNonNull(newMode, "newMode");
        if (!MODE_CHANGE_ALLOWED.contains(state)) {
            throw new PackMlTransitionException("unit mode change to " + newMode + " is not allowed in state " + state);
        }
        mode = newMode;
    }
}
