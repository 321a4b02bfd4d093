package io.klassic.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.klassic.protocol.types.ByteUtils;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Varint edge cases as they appear inside records, and CRC-32C, against kafka-clients. */
class VarintAndCrcTest {
    private static final int[] INTS = {0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, -8193, 1 << 20, -(1 << 20),
        Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1};
    private static final long[] LONGS = {0L, 1L, -1L, 63L, -64L, 64L, -65L, 1L << 35, -(1L << 35),
        Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L};

    @Test
    void zigZagVarintsMatchKafkaByteForByte() {
        for (int value : INTS) {
            ByteBuffer ours = ByteBuffer.allocate(5);
            ByteBuffer kafka = ByteBuffer.allocate(5);
            ByteUtils.writeVarint(value, ours);
            org.apache.kafka.common.utils.ByteUtils.writeVarint(value, kafka);
            assertArrayEquals(kafka.array(), ours.array(), "varint " + value);
            assertEquals(org.apache.kafka.common.utils.ByteUtils.sizeOfVarint(value), ByteUtils.sizeOfVarint(value));
            assertEquals(ours.position(), ByteUtils.sizeOfVarint(value));
            assertEquals(value, ByteUtils.readVarint(ours.flip()));
        }
        for (long value : LONGS) {
            ByteBuffer ours = ByteBuffer.allocate(10);
            ByteBuffer kafka = ByteBuffer.allocate(10);
            ByteUtils.writeVarlong(value, ours);
            org.apache.kafka.common.utils.ByteUtils.writeVarlong(value, kafka);
            assertArrayEquals(kafka.array(), ours.array(), "varlong " + value);
            assertEquals(org.apache.kafka.common.utils.ByteUtils.sizeOfVarlong(value), ByteUtils.sizeOfVarlong(value));
            assertEquals(value, ByteUtils.readVarlong(ours.flip()));
        }
    }

    @Test
    void recordsAtVarintBoundariesRoundTripThroughKafka() {
        int[] sizes = {0, 1, 63, 64, 65, 8191, 8192, 8193, 1 << 20};
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME,
            1_000L, -1L, (short) -1, -1, -1, false, false);
        List<long[]> expected = new ArrayList<>();
        long[] timestamps = {0L, Long.MAX_VALUE, 0L, 63L, 64L, -1L, 1L << 40, 8191L, 8192L};
        long offset = 1_000L;
        for (int i = 0; i < sizes.length; i++) {
            byte[] key = Fixtures.random(sizes[i], i);
            byte[] value = Fixtures.random(sizes[sizes.length - 1 - i], 100 + i);
            Header header = new Header("h".repeat(sizes[i] % 100), Fixtures.random(sizes[i] % 200, 200 + i));
            builder.appendWithOffset(offset, timestamps[i], ByteBuffer.wrap(key), ByteBuffer.wrap(value), header);
            expected.add(new long[] {offset, timestamps[i], sizes[i], sizes[sizes.length - 1 - i]});
            offset += i == 3 ? 1_000_000L : 1;
        }
        long lastOffset = 1_000L + Integer.MAX_VALUE;
        builder.appendWithOffset(lastOffset, 5L, null, null);
        expected.add(new long[] {lastOffset, 5L, -1, -1});
        ByteBuffer buffer = builder.build();

        org.apache.kafka.common.record.MutableRecordBatch kafka =
            org.apache.kafka.common.record.MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
        kafka.ensureValid();
        assertEquals(lastOffset, kafka.lastOffset());
        Iterator<org.apache.kafka.common.record.Record> kafkaRecords = kafka.iterator();
        for (long[] e : expected) {
            org.apache.kafka.common.record.Record record = kafkaRecords.next();
            assertEquals(e[0], record.offset());
            assertEquals(e[1], record.timestamp());
            assertEquals(e[2], record.keySize());
            assertEquals(e[3], record.valueSize());
        }
        Fixtures.assertSameBatch(kafka, new RecordBatch(buffer));
    }

    @Test
    void crc32cMatchesTheStandardCheckValueAndKafka() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283L, Crc32C.compute(check, 0, check.length));
        assertEquals(0xE3069283L, Crc32C.compute(ByteBuffer.wrap(check), 0, check.length));

        byte[] data = Fixtures.random(10_000, 3);
        long kafka = org.apache.kafka.common.utils.Crc32C.compute(data, 100, 9000);
        ByteBuffer heap = ByteBuffer.wrap(data);
        heap.position(50).limit(60);
        assertEquals(kafka, Crc32C.compute(heap, 100, 9000));
        assertEquals(50, heap.position());
        assertEquals(60, heap.limit());

        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        direct.position(7).limit(20);
        assertEquals(kafka, Crc32C.compute(direct, 100, 9000));
        assertEquals(7, direct.position());
        assertEquals(20, direct.limit());

        ByteBuffer offsetSlice = ByteBuffer.wrap(data, 0, data.length).position(100).slice();
        assertEquals(kafka, Crc32C.compute(offsetSlice, 0, 9000), "array offset of a slice is honoured");
        assertEquals(kafka, Crc32C.compute(ByteBuffer.wrap(data).asReadOnlyBuffer(), 100, 9000));
    }

    @Test
    void directBatchBuffersWork() {
        ByteBuffer heap = Fixtures.simpleBatch(CompressionType.SNAPPY, Fixtures.sampleRecords());
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip();
        RecordBatch batch = new RecordBatch(direct);
        batch.ensureValid();
        Fixtures.assertRecordsMatchInputs(batch, Fixtures.sampleRecords(), null);
        ByteBuffer plain = Fixtures.simpleBatch(CompressionType.NONE, Fixtures.sampleRecords());
        RecordBatch uncompressed = new RecordBatch(ByteBuffer.allocateDirect(plain.remaining()).put(plain).flip());
        uncompressed.ensureValid();
        Fixtures.assertRecordsMatchInputs(uncompressed, Fixtures.sampleRecords(), null);
    }
}
