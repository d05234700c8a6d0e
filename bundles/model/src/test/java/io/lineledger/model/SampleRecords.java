package io.lineledger.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deterministic records of one line, chained as the store chains them. */
final class SampleRecords {

    static final Instant T0 = Instant.parse("2025-03-01T06:00:00Z");

    private SampleRecords() {
    }

    static Bytes32 salt(int i) {
        byte[] salt = new byte[32];
        salt[0] = (byte) 0xa5;
        salt[31] = (byte) i;
        return Bytes32.of(salt);
    }

    static RecordDraft draft(String lineId, int i) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", "station" + (i % 3));
        fields.put("fillWeight", 500.25 + i);
        fields.put("inSpec", i % 4 != 0);
        fields.put("operator", "Zoë");
        return new RecordDraft(lineId, "quality", "B-2025-0" + (i / 5), fields);
    }

    /** Records 1..count of {@code lineId}, each pointing at its predecessor's digest. */
    static List<LineRecord> chain(String lineId, int count) {
        List<LineRecord> records = new ArrayList<>();
        Bytes32 prev = Bytes32.ZERO;
        for (int seq = 1; seq <= count; seq++) {
            LineRecord record = LineRecord.seal(draft(lineId, seq), seq, prev, T0.plusSeconds(seq), salt(seq));
            records.add(record);
            prev = record.digest();
        }
        return records;
    }
}
