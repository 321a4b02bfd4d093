package io.klassic.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read path: whole batches from the one holding the start offset, across segments, bounded by the high
 * watermark for consumers, at least one batch when asked, empty at the end, out of range outside the log; lookups
 * by timestamp.
 */
class LogReaderTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
    private Log log;

    @BeforeEach
    void fillThreeSegments() {
        // 6 batches of 3 records; small segments so that they spread over several files
        log = Log.open(new File(tmp, "reader-0"), "reader", 0, TestUtils.config("segment.bytes", "200"), 0, 0, true,
                clock::milliseconds);
        for (int b = 0; b < 6; b++) {
            log.appendAsLeader(TestUtils.batch(1_000L * (b + 1), "a" + b, "b" + b, "c" + b), 0);
        }
        assertTrue(log.numberOfSegments() >= 3, "segments: " + log.numberOfSegments());
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    @Test
    void readsWholeBatchesFromTheOneHoldingTheOffsetAcrossSegments() throws Exception {
        FetchDataInfo info = log.read(4, Integer.MAX_VALUE, Long.MAX_VALUE, false);
        assertEquals(4, info.fetchOffsetMetadata().messageOffset());
        List<String> values = TestUtils.records(info.records()).stream().map(TestUtils::value).toList();
        assertEquals(List.of("a1", "b1", "c1"), values.subList(0, 3), "starts with the batch holding offset 4");
        // a read stops at the end of a segment: the next read continues in the next one
        long next = 3L + values.size();
        FetchDataInfo more = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, false);
        assertTrue(more.records().sizeInBytes() > 0, "the next segment is read from " + next);
    }

    @Test
    void theHighWatermarkBoundsAConsumersRead() throws Exception {
        FetchDataInfo bounded = log.read(0, Integer.MAX_VALUE, 6, false);
        long last = -1;
        for (var batch : TestUtils.batches(bounded.records())) {
            last = batch.lastOffset();
        }
        assertTrue(last >= 0 && last < 6, "only batches entirely below the high watermark: last offset " + last);
        assertEquals(0, log.read(6, Integer.MAX_VALUE, 6, false).records().sizeInBytes(), "empty at the high watermark");
        assertEquals(0, log.read(18, Integer.MAX_VALUE, Long.MAX_VALUE, false).records().sizeInBytes(), "empty at the log end");
    }

    @Test
    void minOneMessageReturnsAWholeBatchBeyondMaxBytes() throws Exception {
        assertEquals(0, log.read(0, 10, Long.MAX_VALUE, false).records().sizeInBytes(), "nothing fits in 10 bytes");
        FetchDataInfo one = log.read(0, 10, Long.MAX_VALUE, true);
        assertEquals(1, TestUtils.batches(one.records()).size(), "one whole batch");
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRange() {
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(19, 1000, Long.MAX_VALUE, false));
        log.updateHighWatermark(18);
        log.deleteRecordsBefore(6);
        OffsetOutOfRangeException below = assertThrows(OffsetOutOfRangeException.class, () -> log.read(5, 1000, Long.MAX_VALUE, false));
        assertTrue(below.getMessage().contains("range 6 to 18"), below.getMessage());
    }

    @Test
    void findsTheFirstRecordAtOrAfterATimestamp() {
        Optional<TimestampAndOffset> found = log.fetchOffsetByTimestamp(2_500L);
        assertEquals(6, found.orElseThrow().offset(), "the first record of the third batch, stamped 3000");
        assertEquals(3_000L, found.orElseThrow().timestamp());
        assertEquals(Optional.empty(), log.fetchOffsetByTimestamp(7_000L), "every record is older");
    }
}
