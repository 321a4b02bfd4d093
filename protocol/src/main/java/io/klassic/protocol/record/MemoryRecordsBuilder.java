package io.klassic.protocol.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds one record batch v2 (layout in {@link RecordBatch}, records in {@link Record}) in memory: records are
 * encoded uncompressed as they are appended, then {@link #build()} compresses them if asked, writes the 61-byte
 * header and the CRC-32C. baseTimestamp is the first record's timestamp, maxTimestamp the largest appended one
 * (for a LogAppendTime batch, append records with the append time). Used by tests, tools and the broker's own
 * writes (internal topics, the log cleaner). Not thread-safe.
 */
public final class MemoryRecordsBuilder {
    private static final int INITIAL_CAPACITY = 512;

    private final CompressionType compressionType;
    private final TimestampType timestampType;
    private final long baseOffset;
    private final long producerId;
    private final short producerEpoch;
    private final int baseSequence;
    private final int partitionLeaderEpoch;
    private final boolean isTransactional;
    private final boolean isControl;

    private ByteBuffer records = ByteBuffer.allocate(INITIAL_CAPACITY);
    private int count;
    private long lastOffset = -1L;
    private long overriddenLastOffset = -1L;
    private long baseTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private ByteBuffer built;

    /**
     * @param timestampType CREATE_TIME or LOG_APPEND_TIME (attribute bit 3)
     * @param producerId    {@link RecordBatch#NO_PRODUCER_ID} unless idempotent
     * @param producerEpoch {@link RecordBatch#NO_PRODUCER_EPOCH} unless idempotent
     * @param baseSequence  {@link RecordBatch#NO_SEQUENCE} unless idempotent
     */
    public MemoryRecordsBuilder(CompressionType compressionType, TimestampType timestampType, long baseOffset,
                                long producerId, short producerEpoch, int baseSequence, int partitionLeaderEpoch,
                                boolean isTransactional, boolean isControl) {
        if (compressionType == null) {
            throw new IllegalArgumentException("compressionType must not be null.");
        }
        if (timestampType != TimestampType.CREATE_TIME && timestampType != TimestampType.LOG_APPEND_TIME) {
            throw new IllegalArgumentException("A record batch v2 needs timestamp type CreateTime or LogAppendTime, not "
                + timestampType + ".");
        }
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset must not be negative, got " + baseOffset + ".");
        }
        this.compressionType = compressionType;
        this.timestampType = timestampType;
        this.baseOffset = baseOffset;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        this.isTransactional = isTransactional;
        this.isControl = isControl;
    }

    /** A plain CreateTime batch at base offset 0, without producer fields. */
    public static MemoryRecordsBuilder simple(CompressionType compressionType) {
        return new MemoryRecordsBuilder(compressionType, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_PRODUCER_ID,
            RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, RecordBatch.NO_PARTITION_LEADER_EPOCH, false,
            false);
    }

    /** Appends a record at the next offset (baseOffset for the first). Null key or value = absent. */
    public MemoryRecordsBuilder append(long timestamp, byte[] key, byte[] value, Header... headers) {
        long offset = count == 0 ? baseOffset : lastOffset + 1;
        return appendWithOffset(offset, timestamp, key == null ? null : ByteBuffer.wrap(key),
            value == null ? null : ByteBuffer.wrap(value), headers);
    }

    /**
     * Appends a record at {@code offset}, which must be above the last appended one (gaps are allowed, as in a
     * compacted batch). The key and value are copied from their position to their limit; the buffers are not moved.
     */
    public MemoryRecordsBuilder appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value,
                                                 Header... headers) {
        if (built != null) {
            throw new IllegalStateException("This record batch was already built; create a new builder.");
        }
        if (offset < baseOffset || (count > 0 && offset <= lastOffset)) {
            throw new IllegalArgumentException("Record offset " + offset + " must be at least baseOffset "
                + baseOffset + " and above the last appended offset " + lastOffset + ".");
        }
        if (offset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Record offset " + offset + " is too far from baseOffset "
                + baseOffset + " for an int32 offset delta.");
        }
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("Invalid negative timestamp " + timestamp + "; use -1 for none.");
        }
        Header[] safeHeaders = headers == null ? RecordCodec.NO_HEADERS : headers;
        byte[][] headerKeys = new byte[safeHeaders.length][];
        for (int i = 0; i < safeHeaders.length; i++) {
            if (safeHeaders[i] == null) {
                throw new IllegalArgumentException("Record header " + i + " is null.");
            }
            headerKeys[i] = safeHeaders[i].key().getBytes(StandardCharsets.UTF_8);
        }
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        int offsetDelta = (int) (offset - baseOffset);
        long timestampDelta = timestamp - baseTimestamp;
        int bodySize = RecordCodec.sizeOfBodyInBytes(offsetDelta, timestampDelta, key, value, headerKeys, safeHeaders);
        ensureRemaining(5 + bodySize);
        RecordCodec.writeTo(records, bodySize, offsetDelta, timestampDelta, key, value, headerKeys, safeHeaders);
        count++;
        lastOffset = offset;
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        return this;
    }

    /**
     * Keeps {@code lastOffset} as the batch's last offset even if the last appended record is below it, as log
     * compaction does to preserve the producer's last sequence. Also allows building a batch with no records.
     */
    public MemoryRecordsBuilder overrideLastOffset(long lastOffset) {
        if (lastOffset < baseOffset || (count > 0 && lastOffset < this.lastOffset)
            || lastOffset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Overridden last offset " + lastOffset + " must lie in [" + baseOffset
                + ", " + (baseOffset + Integer.MAX_VALUE) + "] and not below the last appended offset "
                + this.lastOffset + ".");
        }
        this.overriddenLastOffset = lastOffset;
        return this;
    }

    public int numRecords() {
        return count;
    }

    private void ensureRemaining(int needed) {
        if (records.remaining() < needed) {
            int capacity = Math.max(records.capacity() * 2, records.position() + needed);
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            records.flip();
            bigger.put(records);
            records = bigger;
        }
    }

    /**
     * The batch: a buffer at position 0 holding exactly one batch with its CRC computed. Calling again returns
     * the same bytes; no record may be appended afterwards.
     *
     * @throws IllegalStateException when nothing was appended (and no last offset was set)
     */
    public ByteBuffer build() {
        if (built != null) {
            return built.duplicate();
        }
        long last = overriddenLastOffset >= 0 ? overriddenLastOffset : lastOffset;
        if (count == 0 && overriddenLastOffset < 0) {
            throw new IllegalStateException("Cannot build a record batch without records.");
        }
        byte[] payload;
        int payloadLength;
        if (compressionType == CompressionType.NONE) {
            payload = records.array();
            payloadLength = records.position();
        } else {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, records.position() / 2));
            try (OutputStream out = compressionType.wrapForOutput(compressed)) {
                out.write(records.array(), 0, records.position());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not " + compressionType.altName() + "-compress the records.", e);
            }
            payload = compressed.toByteArray();
            payloadLength = payload.length;
        }
        int size = RecordBatch.RECORD_BATCH_OVERHEAD + payloadLength;
        ByteBuffer batch = ByteBuffer.allocate(size);
        int attributes = compressionType.id()
            | (timestampType == TimestampType.LOG_APPEND_TIME ? RecordBatch.TIMESTAMP_TYPE_MASK : 0)
            | (isTransactional ? RecordBatch.TRANSACTIONAL_FLAG_MASK : 0)
            | (isControl ? RecordBatch.CONTROL_FLAG_MASK : 0);
        batch.putLong(baseOffset);
        batch.putInt(size - RecordBatch.LOG_OVERHEAD);
        batch.putInt(partitionLeaderEpoch);
        batch.put(RecordBatch.MAGIC);
        batch.putInt(0);
        batch.putShort((short) attributes);
        batch.putInt((int) (last - baseOffset));
        batch.putLong(baseTimestamp);
        batch.putLong(maxTimestamp);
        batch.putLong(producerId);
        batch.putShort(producerEpoch);
        batch.putInt(baseSequence);
        batch.putInt(count);
        batch.put(payload, 0, payloadLength);
        batch.flip();
        long crc = Crc32C.compute(batch, RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc);
        records = null;
        built = batch;
        return batch.duplicate();
    }
}
