package io.klassic.protocol.messages;

import io.klassic.protocol.types.FieldSpec;
import io.klassic.protocol.types.MemoryRecords;
import io.klassic.protocol.types.MessageSpec;
import io.klassic.protocol.types.Struct;
import io.klassic.protocol.types.StructSpec;
import io.klassic.protocol.types.Type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Builds random message values for round-trip tests: every field a version carries gets a random value (arrays of
 * 0-3 elements, nullable fields sometimes null, tagged fields sometimes left at their default); fields the version
 * lacks keep their defaults. Strings are unique within one generator so that kafka-clients' map-keyed
 * collections never see duplicate keys. Not thread-safe.
 */
final class RandomStructs {
    private static final String[] ALPHABET = {"a", "b", "z", "Q", "0", "-", "_", ".", "é", "ø", "漢", "🙂"};

    private final Random random;
    private int counter;

    RandomStructs(long seed) {
        this.random = new Random(seed);
    }

    Struct message(MessageSpec spec, short version) {
        return struct(spec.struct(), version);
    }

    Struct struct(StructSpec spec, short version) {
        Struct struct = new Struct(spec);
        for (FieldSpec field : spec.fields()) {
            if (!field.versions().contains(version)) {
                continue;
            }
            if (field.taggedVersions().contains(version) && random.nextBoolean()) {
                continue;
            }
            if (field.nullableVersions().contains(version) && random.nextInt(5) == 0) {
                struct.set(field.name(), null);
                continue;
            }
            struct.set(field.name(), value(field.type(), version));
        }
        return struct;
    }

    private Object value(Type type, short version) {
        return switch (type.kind()) {
            case INT8 -> (byte) random.nextInt();
            case INT16 -> (short) random.nextInt();
            case UINT16 -> random.nextInt(0x10000);
            case INT32 -> random.nextInt();
            case UINT32 -> random.nextLong() & 0xffffffffL;
            case INT64 -> random.nextLong();
            case FLOAT64 -> random.nextDouble();
            case BOOL -> random.nextBoolean();
            case UUID -> new UUID(random.nextLong(), random.nextLong());
            case STRING -> uniqueString();
            case BYTES -> bytes(random.nextInt(12));
            case RECORDS -> new MemoryRecords(ByteBuffer.wrap(bytes(random.nextInt(80))));
            case ARRAY -> {
                Type element = ((Type.ArrayType) type).element();
                int count = random.nextInt(4);
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(value(element, version));
                }
                yield list;
            }
            case STRUCT -> struct((StructSpec) type, version);
        };
    }

    /** A string never returned before by this generator, sometimes with multi-byte UTF-8 characters. */
    String uniqueString() {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.append(counter++).toString();
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
