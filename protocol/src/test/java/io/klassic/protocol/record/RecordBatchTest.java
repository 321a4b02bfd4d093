package io.klassic.protocol.record;

import static io.klassic.protocol.record.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klassic.protocol.types.ByteUtils;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class RecordBatchTest {

    private static List<Fixtures.Input> twoRecords() {
        return List.of(new Fixtures.Input(10L, utf8("a"), utf8("1")), new Fixtures.Input(20L, utf8("b"), utf8("2")));
    }

    private static void assertCorrupt(Runnable action, String messagePart) {
        CorruptRecordException e = assertThrows(CorruptRecordException.class, action::run);
        assertTrue(e.getMessage().contains(messagePart),
            "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
    }

    /** A one-record uncompressed batch whose record bytes are given verbatim, with a correct CRC. */
    private static ByteBuffer batchWithRawRecords(int count, int lastOffsetDelta, byte[] records) {
        ByteBuffer batch = Fixtures.simpleBatch(CompressionType.NONE, List.of(new Fixtures.Input(5L, null, null)));
        ByteBuffer result = ByteBuffer.allocate(RecordBatch.RECORDS_OFFSET + records.length);
        result.put(batch.duplicate().limit(RecordBatch.RECORDS_OFFSET));
        result.put(records);
        result.flip();
        result.putInt(RecordBatch.LENGTH_OFFSET, result.limit() - RecordBatch.LOG_OVERHEAD);
        result.putInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        result.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, lastOffsetDelta);
        Fixtures.fixCrc(result);
        return result;
    }

    /** Encodes one record body by hand: attributes, deltas, key, value, no headers. */
    private static byte[] rawRecord(int declaredLength, int offsetDelta, byte[] key, byte[] value, int extraBytes) {
        ByteBuffer body = ByteBuffer.allocate(256);
        body.put((byte) 0);
        ByteUtils.writeVarlong(0L, body);
        ByteUtils.writeVarint(offsetDelta, body);
        ByteUtils.writeVarint(key.length, body);
        body.put(key);
        ByteUtils.writeVarint(value.length, body);
        body.put(value);
        ByteUtils.writeVarint(0, body);
        body.put(new byte[extraBytes]);
        body.flip();
        int length = declaredLength >= 0 ? declaredLength : body.remaining();
        ByteBuffer record = ByteBuffer.allocate(body.remaining() + 5);
        ByteUtils.writeVarint(length, record);
        record.put(body);
        record.flip();
        byte[] bytes = new byte[record.remaining()];
        record.get(bytes);
        return bytes;
    }

    @Test
    void readsHeaderFieldsOfAFreshBatch() {
        ByteBuffer buffer = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        RecordBatch batch = new RecordBatch(buffer);
        assertEquals(0L, batch.baseOffset());
        assertEquals(1, batch.lastOffsetDelta());
        assertEquals(1L, batch.lastOffset());
        assertEquals(2L, batch.nextOffset());
        assertEquals(2, batch.recordsCount());
        assertEquals(buffer.remaining(), batch.sizeInBytes());
        assertEquals(buffer.remaining() - RecordBatch.LOG_OVERHEAD, batch.batchLength());
        assertEquals(RecordBatch.MAGIC, batch.magic());
        assertEquals(10L, batch.baseTimestamp());
        assertEquals(20L, batch.maxTimestamp());
        assertEquals(CompressionType.NONE, batch.compressionType());
        assertEquals(TimestampType.CREATE_TIME, batch.timestampType());
        assertEquals(0, batch.attributes());
        assertFalse(batch.hasProducerId());
        assertEquals(RecordBatch.NO_SEQUENCE, batch.lastSequence());
        assertEquals(RecordBatch.NO_PARTITION_LEADER_EPOCH, batch.partitionLeaderEpoch());
        assertTrue(batch.toString().contains("count=2"), batch.toString());
    }

    @Test
    void theViewStartsAtThePositionAndEndsWithTheBatch() {
        ByteBuffer first = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        ByteBuffer joined = Fixtures.concat(ByteBuffer.wrap(new byte[7]), first, first);
        joined.position(7);
        RecordBatch batch = new RecordBatch(joined);
        assertEquals(7, joined.position());
        assertEquals(first.remaining(), batch.buffer().remaining());
        assertEquals(0, batch.buffer().position());
        batch.ensureValid();
        ByteBuffer view = batch.buffer();
        view.position(10);
        assertEquals(0, batch.buffer().position(), "buffer() returns a duplicate");
    }

    @Test
    void headerOnlyViewsReadHeadersButAreNotValid() {
        ByteBuffer whole = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        RecordBatch header = new RecordBatch(whole.duplicate().limit(RecordBatch.RECORD_BATCH_OVERHEAD));
        assertEquals(1L, header.lastOffset());
        assertFalse(header.isValid());
        assertCorrupt(header::ensureValid, "declares");
        assertCorrupt(header::records, "declares");
        assertCorrupt(() -> new RecordBatch(whole.duplicate().limit(60)), "61");
    }

    @Test
    void ensureValidNamesWhatIsWrong() {
        ByteBuffer magic = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        magic.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertCorrupt(new RecordBatch(magic)::ensureValid, "magic 1");

        ByteBuffer crc = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        crc.put(crc.limit() - 1, (byte) 0x55);
        RecordBatch crcBatch = new RecordBatch(crc);
        assertFalse(crcBatch.isValid());
        assertCorrupt(crcBatch::ensureValid, "crc");

        ByteBuffer size = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        size.putInt(RecordBatch.LENGTH_OFFSET, 20);
        assertCorrupt(new RecordBatch(size)::ensureValid, "smaller than the minimum");

        ByteBuffer counts = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        Fixtures.putIntAndFixCrc(counts, RecordBatch.RECORDS_COUNT_OFFSET, 3);
        assertCorrupt(new RecordBatch(counts)::ensureValid, "recordsCount 3");

        ByteBuffer negative = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        Fixtures.putIntAndFixCrc(negative, RecordBatch.RECORDS_COUNT_OFFSET, -1);
        assertCorrupt(new RecordBatch(negative)::ensureValid, "recordsCount -1");
        assertCorrupt(new RecordBatch(negative)::records, "negative recordsCount");
    }

    @Test
    void compactedBatchesWithFewerRecordsThanOffsetsAreValid() {
        ByteBuffer buffer = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        Fixtures.putIntAndFixCrc(buffer, RecordBatch.LAST_OFFSET_DELTA_OFFSET, 9);
        RecordBatch batch = new RecordBatch(buffer);
        batch.ensureValid();
        assertEquals(9L, batch.lastOffset());
    }

    @Test
    void recordFramingErrorsAreCorruptRecordExceptions() {
        byte[] good = rawRecord(-1, 0, utf8("k"), utf8("v"), 0);
        Iterator<Record> fine = new RecordBatch(batchWithRawRecords(1, 0, good)).records();
        Record record = fine.next();
        assertEquals("k", new String(record.keyBytes()));
        assertFalse(fine.hasNext());
        assertThrows(NoSuchElementException.class, fine::next);

        byte[] tooLong = rawRecord(good.length + 10, 0, utf8("k"), utf8("v"), 0);
        assertCorrupt(() -> new RecordBatch(batchWithRawRecords(1, 0, tooLong)).records().next(), "remain");

        byte[] fieldsBeyondLength = rawRecord(3, 0, utf8("key"), utf8("value"), 0);
        assertCorrupt(() -> new RecordBatch(batchWithRawRecords(1, 0, fieldsBeyondLength)).records().next(),
            "declares 3 bytes");

        byte[] slack = rawRecord(-1, 0, utf8("k"), utf8("v"), 2);
        assertCorrupt(() -> new RecordBatch(batchWithRawRecords(1, 0, slack)).records().next(), "fields use");

        byte[] trailing = Fixtures.bytes(Fixtures.concat(ByteBuffer.wrap(good), ByteBuffer.wrap(new byte[] {1, 2})));
        assertCorrupt(() -> new RecordBatch(batchWithRawRecords(1, 0, trailing)).records().next(), "left after");

        Iterator<Record> missing = new RecordBatch(batchWithRawRecords(2, 1, good)).records();
        missing.next();
        assertCorrupt(missing::next, "declares 2 records");
    }

    @Test
    void undecompressableRecordsAreCorrupt() {
        for (CompressionType type : new CompressionType[] {CompressionType.GZIP, CompressionType.SNAPPY,
            CompressionType.LZ4, CompressionType.ZSTD}) {
            ByteBuffer buffer = Fixtures.simpleBatch(type, Fixtures.sampleRecords());
            for (int i = RecordBatch.RECORDS_OFFSET; i < RecordBatch.RECORDS_OFFSET + 40; i++) {
                buffer.put(i, (byte) (buffer.get(i) ^ 0x5a));
            }
            Fixtures.fixCrc(buffer);
            RecordBatch batch = new RecordBatch(buffer);
            batch.ensureValid();
            assertThrows(CorruptRecordException.class, () -> {
                Iterator<Record> records = batch.records();
                while (records.hasNext()) {
                    records.next();
                }
            }, type.altName());
        }
    }

    @Test
    void unknownCompressionIdIsCorrupt() {
        ByteBuffer buffer = Fixtures.simpleBatch(CompressionType.NONE, twoRecords());
        buffer.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 6);
        assertCorrupt(new RecordBatch(buffer)::compressionType, "compression type id 6");
    }

    @Test
    void lastSequenceWrapsLikeKafka() {
        ByteBuffer buffer = Fixtures.buildWithOurs(CompressionType.NONE, TimestampType.CREATE_TIME, 0L, 3L, (short) 0,
            Integer.MAX_VALUE - 1, false, 0, Fixtures.sampleRecords());
        RecordBatch batch = new RecordBatch(buffer);
        int expected = org.apache.kafka.common.record.DefaultRecordBatch.incrementSequence(Integer.MAX_VALUE - 1,
            batch.lastOffsetDelta());
        assertEquals(expected, batch.lastSequence());
        assertEquals(batch.lastOffsetDelta() - 2, batch.lastSequence());
    }

    @Test
    void recordKeysAndValuesAreViewsOfTheBatch() {
        List<Fixtures.Input> inputs = List.of(new Fixtures.Input(1L, null, utf8("only value"),
            new Header("h", null)));
        RecordBatch batch = new RecordBatch(Fixtures.simpleBatch(CompressionType.NONE, inputs));
        Record record = batch.records().next();
        assertFalse(record.hasKey());
        assertNull(record.key());
        assertNull(record.keyBytes());
        assertEquals(0, record.value().position());
        assertEquals(10, record.value().remaining());
        assertNull(record.headers()[0].value());
        assertEquals(record, new RecordBatch(batch.buffer()).records().next(), "records compare by content");
    }

    @Test
    void builderRefusesMisuse() {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> builder.append(-5L, null, null));
        builder.append(1L, utf8("k"), utf8("v"));
        assertThrows(IllegalArgumentException.class,
            () -> builder.appendWithOffset(0L, 1L, null, null));
        ByteBuffer first = builder.build();
        assertEquals(first, builder.build(), "build() is idempotent");
        assertThrows(IllegalStateException.class, () -> builder.append(2L, null, null));
        assertThrows(IllegalArgumentException.class, () -> new MemoryRecordsBuilder(CompressionType.NONE,
            TimestampType.NO_TIMESTAMP_TYPE, 0L, -1L, (short) -1, -1, -1, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Header(null, null));
    }
}
