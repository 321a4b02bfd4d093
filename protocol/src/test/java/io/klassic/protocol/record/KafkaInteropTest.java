package io.klassic.protocol.record;

import static io.klassic.protocol.record.Fixtures.assertRecordsMatchInputs;
import static io.klassic.protocol.record.Fixtures.assertSameBatch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Record batches cross between kafka-clients 3.9.1 and our code in both directions, for every codec. */
class KafkaInteropTest {

    static Stream<Arguments> variants() {
        List<Arguments> variants = new ArrayList<>();
        for (CompressionType compression : CompressionType.values()) {
            variants.add(Arguments.of(compression, TimestampType.CREATE_TIME, false));
            variants.add(Arguments.of(compression, TimestampType.LOG_APPEND_TIME, true));
        }
        return variants.stream();
    }

    private static org.apache.kafka.common.record.MutableRecordBatch onlyKafkaBatch(ByteBuffer buffer) {
        Iterator<org.apache.kafka.common.record.MutableRecordBatch> batches =
            org.apache.kafka.common.record.MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator();
        assertTrue(batches.hasNext(), "kafka sees no batch");
        org.apache.kafka.common.record.MutableRecordBatch batch = batches.next();
        assertFalse(batches.hasNext(), "kafka sees more than one batch");
        return batch;
    }

    private static RecordBatch onlyOurBatch(ByteBuffer buffer) {
        Iterator<RecordBatch> batches = RecordBatches.iterate(buffer).iterator();
        assertTrue(batches.hasNext(), "we see no batch");
        RecordBatch batch = batches.next();
        assertFalse(batches.hasNext(), "we see more than one batch");
        return batch;
    }

    @ParameterizedTest
    @MethodSource("variants")
    void kafkaBatchesAreReadByOurs(CompressionType compression, TimestampType timestampType, boolean transactional) {
        List<Fixtures.Input> inputs = Fixtures.sampleRecords();
        long logAppendTime = timestampType == TimestampType.LOG_APPEND_TIME ? 1_800_000_000_000L
            : org.apache.kafka.common.record.RecordBatch.NO_TIMESTAMP;
        ByteBuffer buffer = Fixtures.buildWithKafka(compression, timestampType, 1234L, logAppendTime, 987_654L,
            (short) 3, 42, transactional, 17, inputs);

        RecordBatch ours = onlyOurBatch(buffer);
        ours.ensureValid();
        assertTrue(ours.isValid());
        assertEquals(compression, ours.compressionType());
        assertEquals(timestampType, ours.timestampType());
        assertEquals(transactional, ours.isTransactional());
        assertEquals(1234L, ours.baseOffset());
        assertEquals(inputs.size() - 1, ours.lastOffsetDelta());
        assertEquals(inputs.size(), ours.recordsCount());
        assertEquals(987_654L, ours.producerId());
        assertEquals(17, ours.partitionLeaderEpoch());
        assertSameBatch(onlyKafkaBatch(buffer), ours);
        assertRecordsMatchInputs(ours, inputs,
            timestampType == TimestampType.LOG_APPEND_TIME ? Long.valueOf(logAppendTime) : null);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void ourBatchesAreReadByKafka(CompressionType compression, TimestampType timestampType, boolean transactional) {
        List<Fixtures.Input> inputs = Fixtures.sampleRecords();
        ByteBuffer buffer = Fixtures.buildWithOurs(compression, timestampType, 77L, 555L, (short) 9, 1000,
            transactional, 4, inputs);
        assertEquals(0, buffer.position());

        org.apache.kafka.common.record.MutableRecordBatch kafka = onlyKafkaBatch(buffer);
        kafka.ensureValid();
        assertTrue(kafka.isValid());
        assertEquals(buffer.remaining(), kafka.sizeInBytes());
        assertEquals(compression.id(), kafka.compressionType().id);
        assertEquals(timestampType.id(), kafka.timestampType().id);
        assertEquals(77L, kafka.baseOffset());
        assertEquals(77L + inputs.size() - 1, kafka.lastOffset());
        assertEquals(555L, kafka.producerId());
        assertEquals((short) 9, kafka.producerEpoch());
        assertEquals(1000, kafka.baseSequence());
        assertEquals(1000 + inputs.size() - 1, kafka.lastSequence());
        assertEquals(transactional, kafka.isTransactional());
        assertFalse(kafka.isControlBatch());
        assertEquals(4, kafka.partitionLeaderEpoch());
        long maxTimestamp = inputs.stream().mapToLong(Fixtures.Input::timestamp).max().orElseThrow();
        assertEquals(maxTimestamp, kafka.maxTimestamp());
        assertEquals(inputs.get(0).timestamp(),
            ((org.apache.kafka.common.record.DefaultRecordBatch) kafka).baseTimestamp());

        int i = 0;
        for (org.apache.kafka.common.record.Record record : kafka) {
            Fixtures.Input input = inputs.get(i);
            assertEquals(77L + i, record.offset());
            assertEquals(1000 + i, record.sequence());
            assertEquals(timestampType == TimestampType.LOG_APPEND_TIME ? maxTimestamp : input.timestamp(),
                record.timestamp());
            assertArrayEquals(input.key(), Fixtures.bytes(record.key()));
            assertArrayEquals(input.value(), Fixtures.bytes(record.value()));
            assertEquals(input.headers().length, record.headers().length);
            for (int h = 0; h < input.headers().length; h++) {
                assertEquals(input.headers()[h].key(), record.headers()[h].key());
                assertArrayEquals(input.headers()[h].value(), record.headers()[h].value());
            }
            i++;
        }
        assertEquals(inputs.size(), i);
        assertSameBatch(kafka, onlyOurBatch(buffer));
    }

    @Test
    void uncompressedBatchesAreByteForByteIdentical() {
        List<Fixtures.Input> inputs = Fixtures.sampleRecords();
        ByteBuffer kafka = Fixtures.buildWithKafka(CompressionType.NONE, TimestampType.CREATE_TIME, 0L,
            org.apache.kafka.common.record.RecordBatch.NO_TIMESTAMP, 12L, (short) 1, 5, false, 2, inputs);
        ByteBuffer ours = Fixtures.buildWithOurs(CompressionType.NONE, TimestampType.CREATE_TIME, 0L, 12L,
            (short) 1, 5, false, 2, inputs);
        assertArrayEquals(Fixtures.bytes(kafka), Fixtures.bytes(ours));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void setLogAppendTimeIsAcceptedByKafka(CompressionType compression) {
        List<Fixtures.Input> inputs = Fixtures.sampleRecords();
        ByteBuffer buffer = Fixtures.simpleBatch(compression, inputs);
        RecordBatch ours = new RecordBatch(buffer);
        long oldCrc = ours.checksum();
        ours.setLogAppendTime(1_900_000_000_000L);
        assertTrue(ours.isValid());
        ours.ensureValid();
        assertTrue(oldCrc != ours.checksum(), "the CRC must change with the attributes and maxTimestamp");

        org.apache.kafka.common.record.MutableRecordBatch kafka = onlyKafkaBatch(buffer);
        assertTrue(kafka.isValid());
        kafka.ensureValid();
        assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, kafka.timestampType());
        assertEquals(1_900_000_000_000L, kafka.maxTimestamp());
        for (org.apache.kafka.common.record.Record record : kafka) {
            assertEquals(1_900_000_000_000L, record.timestamp());
        }
        assertSameBatch(kafka, ours);
        assertRecordsMatchInputs(ours, inputs, 1_900_000_000_000L);
    }

    @Test
    void setLogAppendTimeOnAKafkaBatchMatchesKafkasOwnSetMaxTimestamp() {
        List<Fixtures.Input> inputs = Fixtures.sampleRecords();
        ByteBuffer viaOurs = Fixtures.buildWithKafka(CompressionType.LZ4, TimestampType.CREATE_TIME, 0L,
            org.apache.kafka.common.record.RecordBatch.NO_TIMESTAMP, -1L, (short) -1, -1, false, -1, inputs);
        ByteBuffer viaKafka = viaOurs.duplicate();
        viaKafka = ByteBuffer.allocate(viaOurs.remaining()).put(viaKafka).flip();
        new RecordBatch(viaOurs).setLogAppendTime(42_000L);
        onlyKafkaBatch(viaKafka).setMaxTimestamp(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, 42_000L);
        assertArrayEquals(Fixtures.bytes(viaKafka), Fixtures.bytes(viaOurs));
    }

    @Test
    void offsetAssignmentAndLeaderEpochKeepTheCrcValid() {
        List<Fixtures.Input> inputs = Fixtures.sampleRecords();
        ByteBuffer buffer = Fixtures.simpleBatch(CompressionType.ZSTD, inputs);
        RecordBatch ours = new RecordBatch(buffer);
        long crc = ours.checksum();
        ours.setBaseOffset(1_000_000L);
        ours.setPartitionLeaderEpoch(12);
        assertEquals(crc, ours.checksum());
        assertEquals(crc, ours.computeChecksum());
        org.apache.kafka.common.record.MutableRecordBatch kafka = onlyKafkaBatch(buffer);
        assertTrue(kafka.isValid());
        assertEquals(1_000_000L, kafka.baseOffset());
        assertEquals(1_000_000L + inputs.size() - 1, kafka.lastOffset());
        assertEquals(12, kafka.partitionLeaderEpoch());
        assertSameBatch(kafka, ours);
    }

    @Test
    void kafkaControlBatchIsReadByOurs() {
        ByteBuffer buffer = org.apache.kafka.common.record.MemoryRecords.withEndTransactionMarker(500L,
            1_700_000_000_000L, 3, 99L, (short) 2,
            new org.apache.kafka.common.record.EndTransactionMarker(
                org.apache.kafka.common.record.ControlRecordType.COMMIT, 7)).buffer();
        RecordBatch ours = onlyOurBatch(buffer);
        ours.ensureValid();
        assertTrue(ours.isControlBatch());
        assertTrue(ours.isTransactional());
        assertSameBatch(onlyKafkaBatch(buffer), ours);
    }

    @Test
    void compactedBatchWithOffsetGapsIsReadByKafka() {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(CompressionType.GZIP, TimestampType.CREATE_TIME,
            100L, 8L, (short) 0, 50, 1, false, false);
        builder.appendWithOffset(101L, 10L, ByteBuffer.wrap(Fixtures.utf8("a")), ByteBuffer.wrap(Fixtures.utf8("1")));
        builder.appendWithOffset(105L, 20L, ByteBuffer.wrap(Fixtures.utf8("b")), null);
        builder.overrideLastOffset(109L);
        ByteBuffer buffer = builder.build();

        org.apache.kafka.common.record.MutableRecordBatch kafka = onlyKafkaBatch(buffer);
        kafka.ensureValid();
        assertEquals(109L, kafka.lastOffset());
        assertEquals(59, kafka.lastSequence());
        assertEquals(2, kafka.countOrNull());
        RecordBatch ours = onlyOurBatch(buffer);
        ours.ensureValid();
        assertSameBatch(kafka, ours);
        Iterator<Record> records = ours.records();
        assertEquals(101L, records.next().offset());
        Record second = records.next();
        assertEquals(105L, second.offset());
        assertFalse(second.hasValue());
    }

    @Test
    void emptyBatchWithOverriddenLastOffsetIsReadByKafka() {
        ByteBuffer buffer = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME, 10L, 3L,
            (short) 1, 0, 0, true, false).overrideLastOffset(14L).build();
        org.apache.kafka.common.record.MutableRecordBatch kafka = onlyKafkaBatch(buffer);
        kafka.ensureValid();
        assertEquals(0, kafka.countOrNull());
        assertEquals(14L, kafka.lastOffset());
        RecordBatch ours = onlyOurBatch(buffer);
        ours.ensureValid();
        assertFalse(ours.records().hasNext());
        assertSameBatch(kafka, ours);
    }
}
