package io.klassic.protocol.record;

import static io.klassic.protocol.record.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class RecordBatchesTest {

    private static ByteBuffer batch(int records, CompressionType compression) {
        List<Fixtures.Input> inputs = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            inputs.add(new Fixtures.Input(i, utf8("k" + i), utf8("v" + i)));
        }
        return Fixtures.simpleBatch(compression, inputs);
    }

    @Test
    void iteratesWholeBatchesAndStopsAtAPartialTail() {
        ByteBuffer a = batch(1, CompressionType.NONE);
        ByteBuffer b = batch(2, CompressionType.LZ4);
        ByteBuffer c = batch(3, CompressionType.ZSTD);
        ByteBuffer chunk = Fixtures.concat(a, b, c, batch(4, CompressionType.NONE).limit(40));
        int wholeSize = a.remaining() + b.remaining() + c.remaining();

        List<Integer> counts = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.iterate(chunk)) {
            batch.ensureValid();
            counts.add(batch.recordsCount());
        }
        assertEquals(List.of(1, 2, 3), counts);
        assertEquals(0, chunk.position(), "iterate must not move the buffer");
        assertEquals(wholeSize, RecordBatches.sizeOfWholeBatches(chunk));
        assertEquals(wholeSize, RecordBatches.sizeOfWholeBatches(chunk.duplicate().limit(wholeSize + 11)));
        assertEquals(a.remaining(), RecordBatches.sizeOfWholeBatches(chunk.duplicate().limit(wholeSize - 1))
            - b.remaining());

        Iterator<RecordBatch> again = RecordBatches.iterate(chunk).iterator();
        assertEquals(1, again.next().recordsCount());
    }

    @Test
    void batchesAreSlicesSharingMemory() {
        ByteBuffer chunk = Fixtures.concat(batch(2, CompressionType.NONE), batch(2, CompressionType.NONE));
        Iterator<RecordBatch> batches = RecordBatches.iterate(chunk).iterator();
        batches.next();
        RecordBatch second = batches.next();
        second.setBaseOffset(2L);
        List<Long> baseOffsets = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.iterate(chunk)) {
            baseOffsets.add(batch.baseOffset());
            assertTrue(batch.isValid());
        }
        assertEquals(List.of(0L, 2L), baseOffsets);
    }

    @Test
    void iteratesFromThePosition() {
        ByteBuffer chunk = Fixtures.concat(batch(1, CompressionType.NONE), batch(5, CompressionType.GZIP));
        chunk.position(chunk.getInt(RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD);
        Iterator<RecordBatch> batches = RecordBatches.iterate(chunk).iterator();
        assertEquals(5, batches.next().recordsCount());
        assertFalse(batches.hasNext());
        assertThrows(NoSuchElementException.class, batches::next);
        assertEquals(chunk.remaining(), RecordBatches.sizeOfWholeBatches(chunk));
    }

    @Test
    void emptyAndTinyBuffersHoldNoBatch() {
        assertFalse(RecordBatches.iterate(ByteBuffer.allocate(0)).iterator().hasNext());
        assertFalse(RecordBatches.iterate(ByteBuffer.allocate(11)).iterator().hasNext());
        assertEquals(0, RecordBatches.sizeOfWholeBatches(ByteBuffer.allocate(11)));
    }

    @Test
    void aBatchLengthBelowTheHeaderIsCorrupt() {
        ByteBuffer chunk = Fixtures.concat(batch(1, CompressionType.NONE), batch(1, CompressionType.NONE));
        int second = chunk.getInt(RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
        chunk.putInt(second + RecordBatch.LENGTH_OFFSET, 10);
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
            () -> RecordBatches.sizeOfWholeBatches(chunk));
        assertTrue(e.getMessage().contains("22 bytes"), e.getMessage());
        Iterator<RecordBatch> batches = RecordBatches.iterate(chunk).iterator();
        assertThrows(CorruptRecordException.class, batches::next);
    }
}
