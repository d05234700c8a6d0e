package io.lineledger.plcsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PackMlStateMachineTest {

    /** The legal command transitions of OPC 30050 / ISA-TR88.00.02, written out: state command → state. */
    private static final String LEGAL = """
            STOPPED RESET RESETTING
            COMPLETE RESET RESETTING
            IDLE START STARTING
            EXECUTE HOLD HOLDING
            HELD UNHOLD UNHOLDING
            EXECUTE SUSPEND SUSPENDING
            SUSPENDED UNSUSPEND UNSUSPENDING
            ABORTED CLEAR CLEARING
            CLEARING ABORT ABORTING
            STOPPED ABORT ABORTING
            STARTING ABORT ABORTING
            IDLE ABORT ABORTING
            SUSPENDED ABORT ABORTING
            EXECUTE ABORT ABORTING
            STOPPING ABORT ABORTING
            HOLDING ABORT ABORTING
            HELD ABORT ABORTING
            UNHOLDING ABORT ABORTING
            SUSPENDING ABORT ABORTING
            UNSUSPENDING ABORT ABORTING
            RESETTING ABORT ABORTING
            COMPLETING ABORT ABORTING
            COMPLETE ABORT ABORTING
            STARTING STOP STOPPING
            IDLE STOP STOPPING
            SUSPENDED STOP STOPPING
            EXECUTE STOP STOPPING
            HOLDING STOP STOPPING
            HELD STOP STOPPING
            UNHOLDING STOP STOPPING
            SUSPENDING STOP STOPPING
            UNSUSPENDING STOP STOPPING
            RESETTING STOP STOPPING
            COMPLETING STOP STOPPING
            COMPLETE STOP STOPPING
            """;

    private static final Map<String, PackMlState> LEGAL_TARGETS = LEGAL.lines()
            .map(line -> line.trim().split(" "))
            .collect(Collectors.toMap(p -> p[0] + " " + p[1], p -> PackMlState.valueOf(p[2])));

    static Stream<Arguments> legalTransitions() {
        return LEGAL_TARGETS.entrySet().stream().map(e -> {
            String[] key = e.getKey().split(" ");
            return Arguments.of(PackMlState.valueOf(key[0]), PackMlCommand.valueOf(key[1]), e.getValue());
        });
    }

    static Stream<Arguments> illegalTransitions() {
        List<Arguments> illegal = new ArrayList<>();
        for (PackMlState state : PackMlState.values()) {
            for (PackMlCommand command : PackMlCommand.values()) {
                if (!LEGAL_TARGETS.containsKey(state + " " + command)) {
                    illegal.add(Arguments.of(state, command));
                }
            }
        }
        return illegal.stream();
    }

    @Test
    void theModelHasSeventeenStatesNumberedOneToSeventeen() {
        assertEquals(17, PackMlState.values().length);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17),
                Arrays.stream(PackMlState.values()).map(PackMlState::number).sorted().toList());
        assertEquals(6, PackMlState.EXECUTE.number());
        assertEquals("Execute", PackMlState.EXECUTE.displayName());
    }

    @Test
    void thereAre35LegalAnd118IllegalCommandTransitions() {
        assertEquals(35, legalTransitions().count());
        assertEquals(17 * 9 - 35, illegalTransitions().count());
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("legalTransitions")
    void aLegalCommandMovesToItsState(PackMlState from, PackMlCommand command, PackMlState to) {
        PackMlStateMachine machine = new PackMlStateMachine(from, UnitMode.PRODUCTION);

        assertEquals(to, machine.target(command));
        assertEquals(to, machine.fire(command));
        assertEquals(to, machine.state());
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("illegalTransitions")
    void anIllegalCommandIsRefusedAndTheStateStays(PackMlState from, PackMlCommand command) {
        PackMlStateMachine machine = new PackMlStateMachine(from, UnitMode.PRODUCTION);

        assertNull(machine.target(command));
        PackMlTransitionException e = assertThrows(PackMlTransitionException.class, () -> machine.fire(command));
        assertTrue(e.getMessage().contains(command.name()) && e.getMessage().contains(from.name()), e.getMessage());
        assertEquals(from, machine.state());
    }

    @ParameterizedTest(name = "{0} completes")
    @EnumSource(value = PackMlState.class, names = {"CLEARING", "STARTING", "EXECUTE", "COMPLETING", "RESETTING",
        "HOLDING", "UNHOLDING", "SUSPENDING", "UNSUSPENDING", "STOPPING", "ABORTING"})
    void anActingStateEndsWithStateComplete(PackMlState acting) {
        Map<PackMlState, PackMlState> next = Map.ofEntries(
                Map.entry(PackMlState.CLEARING, PackMlState.STOPPED),
                Map.entry(PackMlState.STARTING, PackMlState.EXECUTE),
                Map.entry(PackMlState.EXECUTE, PackMlState.COMPLETING),
                Map.entry(PackMlState.COMPLETING, PackMlState.COMPLETE),
                Map.entry(PackMlState.RESETTING, PackMlState.IDLE),
                Map.entry(PackMlState.HOLDING, PackMlState.HELD),
                Map.entry(PackMlState.UNHOLDING, PackMlState.EXECUTE),
                Map.entry(PackMlState.SUSPENDING, PackMlState.SUSPENDED),
                Map.entry(PackMlState.UNSUSPENDING, PackMlState.EXECUTE),
                Map.entry(PackMlState.STOPPING, PackMlState.STOPPED),
                Map.entry(PackMlState.ABORTING, PackMlState.ABORTED));
        PackMlStateMachine machine = new PackMlStateMachine(acting, UnitMode.PRODUCTION);

        assertTrue(acting.acting());
        assertEquals(next.get(acting), machine.stateComplete());
    }

    @ParameterizedTest(name = "{0} waits for a command")
    @EnumSource(value = PackMlState.class, names = {"STOPPED", "IDLE", "HELD", "SUSPENDED", "COMPLETE", "ABORTED"})
    void aWaitStateDoesNotCompleteByItself(PackMlState waiting) {
        PackMlStateMachine machine = new PackMlStateMachine(waiting, UnitMode.PRODUCTION);

        assertTrue(!waiting.acting());
        assertThrows(PackMlTransitionException.class, machine::stateComplete);
        assertEquals(waiting, machine.state());
    }

    @Test
    void aBatchRunsStoppedResetIdleStartExecuteCompleteAndResetsAgain() {
        PackMlStateMachine machine = new PackMlStateMachine();
        assertEquals(PackMlState.STOPPED, machine.state());
        machine.fire(PackMlCommand.RESET);
        assertEquals(PackMlState.IDLE, machine.stateComplete());
        machine.fire(PackMlCommand.START);
        assertEquals(PackMlState.EXECUTE, machine.stateComplete());
        machine.stateComplete();
        assertEquals(PackMlState.COMPLETE, machine.stateComplete());
        assertEquals(PackMlState.RESETTING, machine.fire(PackMlCommand.RESET));
    }

    @Test
    void theUnitModeChangesOnlyInStoppedIdleOrAborted() {
        PackMlStateMachine machine = new PackMlStateMachine(PackMlState.IDLE, UnitMode.PRODUCTION);
        machine.changeMode(UnitMode.MAINTENANCE);
        assertEquals(UnitMode.MAINTENANCE, machine.mode());
        assertEquals(2, machine.mode().number());

        PackMlStateMachine executing = new PackMlStateMachine(PackMlState.EXECUTE, UnitMode.PRODUCTION);
        assertThrows(PackMlTransitionException.class, () -> executing.changeMode(UnitMode.MANUAL));
        assertEquals(UnitMode.PRODUCTION, executing.mode());
    }

    @Test
    void suspendIsAProductionModeCommand() {
        PackMlStateMachine maintenance = new PackMlStateMachine(PackMlState.EXECUTE, UnitMode.MAINTENANCE);

        assertThrows(PackMlTransitionException.class, () -> maintenance.fire(PackMlCommand.SUSPEND));
        assertEquals(PackMlState.HOLDING, maintenance.fire(PackMlCommand.HOLD));
    }
}
