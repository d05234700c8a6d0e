package io.lineledger.plcsim.server;

import io.lineledger.plcsim.model.CommandResult;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A method that hands its arguments to the simulator and answers with a status code: Good, Bad_InvalidArgument
 * or Bad_InvalidState (with the reason as the diagnostic text in the server log), never an exception.
 */
final class CommandMethod extends AbstractMethodInvocationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CommandMethod.class);

    private final Argument[] inputs;
    private final Function<Variant[], CommandResult> action;

    CommandMethod(UaMethodNode node, Argument[] inputs, Function<Variant[], CommandResult> action) {
        super(node);
        this.inputs = inputs;
        this.action = action;
    }

    @Override
    public Argument[] getInputArguments() {
        return inputs;
    }

    @Override
    public Argument[] getOutputArguments() {
        return new Argument[0];
    }

    @Override
    protected Variant[] invoke(InvocationContext context, Variant[] inputValues) throws UaException {
        CommandResult result;
        try {
            result = action.apply(inputValues);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new UaException(StatusCodes.Bad_InvalidArgument, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", getNode().getBrowseName().name(), e.toString());
            throw new UaException(StatusCodes.Bad_InternalError, e.toString());
        }
        switch (result.outcome()) {
            case DONE -> {
                return new Variant[0];
            }
            case INVALID_ARGUMENT -> {
                LOG.info("{} refused: {}", getNode().getBrowseName().name(), result.message());
                throw new UaException(StatusCodes.Bad_InvalidArgument, result.message());
            }
            default -> {
                LOG.info("{} refused: {}", getNode().getBrowseName().name(), result.message());
                throw new UaException(StatusCodes.Bad_InvalidState, result.message());
            }
        }
    }
}
