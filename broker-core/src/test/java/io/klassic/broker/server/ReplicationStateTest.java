package io.klassic.broker.server;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader side of replication: follower tracking, the high watermark, ISR shrink and expand, acks=all outcomes. */
class ReplicationStateTest {
    private static final TopicPartition TP = new TopicPartition("replicated", 0);
    private static final long LAG_MS = 3000;

    @TempDir
    Path dir;

    private LogManager logManager;
    private ScheduledExecutorService timer;
    private ReplicaManager replicaManager;
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final List<List<Integer>> isrWrites = new ArrayList<>();
    private final List<Integer> expectedVersions = new ArrayList<>();
    private final AtomicBoolean refuseIsrWrites = new AtomicBoolean();
    private Partition partition;

    @BeforeEach
    void setUp() {
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), clock::get);
        logManager.startup();
        timer = Executors.newSingleThreadScheduledExecutor();
        replicaManager = new ReplicaManager(0, logManager, timer, MetricsRegistry.isolated());
        IsrUpdater updater = (tp, leader, leaderEpoch, isr, controllerEpoch, zkVersion) -> {
            if (refuseIsrWrites.get()) {
                return OptionalInt.empty();
            }
            isrWrites.add(List.copyOf(isr));
            expectedVersions.add(zkVersion);
            return OptionalInt.of(zkVersion + 1);
        };
        replicaManager.configureReplication(updater, ReplicaManager.FollowerFetchers.NONE, clock::get);
        partition = replicaManager.makeLeader(new PartitionState(TP.topic(), TP.partition(), 0, 5, List.of(0, 1, 2), List.of(0, 1, 2), 1, 7),
                LogConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        logManager.shutdown();
        timer.shutdownNow();
    }

    private Partition.AppendResult append(int records, int acks) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        for (int i = 0; i < records; i++) {
            builder.append(clock.get(), null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer batch = builder.build();
        return partition.appendRecordsToLeader(batch, acks, 2);
    }

    private void fetch(int replica, long offset) {
        replicaManager.recordFollowerFetch(TP, replica, offset, 0L, partition.log().logEndOffset());
    }

    @Test
    void highWatermarkIsTheSmallestLogEndOffsetOfTheIsrAndNeverMovesBack() {
        Partition.AppendResult result = append(3, -1);
        assertEquals(Errors.NONE, result.error());
        assertEquals(2L, result.lastOffset());
        assertEquals(0L, partition.highWatermark(), "followers' log end offsets are unknown");
        assertEquals(Optional.empty(), partition.checkEnoughReplicasReachOffset(3, 2));

        fetch(1, 3);
        assertEquals(0L, partition.highWatermark(), "replica 2 has not fetched yet");
        fetch(2, 1);
        assertEquals(1L, partition.highWatermark());
        fetch(2, 3);
        assertEquals(3L, partition.highWatermark());
        assertEquals(Optional.of(Errors.NONE), partition.checkEnoughReplicasReachOffset(3, 2));

        fetch(2, 2);
        assertEquals(3L, partition.highWatermark(), "a stale fetch does not move the high watermark back");
        assertEquals(2L, partition.followerLogEndOffset(2));
    }

    @Test
    void aLaggingFollowerLeavesTheIsrAndComesBackWhenCaughtUp() {
        append(2, -1);
        fetch(1, 2);
        fetch(2, 0);
        clock.addAndGet(LAG_MS / 2);
        fetch(1, 2);
        replicaManager.maybeShrinkIsr(LAG_MS);
        assertEquals(List.of(0, 1, 2), partition.isr(), "nobody lags by more than replica.lag.time.max.ms yet");

        clock.addAndGet(LAG_MS);
        fetch(1, 2);
        replicaManager.maybeShrinkIsr(LAG_MS);
        assertEquals(List.of(0, 1), partition.isr());
        assertEquals(List.of(List.of(0, 1)), isrWrites);
        assertEquals(List.of(7), expectedVersions, "the write is conditional on the znode version from LeaderAndIsr");
        assertEquals(2L, partition.highWatermark(), "without replica 2 the ISR has everything up to 2");

        append(1, -1);
        fetch(2, 1);
        assertEquals(List.of(0, 1), partition.isr(), "replica 2 is below the high watermark 2");
        fetch(2, 2);
        assertEquals(List.of(0, 1, 2), partition.isr(), "replica 2 reached the high watermark (not the log end)");
        assertEquals(2L, partition.highWatermark());
    }

    @Test
    void aFollowerRejoinsOnlyOnceItReachesTheHighWatermark() {
        append(4, -1);
        fetch(1, 4);
        fetch(2, 0);
        clock.addAndGet(LAG_MS + 1);
        fetch(1, 4);
        replicaManager.maybeShrinkIsr(LAG_MS);
        assertEquals(List.of(0, 1), partition.isr());
        assertEquals(4L, partition.highWatermark());

        fetch(2, 3);
        assertEquals(List.of(0, 1), partition.isr(), "below the high watermark");
        fetch(2, 4);
        assertEquals(List.of(0, 1, 2), partition.isr());
        assertEquals(List.of(8), expectedVersions.subList(1, 2), "the expansion names the version of the shrink's write");
        assertEquals(8 + 1, partition.state().zkVersion());
    }

    @Test
    void theIsrStaysWhenTheConditionalWriteIsRefused() {
        append(1, -1);
        refuseIsrWrites.set(true);
        clock.addAndGet(LAG_MS + 1);
        replicaManager.maybeShrinkIsr(LAG_MS);
        assertEquals(List.of(0, 1, 2), partition.isr());
        assertEquals(0L, partition.highWatermark());
    }

    @Test
    void acksAllIsRefusedBelowMinIsrAndFailsAfterAppendWhenTheIsrShrinks() {
        Partition.AppendResult result = append(2, -1);
        assertEquals(Errors.NONE, result.error());
        clock.addAndGet(LAG_MS + 1);
        replicaManager.maybeShrinkIsr(LAG_MS);
        assertEquals(List.of(0), partition.isr());
        assertEquals(2L, partition.highWatermark(), "alone in the ISR, the leader commits what it has");
        assertEquals(Optional.of(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND), partition.checkEnoughReplicasReachOffset(2, 2));
        assertEquals(Errors.NOT_ENOUGH_REPLICAS, append(1, -1).error());
        assertEquals(Errors.NONE, append(1, 1).error(), "acks=1 does not need min.insync.replicas");
    }

    @Test
    void anOlderLeaderAndIsrAtTheSameEpochDoesNotUndoTheLeadersOwnIsrWrite() {
        append(1, -1);
        clock.addAndGet(LAG_MS + 1);
        fetch(1, 1);
        replicaManager.maybeShrinkIsr(LAG_MS);
        assertEquals(List.of(0, 1), partition.isr());
        replicaManager.makeLeader(new PartitionState(TP.topic(), TP.partition(), 0, 5, List.of(0, 1, 2), List.of(0, 1, 2), 1, 7), LogConfig.defaults());
        assertEquals(List.of(0, 1), partition.isr());
        assertEquals(8, partition.state().zkVersion(), "the leader keeps the version of its own write");
        assertTrue(partition.log().leaderEpochCache().latestEpoch().isPresent());
    }
}
