package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.BatchesReport;
import io.lineledger.shell.internal.RunningParts;
import io.lineledger.store.RecordStore;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lineledger", name = "batches", description = "Lists the most recent batches, newest first: "
        + "records and how many of them are anchored")
@Service
public class BatchesCommand implements Action {

    @Reference
    RunningParts parts;

    @Option(name = "--line", aliases = "-l", description = "Only the batches of this line")
    @Completion(LineIdCompleter.class)
    String lineId;

    @Option(name = "--limit", aliases = "-n", description = "How many batches (default 20)")
    int limit = 20;

    @Override
    public Object execute() {
        RecordStore store = parts.store().orElse(null);
        if (store == null) {
            System.out.println("store: not installed");
            return null;
        }
        System.out.print(BatchesReport.render(store, lineId, limit));
        return null;
    }
}
