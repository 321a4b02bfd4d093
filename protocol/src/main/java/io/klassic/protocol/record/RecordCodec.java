package io.klassic.protocol.record;

import io.klassic.protocol.types.ByteUtils;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes one record of a record batch v2:
 * <pre>
 * varint  length           bytes of everything below
 * int8    attributes       unused, written as 0
 * varlong timestampDelta   timestamp - baseTimestamp
 * varint  offsetDelta      offset - baseOffset
 * varint  keyLength        -1 = null key
 * bytes   key
 * varint  valueLength      -1 = null value
 * bytes   value
 * varint  headerCount
 * headers                  varint keyLength, UTF-8 key, varint valueLength (-1 = null), value
 * </pre>
 * Every varint here is zig-zag encoded ({@link ByteUtils#writeVarint}). Stateless and thread-safe.
 */
final class RecordCodec {
    static final Header[] NO_HEADERS = new Header[0];

    private RecordCodec() {
    }

    /** Size of the record body (everything after the length varint). Header keys are given as UTF-8 bytes. */
    static int sizeOfBodyInBytes(int offsetDelta, long timestampDelta, ByteBuffer key, ByteBuffer value,
                                 byte[][] headerKeys, Header[] headers) {
        int size = 1 + ByteUtils.sizeOfVarlong(timestampDelta) + ByteUtils.sizeOfVarint(offsetDelta);
        size += sizeOfNullableBytes(key == null ? -1 : key.remaining());
        size += sizeOfNullableBytes(value == null ? -1 : value.remaining());
        size += ByteUtils.sizeOfVarint(headers.length);
        for (int i = 0; i < headers.length; i++) {
            size += sizeOfNullableBytes(headerKeys[i].length);
            byte[] headerValue = headers[i].value();
            size += sizeOfNullableBytes(headerValue == null ? -1 : headerValue.length);
        }
        return size;
    }

    private static int sizeOfNullableBytes(int length) {
        return length < 0 ? ByteUtils.sizeOfVarint(-1) : ByteUtils.sizeOfVarint(length) + length;
    }

    /** Writes the length varint and the body; {@code out} must have room for both. */
    static void writeTo(ByteBuffer out, int bodySize, int offsetDelta, long timestampDelta, ByteBuffer key,
                        ByteBuffer value, byte[][] headerKeys, Header[] headers) {
        ByteUtils.writeVarint(bodySize, out);
        out.put((byte) 0);
        ByteUtils.writeVarlong(timestampDelta, out);
        ByteUtils.writeVarint(offsetDelta, out);
        writeNullable(out, key);
        writeNullable(out, value);
        ByteUtils.writeVarint(headers.length, out);
        for (int i = 0; i < headers.length; i++) {
            ByteUtils.writeVarint(headerKeys[i].length, out);
            out.put(headerKeys[i]);
            byte[] headerValue = headers[i].value();
            if (headerValue == null) {
                ByteUtils.writeVarint(-1, out);
            } else {
                ByteUtils.writeVarint(headerValue.length, out);
                out.put(headerValue);
            }
        }
    }

    private static void writeNullable(ByteBuffer out, ByteBuffer bytes) {
        if (bytes == null) {
            ByteUtils.writeVarint(-1, out);
        } else {
            ByteUtils.writeVarint(bytes.remaining(), out);
            out.put(bytes.duplicate());
        }
    }

    /**
     * Reads one record at {@code in}'s position and leaves the position after it. The limit of {@code in} is
     * restored before returning.
     *
     * @param timestampOverride the timestamp every record reports (LogAppendTime batches), or null to use
     *                          {@code baseTimestamp + timestampDelta}
     * @throws CorruptRecordException when the framing does not add up
     */
    static Record readFrom(ByteBuffer in, long baseOffset, long baseTimestamp, Long timestampOverride) {
        int start = in.position();
        int limit = in.limit();
        int length;
        try {
            length = ByteUtils.readVarint(in);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptRecordException("Record at byte " + start + " of the records has a truncated or "
                + "invalid length varint.");
        }
        if (length <= 0 || length > in.remaining()) {
            throw new CorruptRecordException("Record at byte " + start + " of the records declares a length of "
                + length + " bytes but " + in.remaining() + " bytes remain.");
        }
        int bodyStart = in.position();
        int bodyEnd = bodyStart + length;
        in.limit(bodyEnd);
        try {
            in.get(); // attributes: unused
            long timestampDelta = ByteUtils.readVarlong(in);
            int offsetDelta = ByteUtils.readVarint(in);
            ByteBuffer key = readNullable(in, "key");
            ByteBuffer value = readNullable(in, "value");
            int headerCount = ByteUtils.readVarint(in);
            if (headerCount < 0) {
                throw new CorruptRecordException("Record at byte " + start + " declares " + headerCount
                    + " headers, a negative count.");
            }
            Header[] headers = headerCount == 0 ? NO_HEADERS : new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                int keyLength = ByteUtils.readVarint(in);
                if (keyLength < 0 || keyLength > in.remaining()) {
                    throw new CorruptRecordException("Record at byte " + start + " has header key length "
                        + keyLength + " with " + in.remaining() + " bytes left in the record.");
                }
                String headerKey = readUtf8(in, keyLength);
                int valueLength = ByteUtils.readVarint(in);
                byte[] headerValue = null;
                if (valueLength >= 0) {
                    if (valueLength > in.remaining()) {
                        throw new CorruptRecordException("Record at byte " + start + " has header value length "
                            + valueLength + " with " + in.remaining() + " bytes left in the record.");
                    }
                    headerValue = new byte[valueLength];
                    in.get(headerValue);
                } else if (valueLength != -1) {
                    throw new CorruptRecordException("Record at byte " + start + " has header value length "
                        + valueLength + "; only -1 (null) may be negative.");
                }
                headers[i] = new Header(headerKey, headerValue);
            }
            if (in.hasRemaining()) {
                throw new CorruptRecordException("Record at byte " + start + " declares " + length
                    + " bytes but its fields use " + (in.position() - bodyStart) + ".");
            }
            long timestamp = timestampOverride != null ? timestampOverride : baseTimestamp + timestampDelta;
            return new Record(baseOffset + offsetDelta, timestamp, key, value, headers);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptRecordException("Record at byte " + start + " declares " + length
                + " bytes but its fields run past them.", e);
        } finally {
            in.limit(limit);
        }
    }

    private static ByteBuffer readNullable(ByteBuffer in, String field) {
        int length = ByteUtils.readVarint(in);
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new CorruptRecordException("Record " + field + " length " + length + " is invalid with "
                + in.remaining() + " bytes left in the record.");
        }
        int position = in.position();
        ByteBuffer bytes = in.slice(position, length);
        in.position(position + length);
        return bytes;
    }

    private static String readUtf8(ByteBuffer in, int length) {
        String result;
        if (in.hasArray()) {
            result = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
        } else {
            byte[] bytes = new byte[length];
            in.get(bytes);
            result = new String(bytes, StandardCharsets.UTF_8);
        }
        return result;
    }
}
