package io.klassic.log;

import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.Header;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordBatchRewriterTest {
    private static List<Record> records(RecordBatch batch) {
        List<Record> out = new ArrayList<>();
        for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void keepsOffsetsProducerFieldsAndCodecForEveryCompression() {
        for (CompressionType codec : CompressionType.values()) {
            MemoryRecordsBuilder builder = new MemoryRecordsBuilder(codec, TimestampType.CREATE_TIME, 100, 77,
                (short) 3, 10, 9, true, false);
            builder.append(1000, TestUtils.bytes("a"), TestUtils.bytes("1"), Header.of("h", "x"));
            builder.append(1005, TestUtils.bytes("b"), null);
            builder.append(1002, TestUtils.bytes("c"), TestUtils.bytes("3"));
            RecordBatch original = new RecordBatch(builder.build());
            List<Record> all = records(original);
            RecordBatch kept = new RecordBatch(RecordBatchRewriter.rewrite(original, List.of(all.get(0), all.get(1)),
                -1));
            kept.ensureValid();
            assertEquals(codec, kept.compressionType());
            assertEquals(100, kept.baseOffset());
            assertEquals(102, kept.lastOffset(), "the last offset delta is kept");
            assertEquals(77, kept.producerId());
            assertEquals(3, kept.producerEpoch());
            assertEquals(10, kept.baseSequence());
            assertEquals(12, kept.lastSequence());
            assertEquals(9, kept.partitionLeaderEpoch());
            assertTrue(kept.isTransactional());
            assertEquals(2, kept.recordsCount());
            assertEquals(1005, kept.maxTimestamp());
            assertFalse(RecordBatchRewriter.hasDeleteHorizon(kept));
            assertEquals(List.of(all.get(0), all.get(1)), records(kept), codec + ": records unchanged");
        }
    }

    @Test
    void deleteHorizonGoesIntoBaseTimestampWithoutChangingRecordTimestamps() {
        RecordBatch original = new RecordBatch(TestUtils.keyed(CompressionType.LZ4, 5000, "k", null, "j", "v"));
        List<Record> all = records(original);
        RecordBatch stamped = new RecordBatch(RecordBatchRewriter.rewrite(original, all, 99_000));
        stamped.ensureValid();
        assertTrue(RecordBatchRewriter.hasDeleteHorizon(stamped));
        assertEquals(99_000, RecordBatchRewriter.deleteHorizonMs(stamped));
        assertEquals(5000, stamped.maxTimestamp());
        assertEquals(all, records(stamped));
        assertEquals(-1, RecordBatchRewriter.deleteHorizonMs(original));
    }

    @Test
    void anEmptiedBatchIsAHeaderOnly() {
        RecordBatch original = new RecordBatch(TestUtils.idempotentKeyed(5, (short) 0, 0, 700, "a", "1", "b", "2"));
        RecordBatch empty = new RecordBatch(RecordBatchRewriter.rewrite(original, List.of(), -1));
        empty.ensureValid();
        assertEquals(RecordBatch.RECORD_BATCH_OVERHEAD, empty.sizeInBytes());
        assertEquals(0, empty.recordsCount());
        assertEquals(1, empty.lastOffsetDelta());
        assertEquals(1, empty.lastSequence());
        assertEquals(700, empty.maxTimestamp());
    }
}
