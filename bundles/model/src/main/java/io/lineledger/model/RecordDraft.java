package io.lineledger.model;

import java.util.Map;
import java.util.Objects;

/**
 * A record before it is committed: the store gives it its sequence number, predecessor digest, time and
 * salt, which turns it into a {@link LineRecord}.
 *
 * @param lineId  the production line
 * @param type    what the record states, e.g. {@code batch-started}, {@code quality}, {@code batch-completed}
 * @param batchId the batch it belongs to, or null
 * @param fields  the record's content: JSON-compatible values (String, Number, Boolean, Map, List, null)
 */
public record RecordDraft(String lineId, String type, String batchId, Map<String, Object> fields) {

    public RecordDraft {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(type, "type");
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
