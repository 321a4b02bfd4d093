package io.klassic.broker.server;

import io.klassic.log.FetchDataInfo;
import io.klassic.log.KafkaStorageException;
import io.klassic.log.Log;
import io.klassic.log.LogAppendInfo;
import io.klassic.log.OffsetOutOfRangeException;
import io.klassic.log.ProducerStateException;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.record.BatchValidator;
import io.klassic.protocol.record.ValidationResult;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * A partition this broker hosts: its log, its leader epoch, its in-sync replicas and its idempotent producers'
 * state. Appends are validated and written under this partition's lock; the log de-duplicates idempotent
 * producers' retries (its producer state is rebuilt from the log on load). As leader it tracks each follower's
 * log end offset and last caught-up time (from the follower's fetches), moves the high watermark to the smallest
 * log end offset of the ISR (never backwards), drops followers that have not caught up within
 * {@code replica.lag.time.max.ms} from the ISR and adds them back once they reach the high watermark, writing each
 * change through an {@link IsrUpdater}. It also tracks each follower's log start offset, which its fetches carry:
 * the smallest log start offset of the replicas is the low watermark that DeleteRecords waits for. Thread-safe.
 */
public final class Partition {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Partition.class);

    private final TopicPartition topicPartition;
    private final Log log;
    private volatile PartitionState state;
    private volatile IsrUpdater isrUpdater = IsrUpdater.NONE;
    /** As leader: what each follower's fetches told, by replica id. */
    private final Map<Integer, FollowerState> followers = new ConcurrentHashMap<>();
    /** As leader: the log end offset when this broker became leader at the current epoch. */
    private volatile long leaderEpochStartOffset = 0L;
    /** This partition's topic's metrics, resolved once. */
    private final BrokerTopicMetrics topicMetrics;
    private final AlterPartitionListener alterPartitionListener;

    /** A follower as its leader sees it. */
    private static final class FollowerState {
        long logEndOffset = -1L;
        long logStartOffset = -1L;
        long lastCaughtUpTimeMs;
        long lastFetchLeaderLogEndOffset = -1L;
        long lastFetchTimeMs;

        FollowerState(long nowMs) {
            lastCaughtUpTimeMs = nowMs;
            lastFetchTimeMs = nowMs;
        }
    }

    /**
     * The result of DeleteRecords on the leader: an error, or the offset the log start offset was moved to (the
     * request's, or the high watermark for -1) and the low watermark right after.
     */
    public record DeleteRecordsResult(Errors error, long requestedOffset, long lowWatermark) {
        public static DeleteRecordsResult failed(Errors error) {
            return new DeleteRecordsResult(error, -1L, -1L);
        }
    }

    /** The offset of a DeleteRecords request that stands for the high watermark. */
    public static final long HIGH_WATERMARK = -1L;

    /**
     * The result of an append: an error, or the base offset and log append time the producer is told, and the number
     * of records the batches carried.
     */
    public record AppendResult(Errors error, String errorMessage, long baseOffset, long lastOffset, long logAppendTime, long logStartOffset,
                               int numRecords) {
        static AppendResult failed(Errors error, String message, long logStartOffset) {
            return new AppendResult(error, message, -1L, -1L, -1L, logStartOffset, 0);
        }
    }

    Partition(TopicPartition topicPartition, Log log, PartitionState state, BrokerTopicMetrics topicMetrics,
              AlterPartitionListener alterPartitionListener) {
        this.topicPartition = topicPartition;
        this.log = log;
        this.state = state;
        this.topicMetrics = topicMetrics;
        this.alterPartitionListener = alterPartitionListener;
    }

    /** The metrics of this partition's topic (which also count for all topics). */
    public BrokerTopicMetrics topicMetrics() {
        return topicMetrics;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Log log() {
        return log;
    }

    public PartitionState state() {
        return state;
    }

    synchronized void updateState(PartitionState state) {
        this.state = state;
    }

    void setIsrUpdater(IsrUpdater isrUpdater) {
        this.isrUpdater = isrUpdater;
    }

    /**
     * Takes a LeaderAndIsr state that makes this broker leader: on a new leader epoch every follower starts afresh
     * (unknown log end offset, caught up now) and the epoch is recorded in the leader epoch cache at the log end.
     * A state at the same epoch with an older znode version than the one held (this leader's own ISR write came
     * later) is ignored.
     */
    synchronized void becomeLeader(PartitionState newState, int brokerId, long nowMs) {
        PartitionState current = state;
        boolean newEpoch = current.leader() != brokerId || current.leaderEpoch() != newState.leaderEpoch() || followers.isEmpty();
        if (!newEpoch && newState.zkVersion() >= 0 && current.zkVersion() > newState.zkVersion()) {
            return;
        }
        state = newState;
        if (newEpoch) {
            followers.clear();
            for (int replica : newState.replicas()) {
                if (replica != brokerId) {
                    followers.put(replica, new FollowerState(nowMs));
                }
            }
            leaderEpochStartOffset = log.logEndOffset();
            if (newState.leaderEpoch() >= 0) {
                log.leaderEpochCache().assign(newState.leaderEpoch(), leaderEpochStartOffset);
            }
        } else {
            for (int replica : newState.replicas()) {
                if (replica != brokerId) {
                    followers.computeIfAbsent(replica, r -> new FollowerState(nowMs));
                }
            }
        }
        if (newState.isr().size() <= 1) {
            // Alone in the ISR (a follower that took over): everything it has is committed.
            log.updateHighWatermark(log.logEndOffset());
        }
    }

    /** Takes a LeaderAndIsr state that makes this broker a follower: it forgets the followers it tracked. */
    synchronized void becomeFollower(PartitionState newState) {
        state = newState;
        followers.clear();
    }

    /**
     * Records a follower's fetch from {@code fetchOffset} (its log end offset) with its log start offset
     * {@code followerLogStartOffset}, made at {@code nowMs} when this leader's log ended at
     * {@code leaderLogEndOffset}; adds the follower back to the ISR when it has caught up and moves the high
     * watermark.
     *
     * @return whether the high watermark moved, the ISR changed or the follower's log start offset moved (delayed
     *         produces, fetches and record deletions should be re-checked)
     */
    public synchronized boolean updateFollowerFetchState(int replicaId, long fetchOffset, long followerLogStartOffset,
                                                         long leaderLogEndOffset, long nowMs) {
        FollowerState follower = followers.get(replicaId);
        if (follower == null) {
            return false;
        }
        boolean logStartMoved = follower.logStartOffset != followerLogStartOffset;
        follower.logStartOffset = followerLogStartOffset;
        if (fetchOffset >= leaderLogEndOffset) {
            follower.lastCaughtUpTimeMs = Math.max(follower.lastCaughtUpTimeMs, nowMs);
        } else if (fetchOffset >= follower.lastFetchLeaderLogEndOffset) {
            follower.lastCaughtUpTimeMs = Math.max(follower.lastCaughtUpTimeMs, follower.lastFetchTimeMs);
        }
        follower.logEndOffset = fetchOffset;
        follower.lastFetchLeaderLogEndOffset = leaderLogEndOffset;
        follower.lastFetchTimeMs = nowMs;
        boolean changed = maybeExpandIsr(replicaId, follower) | logStartMoved;
        return maybeIncrementHighWatermark() || changed;
    }

    private boolean maybeExpandIsr(int replicaId, FollowerState follower) {
        PartitionState current = state;
        if (current.isr().contains(replicaId) || !current.replicas().contains(replicaId)) {
            return false;
        }
        if (follower.logEndOffset < log.highWatermark() || follower.logEndOffset < leaderEpochStartOffset) {
            return false;
        }
        List<Integer> newIsr = new ArrayList<>(current.isr());
        newIsr.add(replicaId);
        boolean expanded = writeIsr(current, newIsr, "expanding");
        if (expanded) {
            alterPartitionListener.markIsrExpand();
        }
        return expanded;
    }

    /**
     * Drops from the ISR the followers that have not caught up with this leader's log end within {@code lagTimeMaxMs}.
     *
     * @return whether the ISR changed
     */
    public synchronized boolean maybeShrinkIsr(int brokerId, long nowMs, long lagTimeMaxMs) {
        PartitionState current = state;
        if (current.leader() != brokerId) {
            return false;
        }
        List<Integer> newIsr = new ArrayList<>();
        for (int replica : current.isr()) {
            FollowerState follower = followers.get(replica);
            if (replica == brokerId || follower == null || nowMs - follower.lastCaughtUpTimeMs <= lagTimeMaxMs) {
                newIsr.add(replica);
            }
        }
        if (newIsr.size() == current.isr().size()) {
            return false;
        }
        boolean changed = writeIsr(current, newIsr, "shrinking");
        if (changed) {
            alterPartitionListener.markIsrShrink();
            maybeIncrementHighWatermark();
        }
        return changed;
    }

    private boolean writeIsr(PartitionState current, List<Integer> newIsr, String what) {
        OptionalInt version = isrUpdater.updateIsr(topicPartition, current.leader(), current.leaderEpoch(), newIsr,
                current.controllerEpoch(), current.zkVersion());
        if (version.isEmpty()) {
            alterPartitionListener.markFailed();
            return false;
        }
        LOG.info("[Partition {} broker={}] {} the ISR from {} to {}", topicPartition,
                current.leader(), what, current.isr(), newIsr);
        state = current.withIsr(newIsr, version.getAsInt());
        return true;
    }

    /**
     * As leader, moves the high watermark up to the smallest log end offset of the ISR (this leader's included).
     *
     * @return whether it moved
     */
    public synchronized boolean maybeIncrementHighWatermark() {
        PartitionState current = state;
        long newHw = log.logEndOffset();
        for (int replica : current.isr()) {
            if (replica == current.leader()) {
                continue;
            }
            FollowerState follower = followers.get(replica);
            if (follower == null) {
                return false;
            }
            newHw = Math.min(newHw, follower.logEndOffset);
        }
        long old = log.highWatermark();
        if (newHw > old) {
            log.updateHighWatermark(newHw);
            return log.highWatermark() > old;
        }
        return false;
    }

    /**
     * For an acks=all produce waiting for {@code requiredOffset}: empty while it must wait, else the outcome (NONE, or
     * NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrank below {@code minInSyncReplicas}).
     */
    public synchronized Optional<Errors> checkEnoughReplicasReachOffset(long requiredOffset, int minInSyncReplicas) {
        if (log.highWatermark() < requiredOffset) {
            return Optional.empty();
        }
        return Optional.of(state.isr().size() >= minInSyncReplicas ? Errors.NONE : Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    }

    /**
     * DeleteRecords as leader: moves the log start offset up to {@code offset} ({@link #HIGH_WATERMARK}: the high
     * watermark). POLICY_VIOLATION when the topic's {@code cleanup.policy} lacks {@code delete}, OFFSET_OUT_OF_RANGE
     * for an offset below -1 or above the high watermark, NOT_LEADER_OR_FOLLOWER when this broker does not lead.
     */
    public synchronized DeleteRecordsResult deleteRecordsOnLeader(long offset, int brokerId, IntPredicate aliveBroker) {
        if (state.leader() != brokerId) {
            return DeleteRecordsResult.failed(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        if (!log.config().delete()) {
            return DeleteRecordsResult.failed(Errors.POLICY_VIOLATION);
        }
        long requested = offset == HIGH_WATERMARK ? log.highWatermark() : offset;
        if (requested < 0) {
            return DeleteRecordsResult.failed(Errors.OFFSET_OUT_OF_RANGE);
        }
        try {
            log.deleteRecordsBefore(requested);
        } catch (OffsetOutOfRangeException e) {
            return DeleteRecordsResult.failed(Errors.OFFSET_OUT_OF_RANGE);
        }
        return new DeleteRecordsResult(Errors.NONE, requested, lowWatermarkIfLeader(aliveBroker));
    }

    /**
     * As leader: the smallest log start offset of this replica and of every other assigned replica on a live broker
     * ({@code aliveBroker}), as their last fetches told it (-1 while one has not fetched since this broker became
     * leader). Records below it are gone from every live replica.
     */
    public synchronized long lowWatermarkIfLeader(IntPredicate aliveBroker) {
        long lowWatermark = log.logStartOffset();
        for (int replica : state.replicas()) {
            if (replica == state.leader() || !aliveBroker.test(replica)) {
                continue;
            }
            FollowerState follower = followers.get(replica);
            long followerStart = follower == null ? -1L : follower.logStartOffset;
            lowWatermark = Math.min(lowWatermark, followerStart);
        }
        return lowWatermark;
    }

    /** As leader: a follower's log end offset as last fetched, -1 when unknown. */
    public synchronized long followerLogEndOffset(int replicaId) {
        FollowerState follower = followers.get(replicaId);
        return follower == null ? -1L : follower.logEndOffset;
    }

    public int leaderEpoch() {
        return state.leaderEpoch();
    }

    public long highWatermark() {
        return log.highWatermark();
    }

    /**
     * Validates and appends a produce request's batches as leader; {@code requiredAcks} is 0, 1 or -1. The topic's
     * BrokerTopicMetrics count the append, outside the partition's lock.
     */
    public AppendResult appendRecordsToLeader(ByteBuffer records, int requiredAcks, int minInSyncReplicas) {
        int bytes = records.remaining();
        AppendResult result;
        try {
            result = appendLocked(records, requiredAcks, minInSyncReplicas);
        } catch (RuntimeException e) {
            topicMetrics.recordAppend(e instanceof KafkaStorageException ? Errors.KAFKA_STORAGE_ERROR : Errors.UNKNOWN_SERVER_ERROR, 0, bytes);
            throw e;
        }
        topicMetrics.recordAppend(result.error(), result.numRecords(), bytes);
        return result;
    }

    private synchronized AppendResult appendLocked(ByteBuffer records, int requiredAcks, int minInSyncReplicas) {
        PartitionState current = state;
        if (requiredAcks == -1 && current.isr().size() < minInSyncReplicas) {
            return AppendResult.failed(Errors.NOT_ENOUGH_REPLICAS, "The size of the current ISR " + current.isr()
                    + " is insufficient to satisfy the min.isr requirement of " + minInSyncReplicas + " for partition " + topicPartition, log.logStartOffset());
        }
        ValidationResult validation = BatchValidator.validate(records, log.config().maxMessageBytes(), log.config().compact());
        if (validation.error() != Errors.NONE) {
            return AppendResult.failed(validation.error(), validation.errorMessage(), log.logStartOffset());
        }
        if (validation.batchCount() != 1) {
            return AppendResult.failed(Errors.INVALID_RECORD, "Produce requests with version 3 or later must carry exactly one record batch per partition, got "
                    + validation.batchCount(), log.logStartOffset());
        }
        LogAppendInfo info;
        try {
            info = log.appendAsLeader(records, current.leaderEpoch());
        } catch (ProducerStateException e) {
            return AppendResult.failed(e.error(), e.getMessage(), log.logStartOffset());
        }
        if (info.duplicate()) {
            // A retried batch of an idempotent producer: answer with the offsets it got the first time.
            return new AppendResult(Errors.NONE, null, info.firstOffset(), info.lastOffset(), info.logAppendTime(), log.logStartOffset(),
                    validation.recordCount());
        }
        // With this broker as the only in-sync replica, an appended record is committed at once.
        if (current.isr().size() <= 1) {
            log.updateHighWatermark(log.logEndOffset());
        } else {
            maybeIncrementHighWatermark();
        }
        return new AppendResult(Errors.NONE, null, info.firstOffset(), info.lastOffset(), info.logAppendTime(), log.logStartOffset(),
                validation.recordCount());
    }

    /** Reads for a consumer (up to the high watermark) or a follower (up to the log end). */
    public FetchDataInfo read(long fetchOffset, int maxBytes, boolean toHighWatermark, boolean minOneMessage) {
        long maxOffset = toHighWatermark ? log.highWatermark() : log.logEndOffset();
        return log.read(fetchOffset, maxBytes, maxOffset, minOneMessage);
    }

    public List<Integer> isr() {
        return state.isr();
    }
}
