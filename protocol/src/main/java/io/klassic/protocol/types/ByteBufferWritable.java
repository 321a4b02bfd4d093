package io.klassic.protocol.types;

import java.nio.ByteBuffer;

/** A {@link Writable} over a heap or direct {@link ByteBuffer} sized in advance. Not thread-safe. */
public final class ByteBufferWritable implements Writable {
    private final ByteBuffer buffer;

    public ByteBufferWritable(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public void writeByte(byte value) {
        buffer.put(value);
    }

    @Override
    public void writeShort(short value) {
        buffer.putShort(value);
    }

    @Override
    public void writeInt(int value) {
        buffer.putInt(value);
    }

    @Override
    public void writeLong(long value) {
        buffer.putLong(value);
    }

    @Override
    public void writeDouble(double value) {
        buffer.putDouble(value);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        ByteUtils.writeUnsignedVarint(value, buffer);
    }

    @Override
    public void writeBytes(byte[] value) {
        buffer.put(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer src) {
        buffer.put(src.duplicate());
    }
}
