package io.lineledger.routes.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Which configuration runs the rules of which line: the first configuration of a line id keeps it; a second one with
 * the same id is refused naming both, so records of two configurations never mix in one line.
 */
public final class LineClaims {

    private final Map<String, String> owners = new HashMap<>();

    /** Claims {@code lineId} for {@code pid}; fails naming both configurations when another has it. */
    public synchronized void claim(String lineId, String pid) {
        String owner = owners.putIfAbsent(lineId, pid);
        if (owner != null && !owner.equals(pid)) {
            throw new IllegalArgumentException(pid + ": lineId = '" + lineId + "': already used by " + owner
                    + "; this configuration does not start (give each line its own lineId)");
        }
    }

    /** Gives the id up, if {@code pid} has it. */
    public synchronized void release(String lineId, String pid) {
        owners.remove(lineId, pid);
    }
}
