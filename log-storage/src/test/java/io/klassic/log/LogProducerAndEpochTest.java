package io.klassic.log;

import io.klassic.protocol.Errors;
import io.klassic.protocol.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static io.klassic.log.TestUtils.batch;
import static io.klassic.log.TestUtils.batchAt;
import static io.klassic.log.TestUtils.config;
import static io.klassic.log.TestUtils.idempotent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producers' state and the leader epoch cache as the log keeps them. */
class LogProducerAndEpochTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);

    private File partitionDir() {
        return new File(tmp, "t-0");
    }

    private Log open(LogConfig config, boolean clean) {
        return Log.open(partitionDir(), "t", 0, config, 0, 0, clean, clock::milliseconds);
    }

    @Test
    void duplicatesAreNotAppendedAndGapsAndOldEpochsAreRefused() {
        Log log = open(LogConfig.defaults(), true);
        try {
            log.appendAsLeader(batch(1, "plain"), 0);
            LogAppendInfo first = log.appendAsLeader(idempotent(9, (short) 0, 0, 1000, "a", "b"), 0);
            assertEquals(1, first.firstOffset());
            assertFalse(first.duplicate());
            LogAppendInfo again = log.appendAsLeader(idempotent(9, (short) 0, 0, 1000, "a", "b"), 0);
            assertTrue(again.duplicate());
            assertEquals(1, again.firstOffset());
            assertEquals(2, again.lastOffset());
            assertEquals(0, again.validBytes());
            assertEquals(3, log.logEndOffset(), "nothing was appended");

            ProducerStateException gap = assertThrows(ProducerStateException.class,
                () -> log.appendAsLeader(idempotent(9, (short) 0, 5, 1000, "x"), 0));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
            log.appendAsLeader(idempotent(9, (short) 1, 0, 1000, "new epoch"), 0);
            ProducerStateException fenced = assertThrows(ProducerStateException.class,
                () -> log.appendAsLeader(idempotent(9, (short) 0, 2, 1000, "old epoch"), 0));
            assertEquals(Errors.INVALID_PRODUCER_EPOCH, fenced.error());
            assertEquals(4, log.logEndOffset());
            assertEquals(ProducerStateManager.Verdict.APPEND,
                log.checkProducer(9, (short) 1, 1, 1).verdict());
        } finally {
            log.close();
        }
    }

    @Test
    void producerStateIsRebuiltFromTheLogAfterCleanAndUncleanRestarts() {
        Log log = open(LogConfig.defaults(), true);
        log.appendAsLeader(idempotent(9, (short) 2, 0, 1000, "a", "b", "c"), 0);
        log.appendAsLeader(idempotent(9, (short) 2, 3, 1000, "d"), 0);
        log.appendAsLeader(idempotent(11, (short) 0, 0, 1000, "e"), 0);
        log.close();
        for (boolean clean : new boolean[] {true, false}) {
            Log reopened = open(LogConfig.defaults(), clean);
            try {
                assertEquals(2, reopened.activeProducers().size());
                ProducerStateEntry entry = reopened.activeProducers().get(9L);
                assertEquals(2, entry.producerEpoch());
                assertEquals(List.of(new ProducerStateEntry.BatchMetadata(0, 2, 0, 2, 1000),
                    new ProducerStateEntry.BatchMetadata(3, 3, 3, 3, 1000)), entry.batches());
                LogAppendInfo dup = reopened.appendAsLeader(idempotent(9, (short) 2, 3, 1000, "d"), 0);
                assertTrue(dup.duplicate(), "a retry after a restart is still recognised");
                assertEquals(3, dup.firstOffset());
            } finally {
                reopened.close();
            }
        }
    }

    @Test
    void truncationForgetsTheRemovedBatchesOfProducers() {
        Log log = open(LogConfig.defaults(), true);
        try {
            log.appendAsLeader(idempotent(9, (short) 0, 0, 1000, "a"), 0);
            log.appendAsLeader(idempotent(9, (short) 0, 1, 1000, "b"), 0);
            log.appendAsLeader(idempotent(10, (short) 0, 0, 1000, "c"), 0);
            log.truncateTo(1);
            assertEquals(List.of(new ProducerStateEntry.BatchMetadata(0, 0, 0, 0, 1000)),
                log.activeProducers().get(9L).batches());
            assertFalse(log.activeProducers().containsKey(10L), "rebuilt from the log: producer 10 is gone");
            assertEquals(1, log.appendAsLeader(idempotent(9, (short) 0, 1, 1000, "b"), 0).firstOffset(),
                "the removed batch can be sent again");
        } finally {
            log.close();
        }
    }

    @Test
    void leaderEpochsAreAssignedTruncatedAndAnswerOffsetForLeaderEpoch() throws Exception {
        Log log = open(config("segment.bytes", "300"), true);
        try {
            log.appendAsLeader(batch(1, "a", "b"), 0);
            log.appendAsLeader(batch(1, "c"), 0);
            log.appendAsLeader(batch(1, "d"), 2);
            log.appendAsLeader(batch(1, "e", "f"), 3);
            assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(2, 3), new EpochEntry(3, 4)),
                log.leaderEpochCache().epochEntries());
            assertEquals("0\n3\n0 0\n2 3\n3 4\n",
                Files.readString(new File(partitionDir(), "leader-epoch-checkpoint").toPath()));
            assertEquals(OptionalInt.of(3), log.latestEpoch());
            assertEquals(Optional.of(new LeaderEpochFileCache.EpochEndOffset(0, 3)), log.endOffsetForEpoch(0));
            assertEquals(Optional.of(new LeaderEpochFileCache.EpochEndOffset(0, 3)), log.endOffsetForEpoch(1));
            assertEquals(Optional.of(new LeaderEpochFileCache.EpochEndOffset(3, 6)), log.endOffsetForEpoch(3));
            assertEquals(Optional.empty(), log.endOffsetForEpoch(4));
            log.truncateTo(4);
            assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(2, 3)), log.leaderEpochCache().epochEntries());
            log.appendAsFollower(batchAt(4, 1, "g"));
            assertEquals(OptionalInt.of(0), log.leaderEpochCache().epochForOffset(4),
                "a follower append records the epoch stamped in its batch (0 here)");
        } finally {
            log.close();
        }
    }

    @Test
    void aMissingOrMalformedEpochCheckpointIsRebuiltFromTheBatches() throws Exception {
        Log log = open(LogConfig.defaults(), true);
        log.appendAsLeader(batch(1, "a"), 1);
        log.appendAsLeader(batch(1, "b"), 4);
        log.close();
        File checkpoint = new File(partitionDir(), "leader-epoch-checkpoint");
        for (String damage : new String[] {null, "garbage\n"}) {
            if (damage == null) {
                Files.delete(checkpoint.toPath());
            } else {
                Files.writeString(checkpoint.toPath(), damage);
            }
            Log reopened = open(LogConfig.defaults(), true);
            try {
                assertEquals(List.of(new EpochEntry(1, 0), new EpochEntry(4, 1)),
                    reopened.leaderEpochCache().epochEntries(), "rebuilt after " + damage);
            } finally {
                reopened.close();
            }
        }
    }

    @Test
    void followerBatchesWithoutEpochLeaveTheCacheAlone() {
        Log log = open(LogConfig.defaults(), true);
        try {
            log.appendAsLeader(batch(1, "a"), RecordBatch.NO_PARTITION_LEADER_EPOCH);
            assertEquals(OptionalInt.empty(), log.latestEpoch());
        } finally {
            log.close();
        }
    }
}
