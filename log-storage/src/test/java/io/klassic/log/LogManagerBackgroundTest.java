package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;
import java.util.Map;

import static io.klassic.log.TestUtils.batch;
import static io.klassic.log.TestUtils.keyed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log manager's scheduled work: retention, flushing, checkpoints, delayed deletion, expiration, the cleaner. */
class LogManagerBackgroundTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
    private final MockScheduler scheduler = new MockScheduler(clock);

    private File dir() {
        return new File(tmp, "logs");
    }

    private static LogManagerConfig managerConfig(String... keyValues) {
        java.util.Map<String, String> props = new java.util.HashMap<>(Map.of(
            "log.initial.task.delay.ms", "0", "log.retention.check.interval.ms", "1000",
            "log.flush.offset.checkpoint.interval.ms", "1000", "log.flush.start.offset.checkpoint.interval.ms",
            "1000", "replica.high.watermark.checkpoint.interval.ms", "1000", "log.cleaner.enable", "false"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return LogManagerConfig.fromProps(props);
    }

    private LogManager manager(LogManagerConfig config) {
        LogManager manager = new LogManager(List.of(dir()), LogConfig.defaults(), clock::milliseconds, config,
            scheduler);
        manager.startup();
        return manager;
    }

    private Map<TopicPartition, Long> checkpoint(String name) throws Exception {
        return new OffsetCheckpointFile(new File(dir(), name)).read();
    }

    @Test
    void highWatermarksAreCheckpointedFromTheStartTheOtherTasksAfterTheInitialDelay() throws Exception {
        LogManager manager = manager(managerConfig("log.initial.task.delay.ms", "30000"));
        TopicPartition tp = new TopicPartition("t", 0);
        try {
            Log log = manager.getOrCreateLog("t", 0, TestUtils.config());
            log.appendAsLeader(batch(clock.milliseconds(), "a", "b"), 0);
            log.updateHighWatermark(log.logEndOffset());
            scheduler.advance(1000);
            assertEquals(Map.of(tp, 2L), checkpoint("replication-offset-checkpoint"),
                "as Kafka's ReplicaManager: a broker killed soon after its start keeps its high watermarks");
            assertEquals(Map.of(), checkpoint("recovery-point-offset-checkpoint"), "log.initial.task.delay.ms not over");
            log.flush();
            scheduler.advance(29_000);
            assertEquals(Map.of(tp, 2L), checkpoint("recovery-point-offset-checkpoint"));
        } finally {
            manager.shutdown();
        }
    }

    @Test
    void retentionRunsOnScheduleAndTheLogStartOffsetIsCheckpointedAndRestored() throws Exception {
        LogManager manager = manager(managerConfig());
        TopicPartition tp = new TopicPartition("t", 0);
        try {
            Log log = manager.getOrCreateLog("t", 0, TestUtils.config("segment.bytes", "150", "retention.ms",
                "10000", "file.delete.delay.ms", "500"));
            long now = clock.milliseconds();
            for (int i = 0; i < 3; i++) {
                log.appendAsLeader(batch(now - 20_000, String.format("old-value-%03d", i)), 0);
            }
            log.appendAsLeader(batch(now, "new-value-0000"), 0);
            log.updateHighWatermark(log.logEndOffset());
            scheduler.tick();
            assertEquals(3, log.logStartOffset(), "the first run deletes the expired segments");
            assertEquals(Map.of(tp, 3L), checkpoint("log-start-offset-checkpoint"));
            assertEquals(Map.of(tp, 4L), checkpoint("replication-offset-checkpoint"));
            assertEquals(3, new File(dir(), "t-0").list((d, n) -> n.endsWith(".log.deleted")).length);
            scheduler.advance(500);
            assertEquals(0, new File(dir(), "t-0").list((d, n) -> n.endsWith(".deleted")).length);
        } finally {
            manager.shutdown();
        }
        assertTrue(scheduler.pending().isEmpty(), "shutdown cancels the periodic tasks: " + scheduler.pending());
        LogManager restarted = manager(managerConfig());
        try {
            Log log = restarted.getLog("t", 0);
            assertEquals(3, log.logStartOffset());
            assertEquals(4, log.highWatermark());
            assertEquals(List.of("new-value-0000"), TestUtils.readAllValues(log));
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void aLogStartOffsetMovedByDeleteRecordsInsideASegmentIsCheckpointedAndRestored() throws Exception {
        LogManager manager = manager(managerConfig());
        TopicPartition tp = new TopicPartition("t", 0);
        try {
            Log log = manager.getOrCreateLog("t", 0, LogConfig.defaults());
            log.appendAsLeader(batch(clock.milliseconds(), "a", "b", "c", "d"), 0);
            log.updateHighWatermark(log.logEndOffset());
            assertEquals(2, log.deleteRecordsBefore(2), "the low watermark of the local log");
            assertEquals(1, new File(dir(), "t-0").list((d, n) -> n.endsWith(".log")).length,
                "the segment holding offsets 0-3 stays: only the log start offset moved");
            scheduler.advance(1000);
            assertEquals(Map.of(tp, 2L), checkpoint("log-start-offset-checkpoint"),
                "the periodic checkpoint has it before any shutdown");
        } finally {
            manager.shutdown();
        }
        LogManager restarted = manager(managerConfig());
        try {
            Log log = restarted.getLog("t", 0);
            assertEquals(2, log.logStartOffset(), "restored from log-start-offset-checkpoint, not from the segment's base offset");
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(1, 1000, Long.MAX_VALUE, true));
            assertEquals(List.of("c", "d"), TestUtils.readAllValues(log));
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void theFlusherFlushesLogsWhoseFlushMsPassedAndTheRecoveryPointIsCheckpointed() throws Exception {
        LogManager manager = manager(managerConfig("log.flush.scheduler.interval.ms", "100"));
        try {
            Log due = manager.getOrCreateLog("due", 0, TestUtils.config("flush.ms", "300"));
            Log never = manager.getOrCreateLog("never", 0, LogConfig.defaults());
            due.appendAsLeader(batch(1, "a", "b"), 0);
            never.appendAsLeader(batch(1, "a"), 0);
            scheduler.advance(200);
            assertEquals(0, due.recoveryPoint());
            scheduler.advance(100);
            assertEquals(2, due.recoveryPoint());
            assertEquals(0, never.recoveryPoint());
            scheduler.advance(700);
            assertEquals(Map.of(new TopicPartition("due", 0), 2L, new TopicPartition("never", 0), 0L),
                checkpoint("recovery-point-offset-checkpoint"));
        } finally {
            manager.shutdown();
        }
    }

    @Test
    void deletedLogsAreRenamedAtOnceAndRemovedAfterTheDelay() throws Exception {
        LogManager manager = manager(managerConfig());
        try {
            Log log = manager.getOrCreateLog("gone", 0, TestUtils.config("file.delete.delay.ms", "2000"));
            log.appendAsLeader(batch(1, "a"), 0);
            manager.deleteLog("gone", 0);
            assertNull(manager.getLog("gone", 0));
            assertFalse(new File(dir(), "gone-0").exists());
            String[] marked = dir().list((d, n) -> n.endsWith("-delete"));
            assertEquals(1, marked.length);
            assertTrue(marked[0].startsWith("gone-0."), marked[0]);
            scheduler.advance(2000);
            assertEquals(0, dir().list((d, n) -> n.endsWith("-delete")).length);
        } finally {
            manager.shutdown();
        }
    }

    @Test
    void idleProducersExpire() {
        LogManager manager = manager(managerConfig("producer.id.expiration.ms", "5000",
            "producer.id.expiration.check.interval.ms", "1000"));
        try {
            Log log = manager.getOrCreateLog("p", 0, LogConfig.defaults());
            log.appendAsLeader(TestUtils.idempotent(5, (short) 0, 0, clock.milliseconds(), "a"), 0);
            scheduler.advance(4000);
            assertEquals(1, log.activeProducers().size());
            scheduler.advance(1000);
            assertEquals(0, log.activeProducers().size());
        } finally {
            manager.shutdown();
        }
    }

    @Test
    void theCleanerThreadsCompactLogsAndCheckpointTheirProgress() throws Exception {
        LogManager manager = manager(managerConfig("log.cleaner.enable", "true", "log.cleaner.threads", "2",
            "log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024), "log.cleaner.backoff.ms", "10"));
        try {
            Log log = manager.getOrCreateLog("compacted", 0, TestUtils.config("cleanup.policy", "compact",
                "segment.bytes", "300", "file.delete.delay.ms", "0"));
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < 4; k++) {
                    log.appendAsLeader(keyed(1000, "k" + k, "r" + round), 0);
                }
            }
            log.roll();
            log.updateHighWatermark(log.logEndOffset());
            manager.cleaner().wakeUp();
            long deadline = System.nanoTime() + 10_000_000_000L;
            TopicPartition tp = new TopicPartition("compacted", 0);
            while (!Long.valueOf(log.logEndOffset()).equals(checkpoint("cleaner-offset-checkpoint").get(tp))) {
                assertTrue(System.nanoTime() < deadline, "the cleaner did not clean the log in time");
                Thread.onSpinWait();
            }
            assertEquals(List.of("k0=r4", "k1=r4", "k2=r4", "k3=r4"), TestUtils.keyValues(log));
            assertTrue(manager.cleaner().cleaningsCompleted() >= 1);
            manager.deleteLog("compacted", 0);
            assertEquals(Map.of(), checkpoint("cleaner-offset-checkpoint"), "a deleted log leaves the checkpoint");
        } finally {
            manager.shutdown();
        }
    }

    @Test
    void logsAreLoadedWithTheirTopicsConfigs() {
        LogConfig compact = TestUtils.config("cleanup.policy", "compact");
        LogManager manager = manager(managerConfig());
        manager.getOrCreateLog("c", 0, compact);
        manager.getOrCreateLog("d", 0, LogConfig.defaults());
        manager.shutdown();
        LogManager restarted = new LogManager(List.of(dir()), LogConfig.defaults(), clock::milliseconds,
            managerConfig(), scheduler);
        restarted.startup(topic -> topic.equals("c") ? compact : null);
        try {
            assertTrue(restarted.getLog("c", 0).config().compact());
            assertFalse(restarted.getLog("d", 0).config().compact(), "null: the defaults");
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void managerConfigParsesBrokerKeysAndNamesBadOnes() {
        LogManagerConfig d = LogManagerConfig.fromProps(Map.of());
        assertEquals(LogManagerConfig.defaults(), d);
        assertEquals(300_000L, d.retentionCheckIntervalMs());
        assertEquals(Long.MAX_VALUE, d.flushCheckIntervalMs());
        assertEquals(134217728L, d.cleaner().dedupeBufferSize());
        assertEquals(0.9, d.cleaner().dedupeBufferLoadFactor());
        LogManagerConfig c = LogManagerConfig.fromProps(Map.of("log.cleaner.threads", "3",
            "log.cleaner.dedupe.buffer.size", "33554432", "log.retention.check.interval.ms", " 100 "));
        assertEquals(3, c.cleaner().numThreads());
        assertEquals(100, c.retentionCheckIntervalMs());
        ConfigException bad = assertThrows(ConfigException.class,
            () -> LogManagerConfig.fromProps(Map.of("log.retention.check.interval.ms", "soon")));
        assertEquals("log.retention.check.interval.ms", bad.key());
        ConfigException tooSmall = assertThrows(ConfigException.class,
            () -> LogManagerConfig.fromProps(Map.of("log.cleaner.dedupe.buffer.size", "1000")));
        assertEquals("log.cleaner.dedupe.buffer.size", tooSmall.key());
        assertEquals("log.cleaner.enable", assertThrows(ConfigException.class,
            () -> LogManagerConfig.fromProps(Map.of("log.cleaner.enable", "yes"))).key());
    }
}
