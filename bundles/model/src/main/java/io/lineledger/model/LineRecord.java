package io.lineledger.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A committed record of a production line. Its canonical JSON holds every other field, including the
 * sequence number and the digest of its predecessor on the line, so the digest also commits to the hash
 * chain: a deleted, inserted or reordered record breaks the chain off chain as well as on chain.
 *
 * @param canonicalJson RFC 8785 form of the record; what the digest is taken over
 * @param salt          random 32 bytes, kept off chain
 * @param digest        {@code keccak256(salt ‖ canonicalJson)}
 */
public record LineRecord(String lineId, long seq, String type, String batchId, Instant recordedAt,
                         Bytes32 prevDigest, Map<String, Object> fields, String canonicalJson,
                         Bytes32 salt, Bytes32 digest) {

    /** Version of the record JSON layout, stored in the record itself as {@code "v"}. */
    public static final int LAYOUT_VERSION = 1;

    public LineRecord {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(prevDigest, "prevDigest");
        Objects.requireNonNull(canonicalJson, "canonicalJson");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(digest, "digest");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, got " + seq);
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Commits a draft as record {@code seq} of its line, after the record whose digest is {@code prevDigest}. */
    public static LineRecord seal(RecordDraft draft, long seq, Bytes32 prevDigest, Instant recordedAt, Bytes32 salt) {
        // one pass from the values to the canonical text and the fields as they read back from it; the same text
        // as the library path below, which takes what the writer does not reproduce exactly (golden corpus test)
        StringBuilder json = new StringBuilder(384);
        Map<String, Object> canonicalFields;
        String recordedAtText = recordedAt.toString();
        String prevHex = prevDigest.hex();
        CanonicalJsonWriter writer = new CanonicalJsonWriter(json, true);
        try {
            // the layout's keys in RFC 8785 order (UTF-16 code units): batch, fields, line, prev, recordedAt, seq,
            // type, v
            json.append("{\"batch\":");
            writer.value(draft.batchId(), 0);
            json.append(",\"fields\":");
            canonicalFields = asFields(writer.value(draft.fields(), 0));
            json.append(",\"line\":");
            writer.string(draft.lineId());
            json.append(",\"prev\":");
            writer.string(prevHex);
            json.append(",\"recordedAt\":");
            writer.string(recordedAtText);
            json.append(",\"seq\":");
            writer.integral(seq);
            json.append(",\"type\":");
            writer.string(draft.type());
            json.append(",\"v\":").append(LAYOUT_VERSION).append('}');
        } catch (CanonicalJsonWriter.NotHandled e) {
            return sealThroughLibrary(draft, seq, prevDigest, recordedAt, salt);
        }
        if (json.length() > CanonicalJsonWriter.MAX_CHARS) {
            return sealThroughLibrary(draft, seq, prevDigest, recordedAt, salt);
        }
        String canonical = json.toString();
        return new LineRecord(draft.lineId(), seq, draft.type(), draft.batchId(), recordedAt, prevDigest,
                canonicalFields, canonical, salt, RecordDigest.of(salt, canonical));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asFields(Object tree) {
        return (Map<String, Object>) tree;
    }

    /** {@link #seal} through Jackson and the JCS library, as records were sealed first; the reference for the writer. */
    static LineRecord sealThroughLibrary(RecordDraft draft, long seq, Bytes32 prevDigest, Instant recordedAt,
                                         Bytes32 salt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", LAYOUT_VERSION);
        json.put("line", draft.lineId());
        json.put("seq", seq);
        json.put("type", draft.type());
        json.put("batch", draft.batchId());
        json.put("recordedAt", recordedAt.toString());
        json.put("prev", prevDigest.hex());
        json.put("fields", draft.fields());
        String canonical = CanonicalJson.throughLibrary(json);
        // read the fields back from the canonical form so that in-memory and stored records are equal
        Map<String, Object> canonicalFields = fieldsOf(parse(canonical));
        return new LineRecord(draft.lineId(), seq, draft.type(), draft.batchId(), recordedAt, prevDigest,
                canonicalFields, canonical, salt, RecordDigest.of(salt, canonical));
    }

    /** Rebuilds a record from its stored canonical JSON and salt; the digest is recomputed. */
    public static LineRecord fromCanonical(String canonicalJson, Bytes32 salt) {
        String canonical = CanonicalJson.canonicalize(canonicalJson);
        // read the canonical text, so that 1.0e0 and 1 are the same number, as they are in the digest
        Map<String, Object> json = parse(canonical);
        Object batch = json.get("batch");
        if (batch != null && !(batch instanceof String)) {
            throw new IllegalArgumentException("record field 'batch' must be a string or null, got " + batch);
        }
        Object fields = json.get("fields");
        if (fields != null && !(fields instanceof Map)) {
            throw new IllegalArgumentException("record field 'fields' must be a JSON object, got " + fields);
        }
        return new LineRecord(string(json, "line"), sequence(json), string(json, "type"), (String) batch,
                instant(json, "recordedAt"), prevDigest(json), fieldsOf(json), canonical, salt,
                RecordDigest.of(salt, canonical));
    }

    /** The record as a JSON object tree (what a proof file embeds). */
    public Map<String, Object> toJsonObject() {
        return parse(canonicalJson);
    }

    static Map<String, Object> parse(String json) {
        try {
            return CanonicalJson.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static Object required(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            throw new IllegalArgumentException("record field '" + field + "' is missing");
        }
        return value;
    }

    private static String string(Map<String, Object> json, String field) {
        Object value = required(json, field);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("record field '" + field + "' must be a string, got " + value);
        }
        return text;
    }

    // a fractional or huge seq must not silently become another whole number
    private static long sequence(Map<String, Object> json) {
        Object value = required(json, "seq");
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
            throw new IllegalArgumentException("record field 'seq' must be a whole number >= 1, got " + value);
        }
        return ((Number) value).longValue();
    }

    private static Instant instant(Map<String, Object> json, String field) {
        String text = string(json, field);
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("record field '" + field + "' must be an ISO-8601 instant, got '"
                    + text + "'", e);
        }
    }

    private static Bytes32 prevDigest(Map<String, Object> json) {
        String text = string(json, "prev");
        try {
            return Bytes32.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("record field 'prev': " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsOf(Map<String, Object> json) {
        Object fields = json.get("fields");
        return fields instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
