package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.LinesReport;
import io.lineledger.shell.internal.RunningParts;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lineledger", name = "anchor", description = "Closes every line's anchoring window now, without "
        + "waiting for maxRecords or maxMillis, and drives open jobs once (lines in RETRYING or ALARM too)",
        detailedDescription = "Returns once the pass is done; receipts of the transactions it sent are read by later "
                + "passes. lineledger:status then shows the last anchored sequence of each line.")
@Service
public class AnchorCommand implements Action {

    @Reference
    RunningParts parts;

    @Override
    public Object execute() {
        if (!parts.anchorPending()) {
            System.out.println("anchoring: not installed (feature lineledger-ledger)");
            return null;
        }
        System.out.println("Anchoring pass done; transactions sent now are marked anchored by the next passes.");
        System.out.print(LinesReport.render(parts.snapshot()));
        return null;
    }
}
