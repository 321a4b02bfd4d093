package io.klassic.protocol.types;

import java.nio.ByteBuffer;

/**
 * A sink for encoded protocol bytes, big-endian as the wire is. The broker's network layer provides one that
 * turns file-backed {@link Records} into zero-copy transfers; {@link ByteBufferWritable} is the plain one.
 * Implementations are not thread-safe.
 */
public interface Writable {
    void writeByte(byte value);

    void writeShort(short value);

    void writeInt(int value);

    void writeLong(long value);

    void writeDouble(double value);

    void writeUnsignedVarint(int value);

    void writeBytes(byte[] value);

    /** Writes the remaining bytes of {@code src} without moving its position. */
    void writeByteBuffer(ByteBuffer src);

    /** Writes a RECORDS value's bytes (the length prefix is the caller's); by default through {@link Records#writeTo}. */
    default void writeRecords(Records records) {
        records.writeTo(this);
    }
}
