package io.lineledger.shell.internal.commands;

import io.lineledger.shell.internal.RunningParts;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the lines any part knows. */
@Service
public class LineIdCompleter implements Completer {

    @Reference
    RunningParts parts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(parts.snapshot().lineIds()).complete(session, commandLine, candidates);
    }
}
