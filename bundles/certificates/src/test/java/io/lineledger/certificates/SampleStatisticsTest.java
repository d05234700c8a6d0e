package io.lineledger.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleStatisticsTest {

    private static final double EPS = 1e-9;

    @Test
    void meanSampleStandardDeviationMinMaxAndCapabilityOfKnownValues() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7
        SampleStatistics s = SampleStatistics.of(List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0), 0.0, 12.0);

        double sd = Math.sqrt(32.0 / 7);
        assertEquals(8, s.n());
        assertEquals(5.0, s.mean(), EPS);
        assertEquals(sd, s.stdDev(), EPS);
        assertEquals(2.0, s.min());
        assertEquals(9.0, s.max());
        assertEquals(12.0 / (6 * sd), s.cp(), EPS);
        assertEquals(5.0 / (3 * sd), s.cpk(), EPS, "the nearer limit (LSL 0) decides");
    }

    @Test
    void cpkWithOneLimitIsOneSidedAndCpNeedsBoth() {
        SampleStatistics s = SampleStatistics.of(List.of(499.0, 500.0, 501.0), 495.0, null);

        assertNull(s.cp());
        assertEquals((500.0 - 495.0) / 3, s.cpk(), EPS);
    }

    @Test
    void belowTwoValuesOrWithoutSpreadThereIsNoStandardDeviationOrCapability() {
        SampleStatistics one = SampleStatistics.of(List.of(500.0), 495.0, 505.0);
        assertEquals(1, one.n());
        assertEquals(500.0, one.mean());
        assertNull(one.stdDev());
        assertNull(one.cp());
        assertNull(one.cpk());

        SampleStatistics flat = SampleStatistics.of(List.of(500.0, 500.0, 500.0), 495.0, 505.0);
        assertEquals(0.0, flat.stdDev());
        assertNull(flat.cp());
        assertNull(flat.cpk());

        assertEquals(SampleStatistics.NONE, SampleStatistics.of(List.of(), 495.0, 505.0));
    }

    @Test
    void recordedStatisticsAreReadAsTheBatchCompletedRecordStatesThem() {
        SampleStatistics s = SampleStatistics.recorded(Map.of("n", 3, "mean", 500.1, "stdDev", 0.15, "min", 499.9,
                "max", 500.2, "cp", 11.1, "cpk", 10.9));

        assertEquals(new SampleStatistics(3, 500.1, 0.15, 499.9, 500.2, 11.1, 10.9), s);
        assertEquals(new SampleStatistics(1, 500.0, null, 500.0, 500.0, null, null),
                SampleStatistics.recorded(Map.of("n", 1, "mean", 500.0, "min", 500.0, "max", 500.0)));
        assertNull(SampleStatistics.recorded(Map.of("mean", 1.0)), "no n: nothing a certificate could use");
    }
}
