package io.lineledger.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One value change read from a production line.
 *
 * @param lineId     the line the tag belongs to (from the tag map), e.g. {@code line-1}
 * @param tag        the logical tag name from the tag map, e.g. {@code batchId}, {@code station2.fillWeight}
 * @param value      String, Boolean, Long or Double; null when the source reported no value
 * @param sourceTime when the PLC says the value changed
 * @param status     OPC UA status class: {@code Good}, {@code Uncertain} or {@code Bad}
 */
public record ProductionEvent(String lineId, String tag, Object value, Instant sourceTime, String status)
        implements LineObservation {

    public ProductionEvent {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(sourceTime, "sourceTime");
        Objects.requireNonNull(status, "status");
    }

    public boolean isGood() {
        return "Good".equals(status);
    }
}
