package io.klassic.log;

import io.klassic.protocol.types.ByteBufferWritable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;

import static io.klassic.log.TestUtils.batchAt;
import static io.klassic.log.TestUtils.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileRecordsTest {
    @TempDir
    File dir;

    @Test
    void appendSliceAndWriteTo() throws Exception {
        File file = new File(dir, "00000000000000000000.log");
        ByteBuffer first = batchAt(0, 1000, "a", "b");
        ByteBuffer second = batchAt(2, 2000, "c");
        FileRecords records = FileRecords.open(file, false, 0);
        try {
            assertEquals(first.remaining(), records.append(first));
            records.append(second);
            assertEquals(0, first.position(), "the buffer's position is not moved");
            int total = first.remaining() + second.remaining();
            assertEquals(total, records.sizeInBytes());
            assertEquals(total, file.length());

            FileRecords.Slice all = records.slice(0, Integer.MAX_VALUE);
            assertEquals(total, all.sizeInBytes(), "clamped to the data");
            assertEquals(concat(first, second), all.readAll());
            assertEquals(records.channel(), all.channel());

            FileRecords.Slice tail = records.slice(first.remaining(), second.remaining());
            assertEquals(first.remaining(), tail.position());
            ByteBuffer out = ByteBuffer.allocate(tail.sizeInBytes());
            tail.writeTo(new ByteBufferWritable(out));
            assertEquals(second, out.flip());
            assertThrows(IllegalArgumentException.class, () -> records.slice(total + 1, 1));

            FileRecords.BatchHeader header = records.batchAt(first.remaining(), total, FileRecords.headerBuffer());
            assertEquals(2, header.baseOffset());
            assertEquals(2, header.lastOffset());
            assertEquals(2000, header.maxTimestamp());
            assertEquals(second.remaining(), header.sizeInBytes());
            assertNull(records.batchAt(first.remaining(), total - 1, FileRecords.headerBuffer()), "partial batch");

            assertEquals(second.remaining(), records.truncateTo(first.remaining()));
            assertEquals(first.remaining(), file.length());
        } finally {
            records.close();
        }
    }

    @Test
    void writeToCopiesLargeSlicesInChunks() throws Exception {
        FileRecords records = FileRecords.open(new File(dir, "big.log"), false, 0);
        try {
            ByteBuffer big = TestUtils.bigBatch(1, 300_000);
            records.append(big);
            ByteBuffer out = ByteBuffer.allocate(big.remaining());
            records.slice(0, big.remaining()).writeTo(new ByteBufferWritable(out));
            assertEquals(big, out.flip());
        } finally {
            records.close();
        }
    }

    @Test
    void preallocatedFileIsTrimmedOnClose() throws Exception {
        File file = new File(dir, "pre.log");
        FileRecords records = FileRecords.open(file, true, 10_000);
        ByteBuffer batch = batchAt(0, 1, "x");
        try {
            assertEquals(10_000, file.length());
            assertEquals(0, records.sizeInBytes());
            records.append(batch);
            assertEquals(batch.remaining(), records.sizeInBytes());
        } finally {
            records.close();
        }
        assertEquals(batch.remaining(), file.length());
    }
}
