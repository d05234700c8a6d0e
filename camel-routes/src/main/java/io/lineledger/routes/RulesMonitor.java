package io.lineledger.routes;

/**
 * What the rules of one line are doing, for status pages, shell commands and health checks: registered as an OSGi
 * service by the rules component, with the line's {@code lineId} as a service property.
 */
public interface RulesMonitor {

    /** A snapshot taken now; never blocks on the store. */
    RulesStatus status();
}
