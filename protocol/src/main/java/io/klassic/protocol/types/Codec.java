package io.klassic.protocol.types;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one codec of the protocol: reads and writes any {@link Struct} at any version from its {@link StructSpec}.
 *
 * <p>A struct is its regular fields in schema order (those the version carries and does not tag); in a flexible
 * version it ends with a tagged-field section: {@code uvarint count, then per field (uvarint tag, uvarint size,
 * value)}, in increasing tag order, holding only the tagged fields whose value differs from the default.
 * Unknown tags are skipped when reading. See {@link Type} for each type's bytes. Stateless and thread-safe.
 */
public final class Codec {
    private Codec() {
    }

    // ------------------------------------------------------------------ reading

    public static Struct read(StructSpec spec, short version, boolean flexible, ByteBuffer buffer) {
        try {
            return readStruct(spec, version, flexible, buffer);
        } catch (BufferUnderflowException e) {
            throw new SchemaException("Truncated message: ran out of bytes while reading version " + version, e);
        } catch (IllegalArgumentException e) {
            throw new SchemaException("Malformed message at version " + version + ": " + e.getMessage(), e);
        }
    }

    private static Struct readStruct(StructSpec spec, short version, boolean flexible, ByteBuffer buffer) {
        Struct struct = new Struct(spec);
        List<FieldSpec> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec field = fields.get(i);
            if (field.versions().contains(version) && !(flexible && field.taggedVersions().contains(version))) {
                struct.set(i, readValue(field, field.type(), version, flexible, buffer));
            }
        }
        if (flexible) {
            int count = ByteUtils.readUnsignedVarint(buffer);
            for (int n = 0; n < count; n++) {
                int tag = ByteUtils.readUnsignedVarint(buffer);
                int size = ByteUtils.readUnsignedVarint(buffer);
                int index = taggedFieldIndex(fields, tag, version);
                if (index < 0) {
                    skip(buffer, size);
                    continue;
                }
                skip(buffer, size);
                ByteBuffer slice = buffer.slice(buffer.position() - size, size);
                FieldSpec field = fields.get(index);
                struct.set(index, readValue(field, field.type(), version, true, slice));
            }
        }
        return struct;
    }

    private static int taggedFieldIndex(List<FieldSpec> fields, int tag, short version) {
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec field = fields.get(i);
            if (field.tag() == tag && field.isTaggedIn(version)) {
                return i;
            }
        }
        return -1;
    }

    private static void skip(ByteBuffer buffer, int size) {
        if (size < 0 || size > buffer.remaining()) {
            throw new SchemaException("Tagged field size " + size + " exceeds the " + buffer.remaining() + " remaining bytes");
        }
        buffer.position(buffer.position() + size);
    }

    private static Object readValue(FieldSpec field, Type type, short version, boolean flexible, ByteBuffer buffer) {
        boolean compact = flexible && !field.classicEncodingInFlexible();
        boolean nullable = field.nullableVersions().contains(version);
        switch (type.kind()) {
            case INT8:
                return buffer.get();
            case INT16:
                return buffer.getShort();
            case UINT16:
                return buffer.getShort() & 0xffff;
            case INT32:
                return buffer.getInt();
            case UINT32:
                return buffer.getInt() & 0xffffffffL;
            case INT64:
                return buffer.getLong();
            case FLOAT64:
                return buffer.getDouble();
            case BOOL:
                return buffer.get() != 0;
            case UUID:
                return new UUID(buffer.getLong(), buffer.getLong());
            case STRING: {
                int length = compact ? ByteUtils.readUnsignedVarint(buffer) - 1 : buffer.getShort();
                if (length < 0) {
                    return nullOrFail(field, nullable, length);
                }
                checkLength(buffer, length, field);
                if (buffer.hasArray()) {
                    String value = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
                    buffer.position(buffer.position() + length);
                    return value;
                }
                byte[] bytes = new byte[length];
                buffer.get(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case BYTES: {
                int length = compact ? ByteUtils.readUnsignedVarint(buffer) - 1 : buffer.getInt();
                if (length < 0) {
                    return nullOrFail(field, nullable, length);
                }
                checkLength(buffer, length, field);
                byte[] value = new byte[length];
                buffer.get(value);
                return value;
            }
            case RECORDS: {
                int length = compact ? ByteUtils.readUnsignedVarint(buffer) - 1 : buffer.getInt();
                if (length < 0) {
                    return nullOrFail(field, nullable, length);
                }
                checkLength(buffer, length, field);
                ByteBuffer slice = buffer.slice(buffer.position(), length);
                buffer.position(buffer.position() + length);
                return new MemoryRecords(slice);
            }
            case ARRAY: {
                int count = compact ? ByteUtils.readUnsignedVarint(buffer) - 1 : buffer.getInt();
                if (count < 0) {
                    return nullOrFail(field, nullable, count);
                }
                if (count > buffer.remaining()) {
                    throw new SchemaException("Array " + field.name() + " claims " + count + " elements but only "
                            + buffer.remaining() + " bytes remain");
                }
                Type element = ((Type.ArrayType) type).element();
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(readValue(field, element, version, flexible, buffer));
                }
                return list;
            }
            case STRUCT:
                return readStruct((StructSpec) type, version, flexible, buffer);
            default:
                throw new IllegalStateException("Unknown type " + type);
        }
    }

    private static Object nullOrFail(FieldSpec field, boolean nullable, int length) {
        if (length != -1 || !nullable) {
            throw new SchemaException("Field " + field.name() + " has invalid length " + length);
        }
        return null;
    }

    private static void checkLength(ByteBuffer buffer, int length, FieldSpec field) {
        if (length > buffer.remaining()) {
            throw new SchemaException("Field " + field.name() + " has length " + length + " but only "
                    + buffer.remaining() + " bytes remain");
        }
    }

    // ------------------------------------------------------------------ writing

    /** The number of bytes {@link #write} produces for this struct at this version. */
    public static int sizeOf(Struct struct, short version, boolean flexible) {
        SizeCounter counter = new SizeCounter();
        write(struct, version, flexible, counter);
        return counter.size();
    }

    public static void write(Struct struct, short version, boolean flexible, Writable out) {
        StructSpec spec = struct.spec();
        List<FieldSpec> fields = spec.fields();
        int taggedCount = 0;
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec field = fields.get(i);
            if (!field.versions().contains(version)) {
                continue;
            }
            if (flexible && field.taggedVersions().contains(version)) {
                if (!isDefault(field, struct.get(i))) {
                    taggedCount++;
                }
                continue;
            }
            writeValue(field, field.type(), struct.get(i), version, flexible, out);
        }
        if (flexible) {
            out.writeUnsignedVarint(taggedCount);
            if (taggedCount > 0) {
                writeTaggedFields(struct, fields, version, out);
            }
        }
    }

    private static void writeTaggedFields(Struct struct, List<FieldSpec> fields, short version, Writable out) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec field = fields.get(i);
            if (flexibleTagged(field, version) && !isDefault(field, struct.get(i))) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Integer.compare(fields.get(a).tag(), fields.get(b).tag()));
        for (int index : order) {
            FieldSpec field = fields.get(index);
            SizeCounter counter = new SizeCounter();
            writeValue(field, field.type(), struct.get(index), version, true, counter);
            out.writeUnsignedVarint(field.tag());
            out.writeUnsignedVarint(counter.size());
            writeValue(field, field.type(), struct.get(index), version, true, out);
        }
    }

    private static boolean flexibleTagged(FieldSpec field, short version) {
        return field.versions().contains(version) && field.taggedVersions().contains(version);
    }

    private static boolean isDefault(FieldSpec field, Object value) {
        Object dflt = field.newDefault();
        if (dflt instanceof Struct && value instanceof Struct) {
            return dflt.equals(value);
        }
        return Struct.valueEquals(dflt, value);
    }

    private static void writeValue(FieldSpec field, Type type, Object value, short version, boolean flexible, Writable out) {
        boolean compact = flexible && !field.classicEncodingInFlexible();
        switch (type.kind()) {
            case INT8 -> out.writeByte((Byte) value);
            case INT16 -> out.writeShort((Short) value);
            case UINT16 -> out.writeShort((short) (int) (Integer) value);
            case INT32 -> out.writeInt((Integer) value);
            case UINT32 -> out.writeInt((int) (long) (Long) value);
            case INT64 -> out.writeLong((Long) value);
            case FLOAT64 -> out.writeDouble((Double) value);
            case BOOL -> out.writeByte((byte) ((Boolean) value ? 1 : 0));
            case UUID -> {
                UUID uuid = (UUID) value;
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            }
            case STRING -> {
                if (value == null) {
                    writeNullLength(field, version, compact, true, out);
                } else {
                    byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                    if (compact) {
                        out.writeUnsignedVarint(bytes.length + 1);
                    } else {
                        if (bytes.length > Short.MAX_VALUE) {
                            throw new SchemaException("String field " + field.name() + " is longer than " + Short.MAX_VALUE + " bytes");
                        }
                        out.writeShort((short) bytes.length);
                    }
                    out.writeBytes(bytes);
                }
            }
            case BYTES -> {
                if (value == null) {
                    writeNullLength(field, version, compact, false, out);
                } else {
                    byte[] bytes = (byte[]) value;
                    writeLength(bytes.length, compact, out);
                    out.writeBytes(bytes);
                }
            }
            case RECORDS -> {
                if (value == null) {
                    writeNullLength(field, version, compact, false, out);
                } else {
                    Records records = (Records) value;
                    writeLength(records.sizeInBytes(), compact, out);
                    out.writeRecords(records);
                }
            }
            case ARRAY -> {
                if (value == null) {
                    writeNullLength(field, version, compact, false, out);
                } else {
                    List<?> list = (List<?>) value;
                    writeLength(list.size(), compact, out);
                    Type element = ((Type.ArrayType) type).element();
                    for (Object item : list) {
                        writeValue(field, element, item, version, flexible, out);
                    }
                }
            }
            case STRUCT -> write((Struct) value, version, flexible, out);
            default -> throw new IllegalStateException("Unknown type " + type);
        }
    }

    private static void writeLength(int length, boolean compact, Writable out) {
        if (compact) {
            out.writeUnsignedVarint(length + 1);
        } else {
            out.writeInt(length);
        }
    }

    private static void writeNullLength(FieldSpec field, short version, boolean compact, boolean isString, Writable out) {
        if (!field.nullableVersions().contains(version)) {
            throw new SchemaException("Field " + field.name() + " is null but is not nullable in version " + version);
        }
        if (compact) {
            out.writeUnsignedVarint(0);
        } else if (isString) {
            out.writeShort((short) -1);
        } else {
            out.writeInt(-1);
        }
    }
}
