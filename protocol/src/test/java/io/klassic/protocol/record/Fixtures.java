package io.klassic.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Shared inputs and the kafka-clients 3.9.1 oracle, spelled with fully qualified names to avoid clashes. */
final class Fixtures {
    private Fixtures() {
    }

    /** What a test appends: one record. */
    record Input(long timestamp, byte[] key, byte[] value, Header... headers) {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Keys, values, null keys and values, empty ones, headers (null value, unicode key), a large value, timestamps
     *  going down as well as up. */
    static List<Input> sampleRecords() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(1_700_000_000_000L, utf8("k0"), utf8("v0")));
        inputs.add(new Input(1_700_000_000_005L, null, utf8("value without key")));
        inputs.add(new Input(1_699_999_999_000L, utf8("tombstone"), null,
            Header.of("trace", "abc"), new Header("nullable", null)));
        inputs.add(new Input(1_700_000_000_100L, new byte[0], new byte[0], new Header("", new byte[0])));
        inputs.add(new Input(1_700_000_000_050L, utf8("big"), random(150_000, 7),
            Header.of("clé-ü", "värde"), Header.of("trace", "def")));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            text.append("line ").append(i).append(" of a compressible value\n");
        }
        inputs.add(new Input(1_700_000_000_010L, utf8("text"), utf8(text.toString())));
        for (int i = 0; i < 20; i++) {
            inputs.add(new Input(1_700_000_001_000L + i, utf8("key-" + i), utf8("value-" + i)));
        }
        return inputs;
    }

    static org.apache.kafka.common.compress.Compression kafkaCompression(CompressionType type) {
        return org.apache.kafka.common.compress.Compression.of(
            org.apache.kafka.common.record.CompressionType.forId(type.id())).build();
    }

    static org.apache.kafka.common.record.TimestampType kafkaTimestampType(TimestampType type) {
        return org.apache.kafka.common.record.TimestampType.forName(type.altName());
    }

    static org.apache.kafka.common.header.Header[] kafkaHeaders(Header[] headers) {
        org.apache.kafka.common.header.Header[] result = new org.apache.kafka.common.header.Header[headers.length];
        for (int i = 0; i < headers.length; i++) {
            result[i] = new org.apache.kafka.common.header.internals.RecordHeader(headers[i].key(), headers[i].value());
        }
        return result;
    }

    /** Builds one batch with kafka-clients' MemoryRecordsBuilder. */
    static ByteBuffer buildWithKafka(CompressionType compression, TimestampType timestampType, long baseOffset,
                                     long logAppendTime, long producerId, short producerEpoch, int baseSequence,
                                     boolean transactional, int partitionLeaderEpoch, List<Input> inputs) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        org.apache.kafka.common.record.MemoryRecordsBuilder builder =
            org.apache.kafka.common.record.MemoryRecords.builder(buffer,
                org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V2, kafkaCompression(compression),
                kafkaTimestampType(timestampType), baseOffset, logAppendTime, producerId, producerEpoch,
                baseSequence, transactional, partitionLeaderEpoch);
        for (Input input : inputs) {
            builder.append(input.timestamp(), input.key(), input.value(), kafkaHeaders(input.headers()));
        }
        return builder.build().buffer();
    }

    /** Builds one batch with our MemoryRecordsBuilder. */
    static ByteBuffer buildWithOurs(CompressionType compression, TimestampType timestampType, long baseOffset,
                                    long producerId, short producerEpoch, int baseSequence, boolean transactional,
                                    int partitionLeaderEpoch, List<Input> inputs) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(compression, timestampType, baseOffset, producerId,
            producerEpoch, baseSequence, partitionLeaderEpoch, transactional, false);
        for (Input input : inputs) {
            builder.append(input.timestamp(), input.key(), input.value(), input.headers());
        }
        return builder.build();
    }

    /** A plain client batch (CreateTime, base offset 0, no producer). */
    static ByteBuffer simpleBatch(CompressionType compression, List<Input> inputs) {
        return buildWithOurs(compression, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_PRODUCER_ID,
            RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            inputs);
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static ByteBuffer concat(ByteBuffer... buffers) {
        int size = 0;
        for (ByteBuffer b : buffers) {
            size += b.remaining();
        }
        ByteBuffer result = ByteBuffer.allocate(size);
        for (ByteBuffer b : buffers) {
            result.put(b.duplicate());
        }
        return result.flip();
    }

    /** Asserts that kafka-clients' view and ours of the same batch agree on every header field and every record. */
    static void assertSameBatch(org.apache.kafka.common.record.RecordBatch kafka, RecordBatch ours) {
        assertEquals(kafka.baseOffset(), ours.baseOffset(), "baseOffset");
        assertEquals(kafka.lastOffset(), ours.lastOffset(), "lastOffset");
        assertEquals(kafka.nextOffset(), ours.nextOffset(), "nextOffset");
        assertEquals(kafka.sizeInBytes(), ours.sizeInBytes(), "sizeInBytes");
        assertEquals(kafka.partitionLeaderEpoch(), ours.partitionLeaderEpoch(), "partitionLeaderEpoch");
        assertEquals(kafka.magic(), ours.magic(), "magic");
        assertEquals(kafka.checksum(), ours.checksum(), "checksum");
        assertEquals(kafka.isValid(), ours.isValid(), "isValid");
        assertEquals(kafka.compressionType().id, ours.compressionType().id(), "compression");
        assertEquals(kafka.timestampType().id, ours.timestampType().id(), "timestampType");
        assertEquals(kafka.isTransactional(), ours.isTransactional(), "transactional");
        assertEquals(kafka.isControlBatch(), ours.isControlBatch(), "control");
        assertEquals(kafka.maxTimestamp(), ours.maxTimestamp(), "maxTimestamp");
        assertEquals(kafka.producerId(), ours.producerId(), "producerId");
        assertEquals(kafka.producerEpoch(), ours.producerEpoch(), "producerEpoch");
        assertEquals(kafka.baseSequence(), ours.baseSequence(), "baseSequence");
        assertEquals(kafka.lastSequence(), ours.lastSequence(), "lastSequence");
        assertEquals(kafka.hasProducerId(), ours.hasProducerId(), "hasProducerId");
        assertEquals(kafka.countOrNull(), ours.recordsCount(), "recordsCount");
        if (kafka instanceof org.apache.kafka.common.record.DefaultRecordBatch defaultBatch) {
            assertEquals(defaultBatch.baseTimestamp(), ours.baseTimestamp(), "baseTimestamp");
        }
        Iterator<org.apache.kafka.common.record.Record> kafkaRecords = kafka.iterator();
        Iterator<Record> ourRecords = ours.records();
        int index = 0;
        while (kafkaRecords.hasNext()) {
            assertTrue(ourRecords.hasNext(), "our iterator ended before record " + index);
            assertSameRecord(kafkaRecords.next(), ourRecords.next(), index);
            index++;
        }
        assertFalse(ourRecords.hasNext(), "our iterator has more records than kafka's " + index);
    }

    static void assertSameRecord(org.apache.kafka.common.record.Record kafka, Record ours, int index) {
        String at = "record " + index + ": ";
        assertEquals(kafka.offset(), ours.offset(), at + "offset");
        assertEquals(kafka.timestamp(), ours.timestamp(), at + "timestamp");
        assertEquals(kafka.hasKey(), ours.hasKey(), at + "hasKey");
        assertArrayEquals(bytes(kafka.key()), ours.keyBytes(), at + "key");
        assertArrayEquals(bytes(kafka.value()), ours.valueBytes(), at + "value");
        org.apache.kafka.common.header.Header[] kafkaHeaders = kafka.headers();
        assertEquals(kafkaHeaders.length, ours.headers().length, at + "header count");
        for (int i = 0; i < kafkaHeaders.length; i++) {
            assertEquals(kafkaHeaders[i].key(), ours.headers()[i].key(), at + "header key " + i);
            assertArrayEquals(kafkaHeaders[i].value(), ours.headers()[i].value(), at + "header value " + i);
        }
    }

    /** Asserts that our records match what was appended (offsets from baseOffset, timestamps as given). */
    static void assertRecordsMatchInputs(RecordBatch batch, List<Input> inputs, Long logAppendTime) {
        Iterator<Record> records = batch.records();
        for (int i = 0; i < inputs.size(); i++) {
            Input input = inputs.get(i);
            assertTrue(records.hasNext(), "missing record " + i);
            Record record = records.next();
            assertEquals(batch.baseOffset() + i, record.offset(), "offset of record " + i);
            assertEquals(logAppendTime != null ? logAppendTime : input.timestamp(), record.timestamp(),
                "timestamp of record " + i);
            assertArrayEquals(input.key(), record.keyBytes(), "key of record " + i);
            assertArrayEquals(input.value(), record.valueBytes(), "value of record " + i);
            assertArrayEquals(input.headers(), record.headers(), "headers of record " + i);
        }
        assertFalse(records.hasNext(), "extra records");
    }

    /** Overwrites an int at an absolute index of a batch and recomputes the CRC, producing a "valid" bad batch. */
    static void putIntAndFixCrc(ByteBuffer batch, int index, int value) {
        batch.putInt(batch.position() + index, value);
        fixCrc(batch);
    }

    static void fixCrc(ByteBuffer batch) {
        int start = batch.position();
        int size = RecordBatch.LOG_OVERHEAD + batch.getInt(start + RecordBatch.LENGTH_OFFSET);
        long crc = Crc32C.compute(batch, start + RecordBatch.ATTRIBUTES_OFFSET, size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(start + RecordBatch.CRC_OFFSET, (int) crc);
    }
}
