package io.klassic.broker.network;

import io.klassic.log.FileRecords;
import io.klassic.protocol.types.ByteUtils;
import io.klassic.protocol.types.Records;
import io.klassic.protocol.types.Writable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a response into the parts Netty writes in order: pooled buffers for the protocol bytes and
 * {@link FileRecordsRegion}s for record batches that live in segment files, so fetched data goes from the page
 * cache to the socket without passing through the heap. Used by one thread; not thread-safe.
 */
final class ResponseWriter implements Writable {
    private final ByteBufAllocator allocator;
    private final List<Object> parts = new ArrayList<>(2);
    private ByteBuf current;
    private final int initialCapacity;

    ResponseWriter(ByteBufAllocator allocator, int initialCapacity) {
        this.allocator = allocator;
        this.initialCapacity = Math.max(64, initialCapacity);
        this.current = allocator.buffer(this.initialCapacity);
    }

    /** The parts to write, in order; ownership passes to the caller. */
    List<Object> finish() {
        if (current != null && current.isReadable()) {
            parts.add(current);
        } else if (current != null) {
            current.release();
        }
        current = null;
        return parts;
    }

    void releaseAll() {
        for (Object part : parts) {
            ReferenceCountUtil.release(part);
        }
        parts.clear();
        if (current != null) {
            current.release();
            current = null;
        }
    }

    @Override
    public void writeByte(byte value) {
        current.writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        current.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        current.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        current.writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        current.writeDouble(value);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        int size = ByteUtils.sizeOfUnsignedVarint(value);
        current.ensureWritable(size);
        ByteBuffer nio = current.nioBuffer(current.writerIndex(), size);
        ByteUtils.writeUnsignedVarint(value, nio);
        current.writerIndex(current.writerIndex() + size);
    }

    @Override
    public void writeBytes(byte[] value) {
        current.writeBytes(value);
    }

    @Override
    public void writeByteBuffer(ByteBuffer src) {
        current.writeBytes(src.duplicate());
    }

    @Override
    public void writeRecords(Records records) {
        if (records instanceof FileRecords.Slice slice && slice.sizeInBytes() > 0) {
            if (current.isReadable()) {
                parts.add(current);
            } else {
                current.release();
            }
            parts.add(new FileRecordsRegion(slice.channel(), slice.position(), slice.sizeInBytes()));
            current = allocator.buffer(64);
        } else {
            records.writeTo(this);
        }
    }
}
