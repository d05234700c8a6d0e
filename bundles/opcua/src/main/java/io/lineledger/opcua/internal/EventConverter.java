package io.lineledger.opcua.internal;

import io.lineledger.model.ProductionEvent;
import java.math.BigInteger;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;

/** Turns an OPC UA {@link DataValue} into a {@link ProductionEvent} with a plain Java value. */
final class EventConverter {

    private final String lineId;
    private final Supplier<Instant> clock;

    EventConverter(String lineId, Supplier<Instant> clock) {
        this.lineId = lineId;
        this.clock = clock;
    }

    ProductionEvent toEvent(String tag, DataValue dataValue) {
        return convert(TagSpec.ofNode(tag, ExpandedNodeId.NULL_VALUE), dataValue).event();
    }

    /** An event, and why the source made it Bad (null when it did not). */
    record Conversion(ProductionEvent event, String problem) { }

    /**
     * Converts a value of {@code tag}: checks it against the tag's type and scales it. A value of another type, or
     * a non-numeric value of a scaled tag, becomes a Bad event with the raw value and the reason.
     */
    Conversion convert(TagSpec tag, DataValue dataValue) {
        Variant variant = dataValue.getValue();
        Object raw = variant == null ? null : variant.getValue();
        String status = statusClass(dataValue.getStatusCode());
        Instant time = timeOf(dataValue);
        String problem = null;
        Object value = plainValue(raw);
        if (raw != null && tag.type() != null && !tag.type().matches(raw)) {
            TagType actual = TagType.ofValue(raw);
            problem = "value " + value + " is " + (actual != null ? actual.name() : raw.getClass().getSimpleName())
                    + ", not " + tag.type();
        } else if (raw != null && tag.scaled()) {
            if (value instanceof Long || value instanceof Double) {
                double scale = tag.scale() == null ? 1 : tag.scale();
                double offset = tag.offset() == null ? 0 : tag.offset();
                value = ((Number) value).doubleValue() * scale + offset;
            } else {
                problem = "value " + value + " is not a number and cannot be scaled";
            }
        }
        if (problem != null) {
            status = "Bad";
        }
        return new Conversion(new ProductionEvent(lineId, tag.name(), value, time, status), problem);
    }

    /** String, Boolean, Long or Double; integers of every width become Long, floats Double; null stays null. */
    static Object plainValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Double) {
            return value;
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof ULong u) {
            BigInteger big = new BigInteger(u.toString());
            return big.bitLength() < 64 ? (Object) big.longValue() : big.toString();
        }
        if (value instanceof UNumber u) {
            return u.longValue();
        }
        if (value instanceof LocalizedText text) {
            return text.text();
        }
        if (value instanceof DateTime time) {
            return time.getJavaInstant().toString();
        }
        return value.toString();
    }

    /** The PLC's source time; the server's time, then ours, when the PLC gave none. */
    private Instant timeOf(DataValue dataValue) {
        DateTime source = dataValue.getSourceTime();
        if (source != null && !source.isNull()) {
            return source.getJavaInstant();
        }
        DateTime server = dataValue.getServerTime();
        if (server != null && !server.isNull()) {
            return server.getJavaInstant();
        }
        return clock.get();
    }

    static String statusClass(StatusCode status) {
        if (status == null || status.isGood()) {
            return "Good";
        }
        return status.isUncertain() ? "Uncertain" : "Bad";
    }
}
