package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.RunningParts;
import io.lineledger.shell.internal.StatusReport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lineledger", name = "status", description = "How every line stands: alarms first, then per line "
        + "the PLC connection, values, dead letters, spool, store, anchoring and chain",
        detailedDescription = "Reads the status the parts keep (no call to the PLC, the store's last sequences only, "
                + "no call to the chain node). A part that is not installed is shown as 'not installed'. Values per "
                + "second are measured between status calls of the last minute; without one it waits a second.")
@Service
public class StatusCommand implements Action {

    @Reference
    RunningParts parts;

    @Argument(index = 0, name = "lineId", description = "Only this line (and the alarms of no single line)")
    @Completion(LineIdCompleter.class)
    String lineId;

    @Override
    public Object execute() {
        RunningParts.Reading reading = parts.status();
        System.out.print(StatusReport.render(reading.snapshot(), reading.valueRates(), lineId));
        return null;
    }
}
