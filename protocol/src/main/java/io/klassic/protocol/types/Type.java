package io.klassic.protocol.types;

import java.util.ArrayList;
import java.util.UUID;

/**
 * The type of a schema field: a primitive, an array of a type, or a struct ({@link StructSpec}). Whether a
 * STRING, BYTES, RECORDS or array is written in its classic form (int16/int32 lengths) or its compact form
 * (unsigned varint length + 1) is decided per message version by the codec, not by the type. Immutable.
 *
 * <pre>
 * INT8 1 byte | INT16 2 | UINT16 2 | INT32 4 | UINT32 4 | INT64 8 | FLOAT64 8 (IEEE 754) | BOOL 1 (0 or 1)
 * UUID 16 bytes (most then least significant long)
 * STRING   classic: int16 length (-1 = null) + UTF-8   | compact: uvarint length+1 (0 = null) + UTF-8
 * BYTES    classic: int32 length (-1 = null) + bytes   | compact: uvarint length+1 (0 = null) + bytes
 * RECORDS  as BYTES; the value is a {@link Records}
 * ARRAY    classic: int32 count (-1 = null) + elements | compact: uvarint count+1 (0 = null) + elements
 * </pre>
 */
public abstract class Type {
    public enum Kind { INT8, INT16, UINT16, INT32, UINT32, INT64, FLOAT64, BOOL, UUID, STRING, BYTES, RECORDS, ARRAY, STRUCT }

    public static final Type INT8 = new Primitive(Kind.INT8);
    public static final Type INT16 = new Primitive(Kind.INT16);
    public static final Type UINT16 = new Primitive(Kind.UINT16);
    public static final Type INT32 = new Primitive(Kind.INT32);
    public static final Type UINT32 = new Primitive(Kind.UINT32);
    public static final Type INT64 = new Primitive(Kind.INT64);
    public static final Type FLOAT64 = new Primitive(Kind.FLOAT64);
    public static final Type BOOL = new Primitive(Kind.BOOL);
    public static final Type UUID = new Primitive(Kind.UUID);
    public static final Type STRING = new Primitive(Kind.STRING);
    public static final Type BYTES = new Primitive(Kind.BYTES);
    public static final Type RECORDS = new Primitive(Kind.RECORDS);

    public abstract Kind kind();

    /** The value a field of this type has when a version does not carry it (Kafka's defaults). */
    public abstract Object defaultValue();

    public static ArrayType array(Type element) {
        return new ArrayType(element);
    }

    private static final class Primitive extends Type {
        private final Kind kind;

        Primitive(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public Object defaultValue() {
            return switch (kind) {
                case INT8 -> (byte) 0;
                case INT16 -> (short) 0;
                case UINT16, INT32 -> 0;
                case UINT32, INT64 -> 0L;
                case FLOAT64 -> 0.0d;
                case BOOL -> false;
                case UUID -> new UUID(0L, 0L);
                case STRING -> "";
                case BYTES -> new byte[0];
                case RECORDS -> null;
                default -> throw new IllegalStateException("Not a primitive: " + kind);
            };
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase();
        }
    }

    /** An array of {@code element}; its value is a {@link java.util.List}. */
    public static final class ArrayType extends Type {
        private final Type element;

        ArrayType(Type element) {
            this.element = element;
        }

        public Type element() {
            return element;
        }

        @Override
        public Kind kind() {
            return Kind.ARRAY;
        }

        @Override
        public Object defaultValue() {
            return new ArrayList<>();
        }

        @Override
        public String toString() {
            return "[]" + element;
        }
    }
}
