package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.LinesReport;
import io.lineledger.shell.internal.RunningParts;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lineledger", name = "lines", description = "Lists the lines: PLC connection, rules, running batch, "
        + "last sequence, anchoring state and the configuration each comes from")
@Service
public class LinesCommand implements Action {

    @Reference
    RunningParts parts;

    @Override
    public Object execute() {
        System.out.print(LinesReport.render(parts.snapshot()));
        return null;
    }
}
