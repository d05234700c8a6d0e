package io.lineledger.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lineledger.model.ProductionEvent;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

class EventConverterTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final EventConverter converter = new EventConverter("line-1", () -> NOW);

    @Test
    void valuesBecomeStringBooleanLongOrDouble() {
        assertEquals("LOT-1", EventConverter.plainValue("LOT-1"));
        assertEquals(Boolean.TRUE, EventConverter.plainValue(true));
        assertEquals(7L, EventConverter.plainValue(7));
        assertEquals(7L, EventConverter.plainValue((short) 7));
        assertEquals(7L, EventConverter.plainValue(uint(7)));
        assertEquals("18446744073709551615", EventConverter.plainValue(ulong(new java.math.BigInteger("18446744073709551615"))));
        assertEquals(1.5, EventConverter.plainValue(1.5f));
        assertEquals(499.87, EventConverter.plainValue(499.87));
        assertEquals("Execute", EventConverter.plainValue(LocalizedText.english("Execute")));
        assertNull(EventConverter.plainValue(null));
    }

    @Test
    void eventCarriesLineTagSourceTimeAndStatusClass() {
        Instant source = Instant.parse("2026-01-02T03:04:00.250Z");
        DataValue value = new DataValue(new Variant(500.12), StatusCode.GOOD, new DateTime(source), DateTime.now());
        assertEquals(new ProductionEvent("line-1", "fillWeight", 500.12, source, "Good"),
                converter.toEvent("fillWeight", value));

        DataValue bad = new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_NodeIdUnknown), null, null);
        ProductionEvent event = converter.toEvent("batchId", bad);
        assertEquals("Bad", event.status());
        assertNull(event.value());
        assertEquals(NOW, event.sourceTime(), "no source or server time: the time of receipt");

        DataValue uncertain = new DataValue(new Variant(1L), new StatusCode(StatusCodes.Uncertain_LastUsableValue),
                null, new DateTime(source));
        assertEquals("Uncertain", converter.toEvent("partCount", uncertain).status());
        assertEquals(source, converter.toEvent("partCount", uncertain).sourceTime());
    }
}
