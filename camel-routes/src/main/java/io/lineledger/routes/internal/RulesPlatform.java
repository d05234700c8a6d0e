package io.lineledger.routes.internal;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What the rules of every line share (one instance, configured by {@code io.lineledger.routes}): the settings of the
 * spool and appends, the line ids in use, and the route files.
 */
public interface RulesPlatform {

    /** The rules' settings for a line. */
    RulesSettings settingsFor(LineDefinition line);

    /** Claims a line id for a configuration; fails naming both when another configuration has it. */
    void claim(String lineId, String pid);

    void release(String lineId, String pid);

    /** The route files now, by name, route configuration first. */
    Map<String, String> routeFiles();

    /**
     * Starts a line's rules on one of the few threads all lines share: {@code tryStart} runs there, and again every few
     * seconds while it returns false. Closing the handle cancels the tries not yet run.
     */
    AutoCloseable startLine(String lineId, BooleanSupplier tryStart);

    /** Calls {@code listener} after each change of the route files; closing the handle stops it. */
    AutoCloseable onRouteFilesChanged(Consumer<Map<String, String>> listener);
}
