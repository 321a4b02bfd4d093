package io.klassic.protocol.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * A view over exactly one record batch v2 (message format "magic 2", Kafka 0.11+), the unit of the wire and of the
 * log. Big-endian layout:
 * <pre>
 * offset  field                 type
 *  0      baseOffset            int64   rewritten by the broker on append (outside the CRC)
 *  8      batchLength           int32   bytes after this field
 * 12      partitionLeaderEpoch  int32   set by the broker (outside the CRC)
 * 16      magic                 int8    2
 * 17      crc                   uint32  CRC-32C of bytes [21, end)
 * 21      attributes            int16   bits 0-2 compression, 3 timestamp type (1 = LogAppendTime),
 *                                       4 transactional, 5 control, 6 delete horizon set (baseTimestamp is it)
 * 23      lastOffsetDelta       int32
 * 27      baseTimestamp         int64
 * 35      maxTimestamp          int64
 * 43      producerId            int64   -1 when not idempotent
 * 51      producerEpoch         int16
 * 53      baseSequence          int32
 * 57      recordsCount          int32
 * 61      records                       (see {@link Record}); one compressed stream when compression != none
 * </pre>
 * The view is a slice: index 0 is the batch's first byte. The constructor takes the batch at the buffer's position;
 * the buffer must hold at least the 61-byte header (header accessors then work); {@link #isValid()},
 * {@link #ensureValid()} and {@link #records()} need the whole batch. Setters write through to the shared memory.
 * Not thread-safe.
 */
public final class RecordBatch {
    public static final int LOG_OVERHEAD = 12;
    public static final int RECORD_BATCH_OVERHEAD = 61;
    public static final byte MAGIC = 2;
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final long NO_TIMESTAMP = -1L;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    static final int BASE_OFFSET_OFFSET = 0;
    static final int LENGTH_OFFSET = 8;
    static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORDS_COUNT_OFFSET = 57;
    static final int RECORDS_OFFSET = 61;

    static final int COMPRESSION_CODEC_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    static final int CONTROL_FLAG_MASK = 0x20;
    static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    private final ByteBuffer buffer;

    /**
     * A view of the batch starting at {@code batch}'s position (the position is not moved). When the buffer holds
     * more than the declared batch, the view ends with the batch.
     *
     * @throws CorruptRecordException when fewer than {@link #RECORD_BATCH_OVERHEAD} bytes remain
     */
    public RecordBatch(ByteBuffer batch) {
        if (batch.remaining() < RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("A record batch needs at least " + RECORD_BATCH_OVERHEAD
                + " bytes of header but only " + batch.remaining() + " bytes were given.");
        }
        ByteBuffer slice = batch.slice();
        long declared = LOG_OVERHEAD + (long) slice.getInt(LENGTH_OFFSET);
        if (declared >= RECORD_BATCH_OVERHEAD && declared < slice.limit()) {
            slice.limit((int) declared);
        }
        this.buffer = slice;
    }

    public long baseOffset() {
        return buffer.getLong(BASE_OFFSET_OFFSET);
    }

    /** Assigns the batch's offsets (outside the CRC: no checksum update). */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(BASE_OFFSET_OFFSET, baseOffset);
    }

    public int batchLength() {
        return buffer.getInt(LENGTH_OFFSET);
    }

    /** Bytes of the whole batch, {@link #LOG_OVERHEAD} + batchLength. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(PARTITION_LEADER_EPOCH_OFFSET);
    }

    /** Stamps the leader epoch (outside the CRC: no checksum update). */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    public byte magic() {
        return buffer.get(MAGIC_OFFSET);
    }

    /** The stored CRC, unsigned. */
    public long checksum() {
        return buffer.getInt(CRC_OFFSET) & 0xffffffffL;
    }

    /** The CRC-32C of bytes [21, sizeInBytes), unsigned. */
    public long computeChecksum() {
        return Crc32C.compute(buffer, ATTRIBUTES_OFFSET, sizeInBytes() - ATTRIBUTES_OFFSET);
    }

    /** True when the whole batch is present, at least a header long, and its CRC matches. */
    public boolean isValid() {
        int size = sizeInBytes();
        return size >= RECORD_BATCH_OVERHEAD && size <= buffer.limit() && checksum() == computeChecksum();
    }

    /**
     * Checks what must hold for any batch v2, compacted ones included: magic 2, a size of at least the header that
     * the buffer holds, a matching CRC, and {@code 0 <= recordsCount <= lastOffsetDelta + 1}. (Log compaction keeps
     * a batch's lastOffsetDelta while removing records, so equality is only required of client appends; see
     * {@link BatchValidator}.)
     *
     * @throws CorruptRecordException naming the first check that failed
     */
    public void ensureValid() {
        if (magic() != MAGIC) {
            throw new CorruptRecordException("Record batch has magic " + magic() + "; only magic " + MAGIC
                + " is supported.");
        }
        int size = sizeInBytes();
        if (size < RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("Record batch size " + size + " (batchLength " + batchLength()
                + ") is smaller than the minimum batch size " + RECORD_BATCH_OVERHEAD + ".");
        }
        if (size > buffer.limit()) {
            throw new CorruptRecordException("Record batch declares " + size + " bytes but only " + buffer.limit()
                + " bytes are present.");
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException("Record batch at base offset " + baseOffset()
                + " is corrupt (stored crc = " + stored + ", computed crc = " + computed + ").");
        }
        int count = recordsCount();
        int lastOffsetDelta = lastOffsetDelta();
        if (count < 0 || lastOffsetDelta < 0 || count > (long) lastOffsetDelta + 1) {
            throw new CorruptRecordException("Record batch at base offset " + baseOffset() + " has recordsCount "
                + count + " and lastOffsetDelta " + lastOffsetDelta + ", which do not fit together.");
        }
    }

    public short attributes() {
        return buffer.getShort(ATTRIBUTES_OFFSET);
    }

    /** @throws CorruptRecordException when attribute bits 0-2 hold an unknown codec id (5-7) */
    public CompressionType compressionType() {
        int id = attributes() & COMPRESSION_CODEC_MASK;
        if (id > CompressionType.ZSTD.id()) {
            throw new CorruptRecordException("Record batch has unknown compression type id " + id + ".");
        }
        return CompressionType.forId(id);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    /** Whether attribute bit 6 is set: baseTimestamp then holds the delete horizon set by log compaction. */
    public boolean hasDeleteHorizonMs() {
        return (attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
    }

    /** The delete horizon (the baseTimestamp) when {@link #hasDeleteHorizonMs()}, else empty. */
    public OptionalLong deleteHorizonMs() {
        return hasDeleteHorizonMs() ? OptionalLong.of(baseTimestamp()) : OptionalLong.empty();
    }

    public int lastOffsetDelta() {
        return buffer.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buffer.getLong(BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(MAX_TIMESTAMP_OFFSET);
    }

    /**
     * Turns the batch into a LogAppendTime batch stamped {@code timestamp}: sets attribute bit 3, writes
     * maxTimestamp and recomputes the CRC (clients check it). Records then all report {@code timestamp}.
     */
    public void setLogAppendTime(long timestamp) {
        short attributes = (short) (attributes() | TIMESTAMP_TYPE_MASK);
        buffer.putShort(ATTRIBUTES_OFFSET, attributes);
        buffer.putLong(MAX_TIMESTAMP_OFFSET, timestamp);
        buffer.putInt(CRC_OFFSET, (int) computeChecksum());
    }

    public long producerId() {
        return buffer.getLong(PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(BASE_SEQUENCE_OFFSET);
    }

    /** The sequence of the last record: baseSequence + lastOffsetDelta, wrapping past Integer.MAX_VALUE to 0. */
    public int lastSequence() {
        int baseSequence = baseSequence();
        if (baseSequence == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        int delta = lastOffsetDelta();
        if (baseSequence > Integer.MAX_VALUE - delta) {
            return delta - (Integer.MAX_VALUE - baseSequence) - 1;
        }
        return baseSequence + delta;
    }

    public int recordsCount() {
        return buffer.getInt(RECORDS_COUNT_OFFSET);
    }

    public boolean hasProducerId() {
        return producerId() > NO_PRODUCER_ID;
    }

    /**
     * The batch's records, decompressing first when the batch is compressed (into one heap array; the compressed
     * stream is closed before this returns). Record framing is checked while iterating: a record whose fields do
     * not add up to its length, fewer records than recordsCount, or bytes left after the last record.
     *
     * @throws CorruptRecordException from this method (truncated batch, undecompressable data) or from
     *                                {@code next()} (bad framing)
     */
    public Iterator<Record> records() {
        int size = sizeInBytes();
        if (size < RECORD_BATCH_OVERHEAD || size > buffer.limit()) {
            throw new CorruptRecordException("Cannot read the records of a record batch that declares " + size
                + " bytes when " + buffer.limit() + " bytes are present.");
        }
        int count = recordsCount();
        if (count < 0) {
            throw new CorruptRecordException("Record batch at base offset " + baseOffset()
                + " has a negative recordsCount " + count + ".");
        }
        if (count == 0) {
            return Collections.emptyIterator();
        }
        ByteBuffer body = buffer.duplicate();
        body.position(RECORDS_OFFSET);
        CompressionType compression = compressionType();
        if (compression != CompressionType.NONE) {
            body = ByteBuffer.wrap(decompress(compression, body));
        }
        Long timestampOverride = timestampType() == TimestampType.LOG_APPEND_TIME ? maxTimestamp() : null;
        return new RecordIterator(body, count, baseOffset(), baseTimestamp(), timestampOverride);
    }

    private byte[] decompress(CompressionType compression, ByteBuffer compressed) {
        try (InputStream in = compression.wrapForInput(compressed)) {
            return in.readAllBytes();
        } catch (CorruptRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException("Could not decompress the " + compression.altName()
                + " records of the record batch at base offset " + baseOffset() + ": " + e, e);
        }
    }

    /** The batch bytes: a duplicate of the view, position 0, limit = the batch's end (or the header's end). */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    @Override
    public String toString() {
        return "RecordBatch(magic=" + magic() + ", offsets=[" + baseOffset() + ", " + lastOffset() + "], count="
            + recordsCount() + ", size=" + sizeInBytes() + ", compression=" + (attributes() & COMPRESSION_CODEC_MASK)
            + ", timestampType=" + timestampType() + ", maxTimestamp=" + maxTimestamp() + ", producerId="
            + producerId() + ", producerEpoch=" + producerEpoch() + ", baseSequence=" + baseSequence()
            + ", transactional=" + isTransactional() + ", control=" + isControlBatch() + ")";
    }

    /** Walks the records of one batch; checks that exactly {@code count} records fill the bytes. Not thread-safe. */
    private static final class RecordIterator implements Iterator<Record> {
        private final ByteBuffer body;
        private final long baseOffset;
        private final long baseTimestamp;
        private final Long timestampOverride;
        private final int count;
        private int read;

        RecordIterator(ByteBuffer body, int count, long baseOffset, long baseTimestamp, Long timestampOverride) {
            this.body = body;
            this.count = count;
            this.baseOffset = baseOffset;
            this.baseTimestamp = baseTimestamp;
            this.timestampOverride = timestampOverride;
        }

        @Override
        public boolean hasNext() {
            return read < count;
        }

        @Override
        public Record next() {
            if (read >= count) {
                throw new NoSuchElementException("All " + count + " records of the batch were read.");
            }
            if (!body.hasRemaining()) {
                throw new CorruptRecordException("Record batch at base offset " + baseOffset + " declares " + count
                    + " records but its data ends after " + read + ".");
            }
            Record record = RecordCodec.readFrom(body, baseOffset, baseTimestamp, timestampOverride);
            read++;
            if (read == count && body.hasRemaining()) {
                throw new CorruptRecordException("Record batch at base offset " + baseOffset + " has "
                    + body.remaining() + " bytes left after its declared " + count + " records.");
            }
            return record;
        }
    }
}
