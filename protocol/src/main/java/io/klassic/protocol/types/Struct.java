package io.klassic.protocol.types;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The value of a {@link StructSpec}: one slot per field, across every version of the message, so that a handler
 * reads and writes fields by name without knowing which version is on the wire (a field the version does not
 * carry keeps its default). Setters convert numbers to the field's Java type. Not thread-safe.
 */
public final class Struct {
    private final StructSpec spec;
    private final Object[] values;

    public Struct(StructSpec spec) {
        this.spec = spec;
        List<FieldSpec> fields = spec.fields();
        this.values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = fields.get(i).newDefault();
        }
    }

    public StructSpec spec() {
        return spec;
    }

    public Object get(String name) {
        return values[spec.indexOf(name)];
    }

    /** The value of the field at {@code index} in {@link StructSpec#fields()}. */
    public Object get(int index) {
        return values[index];
    }

    void set(int index, Object value) {
        values[index] = value;
    }

    public byte getByte(String name) {
        return (Byte) get(name);
    }

    public short getShort(String name) {
        return (Short) get(name);
    }

    public int getInt(String name) {
        return (Integer) get(name);
    }

    public long getLong(String name) {
        return (Long) get(name);
    }

    public double getDouble(String name) {
        return (Double) get(name);
    }

    public boolean getBool(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    public byte[] getBytes(String name) {
        return (byte[]) get(name);
    }

    public Records getRecords(String name) {
        return (Records) get(name);
    }

    public UUID getUuid(String name) {
        return (UUID) get(name);
    }

    public Struct getStruct(String name) {
        return (Struct) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Struct> getStructs(String name) {
        return (List<Struct>) get(name);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> getList(String name) {
        return (List<T>) get(name);
    }

    /** Sets a field; numbers are converted to the field's type (an int literal may set an INT16 field). */
    public Struct set(String name, Object value) {
        int index = spec.indexOf(name);
        values[index] = coerce(spec.fields().get(index).type(), value);
        return this;
    }

    /** Creates an element of the struct array {@code arrayField}, appends it and returns it. */
    public Struct add(String arrayField) {
        Struct element = newElement(arrayField);
        List<Struct> list = getStructs(arrayField);
        if (list == null) {
            list = new ArrayList<>();
            set(arrayField, list);
        }
        list.add(element);
        return element;
    }

    /** Creates (without adding) an element of the struct array or struct field {@code field}. */
    public Struct newElement(String field) {
        Type type = spec.field(field).type();
        if (type instanceof Type.ArrayType array && array.element() instanceof StructSpec element) {
            return new Struct(element);
        }
        if (type instanceof StructSpec struct) {
            return new Struct(struct);
        }
        throw new IllegalArgumentException("Field " + field + " is not a struct or an array of structs");
    }

    private static Object coerce(Type type, Object value) {
        if (!(value instanceof Number number)) {
            return value;
        }
        return switch (type.kind()) {
            case INT8 -> number.byteValue();
            case INT16 -> number.shortValue();
            case UINT16, INT32 -> number.intValue();
            case UINT32, INT64 -> number.longValue();
            case FLOAT64 -> number.doubleValue();
            default -> value;
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Struct other) || other.spec != spec) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!valueEquals(values[i], other.values[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean valueEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Records x && b instanceof Records y) {
            return recordsBytes(x).equals(recordsBytes(y));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!valueEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static java.nio.ByteBuffer recordsBytes(Records records) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(records.sizeInBytes());
        records.writeTo(new ByteBufferWritable(buffer));
        return buffer.flip();
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        List<FieldSpec> fields = spec.fields();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v = values[i];
            sb.append(fields.get(i).name()).append('=');
            if (v instanceof byte[] bytes) {
                sb.append("bytes[").append(bytes.length).append(']');
            } else if (v instanceof Records records) {
                sb.append("records[").append(records.sizeInBytes()).append(']');
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }
}
