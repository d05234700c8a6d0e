package io.lineledger.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The certificate per characteristic: grouping, limits, statistics recorded or computed, verdicts, alarms. */
class CharacteristicRowsTest {

    private static final double EPS = 1e-9;

    private final RecordStore store = H2RecordStores.newStore();
    private final CertificateView view = new CertificateView(store);

    private CharacteristicRow characteristic(BatchCertificate c, String name) {
        return c.characteristics().stream().filter(ch -> ch.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void qualityRecordsAreGroupedPerCharacteristicWithTheirLimitsUnitStationAndValues() {
        Characteristics.passingBatch(store, "LOT-M", true);

        BatchCertificate c = view.of("LOT-M").orElseThrow();

        assertEquals(2, c.characteristics().size());
        CharacteristicRow weight = characteristic(c, "fillWeight");
        assertEquals("checkweigher", weight.station());
        assertEquals("g", weight.unit());
        assertEquals(500.0, weight.nominal());
        assertEquals(495.0, weight.lsl());
        assertEquals(505.0, weight.usl());
        assertEquals(List.of(500.2, 499.8, 500.3), weight.values());
        CharacteristicRow torque = characteristic(c, "capTorque");
        assertEquals("Nm", torque.unit());
        assertNull(torque.nominal(), "no nominal configured");
        assertEquals(List.of(1.6, 1.5, 1.7), torque.values());
        assertEquals("PASS", weight.verdict());
        assertEquals("PASS", torque.verdict());
    }

    @Test
    void statisticsOfTheBatchCompletedRecordAreUsedWhenItHasThem() {
        Characteristics.passingBatch(store, "LOT-M", true);

        CharacteristicRow weight = characteristic(view.of("LOT-M").orElseThrow(), "fillWeight");

        assertTrue(weight.recorded());
        assertEquals(SampleStatistics.of(List.of(500.2, 499.8, 500.3), 495.0, 505.0), weight.statistics());
    }

    @Test
    void withoutRecordedStatisticsTheyAreComputedFromTheQualityRecordsCpAndCpkIncluded() {
        Characteristics.passingBatch(store, "LOT-OLD", false);

        CharacteristicRow weight = characteristic(view.of("LOT-OLD").orElseThrow(), "fillWeight");

        assertFalse(weight.recorded());
        SampleStatistics s = weight.statistics();
        double mean = (500.2 + 499.8 + 500.3) / 3;
        double sd = Math.sqrt((Math.pow(500.2 - mean, 2) + Math.pow(499.8 - mean, 2) + Math.pow(500.3 - mean, 2)) / 2);
        assertEquals(3, s.n());
        assertEquals(mean, s.mean(), EPS);
        assertEquals(sd, s.stdDev(), EPS);
        assertEquals(499.8, s.min());
        assertEquals(500.3, s.max());
        assertEquals(10.0 / (6 * sd), s.cp(), 1e-6);
        assertEquals(Math.min(505.0 - mean, mean - 495.0) / (3 * sd), s.cpk(), 1e-6);
    }

    @Test
    void theSingleCharacteristicOfOlderBatchesIsComputedToo() {
        Batches.complete3(store, "LOT-1", 510.4);

        BatchCertificate c = view.of("LOT-1").orElseThrow();

        assertEquals(1, c.characteristics().size());
        CharacteristicRow weight = c.characteristics().get(0);
        assertEquals("fillWeight", weight.name());
        assertEquals(3, weight.statistics().n());
        assertEquals(510.4, weight.statistics().max());
        assertEquals(1, weight.failed());
        assertEquals("FAIL", weight.verdict());
        assertEquals(List.of("1 of 3 values out of spec"), weight.notes());
    }

    @Test
    void aCharacteristicWithFewerValuesThanPartsIsIncompleteAndOneWithoutAnyToo() {
        Characteristics.start(store, "LOT-F", "Olive oil 500 ml", null);
        Characteristics.measure(store, "LOT-F", "fillWeight", 500.0, 1, 0);
        Characteristics.measure(store, "LOT-F", "fillWeight", 500.1, 2, 0);
        Characteristics.complete(store, "LOT-F", 0, 2, 0, 2L, "INCOMPLETE", List.of("no quality records of capTorque"),
                Map.of("fillWeight", Map.of("n", 2, "mean", 500.05, "min", 500.0, "max", 500.1),
                        "capTorque", Map.of("n", 0)));

        BatchCertificate c = view.of("LOT-F").orElseThrow();

        CharacteristicRow torque = characteristic(c, "capTorque");
        assertEquals("INCOMPLETE", torque.verdict());
        assertEquals(0, torque.statistics().n());
        assertEquals(List.of("no values recorded"), torque.notes());
        assertEquals("PASS", characteristic(c, "fillWeight").verdict());

        Characteristics.start(store, "LOT-G", "Olive oil 500 ml", null);
        Characteristics.measure(store, "LOT-G", "fillWeight", 500.0, 1, 0);
        Characteristics.complete(store, "LOT-G", 1, 1, 0, 5L, "INCOMPLETE", List.of(), null);
        CharacteristicRow partly = characteristic(view.of("LOT-G").orElseThrow(), "fillWeight");
        assertEquals("INCOMPLETE", partly.verdict());
        assertEquals(List.of("1 of 5 parts measured"), partly.notes());
    }

    @Test
    void whileTheBatchRunsCharacteristicsAreInProgressWithTheirStatisticsSoFar() {
        Characteristics.start(store, "LOT-R", "Olive oil 500 ml", null);
        Characteristics.measure(store, "LOT-R", "fillWeight", 500.0, 1, 0);
        Characteristics.measure(store, "LOT-R", "fillWeight", 501.0, 2, 0);

        CharacteristicRow weight = characteristic(view.of("LOT-R").orElseThrow(), "fillWeight");

        assertEquals(BatchCertificate.IN_PROGRESS, weight.verdict());
        assertEquals(500.5, weight.statistics().mean(), EPS);
    }

    @Test
    void alarmsRecipeAndPlcCountersOfTheBatchAreOnTheCertificate() {
        Characteristics.passingBatch(store, "LOT-M", true);

        BatchCertificate c = view.of("LOT-M").orElseThrow();

        assertEquals("R-7", c.recipe());
        assertEquals(Map.of("good", 3L, "reject", 0L), c.plcCounts());
        assertEquals(2, c.alarms().size());
        assertEquals("DoorOpen", c.alarms().get(0).alarm());
        assertTrue(c.alarms().get(0).raised());
        assertEquals("cleared", c.alarms().get(1).state());
        assertEquals("2025-03-04T08:00:40Z", c.alarms().get(1).time());
    }

    @Test
    void certificateNumberIsDerivedFromLineAndBatchAndTellsLookalikesApart() {
        Characteristics.passingBatch(store, "LOT-M", true);

        BatchCertificate c = view.of("LOT-M").orElseThrow();

        assertTrue(c.certificateNumber().matches("LL-line-1-LOT-M-[0-9a-f]{8}"), c.certificateNumber());
        assertEquals(c.certificateNumber(), view.of("LOT-M").orElseThrow().certificateNumber());
    }
}
