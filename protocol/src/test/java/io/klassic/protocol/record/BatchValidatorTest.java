package io.klassic.protocol.record;

import static io.klassic.protocol.record.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klassic.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchValidatorTest {
    private static final int MAX = 1_048_588;

    private static List<Fixtures.Input> threeRecords() {
        return List.of(
            new Fixtures.Input(1000L, utf8("a"), utf8("1")),
            new Fixtures.Input(3000L, utf8("b"), utf8("2")),
            new Fixtures.Input(2000L, utf8("c"), utf8("3")));
    }

    private static ValidationResult assertRejected(ByteBuffer payload, Errors expected, String messagePart) {
        ValidationResult result = BatchValidator.validate(payload, MAX, false);
        assertEquals(expected, result.error(), result.errorMessage());
        assertFalse(result.isValid());
        assertTrue(result.errorMessage().contains(messagePart),
            "message '" + result.errorMessage() + "' should mention '" + messagePart + "'");
        return result;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void acceptsAClientBatchAndReportsItsFields(CompressionType compression) {
        ByteBuffer payload = Fixtures.buildWithKafka(compression, TimestampType.CREATE_TIME, 0L, -1L, 4000L,
            (short) 2, 10, true, -1, threeRecords());
        ValidationResult result = BatchValidator.validate(payload, MAX, true);
        assertEquals(Errors.NONE, result.error(), result.errorMessage());
        assertTrue(result.isValid());
        assertNull(result.errorMessage());
        assertEquals(1, result.batchCount());
        assertEquals(3, result.recordCount());
        assertEquals(0, result.firstOffsetDelta());
        assertEquals(2, result.lastOffsetDelta());
        assertEquals(payload.remaining(), result.sizeInBytes());
        assertEquals(3000L, result.maxTimestamp());
        assertEquals(2, result.offsetDeltaOfMaxTimestamp());
        assertEquals(compression != CompressionType.NONE, result.compressed());
        assertEquals(4000L, result.producerId());
        assertTrue(result.hasProducerId());
        assertEquals((short) 2, result.producerEpoch());
        assertEquals(10, result.baseSequence());
        assertEquals(12, result.lastSequence());
        assertTrue(result.isTransactional());
    }

    @Test
    void walksSeveralBatchesAndLeavesThePositionAlone() {
        ByteBuffer first = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        ByteBuffer second = Fixtures.simpleBatch(CompressionType.SNAPPY,
            List.of(new Fixtures.Input(9000L, utf8("x"), utf8("y")), new Fixtures.Input(100L, utf8("z"), null)));
        ByteBuffer joined = Fixtures.concat(first, second);
        ByteBuffer payload = ByteBuffer.allocate(joined.remaining() + 8);
        payload.position(8);
        payload.put(joined);
        payload.position(8);
        ValidationResult result = BatchValidator.validate(payload, MAX, false);
        assertEquals(Errors.NONE, result.error(), result.errorMessage());
        assertEquals(8, payload.position());
        assertEquals(2, result.batchCount());
        assertEquals(5, result.recordCount());
        assertEquals(4, result.lastOffsetDelta());
        assertEquals(9000L, result.maxTimestamp());
        assertEquals(4, result.offsetDeltaOfMaxTimestamp(), "the last record of the second batch");
        assertTrue(result.compressed());
        assertFalse(result.hasProducerId());
    }

    @Test
    void rejectsAFlippedByte() {
        ByteBuffer inRecords = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        int index = RecordBatch.RECORDS_OFFSET + 3;
        inRecords.put(index, (byte) (inRecords.get(index) ^ 0x01));
        assertRejected(inRecords, Errors.CORRUPT_MESSAGE, "crc");

        ByteBuffer inCrc = Fixtures.simpleBatch(CompressionType.GZIP, threeRecords());
        inCrc.put(RecordBatch.CRC_OFFSET + 2, (byte) (inCrc.get(RecordBatch.CRC_OFFSET + 2) ^ 0x40));
        assertRejected(inCrc, Errors.CORRUPT_MESSAGE, "crc");

        ByteBuffer inAttributes = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        inAttributes.put(RecordBatch.ATTRIBUTES_OFFSET + 1, (byte) 0x01); // claims gzip, CRC no longer matches
        assertRejected(inAttributes, Errors.CORRUPT_MESSAGE, "crc");
    }

    @Test
    void rejectsAPartialBatch() {
        ByteBuffer whole = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        ByteBuffer truncated = whole.duplicate().limit(whole.limit() - 1);
        assertRejected(truncated, Errors.CORRUPT_MESSAGE, "partial");

        ByteBuffer tail = Fixtures.concat(whole, whole.duplicate().limit(30));
        assertRejected(tail, Errors.CORRUPT_MESSAGE, "partial");

        ByteBuffer tiny = Fixtures.concat(whole, whole.duplicate().limit(5));
        assertRejected(tiny, Errors.CORRUPT_MESSAGE, "partial");
    }

    @Test
    void rejectsAnImpossibleBatchLength() {
        ByteBuffer batch = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        ByteBuffer shortened = batch.duplicate();
        shortened.putInt(RecordBatch.LENGTH_OFFSET, 2);
        assertRejected(shortened.limit(RecordBatch.LOG_OVERHEAD + 2), Errors.CORRUPT_MESSAGE, "batchLength");
    }

    @Test
    void rejectsOlderMessageFormats() {
        for (byte magic : new byte[] {0, 1}) {
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            org.apache.kafka.common.record.MemoryRecordsBuilder builder =
                org.apache.kafka.common.record.MemoryRecords.builder(buffer, magic,
                    org.apache.kafka.common.compress.Compression.NONE,
                    magic == 0 ? org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE
                        : org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
            builder.append(magic == 0 ? -1L : 1000L, utf8("k"), utf8("v"));
            ByteBuffer payload = builder.build().buffer();
            assertRejected(payload, Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT, "magic " + magic);
        }
    }

    @Test
    void rejectsControlBatches() {
        ByteBuffer marker = org.apache.kafka.common.record.MemoryRecords.withEndTransactionMarker(0L,
            1_700_000_000_000L, 0, 99L, (short) 0,
            new org.apache.kafka.common.record.EndTransactionMarker(
                org.apache.kafka.common.record.ControlRecordType.ABORT, 0)).buffer();
        assertRejected(marker, Errors.INVALID_RECORD, "control");

        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME, 0L,
            5L, (short) 0, 0, -1, true, true);
        builder.append(1L, new byte[] {0, 0, 0, 1}, new byte[] {0, 0, 0, 0, 0, 0});
        assertRejected(builder.build(), Errors.INVALID_RECORD, "control");
    }

    @Test
    void rejectsBadCounts() {
        ByteBuffer moreRecordsThanOffsets = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        Fixtures.putIntAndFixCrc(moreRecordsThanOffsets, RecordBatch.RECORDS_COUNT_OFFSET, 4);
        assertRejected(moreRecordsThanOffsets, Errors.INVALID_RECORD, "count of records 4");

        ByteBuffer gap = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        Fixtures.putIntAndFixCrc(gap, RecordBatch.LAST_OFFSET_DELTA_OFFSET, 5);
        assertRejected(gap, Errors.INVALID_RECORD, "[0, 5]");

        ByteBuffer empty = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        Fixtures.putIntAndFixCrc(empty, RecordBatch.RECORDS_COUNT_OFFSET, 0);
        Fixtures.putIntAndFixCrc(empty, RecordBatch.LAST_OFFSET_DELTA_OFFSET, -1);
        assertRejected(empty, Errors.INVALID_RECORD, "count of records 0");
    }

    @Test
    void rejectsOversizeBatches() {
        ByteBuffer batch = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        int size = batch.remaining();
        ValidationResult atLimit = BatchValidator.validate(batch, size, false);
        assertEquals(Errors.NONE, atLimit.error(), atLimit.errorMessage());
        ValidationResult over = BatchValidator.validate(batch, size - 1, false);
        assertEquals(Errors.MESSAGE_TOO_LARGE, over.error());
        assertTrue(over.errorMessage().contains("max.message.bytes"), over.errorMessage());
        assertTrue(over.errorMessage().contains(Integer.toString(size)), over.errorMessage());
    }

    @Test
    void rejectsAProducerIdWithoutSequence() {
        ByteBuffer batch = Fixtures.buildWithOurs(CompressionType.NONE, TimestampType.CREATE_TIME, 0L, 5L, (short) 0,
            RecordBatch.NO_SEQUENCE, false, -1, threeRecords());
        assertRejected(batch, Errors.INVALID_RECORD, "sequence");
    }

    @Test
    void rejectsANonZeroBaseOffset() {
        ByteBuffer batch = Fixtures.buildWithOurs(CompressionType.NONE, TimestampType.CREATE_TIME, 10L, -1L,
            (short) -1, -1, false, -1, threeRecords());
        assertRejected(batch, Errors.INVALID_RECORD, "baseOffset");
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertRejected(ByteBuffer.allocate(0), Errors.INVALID_RECORD, "no record batch");
        assertEquals(Errors.INVALID_RECORD, BatchValidator.validate(null, MAX, false).error());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void compactedTopicsRequireKeys(CompressionType compression) {
        List<Fixtures.Input> inputs = List.of(
            new Fixtures.Input(1L, utf8("a"), utf8("1")),
            new Fixtures.Input(2L, null, utf8("2")));
        ByteBuffer batch = Fixtures.simpleBatch(compression, inputs);
        ValidationResult withKeys = BatchValidator.validate(batch, MAX, true);
        assertEquals(Errors.INVALID_RECORD, withKeys.error());
        assertTrue(withKeys.errorMessage().contains("without key"), withKeys.errorMessage());
        assertEquals(Errors.NONE, BatchValidator.validate(batch, MAX, false).error());
    }

    @Test
    void recordsAreOnlyDecodedForCompactedTopics() {
        // A batch whose records are garbage but whose header and CRC are consistent: the header-only path accepts
        // it (it never decodes records), the compacted-topic path decodes and reports corruption.
        ByteBuffer batch = Fixtures.simpleBatch(CompressionType.NONE, threeRecords());
        batch.put(RecordBatch.RECORDS_OFFSET, (byte) 0x7f);
        Fixtures.fixCrc(batch);
        assertEquals(Errors.NONE, BatchValidator.validate(batch, MAX, false).error());
        ValidationResult decoded = BatchValidator.validate(batch, MAX, true);
        assertEquals(Errors.CORRUPT_MESSAGE, decoded.error());
        assertTrue(decoded.errorMessage().contains("corrupt"), decoded.errorMessage());
    }

    @Test
    void reportsTheFirstBatchProducerFieldsOfAnIdempotentKafkaBatch() {
        ByteBuffer batch = Fixtures.buildWithKafka(CompressionType.ZSTD, TimestampType.CREATE_TIME, 0L, -1L, 1L,
            (short) 0, Integer.MAX_VALUE - 1, false, -1, threeRecords());
        ValidationResult result = BatchValidator.validate(batch, MAX, false);
        assertEquals(Errors.NONE, result.error(), result.errorMessage());
        assertEquals(Integer.MAX_VALUE - 1, result.baseSequence());
        assertEquals(0, result.lastSequence(), "sequences wrap past Integer.MAX_VALUE");
    }
}
