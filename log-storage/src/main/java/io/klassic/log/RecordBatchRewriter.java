package io.klassic.log;

import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.Crc32C;
import io.klassic.protocol.record.Header;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.TimestampType;
import io.klassic.protocol.types.ByteUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the cleaner's version of a record batch v2: the records that survive, in a batch that keeps the original's
 * base offset and last offset delta (so the producer's last sequence and the offsets stay as they were), its
 * partition leader epoch, producer id, epoch and base sequence, transactional and control flags, timestamp type and
 * compression codec (the records are recompressed with it). The layout is {@link RecordBatch}'s; the records are
 * encoded as in {@link Record}. When a delete horizon is given, attribute bit 6 is set and baseTimestamp holds the
 * horizon (the records' timestamp deltas are relative to it, as in Kafka); otherwise baseTimestamp is the first
 * record's timestamp. Stateless and thread-safe.
 */
final class RecordBatchRewriter {
    /** Attribute bit 6: baseTimestamp is the delete horizon. */
    static final int DELETE_HORIZON_FLAG = 0x40;
    private static final int ATTRIBUTES_OFFSET = 21;

    private RecordBatchRewriter() {
    }

    /** Whether the batch carries a delete horizon (attribute bit 6). */
    static boolean hasDeleteHorizon(RecordBatch batch) {
        return batch.hasDeleteHorizonMs();
    }

    /** The batch's delete horizon, or -1. */
    static long deleteHorizonMs(RecordBatch batch) {
        return hasDeleteHorizon(batch) ? batch.baseTimestamp() : RecordBatch.NO_TIMESTAMP;
    }

    /**
     * A new batch with {@code records} (a subset, in order, of {@code original}'s) and, when
     * {@code deleteHorizonMs >= 0}, that delete horizon; an empty list gives a header-only batch (kept for a
     * producer's last sequence). Returns a buffer at position 0 holding exactly the batch.
     */
    static ByteBuffer rewrite(RecordBatch original, List<Record> records, long deleteHorizonMs) {
        boolean logAppendTime = original.timestampType() == TimestampType.LOG_APPEND_TIME;
        long baseTimestamp;
        if (deleteHorizonMs >= 0) {
            baseTimestamp = deleteHorizonMs;
        } else if (!records.isEmpty()) {
            baseTimestamp = records.get(0).timestamp();
        } else {
            baseTimestamp = original.baseTimestamp();
        }
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        ByteBuffer body = ByteBuffer.allocate(256);
        long baseOffset = original.baseOffset();
        for (Record record : records) {
            maxTimestamp = Math.max(maxTimestamp, record.timestamp());
            body = writeRecord(body, record, baseOffset, baseTimestamp);
        }
        if (logAppendTime || records.isEmpty()) {
            maxTimestamp = original.maxTimestamp();
        }
        CompressionType compression = original.compressionType();
        byte[] payload;
        int payloadLength;
        if (compression == CompressionType.NONE || records.isEmpty()) {
            payload = body.array();
            payloadLength = body.position();
        } else {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, body.position() / 2));
            try (OutputStream out = compression.wrapForOutput(compressed)) {
                out.write(body.array(), 0, body.position());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not " + compression.altName() + "-compress cleaned records.", e);
            }
            payload = compressed.toByteArray();
            payloadLength = payload.length;
        }
        int attributes = original.attributes() & ~DELETE_HORIZON_FLAG;
        if (records.isEmpty()) {
            attributes &= ~0x07;
        }
        if (deleteHorizonMs >= 0) {
            attributes |= DELETE_HORIZON_FLAG;
        }
        int size = RecordBatch.RECORD_BATCH_OVERHEAD + payloadLength;
        ByteBuffer batch = ByteBuffer.allocate(size);
        batch.putLong(baseOffset);
        batch.putInt(size - RecordBatch.LOG_OVERHEAD);
        batch.putInt(original.partitionLeaderEpoch());
        batch.put(RecordBatch.MAGIC);
        batch.putInt(0);
        batch.putShort((short) attributes);
        batch.putInt(original.lastOffsetDelta());
        batch.putLong(baseTimestamp);
        batch.putLong(maxTimestamp);
        batch.putLong(original.producerId());
        batch.putShort(original.producerEpoch());
        batch.putInt(original.baseSequence());
        batch.putInt(records.size());
        batch.put(payload, 0, payloadLength);
        batch.flip();
        long crc = Crc32C.compute(batch, ATTRIBUTES_OFFSET, size - ATTRIBUTES_OFFSET);
        batch.putInt(17, (int) crc);
        return batch;
    }

    private static ByteBuffer writeRecord(ByteBuffer out, Record record, long baseOffset, long baseTimestamp) {
        int offsetDelta = (int) (record.offset() - baseOffset);
        long timestampDelta = record.timestamp() - baseTimestamp;
        Header[] headers = record.headers() == null ? new Header[0] : record.headers();
        byte[][] headerKeys = new byte[headers.length][];
        int bodySize = 1 + ByteUtils.sizeOfVarlong(timestampDelta) + ByteUtils.sizeOfVarint(offsetDelta)
            + sizeOfNullable(record.key()) + sizeOfNullable(record.value()) + ByteUtils.sizeOfVarint(headers.length);
        for (int i = 0; i < headers.length; i++) {
            headerKeys[i] = headers[i].key().getBytes(StandardCharsets.UTF_8);
            bodySize += ByteUtils.sizeOfVarint(headerKeys[i].length) + headerKeys[i].length;
            byte[] value = headers[i].value();
            bodySize += value == null ? ByteUtils.sizeOfVarint(-1) : ByteUtils.sizeOfVarint(value.length) + value.length;
        }
        ByteBuffer buffer = ensureRemaining(out, ByteUtils.sizeOfVarint(bodySize) + bodySize);
        ByteUtils.writeVarint(bodySize, buffer);
        buffer.put((byte) 0);
        ByteUtils.writeVarlong(timestampDelta, buffer);
        ByteUtils.writeVarint(offsetDelta, buffer);
        writeNullable(buffer, record.key());
        writeNullable(buffer, record.value());
        ByteUtils.writeVarint(headers.length, buffer);
        for (int i = 0; i < headers.length; i++) {
            ByteUtils.writeVarint(headerKeys[i].length, buffer);
            buffer.put(headerKeys[i]);
            byte[] value = headers[i].value();
            if (value == null) {
                ByteUtils.writeVarint(-1, buffer);
            } else {
                ByteUtils.writeVarint(value.length, buffer);
                buffer.put(value);
            }
        }
        return buffer;
    }

    private static int sizeOfNullable(ByteBuffer bytes) {
        return bytes == null ? ByteUtils.sizeOfVarint(-1)
            : ByteUtils.sizeOfVarint(bytes.remaining()) + bytes.remaining();
    }

    private static void writeNullable(ByteBuffer out, ByteBuffer bytes) {
        if (bytes == null) {
            ByteUtils.writeVarint(-1, out);
        } else {
            ByteUtils.writeVarint(bytes.remaining(), out);
            out.put(bytes.duplicate());
        }
    }

    private static ByteBuffer ensureRemaining(ByteBuffer buffer, int needed) {
        if (buffer.remaining() >= needed) {
            return buffer;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + needed));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
