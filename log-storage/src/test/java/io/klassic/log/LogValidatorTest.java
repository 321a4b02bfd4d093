package io.klassic.log;

import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.RecordBatches;
import io.klassic.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sizes and follower offsets are checked; a leader's offsets, epochs and append times are written in place. */
class LogValidatorTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void aLeadersBatchesGetConsecutiveOffsetsAndTheLeaderEpoch() {
        ByteBuffer batches = TestUtils.concat(TestUtils.batchWithTimestamps(10, 30, 20), TestUtils.batch(15, "a", "b"));
        int size = batches.remaining();
        LogValidator.validate(batches, size, TestUtils.config(), true, 100, TP);
        LogAppendInfo info = LogValidator.assignOffsets(batches, size, true, 100, 7, false, 999);

        assertEquals(new LogAppendInfo(100, 104, -1, 30, 102, 5, size), info);
        List<RecordBatch> written = batches(batches);
        assertEquals(List.of(100L, 103L), written.stream().map(RecordBatch::baseOffset).toList());
        assertTrue(written.stream().allMatch(b -> b.partitionLeaderEpoch() == 7));
        assertTrue(written.stream().allMatch(RecordBatch::isValid), "offsets and epochs lie outside the CRC");
    }

    @Test
    void logAppendTimeStampsEveryBatchAndKeepsItsCrcValid() {
        ByteBuffer batches = TestUtils.concat(TestUtils.batch(10, "a"), TestUtils.batch(20, "b", "c"));
        LogAppendInfo info = LogValidator.assignOffsets(batches, batches.remaining(), true, 0, 1, true, 5_000);

        assertEquals(5_000, info.logAppendTime());
        assertEquals(5_000, info.maxTimestamp());
        assertEquals(2, info.offsetOfMaxTimestamp(), "the last offset carries the append time");
        for (RecordBatch batch : batches(batches)) {
            assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
            assertEquals(5_000, batch.maxTimestamp());
            assertTrue(batch.isValid(), "the CRC was recomputed");
        }
    }

    @Test
    void aFollowersBatchesKeepTheirOffsetsAndMustContinueTheLog() {
        ByteBuffer batches = TestUtils.concat(TestUtils.batchAt(50, 10, "a", "b"), TestUtils.batchAt(55, 10, "c"));
        int size = batches.remaining();
        LogValidator.validate(batches, size, TestUtils.config(), false, 50, TP);
        LogAppendInfo info = LogValidator.assignOffsets(batches, size, false, 50, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            false, 0);
        assertEquals(50, info.firstOffset());
        assertEquals(55, info.lastOffset(), "a gap left by compaction on the leader is kept");

        IllegalArgumentException behind = assertThrows(IllegalArgumentException.class,
            () -> LogValidator.validate(batches, size, TestUtils.config(), false, 51, TP));
        assertTrue(behind.getMessage().contains("offsets must start at or above 51"), behind.getMessage());
        ByteBuffer backwards = TestUtils.concat(TestUtils.batchAt(60, 10, "a"), TestUtils.batchAt(60, 10, "b"));
        assertThrows(IllegalArgumentException.class,
            () -> LogValidator.validate(backwards, backwards.remaining(), TestUtils.config(), false, 0, TP));
    }

    @Test
    void batchesOverTheSizeLimitsAreRejectedNamingTheLimit() {
        ByteBuffer big = TestUtils.bigBatch(0, 2_000);
        RecordTooLargeException overMax = assertThrows(RecordTooLargeException.class, () -> LogValidator.validate(big,
            big.remaining(), TestUtils.config("max.message.bytes", "1000"), true, 0, TP));
        assertTrue(overMax.getMessage().contains("max.message.bytes (1000)"), overMax.getMessage());
        assertFalse(overMax.getMessage().contains("segment size"));

        RecordTooLargeException overSegment = assertThrows(RecordTooLargeException.class, () -> LogValidator.validate(big,
            big.remaining(), TestUtils.config("segment.bytes", "1500"), true, 0, TP));
        assertTrue(overSegment.getMessage().contains("maximum configured segment size of 1500"), overSegment.getMessage());
    }

    private static List<RecordBatch> batches(ByteBuffer buffer) {
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.iterate(buffer.duplicate())) {
            out.add(batch);
        }
        return out;
    }
}
