package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.klassic.log.TestUtils.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogManagerTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);

    private List<File> dirs() {
        return List.of(new File(tmp, "logs-a"), new File(tmp, "logs-b"));
    }

    private LogManager manager() {
        return new LogManager(dirs(), LogConfig.defaults(), clock::milliseconds);
    }

    private static OffsetCheckpointFile checkpoint(File dir, String name) {
        return new OffsetCheckpointFile(new File(dir, name));
    }

    @Test
    void createsInTheEmptiestDirectoryAndReloadsAfterCleanShutdown() throws Exception {
        LogManager manager = manager();
        try {
            manager.startup();
            assertNull(manager.getLog("t", 0));
            Log t0 = manager.getOrCreateLog("t", 0, LogConfig.defaults());
            Log t1 = manager.getOrCreateLog("t", 1, LogConfig.defaults());
            Log u0 = manager.getOrCreateLog("my-topic", 0, LogConfig.defaults());
            assertSame(t0, manager.getOrCreateLog("t", 0, LogConfig.defaults()));
            assertSame(t0, manager.getLog("t", 0));
            assertEquals(new File(dirs().get(0), "t-0"), t0.dir());
            assertEquals(new File(dirs().get(1), "t-1"), t1.dir(), "the directory with the fewest partitions");
            assertEquals(new File(dirs().get(0), "my-topic-0"), u0.dir());
            for (int i = 0; i < 3; i++) {
                t0.appendAsLeader(batch(1, "a" + i, "b" + i), 0);
            }
            t1.appendAsLeader(batch(1, "x"), 0);
            u0.appendAsLeader(batch(1, "y", "z"), 0);
            t0.updateHighWatermark(4);
            t1.updateHighWatermark(1);
            u0.updateHighWatermark(2);
            assertEquals(3, manager.allLogs().size());
        } finally {
            manager.shutdown();
        }
        File a = dirs().get(0);
        assertTrue(new File(a, LogManager.CLEAN_SHUTDOWN_FILE).exists());
        assertEquals(Map.of(new TopicPartition("t", 0), 6L, new TopicPartition("my-topic", 0), 2L),
            checkpoint(a, OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT).read());
        assertEquals(Map.of(new TopicPartition("t", 0), 4L, new TopicPartition("my-topic", 0), 2L),
            checkpoint(a, OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT).read());
        assertEquals(Map.of(new TopicPartition("t", 1), 0L),
            checkpoint(dirs().get(1), OffsetCheckpointFile.LOG_START_OFFSET_CHECKPOINT).read());

        LogManager restarted = manager();
        try {
            restarted.startup();
            assertFalse(new File(a, LogManager.CLEAN_SHUTDOWN_FILE).exists(), "the marker is consumed");
            assertEquals(3, restarted.allLogs().size());
            Log t0 = restarted.getLog("t", 0);
            assertEquals(6, t0.logEndOffset());
            assertEquals(4, t0.highWatermark());
            assertEquals(6, t0.recoveryPoint());
            assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), TestUtils.readAllValues(t0));
            assertEquals(List.of("y", "z"), TestUtils.readAllValues(restarted.getLog("my-topic", 0)));
            assertEquals(1, restarted.getLog("t", 1).highWatermark());
            assertEquals(6, t0.appendAsLeader(batch(1, "c"), 1).firstOffset());
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void recoversWithoutTheCleanShutdownMarker() throws Exception {
        LogManager manager = manager();
        long validLength;
        try {
            manager.startup();
            Log log = manager.getOrCreateLog("t", 0, LogConfig.defaults());
            log.appendAsLeader(batch(1, "a", "b"), 0);
            log.appendAsLeader(batch(1, "c"), 0);
            validLength = log.activeSegment().size();
        } finally {
            manager.shutdown();
        }
        File a = dirs().get(0);
        Files.delete(new File(a, LogManager.CLEAN_SHUTDOWN_FILE).toPath());
        checkpoint(a, OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT).write(Map.of(new TopicPartition("t", 0), 2L));
        File segment = LogSegment.logFile(new File(a, "t-0"), 0);
        try (RandomAccessFile raf = new RandomAccessFile(segment, "rw")) {
            raf.seek(raf.length());
            raf.write(new byte[]{0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100, 9, 9, 9});
        }
        LogManager restarted = manager();
        try {
            restarted.startup();
            Log log = restarted.getLog("t", 0);
            assertEquals(3, log.logEndOffset());
            assertEquals(validLength, segment.length(), "the garbage was truncated");
            assertEquals(2, log.recoveryPoint());
            assertEquals(3, log.appendAsLeader(batch(1, "d"), 0).firstOffset());
        } finally {
            restarted.shutdown();
        }
    }

    @Test
    void skipsForeignDirectoriesDeletesMarkedOnesAndRejectsDuplicates() throws Exception {
        File a = dirs().get(0);
        File b = dirs().get(1);
        Files.createDirectories(new File(a, "lost+found").toPath());
        Files.createDirectories(new File(a, "noPartition").toPath());
        Files.createDirectories(new File(a, "t-x").toPath());
        File marked = new File(a, "t-3.0123456789abcdef0123456789abcdef-delete");
        Files.createDirectories(marked.toPath());
        Files.writeString(new File(marked, "00000000000000000000.log").toPath(), "old");
        new MetaProperties(1, "cluster").write(a);

        LogManager manager = manager();
        try {
            manager.startup();
            assertEquals(List.of(), List.copyOf(manager.allLogs()));
            assertFalse(marked.exists(), "a directory marked for deletion is removed");
            assertTrue(new File(a, "lost+found").exists(), "foreign directories are left alone");
            Log log = manager.getOrCreateLog("t-with-dashes", 12, LogConfig.defaults());
            log.appendAsLeader(batch(1, "v"), 0);
            manager.deleteLog("t-with-dashes", 12);
            assertNull(manager.getLog("t-with-dashes", 12));
            assertFalse(log.dir().exists());
            manager.deleteLog("absent", 0);
            manager.getOrCreateLog("dup", 0, LogConfig.defaults());
        } finally {
            manager.shutdown();
        }
        Files.createDirectories(new File(b, "dup-0").toPath());
        LogManager duplicate = manager();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, duplicate::startup);
            assertTrue(e.getMessage().contains("dup-0"), e.getMessage());
        } finally {
            duplicate.shutdown();
        }
    }

    @Test
    void aLockedLogDirectoryCannotBeUsedTwice() {
        LogManager first = manager();
        LogManager second = manager();
        try {
            first.startup();
            KafkaStorageException e = assertThrows(KafkaStorageException.class, second::startup);
            assertTrue(e.getMessage().contains(".lock"), e.getMessage());
        } finally {
            second.shutdown();
            first.shutdown();
        }
        LogManager third = manager();
        try {
            third.startup();
            assertNotNull(third.getOrCreateLog("t", 0, LogConfig.defaults()));
        } finally {
            third.shutdown();
        }
    }

    @Test
    void checkpointWritesTheThreeFilesPerDirectory() throws Exception {
        LogManager manager = manager();
        try {
            manager.startup();
            Log log = manager.getOrCreateLog("t", 0, LogConfig.defaults());
            log.appendAsLeader(batch(1, "a", "b"), 0);
            log.updateHighWatermark(2);
            log.flush();
            manager.checkpoint();
            File a = dirs().get(0);
            assertEquals(Map.of(new TopicPartition("t", 0), 2L),
                checkpoint(a, OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT).read());
            assertEquals(Map.of(new TopicPartition("t", 0), 2L),
                checkpoint(a, OffsetCheckpointFile.REPLICATION_OFFSET_CHECKPOINT).read());
            assertEquals(Map.of(new TopicPartition("t", 0), 0L),
                checkpoint(a, OffsetCheckpointFile.LOG_START_OFFSET_CHECKPOINT).read());
            assertEquals(Map.of(), checkpoint(dirs().get(1), OffsetCheckpointFile.RECOVERY_POINT_CHECKPOINT).read());
        } finally {
            manager.shutdown();
        }
    }

    @Test
    void parsesPartitionDirectoryNamesLikeKafka() {
        assertEquals(new TopicPartition("my-topic", 3), LogManager.parseTopicPartitionName("my-topic-3"));
        assertEquals(new TopicPartition("__consumer_offsets", 49),
            LogManager.parseTopicPartitionName("__consumer_offsets-49"));
        assertNull(LogManager.parseTopicPartitionName("topic"));
        assertNull(LogManager.parseTopicPartitionName("-1"));
        assertNull(LogManager.parseTopicPartitionName("topic-"));
        assertNull(LogManager.parseTopicPartitionName("topic-x"));
        assertNull(LogManager.parseTopicPartitionName("topic-99999999999"));
    }
}
