package io.klassic.protocol.types;

import java.nio.ByteBuffer;

/**
 * Variable-length integers as Kafka encodes them.
 *
 * <ul>
 *   <li>unsigned varint: 7 bits per byte, least significant group first, high bit set on every byte but the
 *       last (protocol lengths in flexible versions, tagged-field tags and sizes);</li>
 *   <li>varint / varlong: the zig-zag encoding {@code (n << 1) ^ (n >> 31)} (resp. {@code >> 63}) written as an
 *       unsigned varint (record-level fields inside a record batch).</li>
 * </ul>
 * Mixing the two is a classic bug, hence the explicit names. Stateless and thread-safe.
 */
public final class ByteUtils {
    private ByteUtils() {
    }

    public static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        int i = 0;
        int b;
        while (((b = buffer.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << i;
            i += 7;
            if (i > 28) {
                throw new IllegalArgumentException("Varint is too long: more than 5 bytes");
            }
        }
        return value | (b << i);
    }

    public static long readUnsignedVarlong(ByteBuffer buffer) {
        long value = 0L;
        int i = 0;
        long b;
        while (((b = buffer.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << i;
            i += 7;
            if (i > 63) {
                throw new IllegalArgumentException("Varlong is too long: more than 10 bytes");
            }
        }
        return value | (b << i);
    }

    public static int readVarint(ByteBuffer buffer) {
        int value = readUnsignedVarint(buffer);
        return (value >>> 1) ^ -(value & 1);
    }

    public static long readVarlong(ByteBuffer buffer) {
        long value = readUnsignedVarlong(buffer);
        return (value >>> 1) ^ -(value & 1);
    }

    public static void writeUnsignedVarint(int value, ByteBuffer buffer) {
        while ((value & 0xffffff80) != 0) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static void writeUnsignedVarlong(long value, ByteBuffer buffer) {
        while ((value & 0xffffffffffffff80L) != 0L) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static void writeVarint(int value, ByteBuffer buffer) {
        writeUnsignedVarint((value << 1) ^ (value >> 31), buffer);
    }

    public static void writeVarlong(long value, ByteBuffer buffer) {
        writeUnsignedVarlong((value << 1) ^ (value >> 63), buffer);
    }

    public static int sizeOfUnsignedVarint(int value) {
        int bytes = 1;
        while ((value & 0xffffff80) != 0) {
            bytes++;
            value >>>= 7;
        }
        return bytes;
    }

    public static int sizeOfUnsignedVarlong(long value) {
        int bytes = 1;
        while ((value & 0xffffffffffffff80L) != 0L) {
            bytes++;
            value >>>= 7;
        }
        return bytes;
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }
}
