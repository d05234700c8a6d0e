package io.lineledger.status;

import java.util.Objects;

/**
 * A LineLedger component that does not run, and why: what an integrator still has to configure or install.
 *
 * @param bundle    the bundle's symbolic name, e.g. {@code io.lineledger.ledger}
 * @param component the component's name (its class)
 * @param reason    what it waits for
 * @param pid       the configuration PID it reads, e.g. {@code io.lineledger.ledger}; null when it has none
 * @param detail    one sentence: the services it lacks, or why its activation failed (the component's own message,
 *                  which names the PID, the key and the value at fault); null when it only lacks its configuration
 */
public record WaitingComponent(String bundle, String component, Reason reason, String pid, String detail) {

    public enum Reason {
        /** Its configuration is required and there is none: create {@code etc/<pid>.cfg}. */
        NO_CONFIGURATION,
        /** It has a configuration but its activation failed, e.g. a value it refuses. */
        ACTIVATION_FAILED,
        /** A service it needs is not there (a part not installed, or one that waits itself). */
        SERVICE_MISSING
    }

    public WaitingComponent {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(reason, "reason");
    }

    /** What people read: which component, what it waits for and what to do. */
    public String describe() {
        String who = shortName(component) + " (" + bundle + ")";
        return switch (reason) {
            case NO_CONFIGURATION -> who + " waits for its configuration: create etc/" + pid + ".cfg";
            case ACTIVATION_FAILED -> who + " did not start" + (pid == null ? "" : " with etc/" + pid + ".cfg")
                    + ": " + detail;
            case SERVICE_MISSING -> who + " waits for " + detail;
        };
    }

    private static String shortName(String component) {
        int dot = component.lastIndexOf('.');
        return dot < 0 ? component : component.substring(dot + 1);
    }
}
