package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import io.lineledger.certificates.SampleStatistics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueChartTest {

    private static CharacteristicRow weight(List<Double> values, Double lsl, Double usl) {
        return new CharacteristicRow("fillWeight", null, "g", null, lsl, usl, SampleStatistics.of(values, lsl, usl),
                false, 0, values, "PASS", List.of());
    }

    @Test
    void valuesAndLimitsFitTheBoxWithTheLimitsInsideIt() {
        ValueChart chart = ValueChart.of(weight(List.of(500.0, 510.0, 490.0), 495.0, 505.0), 200, 40);

        assertEquals(3, chart.points().size());
        assertEquals(0.0, chart.points().get(0).x());
        assertEquals(200.0, chart.points().get(2).x());
        for (ValueChart.Point p : chart.points()) {
            assertTrue(p.y() >= 0 && p.y() <= 40, p.toString());
        }
        assertTrue(chart.uslY() < chart.lslY(), "y runs down: the upper limit is drawn above the lower");
        assertTrue(chart.points().get(1).outOfSpec());
        assertTrue(chart.points().get(2).outOfSpec());
        assertFalse(chart.points().get(0).outOfSpec());
        assertEquals(20.0, chart.meanY(), 1e-9, "mean 500 halfway between the limits");
    }

    @Test
    void aLongBatchIsDrawnPerColumnAndKeepsItsOneValueOutsideTheLimits() {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            values.add(i == 7_777 ? 512.0 : 500.0 + (i % 7) * 0.1);
        }

        ValueChart chart = ValueChart.of(weight(values, 495.0, 505.0), 240, 48);

        assertEquals(2 * 120, chart.points().size(), "low and high of each of 120 columns");
        assertEquals(1, chart.points().stream().filter(ValueChart.Point::outOfSpec).count());
        assertFalse(chart.dots());
        String svg = chart.svg("fillWeight");
        assertEquals(1, svg.split("<circle", -1).length - 1, "only the value out of spec gets a dot");
    }

    @Test
    void withoutValuesOrLimitsThereIsNothingToDraw() {
        ValueChart empty = ValueChart.of(weight(List.of(), null, null), 240, 48);

        assertTrue(empty.points().isEmpty());
        assertNull(empty.lslY());
        assertTrue(empty.svg("x").startsWith("<svg class=\"chart\""));
    }

    @Test
    void figuresAreWrittenTheSameInEveryLocale() {
        assertEquals("500", Figures.value(500.0));
        assertEquals("499.8", Figures.value(499.8));
        assertEquals(Figures.NONE, Figures.value(null));
        assertEquals("500.10", Figures.statistic(500.1, 2));
        assertEquals("6.17", Figures.index(6.1654));
        assertEquals(2, Figures.decimals(weight(List.of(500.2, 499.8), 495.0, 505.0)), "values have 1: one more");
    }
}
