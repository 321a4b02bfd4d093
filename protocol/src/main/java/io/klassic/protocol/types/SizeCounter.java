package io.klassic.protocol.types;

import java.nio.ByteBuffer;

/** A {@link Writable} that only counts the bytes it is given: the size pass of the codec. Not thread-safe. */
public final class SizeCounter implements Writable {
    private int size;

    public int size() {
        return size;
    }

    @Override
    public void writeByte(byte value) {
        size += 1;
    }

    @Override
    public void writeShort(short value) {
        size += 2;
    }

    @Override
    public void writeInt(int value) {
        size += 4;
    }

    @Override
    public void writeLong(long value) {
        size += 8;
    }

    @Override
    public void writeDouble(double value) {
        size += 8;
    }

    @Override
    public void writeUnsignedVarint(int value) {
        size += ByteUtils.sizeOfUnsignedVarint(value);
    }

    @Override
    public void writeBytes(byte[] value) {
        size += value.length;
    }

    @Override
    public void writeByteBuffer(ByteBuffer src) {
        size += src.remaining();
    }

    @Override
    public void writeRecords(Records records) {
        size += records.sizeInBytes();
    }
}
