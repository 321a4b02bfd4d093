package io.klassic.protocol.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC-32C (Castagnoli), the checksum of record batch v2: it covers the bytes from the attributes field (offset 21)
 * to the end of the batch. Backed by {@link java.util.zip.CRC32C} (hardware accelerated). Stateless and thread-safe.
 */
public final class Crc32C {
    private Crc32C() {
    }

    /**
     * The CRC-32C of {@code length} bytes of {@code buf} starting at the absolute index {@code offset} (as in
     * {@link ByteBuffer#get(int)}); the buffer's position and limit are left untouched.
     *
     * @return the checksum as an unsigned 32-bit value
     */
    public static long compute(ByteBuffer buf, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > buf.capacity()) {
            throw new IndexOutOfBoundsException("CRC range [" + offset + ", " + ((long) offset + length)
                + ") is outside the buffer of capacity " + buf.capacity());
        }
        CRC32C crc = new CRC32C();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + offset, length);
        } else {
            ByteBuffer view = buf.duplicate();
            view.clear();
            view.position(offset);
            view.limit(offset + length);
            crc.update(view);
        }
        return crc.getValue();
    }

    /** The CRC-32C of a whole byte array, as an unsigned 32-bit value. */
    public static long compute(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
