package io.klassic.broker.server;

import io.klassic.log.Log;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The partitions this broker hosts and the purgatory where fetches wait for data. Becoming leader opens (or
 * creates) the partition's log; removing a partition closes it and may delete its data. Thread-safe.
 */
public final class ReplicaManager {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final DelayedOperationPurgatory<TopicPartition> fetchPurgatory;

    public ReplicaManager(int brokerId, LogManager logManager, ScheduledExecutorService timer) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.fetchPurgatory = new DelayedOperationPurgatory<>(timer);
    }

    public int brokerId() {
        return brokerId;
    }

    public Partition partition(TopicPartition topicPartition) {
        return partitions.get(topicPartition);
    }

    public Collection<Partition> partitions() {
        return partitions.values();
    }

    public DelayedOperationPurgatory<TopicPartition> fetchPurgatory() {
        return fetchPurgatory;
    }

    /** Makes this broker the leader of a partition, opening or creating its log with the topic's config. */
    public synchronized Partition makeLeader(PartitionState state, LogConfig config) {
        TopicPartition tp = state.topicPartition();
        Partition existing = partitions.get(tp);
        if (existing != null) {
            existing.updateState(state);
            existing.log().updateConfig(config);
            return existing;
        }
        Log partitionLog = logManager.getOrCreateLog(tp.topic(), tp.partition(), config);
        // A log loaded at start-up carries the broker defaults until its topic's own config is applied.
        partitionLog.updateConfig(config);
        Partition partition = new Partition(tp, partitionLog, state);
        if (state.isr().size() <= 1) {
            partitionLog.updateHighWatermark(partitionLog.logEndOffset());
        }
        partitions.put(tp, partition);
        log.info("[ReplicaManager broker={}] Leader of {} at epoch {} from offset {}", brokerId, tp, state.leaderEpoch(), partitionLog.logEndOffset());
        return partition;
    }

    /** Stops serving a partition; with {@code delete} its data is removed from disk. */
    public synchronized void stopReplica(TopicPartition tp, boolean delete) {
        Partition removed = partitions.remove(tp);
        if (delete) {
            logManager.deleteLog(tp.topic(), tp.partition());
        }
        if (removed != null) {
            fetchPurgatory.checkAndComplete(tp);
        }
    }

    /** Wakes the fetches waiting on a partition after an append. */
    public void onAppend(TopicPartition tp) {
        fetchPurgatory.checkAndComplete(tp);
    }
}
