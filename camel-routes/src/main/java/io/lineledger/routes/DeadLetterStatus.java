package io.lineledger.routes;

import java.util.List;
import java.util.Map;

/**
 * Values the rules refused since they started.
 *
 * @param total   how many
 * @param byCause how many per cause
 * @param recent  the last few, newest last
 */
public record DeadLetterStatus(long total, Map<DeadLetterCause, Long> byCause, List<DeadLetter> recent) {

    public DeadLetterStatus {
        byCause = Map.copyOf(byCause);
        recent = List.copyOf(recent);
    }
}
