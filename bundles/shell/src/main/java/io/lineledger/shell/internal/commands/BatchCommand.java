package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.BatchReport;
import io.lineledger.shell.internal.RunningParts;
import io.lineledger.store.RecordStore;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lineledger", name = "batch", description = "Shows one batch: records by type, recorded verdict and "
        + "reasons, gaps that touch its run, and where its records are anchored")
@Service
public class BatchCommand implements Action {

    @Reference
    RunningParts parts;

    @Argument(index = 0, name = "batchId", required = true, description = "The batch id, e.g. LOT-20261202-0001")
    @Completion(BatchIdCompleter.class)
    String batchId;

    @Override
    public Object execute() {
        RecordStore store = parts.store().orElse(null);
        if (store == null) {
            System.out.println("store: not installed");
            return null;
        }
        System.out.print(BatchReport.render(store, batchId)
                .orElse("No record of batch '" + batchId + "' in the store (lineledger:batches lists them)\n"));
        return null;
    }
}
