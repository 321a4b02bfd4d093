package io.klassic.log;

import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.klassic.log.TestUtils.config;
import static io.klassic.log.TestUtils.keyValues;
import static io.klassic.log.TestUtils.keyed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanerTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
    private final List<Log> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        opened.forEach(Log::close);
    }

    private Log open(LogConfig config) {
        Log log = Log.open(new File(tmp, "t-0"), "t", 0, config, 0, 0, true, clock::milliseconds);
        opened.add(log);
        return log;
    }

    private static LogConfig compacted(String... more) {
        List<String> kv = new ArrayList<>(List.of("cleanup.policy", "compact", "segment.bytes", "400",
            "file.delete.delay.ms", "0"));
        kv.addAll(Arrays.asList(more));
        return config(kv.toArray(new String[0]));
    }

    private Cleaner cleaner(int memory) {
        return new Cleaner(new SkimpyOffsetMap(memory), 0.9, 1024, clock::milliseconds, tp -> { });
    }

    private Cleaner.CleanResult clean(Log log, Cleaner cleaner, Long checkpoint) throws IOException {
        return cleaner.clean(LogCleanerManager.cleanable(log, checkpoint, clock.milliseconds()));
    }

    /** key → value of the latest record per key (the expected result of compaction). */
    private static Map<String, String> latest(List<String> keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : keyValues) {
            String[] p = kv.split("=", 2);
            m.remove(p[0]);
            m.put(p[0], p[1]);
        }
        return m;
    }

    private static void append(Log log, int rounds, int keys, CompressionType codec) {
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < keys; k++) {
                log.appendAsLeader(keyed(codec, 1000 + r, "key" + k, "v" + r + "-" + k), 0);
            }
        }
    }

    @Test
    void keepsTheLatestRecordPerKeyWithItsOffsetAndNeverTouchesTheActiveSegment() throws Exception {
        Log log = open(compacted());
        append(log, 6, 5, CompressionType.NONE);
        log.roll();
        log.appendAsLeader(keyed(2000, "key0", "active-1"), 0);
        log.appendAsLeader(keyed(2000, "key0", "active-2"), 0);
        log.updateHighWatermark(log.logEndOffset());
        List<String> before = keyValues(log);
        Map<Long, String> offsetsBefore = new LinkedHashMap<>();
        for (Record r : TestUtils.readAllRecords(log)) {
            offsetsBefore.put(r.offset(), TestUtils.str(r.valueBytes()));
        }
        long sizeBefore = log.size();
        int segmentsBefore = log.numberOfSegments();
        long activeBase = log.activeSegment().baseOffset();

        Cleaner.CleanResult result = clean(log, cleaner(1 << 20), null);
        assertEquals(activeBase, result.endOffset(), "everything up to the active segment is clean");
        List<String> after = keyValues(log);
        List<String> expected = new ArrayList<>();
        latest(before.subList(0, before.size() - 2)).forEach((k, v) -> expected.add(k + "=" + v));
        expected.add("key0=active-1");
        expected.add("key0=active-2");
        assertEquals(expected, after);
        for (Record r : TestUtils.readAllRecords(log)) {
            assertEquals(offsetsBefore.get(r.offset()), TestUtils.str(r.valueBytes()), "offset " + r.offset());
        }
        assertTrue(log.size() < sizeBefore);
        clean(log, cleaner(1 << 20), result.endOffset());
        assertEquals(expected, keyValues(log), "a second cleaning changes no data");
        assertTrue(log.numberOfSegments() < segmentsBefore, "the small cleaned segments were merged");
        assertEquals(activeBase, log.activeSegment().baseOffset());
        String[] leftovers = log.dir().list((d, n) -> n.endsWith(".cleaned") || n.endsWith(".swap"));
        assertEquals(0, leftovers.length);
        log.close();
        Log reopened = Log.open(log.dir(), "t", 0, compacted(), 0, 0, false, clock::milliseconds);
        opened.add(reopened);
        assertEquals(expected, keyValues(reopened), "the cleaned segments survive an unclean restart");
    }

    @Test
    void compressedBatchesAreRewrittenWithTheirCodec() throws Exception {
        for (CompressionType codec : CompressionType.values()) {
            File dir = new File(tmp, "c-" + codec.altName() + "-0");
            Log log = Log.open(dir, "c-" + codec.altName(), 0, compacted(), 0, 0, true, clock::milliseconds);
            opened.add(log);
            for (int r = 0; r < 4; r++) {
                log.appendAsLeader(keyed(codec, 1000, "a", "a" + r, "b", "b" + r, "c", r == 3 ? "c3" : "c" + r), 0);
            }
            log.roll();
            log.updateHighWatermark(log.logEndOffset());
            clean(log, cleaner(1 << 20), null);
            assertEquals(List.of("a=a3", "b=b3", "c=c3"), keyValues(log), codec.altName());
            for (LogSegment segment : log.logSegments(0, log.logEndOffset())) {
                for (RecordBatch batch : TestUtils.batches(segment.log().slice(0, segment.size()))) {
                    assertEquals(codec, batch.compressionType());
                    assertEquals(9, batch.baseOffset());
                    assertEquals(11, batch.lastOffset());
                }
            }
        }
    }

    @Test
    void tombstonesAreKeptForDeleteRetentionMsThenDropped() throws Exception {
        Log log = open(compacted("delete.retention.ms", "1000"));
        log.appendAsLeader(keyed(1000, "a", "1", "b", "1"), 0);
        log.appendAsLeader(keyed(1000, "a", null), 0);
        log.appendAsLeader(keyed(1000, "c", "1"), 0);
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        Cleaner cleaner = cleaner(1 << 20);
        long end = clean(log, cleaner, null).endOffset();
        assertEquals(List.of("b=1", "a=null", "c=1"), keyValues(log), "the tombstone is kept at first");
        assertEquals(clock.milliseconds() + 1000, log.latestDeleteHorizon());
        clean(log, cleaner, end);
        assertEquals(List.of("b=1", "a=null", "c=1"), keyValues(log), "still before the horizon");
        clock.advance(1000);
        LogCleanerManager manager = new LogCleanerManager(List.of(tmp), () -> List.of(log), clock::milliseconds);
        LogToClean chosen = manager.grabFilthiestCompactedLog().orElseThrow(
            () -> new AssertionError("a log whose delete horizon passed must be chosen"));
        cleaner.clean(chosen);
        assertEquals(List.of("b=1", "c=1"), keyValues(log));
        assertEquals(RecordBatch.NO_TIMESTAMP, log.latestDeleteHorizon());
    }

    @Test
    void producerFieldsAreKeptAndAProducersLastBatchSurvivesEmpty() throws Exception {
        Log log = open(compacted());
        log.appendAsLeader(TestUtils.idempotentKeyed(7, (short) 1, 0, 1000, "k", "old", "j", "old"), 0);
        log.appendAsLeader(TestUtils.idempotentKeyed(8, (short) 0, 0, 1000, "x", "1"), 0);
        log.appendAsLeader(TestUtils.idempotentKeyed(8, (short) 0, 1, 1000, "x", "2"), 0);
        log.appendAsLeader(keyed(1000, "k", "new", "j", "new"), 0);
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        clean(log, cleaner(1 << 20), null);
        assertEquals(List.of("x=2", "k=new", "j=new"), keyValues(log));
        List<RecordBatch> batches = TestUtils.batches(log.logSegments(0, 1).get(0).log().slice(0, 1 << 20));
        RecordBatch emptied = batches.get(0);
        assertEquals(0, emptied.recordsCount(), "producer 7's only (last) batch is kept without records");
        assertEquals(7, emptied.producerId());
        assertEquals(1, emptied.producerEpoch());
        assertEquals(1, emptied.lastSequence());
        assertEquals(8, batches.get(1).producerId(), "producer 8's first batch was dropped: not its last");
        assertEquals(3, batches.get(1).baseOffset());
        assertEquals(ProducerStateManager.Verdict.DUPLICATE, log.checkProducer(7, (short) 1, 0, 1).verdict());
    }

    @Test
    void keylessRecordsAreDroppedAndRecordsPastTheMapAreKept() throws Exception {
        Log log = open(compacted("segment.bytes", "100000"));
        log.appendAsLeader(TestUtils.batch(1000, "no key"), 0);
        for (int i = 0; i < 200; i++) {
            log.appendAsLeader(keyed(1000, "k" + i, "v"), 0);
        }
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        Cleaner small = cleaner(100 * SkimpyOffsetMap.BYTES_PER_ENTRY);
        long end = clean(log, small, null).endOffset();
        assertTrue(end > 1 && end < 201, "the map filled up at " + end);
        List<String> after = keyValues(log);
        assertEquals(200, after.size(), "the keyless record went, every keyed record stays");
        assertFalse(after.contains("null=no key"));
        long end2 = clean(log, small, end).endOffset();
        assertTrue(end2 > end, "the next cleaning continues from there");
    }

    @Test
    void compactionLagsBoundTheCleanableRange() throws Exception {
        long now = clock.milliseconds();
        Log log = open(compacted("min.compaction.lag.ms", "10000", "max.compaction.lag.ms", "60000"));
        for (int i = 0; i < 4; i++) {
            log.appendAsLeader(keyed(now - 100_000 + i, "k", "old" + i), 0);
        }
        log.roll();
        for (int i = 0; i < 4; i++) {
            log.appendAsLeader(keyed(now, "k", "recent" + i), 0);
        }
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        LogToClean cleanable = LogCleanerManager.cleanable(log, null, now);
        long recentBase = log.logSegments(4, 5).get(0).baseOffset();
        assertEquals(recentBase, cleanable.firstUncleanableOffset(), "recent segments wait min.compaction.lag.ms");
        assertTrue(cleanable.needCompactionNow(), "the old dirty segment passed max.compaction.lag.ms");
        cleaner(1 << 20).clean(cleanable);
        assertEquals(List.of("k=old3", "k=recent0", "k=recent1", "k=recent2", "k=recent3"), keyValues(log));
    }

    @Test
    void aCleaningWhoseSegmentsChangedIsDiscarded() throws Exception {
        MockScheduler scheduler = new MockScheduler(clock);
        Log log = Log.open(new File(tmp, "t-0"), "t", 0, compacted("file.delete.delay.ms", "60000"), 0, 0, true,
            clock::milliseconds, scheduler);
        opened.add(log);
        append(log, 4, 4, CompressionType.NONE);
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        List<String> before = keyValues(log);
        Cleaner cleaner = new Cleaner(new SkimpyOffsetMap(1 << 20), 0.9, 1024, clock::milliseconds,
            new java.util.function.Consumer<>() {
            int calls;

            @Override
            public void accept(TopicPartition tp) {
                if (++calls == 3) {
                    log.truncateTo(2);
                }
            }
        });
        assertThrows(LogCleaningAbortedException.class, () -> clean(log, cleaner, null));
        assertEquals(before.subList(0, 2), keyValues(log));
        assertEquals(0, log.dir().list((d, n) -> n.endsWith(".cleaned") || n.endsWith(".swap")).length);
        scheduler.advance(60_000);
        assertEquals(0, log.dir().list((d, n) -> n.endsWith(".deleted")).length);
    }

    @Test
    void groupsRespectSegmentAndIndexSizes() throws Exception {
        Log log = open(compacted("segment.bytes", "200"));
        for (int i = 0; i < 12; i++) {
            log.appendAsLeader(keyed(1000, "k" + i, "v"), 0);
        }
        List<LogSegment> segments = log.logSegments(0, log.logEndOffset());
        List<List<LogSegment>> groups = Cleaner.groupSegmentsBySize(segments, 400, 1 << 20, log.logEndOffset());
        for (List<LogSegment> group : groups) {
            long size = group.stream().mapToLong(LogSegment::size).sum();
            assertTrue(size <= 400 || group.size() == 1, "group of " + size + " bytes");
        }
        assertEquals(segments.size(), groups.stream().mapToInt(List::size).sum());
        assertTrue(groups.size() < segments.size());
        assertEquals(segments.size(), Cleaner.groupSegmentsBySize(segments, 1, 1 << 20, log.logEndOffset()).size());
    }
}
