package io.klassic.protocol.types;

import java.nio.ByteBuffer;

/**
 * A RECORDS value held in memory: the bytes between position and limit of a buffer (for a decoded request, a
 * slice of the request frame, never a copy). Immutable view; thread-safe as long as nobody writes the buffer.
 */
public record MemoryRecords(ByteBuffer buffer) implements Records {
    public static final MemoryRecords EMPTY = new MemoryRecords(ByteBuffer.allocate(0));

    @Override
    public int sizeInBytes() {
        return buffer.remaining();
    }

    @Override
    public void writeTo(Writable out) {
        out.writeByteBuffer(buffer);
    }
}
