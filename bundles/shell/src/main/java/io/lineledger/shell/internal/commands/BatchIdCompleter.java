package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.RunningParts;
import io.lineledger.store.BatchSummary;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the most recent batches. */
@Service
public class BatchIdCompleter implements Completer {

    private static final int RECENT = 100;

    @Reference
    RunningParts parts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = parts.store().map(store -> store.recentBatches(RECENT).stream()
                .map(BatchSummary::batchId).toList()).orElse(List.of());
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
