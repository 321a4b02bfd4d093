package io.klassic.protocol.record;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record read from a record batch v2, with absolute values: {@code offset = baseOffset + offsetDelta} and
 * {@code timestamp = baseTimestamp + timestampDelta} (or the batch's maxTimestamp when the batch carries
 * LogAppendTime, as Kafka reports it).
 *
 * <p>On the wire: varint length (of what follows), int8 attributes (unused, 0), varlong timestampDelta, varint
 * offsetDelta, varint keyLength (-1 = null), key, varint valueLength (-1 = null), value, varint headerCount, headers
 * (see {@link Header}). All varints are zig-zag encoded.
 *
 * <p>{@code key} and {@code value} are views (position 0, limit = length) sharing memory with the batch (or its
 * decompressed copy), or null when absent: read them, do not write them ({@link #keyBytes()} copies). Equality
 * compares offset, timestamp, the remaining key and value bytes and the headers' contents. Immutable; thread-safe
 * as long as nobody writes the underlying batch buffer or moves the key/value buffers' positions.
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {

    public boolean hasKey() {
        return key != null;
    }

    public boolean hasValue() {
        return value != null;
    }

    /** A copy of the key bytes, or null. */
    public byte[] keyBytes() {
        return copy(key);
    }

    /** A copy of the value bytes, or null. */
    public byte[] valueBytes() {
        return copy(value);
    }

    private static byte[] copy(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Record r && offset == r.offset && timestamp == r.timestamp
            && Objects.equals(key, r.key) && Objects.equals(value, r.value) && Arrays.equals(headers, r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, timestamp, key, value, Arrays.hashCode(headers));
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp
            + ", key=" + (key == null ? "null" : key.remaining() + " bytes")
            + ", value=" + (value == null ? "null" : value.remaining() + " bytes")
            + ", headers=" + headers.length + ")";
    }
}
