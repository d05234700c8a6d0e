package io.lineledger.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The line was not observed from {@code from} to {@code to}: whatever the PLC produced then is not in the
 * records. Written as a {@link RecordTypes#GAP} record, anchored like any other, and shown on the certificate of
 * every batch it touches.
 *
 * @param lineId the line
 * @param from   last moment the line was known to be observed (inclusive bound of the blind interval)
 * @param to     first moment it was observed again
 * @param cause  one of the {@code CAUSE_*} constants
 * @param detail free text for people (status code, counts), may be empty
 */
public record ObservationGap(String lineId, Instant from, Instant to, String cause, String detail)
        implements LineObservation {

    /** The OPC UA session to the PLC was lost. */
    public static final String CAUSE_SESSION_LOST = "opcua-session-lost";
    /** The server dropped or stopped serving the subscription (status change, watchdog, failed transfer). */
    public static final String CAUSE_SUBSCRIPTION_LOST = "opcua-subscription-lost";
    /** The server's queue for a monitored item overflowed, or it reported lost notifications. */
    public static final String CAUSE_QUEUE_OVERFLOW = "opcua-queue-overflow";
    /** LineLedger itself was not running (stopped, crashed, restarted). */
    public static final String CAUSE_LINELEDGER_DOWN = "lineledger-down";
    /** Values were read but dropped before they reached the store (ingest overloaded). */
    public static final String CAUSE_INGEST_DROPPED = "ingest-dropped";

    public ObservationGap {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
        detail = detail == null ? "" : detail;
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("gap of line " + lineId + " ends (" + to + ") before it starts ("
                    + from + ")");
        }
    }

    /** Whether the blind interval overlaps {@code [start, end]}. */
    public boolean touches(Instant start, Instant end) {
        return !to.isBefore(start) && !from.isAfter(end);
    }

    /** The {@code gap} record draft of this gap (no batch: a gap belongs to the line). */
    public RecordDraft toDraft() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("from", from.toString());
        fields.put("to", to.toString());
        fields.put("cause", cause);
        fields.put("detail", detail);
        return new RecordDraft(lineId, RecordTypes.GAP, null, fields);
    }

    /** Reads a gap back from its record; fails naming the field when the record is not a well-formed gap. */
    public static ObservationGap of(LineRecord record) {
        if (!RecordTypes.GAP.equals(record.type())) {
            throw new IllegalArgumentException("record " + record.lineId() + "#" + record.seq() + " is a '"
                    + record.type() + "' record, not a gap");
        }
        return new ObservationGap(record.lineId(), instant(record, "from"), instant(record, "to"),
                String.valueOf(record.fields().get("cause")),
                record.fields().get("detail") instanceof String d ? d : "");
    }

    private static Instant instant(LineRecord record, String field) {
        if (!(record.fields().get(field) instanceof String text)) {
            throw new IllegalArgumentException("gap record " + record.lineId() + "#" + record.seq()
                    + ": field '" + field + "' must be a time, got " + record.fields().get(field));
        }
        return Instant.parse(text);
    }
}
