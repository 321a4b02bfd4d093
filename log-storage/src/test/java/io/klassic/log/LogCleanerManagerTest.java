package io.klassic.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.klassic.log.TestUtils.config;
import static io.klassic.log.TestUtils.keyed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogCleanerManagerTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
    private final List<Log> logs = new ArrayList<>();

    @AfterEach
    void close() {
        logs.forEach(Log::close);
    }

    /** A compacted log with {@code cleanSegments} clean-able full segments of repeated keys, rolled. */
    private Log log(String topic, String policy, int rounds) {
        Log log = Log.open(new File(tmp, topic + "-0"), topic, 0, config("cleanup.policy", policy, "segment.bytes",
            "300"), 0, 0, true, clock::milliseconds);
        logs.add(log);
        for (int r = 0; r < rounds; r++) {
            log.appendAsLeader(keyed(1000, "k", "v" + r), 0);
        }
        log.roll();
        log.updateHighWatermark(log.logEndOffset());
        return log;
    }

    private LogCleanerManager manager() {
        return new LogCleanerManager(List.of(tmp), () -> logs, clock::milliseconds);
    }

    @Test
    void picksTheDirtiestCompactedLogAboveItsRatioAndMarksItInProgress() throws Exception {
        Log small = log("small", "compact", 8);
        Log big = log("big", "compact", 12);
        log("plain", "delete", 12);
        LogCleanerManager manager = manager();
        manager.doneCleaning(small.topicPartition(), tmp, 3);
        LogToClean first = manager.grabFilthiestCompactedLog().orElseThrow();
        assertEquals(big.topicPartition(), first.topicPartition(), "small is partly clean: lower ratio");
        assertEquals(1.0, first.cleanableRatio());
        assertTrue(manager.isInProgress(big.topicPartition()));
        LogToClean second = manager.grabFilthiestCompactedLog().orElseThrow();
        assertEquals(small.topicPartition(), second.topicPartition());
        assertEquals(3, second.firstDirtyOffset());
        assertTrue(second.cleanableRatio() > 0.5 && second.cleanableRatio() < 1.0, "" + second.cleanableRatio());
        assertTrue(manager.grabFilthiestCompactedLog().isEmpty(), "both in progress; the delete log never");
        manager.doneCleaning(big.topicPartition(), tmp, big.logEndOffset());
        assertEquals(Map.of(small.topicPartition(), 3L, big.topicPartition(), big.logEndOffset()),
            manager.allCleanerCheckpoints());
        assertTrue(manager.grabFilthiestCompactedLog().isEmpty(), "big is clean now");
    }

    @Test
    void theRatioThresholdAndPausesAreRespected() throws Exception {
        Log log = log("t", "compact,delete", 6);
        LogCleanerManager manager = manager();
        manager.doneCleaning(log.topicPartition(), tmp, 3);
        LogToClean state = LogCleanerManager.cleanable(log, 3L, clock.milliseconds());
        assertTrue(state.cleanableRatio() > 0 && state.cleanableRatio() < 1);
        log.updateConfig(config("cleanup.policy", "compact,delete", "min.cleanable.dirty.ratio", "0.99"));
        assertTrue(manager.grabFilthiestCompactedLog().isEmpty(), "below min.cleanable.dirty.ratio");
        log.updateConfig(config("cleanup.policy", "compact,delete", "min.cleanable.dirty.ratio", "0.01"));
        manager.abortAndPauseCleaning(log.topicPartition());
        assertTrue(manager.grabFilthiestCompactedLog().isEmpty(), "paused");
        manager.resumeCleaning(log.topicPartition());
        assertEquals(log.topicPartition(), manager.grabFilthiestCompactedLog().orElseThrow().topicPartition());
    }

    @Test
    void abortingACleaningInProgressWaitsForTheCleaner() throws Exception {
        Log log = log("t", "compact", 6);
        LogCleanerManager manager = manager();
        TopicPartition tp = log.topicPartition();
        manager.grabFilthiestCompactedLog().orElseThrow();
        Thread aborter = new Thread(() -> {
            try {
                manager.abortAndPauseCleaning(tp);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        aborter.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                manager.checkCleaningAborted(tp);
            } catch (LogCleaningAbortedException e) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the abort was not requested in time");
            Thread.onSpinWait();
        }
        assertTrue(aborter.isAlive(), "the aborter waits for the cleaner to stop");
        manager.doneCleaning(tp, tmp, 100);
        aborter.join(5000);
        assertFalse(aborter.isAlive());
        assertEquals(Map.of(), manager.allCleanerCheckpoints(), "an aborted cleaning records no progress");
        assertTrue(manager.grabFilthiestCompactedLog().isEmpty(), "paused after the abort");
        manager.resumeCleaning(tp);
        assertTrue(manager.grabFilthiestCompactedLog().isPresent());
    }

    @Test
    void checkpointsAreTruncatedAndRemovedAndOutOfRangeOnesReset() throws Exception {
        Log log = log("t", "compact", 6);
        LogCleanerManager manager = manager();
        TopicPartition tp = log.topicPartition();
        manager.doneCleaning(tp, tmp, 5);
        manager.maybeTruncateCheckpoint(tmp, tp, 3);
        assertEquals(Map.of(tp, 3L), manager.allCleanerCheckpoints());
        manager.maybeTruncateCheckpoint(tmp, tp, 4);
        assertEquals(Map.of(tp, 3L), manager.allCleanerCheckpoints(), "never raised");
        assertEquals(log.logStartOffset(), LogCleanerManager.cleanable(log, 1000L, clock.milliseconds())
            .firstDirtyOffset(), "past the log end: start over");
        manager.remove(tmp, tp);
        assertEquals(Map.of(), manager.allCleanerCheckpoints());
    }
}
