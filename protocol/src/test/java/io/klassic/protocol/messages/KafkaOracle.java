package io.klassic.protocol.messages;

import io.klassic.protocol.types.FieldSpec;
import io.klassic.protocol.types.MessageSpec;
import io.klassic.protocol.types.Records;
import io.klassic.protocol.types.Struct;
import io.klassic.protocol.types.StructSpec;
import io.klassic.protocol.types.Type;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * kafka-clients' generated message classes ({@code org.apache.kafka.common.message.<Name>Data}) used as the
 * reference implementation of the wire format. Stateless.
 */
final class KafkaOracle {
    private KafkaOracle() {
    }

    /** Parses {@code bytes} with the kafka-clients class matching {@code spec}; the buffer's position moves past what was read. */
    static Message parse(MessageSpec spec, short version, ByteBuffer bytes) {
        try {
            Class<?> type = Class.forName("org.apache.kafka.common.message." + spec.name() + "Data");
            return (Message) type.getConstructor(Readable.class, short.class).newInstance(new ByteBufferAccessor(bytes), version);
        } catch (InvocationTargetException e) {
            throw new AssertionError("kafka-clients could not parse " + spec.name() + " v" + version + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("No kafka-clients class for " + spec.name(), e);
        }
    }

    /** Serializes a kafka-clients message at a version into an exactly sized buffer. */
    static ByteBuffer serialize(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buffer), cache, version);
        if (buffer.hasRemaining()) {
            throw new AssertionError("kafka-clients wrote " + buffer.position() + " bytes but announced " + size);
        }
        return buffer.flip();
    }

    /**
     * Asserts that a kafka-clients message object holds the same value as our struct in every field our schema
     * names, including those the version does not carry (which must have the same defaults), and that it kept no
     * unknown tagged fields. This catches what byte equality cannot: two fields of the same type swapped, a wrong
     * tag number, a wrong default.
     */
    static void assertSameValues(Struct ours, Object theirs, String path) {
        List<?> unknown = (List<?>) invoke(theirs, "unknownTaggedFields", path);
        if (!unknown.isEmpty()) {
            throw new AssertionError(path + ": kafka-clients saw unknown tagged fields " + unknown);
        }
        StructSpec spec = ours.spec();
        for (FieldSpec field : spec.fields()) {
            String where = path + "." + field.name();
            Object value = invoke(theirs, accessor(field.name()), where);
            assertSameValue(field.type(), ours.get(field.name()), value, where);
        }
    }

    private static void assertSameValue(Type type, Object ours, Object theirs, String path) {
        if (ours == null || theirs == null) {
            if (ours != theirs) {
                throw new AssertionError(path + ": ours " + ours + " but kafka-clients " + theirs);
            }
            return;
        }
        switch (type.kind()) {
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                if (theirs instanceof Collection<?> collection) {
                    list.addAll(collection);
                } else {
                    throw new AssertionError(path + ": kafka-clients value is not a collection: " + theirs.getClass());
                }
                List<?> ourList = (List<?>) ours;
                if (ourList.size() != list.size()) {
                    throw new AssertionError(path + ": ours has " + ourList.size() + " elements, kafka-clients " + list.size());
                }
                Type element = ((Type.ArrayType) type).element();
                for (int i = 0; i < list.size(); i++) {
                    assertSameValue(element, ourList.get(i), list.get(i), path + "[" + i + "]");
                }
            }
            case STRUCT -> assertSameValues((Struct) ours, theirs, path);
            case UUID -> {
                java.util.UUID uuid = (java.util.UUID) ours;
                Uuid kafka = (Uuid) theirs;
                check(uuid.getMostSignificantBits() == kafka.getMostSignificantBits()
                        && uuid.getLeastSignificantBits() == kafka.getLeastSignificantBits(), path, ours, theirs);
            }
            case BYTES -> check(Arrays.equals((byte[]) ours, bytesOf(theirs)), path, ours, theirs);
            case RECORDS -> {
                Records records = (Records) ours;
                ByteBuffer mine = ByteBuffer.allocate(records.sizeInBytes());
                records.writeTo(new io.klassic.protocol.types.ByteBufferWritable(mine));
                check(mine.flip().equals(((MemoryRecords) theirs).buffer()), path, ours, theirs);
            }
            case UINT16, INT32 -> check(((Number) theirs).intValue() == (Integer) ours, path, ours, theirs);
            default -> check(Objects.equals(ours, theirs), path, ours, theirs);
        }
    }

    private static byte[] bytesOf(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static void check(boolean same, String path, Object ours, Object theirs) {
        if (!same) {
            throw new AssertionError(path + ": ours " + ours + " but kafka-clients " + theirs);
        }
    }

    private static String accessor(String fieldName) {
        return Character.toLowerCase(fieldName.charAt(0)) + fieldName.substring(1);
    }

    private static Object invoke(Object target, String method, String path) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(path + ": kafka-clients class " + target.getClass().getSimpleName() + " has no field " + method, e);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(path + ": could not read " + method, e);
        }
    }
}
