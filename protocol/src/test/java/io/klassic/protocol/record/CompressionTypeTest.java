package io.klassic.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTypeTest {

    /** 300 KB: random runs and repetitive text, so every codec writes several blocks (lz4 64 KB, snappy 32 KB). */
    private static byte[] payload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            out.writeBytes(Fixtures.random(25_000, i));
            for (int j = 0; j < 1000; j++) {
                out.writeBytes(Fixtures.utf8("repeated line " + (j % 37) + "\n"));
            }
        }
        return out.toByteArray();
    }

    private static byte[] compressWithOurs(CompressionType type, byte[] data) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = type.wrapForOutput(sink)) {
            out.write(data, 0, 1000);
            out.write(data[1000]);
            out.write(data, 1001, data.length - 1001);
        }
        return sink.toByteArray();
    }

    private static byte[] compressWithKafka(CompressionType type, byte[] data) throws IOException {
        org.apache.kafka.common.utils.ByteBufferOutputStream sink =
            new org.apache.kafka.common.utils.ByteBufferOutputStream(1024);
        try (OutputStream out = Fixtures.kafkaCompression(type).wrapForOutput(sink,
            org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V2)) {
            out.write(data);
        }
        ByteBuffer buffer = sink.buffer();
        buffer.flip();
        return Fixtures.bytes(buffer);
    }

    private static byte[] decompressWithKafka(CompressionType type, byte[] compressed) throws IOException {
        try (InputStream in = Fixtures.kafkaCompression(type).wrapForInput(ByteBuffer.wrap(compressed),
            org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V2,
            org.apache.kafka.common.utils.BufferSupplier.NO_CACHING)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void oursIsReadByKafka(CompressionType type) throws IOException {
        byte[] data = payload();
        byte[] compressed = compressWithOurs(type, data);
        if (type != CompressionType.NONE) {
            assertTrue(compressed.length < data.length, "compressed " + compressed.length + " >= " + data.length);
        }
        assertArrayEquals(data, decompressWithKafka(type, compressed));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaIsReadByOurs(CompressionType type) throws IOException {
        byte[] data = payload();
        byte[] compressed = compressWithKafka(type, data);
        ByteBuffer buffer = ByteBuffer.allocate(compressed.length + 10);
        buffer.position(5);
        buffer.put(compressed);
        buffer.position(5).limit(5 + compressed.length);
        try (InputStream in = type.wrapForInput(buffer)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(5, buffer.position(), "wrapForInput must not move the caller's buffer");
    }

    @Test
    void lz4FrameHeaderIsTheOneKafkaWrites() throws IOException {
        byte[] data = payload();
        byte[] ours = compressWithOurs(CompressionType.LZ4, data);
        byte[] kafka = compressWithKafka(CompressionType.LZ4, data);
        // magic 0x184D2204 (little endian), FLG = version 01 + block independence, BD = 64 KB blocks, header checksum
        assertArrayEquals(Arrays.copyOf(kafka, 7), Arrays.copyOf(ours, 7));
        assertEquals(0x60, ours[4] & 0xff);
        assertEquals(0x40, ours[5] & 0xff);
    }

    @Test
    void snappyUsesXerialFraming() throws IOException {
        byte[] ours = compressWithOurs(CompressionType.SNAPPY, payload());
        byte[] kafka = compressWithKafka(CompressionType.SNAPPY, payload());
        assertArrayEquals(Arrays.copyOf(kafka, 16), Arrays.copyOf(ours, 16));
        assertEquals((byte) 0x82, ours[0]);
        assertEquals("SNAPPY", new String(ours, 1, 6, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void garbageIsReportedAsCorrupt(CompressionType type) {
        byte[] garbage = Fixtures.utf8("this is not compressed data at all, not even close");
        assertThrows(Exception.class, () -> {
            try (InputStream in = type.wrapForInput(ByteBuffer.wrap(garbage))) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void gzipHeaderErrorIsACorruptRecordException() {
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
            () -> CompressionType.GZIP.wrapForInput(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void idsAndNamesMatchKafka() {
        for (CompressionType type : CompressionType.values()) {
            org.apache.kafka.common.record.CompressionType kafka =
                org.apache.kafka.common.record.CompressionType.forId(type.id());
            assertEquals(kafka.name, type.altName());
            assertEquals(type, CompressionType.forId(kafka.id));
            assertEquals(type, CompressionType.forName(kafka.name));
        }
        IllegalArgumentException badId = assertThrows(IllegalArgumentException.class, () -> CompressionType.forId(5));
        assertTrue(badId.getMessage().contains("5"), badId.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
            () -> CompressionType.forName("brotli"));
        assertTrue(badName.getMessage().contains("brotli"), badName.getMessage());
    }

    @Test
    void timestampTypesMatchKafka() {
        for (TimestampType type : TimestampType.values()) {
            org.apache.kafka.common.record.TimestampType kafka = org.apache.kafka.common.record.TimestampType.forName(
                type.altName());
            assertEquals(kafka.id, type.id());
            assertEquals(type, TimestampType.forId(kafka.id));
            assertEquals(type, TimestampType.forName(kafka.name));
        }
        assertThrows(IllegalArgumentException.class, () -> TimestampType.forName("WallClock"));
        assertThrows(IllegalArgumentException.class, () -> TimestampType.forId(2));
    }
}
