package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineRecordTest {

    private final LineRecord record = SampleRecords.chain("line-1", 1).get(0);

    @Test
    void sealedRecordRoundTripsThroughItsCanonicalJsonAndSalt() {
        LineRecord back = LineRecord.fromCanonical(record.canonicalJson(), record.salt());
        assertEquals(record, back);
        assertEquals(record.digest(), back.digest());
        assertEquals("line-1", back.lineId());
        assertEquals(1, back.seq());
        assertEquals("quality", back.type());
        assertEquals("B-2025-00", back.batchId());
        assertEquals(SampleRecords.T0.plusSeconds(1), back.recordedAt());
        assertEquals(Bytes32.ZERO, back.prevDigest());
        assertEquals("Zoë", back.fields().get("operator"));
    }

    @Test
    void sealedJsonIsCanonicalAndHoldsEveryField() {
        assertEquals(CanonicalJson.canonicalize(record.canonicalJson()), record.canonicalJson());
        assertEquals("{\"batch\":\"B-2025-00\",\"fields\":{\"fillWeight\":501.25,\"inSpec\":true,\"operator\":\"Zoë\","
                + "\"station\":\"station1\"},\"line\":\"line-1\",\"prev\":\"" + Bytes32.ZERO.hex() + "\","
                + "\"recordedAt\":\"2025-03-01T06:00:01Z\",\"seq\":1,\"type\":\"quality\",\"v\":1}",
                record.canonicalJson());
    }

    @Test
    void digestIsKeccakOfSaltThenUtf8CanonicalJson() {
        assertEquals(Keccak.hash(record.salt().bytes(), record.canonicalJson().getBytes(StandardCharsets.UTF_8)),
                record.digest());
        assertEquals(RecordDigest.of(record.salt(), record.canonicalJson()), record.digest());
    }

    @Test
    void changingOneByteOfTheJsonChangesTheDigest() {
        String tampered = record.canonicalJson().replace("501.25", "501.26");
        assertNotEquals(record.canonicalJson(), tampered);
        assertNotEquals(record.digest(), LineRecord.fromCanonical(tampered, record.salt()).digest());
    }

    @Test
    void changingOneBitOfTheSaltChangesTheDigest() {
        byte[] salt = record.salt().bytes();
        salt[17] ^= 1;
        assertNotEquals(record.digest(), LineRecord.fromCanonical(record.canonicalJson(), Bytes32.of(salt)).digest());
    }

    @Test
    void nonCanonicalSpellingOfTheSameJsonGivesTheSameDigest() {
        String pretty = "{ \"v\": 1, \"type\": \"quality\", \"seq\": 1.0e0, " + record.canonicalJson().substring(1)
                .replace(",\"seq\":1,\"type\":\"quality\",\"v\":1}", "}");
        LineRecord back = LineRecord.fromCanonical(pretty, record.salt());
        assertEquals(record.digest(), back.digest());
        assertEquals(record.canonicalJson(), back.canonicalJson());
    }

    @Test
    void eachRecordsPrevIsTheDigestOfItsPredecessor() {
        List<LineRecord> chain = SampleRecords.chain("line-1", 5);
        assertEquals(Bytes32.ZERO, chain.get(0).prevDigest());
        for (int n = 1; n < chain.size(); n++) {
            assertEquals(n + 1, chain.get(n).seq());
            assertEquals(chain.get(n - 1).digest(), chain.get(n).prevDigest());
            assertTrue(chain.get(n).canonicalJson().contains("\"prev\":\"" + chain.get(n - 1).digest().hex() + "\""));
        }
    }

    @Test
    void thePredecessorIsPartOfTheDigest() {
        LineRecord second = SampleRecords.chain("line-1", 2).get(1);
        LineRecord relinked = LineRecord.seal(SampleRecords.draft("line-1", 2), 2, Bytes32.fromHex("0x" + "11".repeat(32)),
                second.recordedAt(), second.salt());
        assertNotEquals(second.digest(), relinked.digest());
    }

    @Test
    void malformedRecordJsonIsRejectedNamingTheField() {
        String json = record.canonicalJson();
        assertMessage("'line'", json.replace("\"line\":\"line-1\"", "\"lane\":\"line-1\""));
        assertMessage("'line'", json.replace("\"line\":\"line-1\"", "\"line\":7"));
        assertMessage("'seq'", json.replace("\"seq\":1", "\"seq\":0"));
        assertMessage("'seq'", json.replace("\"seq\":1", "\"seq\":1.5"));
        assertMessage("'seq'", json.replace("\"seq\":1", "\"seq\":\"1\""));
        assertMessage("'recordedAt'", json.replace("2025-03-01T06:00:01Z", "yesterday"));
        assertMessage("'prev'", json.replace(Bytes32.ZERO.hex(), "0x00"));
        assertMessage("'batch'", json.replace("\"B-2025-00\"", "42"));
        assertMessage("'fields'", json.replaceFirst("\"fields\":\\{[^}]*}", "\"fields\":[1]"));
        assertThrows(IllegalArgumentException.class, () -> LineRecord.fromCanonical("[1]", record.salt()));
    }

    @Test
    void recordWithoutBatchOrFieldsIsAccepted() {
        LineRecord bare = LineRecord.seal(new RecordDraft("line-2", "line-started", null, null), 1, Bytes32.ZERO,
                SampleRecords.T0, SampleRecords.salt(0));
        assertEquals(Map.of(), bare.fields());
        assertEquals(bare, LineRecord.fromCanonical(bare.canonicalJson(), bare.salt()));
    }

    private void assertMessage(String expected, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineRecord.fromCanonical(json, record.salt()), json);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
