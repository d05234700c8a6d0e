package io.lineledger.opcua.internal;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** The OPC UA built-in types a tag may be declared as ({@code tag.<name>.type}), with their DataType node and Java class. */
enum TagType {
    Boolean(NodeIds.Boolean, java.lang.Boolean.class),
    Int16(NodeIds.Int16, Short.class),
    Int32(NodeIds.Int32, Integer.class),
    Int64(NodeIds.Int64, Long.class),
    UInt16(NodeIds.UInt16, UShort.class),
    UInt32(NodeIds.UInt32, UInteger.class),
    UInt64(NodeIds.UInt64, ULong.class),
    Float(NodeIds.Float, java.lang.Float.class),
    Double(NodeIds.Double, java.lang.Double.class),
    String(NodeIds.String, java.lang.String.class);

    private final NodeId dataType;
    private final Class<?> javaClass;

    TagType(NodeId dataType, Class<?> javaClass) {
        this.dataType = dataType;
        this.javaClass = javaClass;
    }

    NodeId dataType() {
        return dataType;
    }

    /** Whether a value as Milo decodes it (Short, UInteger, …) is of this type. */
    boolean matches(Object value) {
        return javaClass.isInstance(value);
    }

    /** The type whose DataType node is {@code dataType}, or null for any other (abstract, structured, …). */
    static TagType ofDataType(NodeId dataType) {
        for (TagType type : values()) {
            if (type.dataType.equals(dataType)) {
                return type;
            }
        }
        return null;
    }

    /** The built-in type {@code value} is, by its Java class; null when none of these. */
    static TagType ofValue(Object value) {
        for (TagType type : values()) {
            if (type.matches(value)) {
                return type;
            }
        }
        return null;
    }

    static TagType parse(java.lang.String key, java.lang.String value) {
        for (TagType type : values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException(key + " = " + value + ": unknown type; expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
