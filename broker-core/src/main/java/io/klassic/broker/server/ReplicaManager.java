package io.klassic.broker.server;

import io.klassic.broker.controller.StateChangeLogger;
import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.Log;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.klassic.log.KafkaStorageException;
import io.klassic.protocol.Errors;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Function;

/**
 * The partitions this broker hosts, as leader or as follower, and the purgatory where fetches wait for data. The
 * controller decides which: LeaderAndIsr requests ({@link #becomeLeaderOrFollower}) make this broker leader or
 * follower of partitions (opening or creating their logs), StopReplica requests ({@link #stopReplicas}) remove
 * them and may delete their data; requests from a controller older than the newest one seen are refused
 * (STALE_CONTROLLER_EPOCH), and so are partition states older than the one held. A follower's log is fed by the
 * {@link FollowerFetchers} (the replica fetcher threads); a leader tracks its followers' fetches, moves the high
 * watermark and shrinks or expands the ISR (see {@link Partition}); acks=all produces wait in the produce purgatory
 * until the high watermark passes them, and DeleteRecords requests in the delete-records purgatory until every
 * live replica's log start offset (the low watermark) reaches the deleted offset. What it does with the
 * controller's requests goes to the state change log ({@link StateChangeLogger}); it keeps the ReplicaManager,
 * BrokerTopicMetrics and Log metrics. Thread-safe.
 */
public final class ReplicaManager {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final StateChangeLogger stateChangeLogger;
    private final BrokerTopicStats brokerTopicStats;
    private final ReplicaManagerMetrics metrics;
    private final LogMetrics logMetrics;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final DelayedOperationPurgatory<TopicPartition> fetchPurgatory;
    private final DelayedOperationPurgatory<TopicPartition> producePurgatory;
    private final DelayedOperationPurgatory<TopicPartition> deleteRecordsPurgatory;
    private volatile IsrUpdater isrUpdater = IsrUpdater.NONE;
    private volatile FollowerFetchers fetchers = FollowerFetchers.NONE;
    private volatile LongSupplier clock = System::currentTimeMillis;
    /** Set when the broker begins its (controlled) shutdown: it starts following no partition any more. */
    private volatile boolean shuttingDown;
    /** The partitions handed to the fetchers (followed with a known leader). */
    private final java.util.Set<TopicPartition> followedPartitions = ConcurrentHashMap.newKeySet();
    private final List<LeadershipListener> leadershipListeners = new CopyOnWriteArrayList<>();
    /** The newest controller epoch seen in a LeaderAndIsr, UpdateMetadata or StopReplica request. */
    private int controllerEpoch = 0;

    /** The outcome of a LeaderAndIsr or StopReplica request: a request-level error, else one per partition. */
    public record ControllerRequestResult(Errors error, Map<TopicPartition, Errors> partitionErrors) {
    }

    /** One partition of a StopReplica request: the leader epoch it was sent for (-1: any, -2: deletion). */
    public record StopReplicaPartition(int leaderEpoch, boolean delete) {
    }

    /**
     * Told when this broker becomes leader of a partition (new, or at a new leader epoch) and when it stops leading
     * one; the group coordinator loads and unloads the groups of {@code __consumer_offsets} partitions this way.
     * Called under this manager's lock: implementations hand long work to their own threads.
     */
    public interface LeadershipListener {
        void onBecomingLeader(TopicPartition tp, int leaderEpoch);

        void onResigningLeadership(TopicPartition tp);
    }

    /**
     * The follower side of replication: starts fetching partitions from their leaders and stops. Implementations
     * are thread-safe; {@link #removePartitions} returns only once no fetcher touches those partitions any more.
     */
    public interface FollowerFetchers {
        FollowerFetchers NONE = new FollowerFetchers() {
            @Override
            public void addPartition(TopicPartition tp, int leaderId, int leaderEpoch) {
            }

            @Override
            public void removePartitions(Collection<TopicPartition> tps) {
            }
        };

        /** Starts fetching {@code tp} from {@code leaderId}, first truncating the log where it diverges (KIP-101). */
        void addPartition(TopicPartition tp, int leaderId, int leaderEpoch);

        void removePartitions(Collection<TopicPartition> tps);

        /** Where broker {@code brokerId} takes inter-broker requests (from a LeaderAndIsr request's live leaders). */
        default void updateLeaderEndpoint(int brokerId, String host, int port) {
        }
    }

    /**
     * The broker is shutting down: partitions it is told to follow from now on are not fetched, so that it does not
     * rejoin the ISR of partitions whose leadership the controller just moved away from it.
     */
    public void beginShutdown() {
        shuttingDown = true;
    }

    /** Tells the fetchers where a leader listens (a LeaderAndIsr request's live leaders). */
    public void updateLeaderEndpoint(int brokerId, String host, int port) {
        fetchers.updateLeaderEndpoint(brokerId, host, port);
    }

    public ReplicaManager(int brokerId, LogManager logManager, ScheduledExecutorService timer, MetricsRegistry metricsRegistry) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.fetchPurgatory = new DelayedOperationPurgatory<>(timer);
        this.producePurgatory = new DelayedOperationPurgatory<>(timer);
        this.deleteRecordsPurgatory = new DelayedOperationPurgatory<>(timer);
        this.stateChangeLogger = StateChangeLogger.broker(brokerId);
        this.brokerTopicStats = new BrokerTopicStats(metricsRegistry);
        this.metrics = new ReplicaManagerMetrics(metricsRegistry, brokerId, partitions::values);
        this.logMetrics = new LogMetrics(metricsRegistry);
    }

    /** The BrokerTopicMetrics of all topics and of each hosted topic. */
    public BrokerTopicStats brokerTopicStats() {
        return brokerTopicStats;
    }

    /** Wires replication in: where ISR changes are written, the replica fetchers, and the clock. */
    public void configureReplication(IsrUpdater isrUpdater, FollowerFetchers fetchers, LongSupplier clock) {
        this.isrUpdater = isrUpdater;
        this.fetchers = fetchers;
        this.clock = clock;
        for (Partition partition : partitions.values()) {
            partition.setIsrUpdater(isrUpdater);
        }
    }

    /** Checks every {@code lagTimeMaxMs / 2} for followers of led partitions that fell out of sync. */
    public ScheduledFuture<?> startIsrExpiration(ScheduledExecutorService scheduler, long lagTimeMaxMs) {
        long period = Math.max(1L, lagTimeMaxMs / 2);
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                maybeShrinkIsr(lagTimeMaxMs);
            } catch (RuntimeException e) {
                log.error("[ReplicaManager broker={}] ISR expiration check failed", brokerId, e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Drops out-of-sync followers from the ISR of every led partition; wakes what waits on the changed ones. */
    public void maybeShrinkIsr(long lagTimeMaxMs) {
        long now = clock.getAsLong();
        for (Partition partition : partitions.values()) {
            if (partition.maybeShrinkIsr(brokerId, now, lagTimeMaxMs)) {
                onHighWatermarkOrIsrChange(partition.topicPartition());
            }
        }
    }

    /**
     * A follower with log start offset {@code followerLogStartOffset} fetched {@code tp} from {@code fetchOffset}
     * when this leader's log ended at {@code leaderLogEndOffset}: updates what the leader knows of it, and wakes
     * waiting produces, fetches and record deletions when the high watermark, the ISR or the follower's log start
     * offset moved.
     */
    public void recordFollowerFetch(TopicPartition tp, int replicaId, long fetchOffset, long followerLogStartOffset, long leaderLogEndOffset) {
        Partition partition = partition(tp);
        if (partition != null && (fetchOffset > leaderLogEndOffset || fetchOffset < partition.log().logStartOffset())) {
            // Out of range (a diverged follower about to truncate): it tells nothing about what the follower shares.
            return;
        }
        if (partition != null && partition.updateFollowerFetchState(replicaId, fetchOffset, followerLogStartOffset, leaderLogEndOffset,
                clock.getAsLong())) {
            onHighWatermarkOrIsrChange(tp);
        }
    }

    private void onHighWatermarkOrIsrChange(TopicPartition tp) {
        producePurgatory.checkAndComplete(tp);
        fetchPurgatory.checkAndComplete(tp);
        deleteRecordsPurgatory.checkAndComplete(tp);
    }

    public DelayedOperationPurgatory<TopicPartition> producePurgatory() {
        return producePurgatory;
    }

    /** Where DeleteRecords requests wait for the low watermark of their partitions. */
    public DelayedOperationPurgatory<TopicPartition> deleteRecordsPurgatory() {
        return deleteRecordsPurgatory;
    }

    /** Truncates a hosted partition's log to {@code offset} (a follower diverging from its leader). */
    public boolean truncateTo(TopicPartition tp, long offset) {
        return logManager.truncateTo(tp.topic(), tp.partition(), offset);
    }

    /** Empties a hosted partition's log and restarts it at {@code offset} (a follower behind its leader's log start). */
    public void truncateFullyAndStartAt(TopicPartition tp, long offset) {
        Partition partition = partitions.get(tp);
        if (partition != null) {
            partition.log().truncateFullyAndStartAt(offset);
        }
    }

    public int brokerId() {
        return brokerId;
    }

    /** The partition if this broker is its leader, else null (wrong-broker requests get NOT_LEADER_OR_FOLLOWER). */
    public Partition partition(TopicPartition topicPartition) {
        Partition partition = partitions.get(topicPartition);
        return partition != null && partition.state().leader() == brokerId ? partition : null;
    }

    /** The partition if this broker hosts it, as leader or follower, else null. */
    public Partition hostedPartition(TopicPartition topicPartition) {
        return partitions.get(topicPartition);
    }

    /** Every partition this broker hosts, as leader or follower. */
    public Collection<Partition> partitions() {
        return partitions.values();
    }

    /** The newest controller epoch this broker has accepted a request from. */
    public synchronized int controllerEpoch() {
        return controllerEpoch;
    }

    /**
     * Accepts a request of the controller of {@code epoch} unless a newer controller has been heard from, and
     * remembers the epoch.
     *
     * @return false when the request comes from a stale controller and must be refused
     */
    public synchronized boolean maybeUpdateControllerEpoch(int epoch) {
        if (epoch < controllerEpoch) {
            return false;
        }
        controllerEpoch = epoch;
        return true;
    }

    /**
     * Applies a LeaderAndIsr request: for each partition this broker is a replica of, becomes its leader or a
     * follower (unless the request's leader epoch is older than the one held).
     *
     * @param configs the log config of a topic, for logs that must be created
     */
    public synchronized ControllerRequestResult becomeLeaderOrFollower(int correlationId, int controllerId, int requestControllerEpoch,
                                                                      List<PartitionState> states, Function<String, LogConfig> configs) {
        long startMs = clock.getAsLong();
        stateChangeLogger.info("Handling LeaderAndIsr request correlationId {} from controller {} for {} partitions", correlationId, controllerId, states.size());
        if (stateChangeLogger.isTraceEnabled()) {
            for (PartitionState state : states) {
                stateChangeLogger.trace("Received LeaderAndIsr request {} correlation id {} from controller {} epoch {}", state, correlationId,
                        controllerId, requestControllerEpoch);
            }
        }
        if (!maybeUpdateControllerEpoch(requestControllerEpoch)) {
            stateChangeLogger.warn("Ignoring LeaderAndIsr request from controller {} with correlation id {} since its controller epoch {} is old. "
                    + "Latest known controller epoch is {}", controllerId, correlationId, requestControllerEpoch, controllerEpoch);
            return new ControllerRequestResult(Errors.STALE_CONTROLLER_EPOCH, Map.of());
        }
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (PartitionState state : states) {
            TopicPartition tp = state.topicPartition();
            Partition existing = partitions.get(tp);
            if (!state.replicas().contains(brokerId)) {
                stateChangeLogger.warn("Ignoring LeaderAndIsr request from controller {} with correlation id {} epoch {} for partition {} as itself "
                        + "is not in assigned replica list {}", controllerId, correlationId, requestControllerEpoch, tp, state.replicas());
                errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            } else if (existing != null && state.leaderEpoch() < existing.leaderEpoch()) {
                stateChangeLogger.info("Ignoring LeaderAndIsr request from controller {} with correlation id {} epoch {} for partition {} since its "
                        + "associated leader epoch {} is smaller than the current leader epoch {}", controllerId, correlationId,
                        requestControllerEpoch, tp, state.leaderEpoch(), existing.leaderEpoch());
                errors.put(tp, Errors.STALE_CONTROLLER_EPOCH);
            } else {
                String transition = state.leader() == brokerId ? "become-leader" : "become-follower";
                stateChangeLogger.trace("Handling LeaderAndIsr request correlationId {} from controller {} epoch {} starting the {} transition "
                        + "for partition {}", correlationId, controllerId, requestControllerEpoch, transition, tp);
                try {
                    LogConfig config = configs.apply(tp.topic());
                    if (state.leader() == brokerId) {
                        makeLeader(state, config);
                    } else {
                        makeFollower(state, config);
                    }
                    errors.put(tp, Errors.NONE);
                    stateChangeLogger.trace("Completed LeaderAndIsr request correlationId {} from controller {} epoch {} for the {} transition "
                            + "for partition {}", correlationId, controllerId, requestControllerEpoch, transition, tp);
                } catch (KafkaStorageException e) {
                    stateChangeLogger.error("Skipped the {} state change with correlation id {} from controller {} epoch {} for partition {} "
                            + "since the replica for the partition is offline due to storage error {}", transition, correlationId, controllerId,
                            requestControllerEpoch, tp, e.toString());
                    log.error("[ReplicaManager broker={}] Could not open the log of {}", brokerId, tp, e);
                    errors.put(tp, Errors.KAFKA_STORAGE_ERROR);
                }
            }
        }
        stateChangeLogger.info("Finished LeaderAndIsr request in {}ms correlationId {} from controller {} for {} partitions",
                clock.getAsLong() - startMs, correlationId, controllerId, states.size());
        return new ControllerRequestResult(Errors.NONE, errors);
    }

    /** Applies a StopReplica request: stops hosting the partitions, deleting their data where asked. */
    public synchronized ControllerRequestResult stopReplicas(int correlationId, int controllerId, int requestControllerEpoch,
                                                            Map<TopicPartition, StopReplicaPartition> stops) {
        stateChangeLogger.info("Handling StopReplica request correlationId {} from controller {} for {} partitions", correlationId, controllerId, stops.size());
        if (stateChangeLogger.isTraceEnabled()) {
            stops.forEach((tp, stop) -> stateChangeLogger.trace("Received StopReplica request {} correlation id {} from controller {} epoch {} "
                    + "for partition {}", stop, correlationId, controllerId, requestControllerEpoch, tp));
        }
        if (!maybeUpdateControllerEpoch(requestControllerEpoch)) {
            stateChangeLogger.warn("Ignoring StopReplica request from controller {} with correlation id {} since its controller epoch {} is old. "
                    + "Latest known controller epoch is {}", controllerId, correlationId, requestControllerEpoch, controllerEpoch);
            return new ControllerRequestResult(Errors.STALE_CONTROLLER_EPOCH, Map.of());
        }
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, StopReplicaPartition> entry : stops.entrySet()) {
            TopicPartition tp = entry.getKey();
            Partition existing = partitions.get(tp);
            int requestEpoch = entry.getValue().leaderEpoch();
            if (existing != null && requestEpoch >= 0 && requestEpoch < existing.leaderEpoch()) {
                stateChangeLogger.info("Ignoring StopReplica request (delete={}) from controller {} with correlation id {} epoch {} for partition {} "
                        + "since its associated leader epoch {} is smaller than the current leader epoch {}", entry.getValue().delete(), controllerId,
                        correlationId, requestControllerEpoch, tp, requestEpoch, existing.leaderEpoch());
                errors.put(tp, Errors.FENCED_LEADER_EPOCH);
                continue;
            }
            try {
                stopReplica(tp, entry.getValue().delete());
                errors.put(tp, Errors.NONE);
            } catch (KafkaStorageException e) {
                stateChangeLogger.error("Ignoring StopReplica request (delete={}) from controller {} with correlation id {} epoch {} for partition {} "
                        + "as the local replica for the partition is in an offline log directory", entry.getValue().delete(), controllerId,
                        correlationId, requestControllerEpoch, tp);
                log.error("[ReplicaManager broker={}] Could not delete the log of {}", brokerId, tp, e);
                errors.put(tp, Errors.KAFKA_STORAGE_ERROR);
            }
        }
        return new ControllerRequestResult(Errors.NONE, errors);
    }

    public void addLeadershipListener(LeadershipListener listener) {
        leadershipListeners.add(listener);
    }

    public DelayedOperationPurgatory<TopicPartition> fetchPurgatory() {
        return fetchPurgatory;
    }

    /** Makes this broker the leader of a partition, opening or creating its log with the topic's config. */
    public synchronized Partition makeLeader(PartitionState state, LogConfig config) {
        TopicPartition tp = state.topicPartition();
        Partition existing = partitions.get(tp);
        if (existing != null) {
            boolean newEpoch = existing.leaderEpoch() != state.leaderEpoch() || existing.state().leader() != brokerId;
            int previousEpoch = existing.leaderEpoch();
            fetchers.removePartitions(List.of(tp));
            followedPartitions.remove(tp);
            existing.log().updateConfig(config);
            existing.becomeLeader(state, brokerId, clock.getAsLong());
            logBecomingLeader(existing, state, previousEpoch);
            if (newEpoch && state.leader() == brokerId) {
                leadershipListeners.forEach(l -> l.onBecomingLeader(tp, state.leaderEpoch()));
            }
            onHighWatermarkOrIsrChange(tp);
            return existing;
        }
        Partition partition = newPartition(state, config);
        partition.becomeLeader(state, brokerId, clock.getAsLong());
        partitions.put(tp, partition);
        leadershipListeners.forEach(l -> l.onBecomingLeader(tp, state.leaderEpoch()));
        logBecomingLeader(partition, state, -1);
        return partition;
    }

    /** A hosted partition over its log (opened or created with the topic's config), with its metrics. */
    private Partition newPartition(PartitionState state, LogConfig config) {
        TopicPartition tp = state.topicPartition();
        Log partitionLog = logManager.getOrCreateLog(tp.topic(), tp.partition(), config);
        // A log loaded at start-up carries the broker defaults until its topic's own config is applied.
        partitionLog.updateConfig(config);
        Partition partition = new Partition(tp, partitionLog, state, brokerTopicStats.topicStats(tp.topic()), metrics);
        partition.setIsrUpdater(isrUpdater);
        logMetrics.register(partitionLog);
        return partition;
    }

    private void logBecomingLeader(Partition partition, PartitionState state, int previousLeaderEpoch) {
        stateChangeLogger.info("Leader {} starts at leader epoch {} from offset {} with partition epoch {}, high watermark {}, ISR {}, "
                + "adding replicas [] and removing replicas []. Previous leader epoch was {}.", partition.topicPartition(), state.leaderEpoch(),
                partition.log().logEndOffset(), state.zkVersion(), partition.highWatermark(), state.isr(), previousLeaderEpoch);
    }

    private void logBecomingFollower(Partition partition, PartitionState state, int previousLeader, int previousLeaderEpoch) {
        stateChangeLogger.info("Follower {} starts at leader epoch {} from offset {} with partition epoch {} and high watermark {}. "
                + "Current leader is {}. Previous leader {} and previous leader epoch was {}.", partition.topicPartition(), state.leaderEpoch(),
                partition.log().logEndOffset(), state.zkVersion(), partition.highWatermark(), state.leader(),
                previousLeader < 0 ? "None" : previousLeader, previousLeaderEpoch);
    }

    /**
     * Makes this broker a follower of a partition: it hosts the log (opened or created), stops leading it if it did,
     * and fetches it from the new leader (after truncating where the logs diverge) when the leader or the leader
     * epoch changed.
     */
    public synchronized Partition makeFollower(PartitionState state, LogConfig config) {
        TopicPartition tp = state.topicPartition();
        Partition existing = partitions.get(tp);
        if (existing != null) {
            PartitionState previous = existing.state();
            boolean wasLeader = previous.leader() == brokerId;
            boolean changed = wasLeader || previous.leader() != state.leader() || previous.leaderEpoch() != state.leaderEpoch()
                    || !followedPartitions.contains(tp);
            existing.log().updateConfig(config);
            if (changed) {
                fetchers.removePartitions(List.of(tp));
                followedPartitions.remove(tp);
            }
            existing.becomeFollower(state);
            if (changed) {
                logBecomingFollower(existing, state, previous.leader(), previous.leaderEpoch());
            } else {
                stateChangeLogger.info("Skipped the become-follower state change for {} with partition state {} since it is already a follower "
                        + "with leader epoch {}.", tp, state, previous.leaderEpoch());
            }
            if (wasLeader) {
                leadershipListeners.forEach(l -> l.onResigningLeadership(tp));
                onHighWatermarkOrIsrChange(tp);
            }
            if (changed && state.leader() >= 0 && !shuttingDown) {
                fetchers.addPartition(tp, state.leader(), state.leaderEpoch());
                followedPartitions.add(tp);
            }
            return existing;
        }
        Partition partition = newPartition(state, config);
        partitions.put(tp, partition);
        if (state.leader() >= 0 && !shuttingDown) {
            fetchers.addPartition(tp, state.leader(), state.leaderEpoch());
            followedPartitions.add(tp);
        }
        logBecomingFollower(partition, state, -1, -1);
        return partition;
    }

    /** Applies a new topic config to the logs of the topic's hosted partitions. */
    public void updateTopicConfig(String topic, LogConfig config) {
        for (Partition partition : partitions.values()) {
            if (partition.topicPartition().topic().equals(topic)) {
                partition.log().updateConfig(config);
            }
        }
    }

    /** Stops serving a partition; with {@code delete} its data is removed from disk. */
    public synchronized void stopReplica(TopicPartition tp, boolean delete) {
        fetchers.removePartitions(List.of(tp));
        followedPartitions.remove(tp);
        Partition removed = partitions.remove(tp);
        if (delete) {
            logManager.deleteLog(tp.topic(), tp.partition());
        }
        if (removed != null) {
            logMetrics.remove(tp);
            if (delete && partitions.keySet().stream().noneMatch(p -> p.topic().equals(tp.topic()))) {
                brokerTopicStats.removeMetrics(tp.topic());
            }
            leadershipListeners.forEach(l -> l.onResigningLeadership(tp));
            onHighWatermarkOrIsrChange(tp);
        }
    }

    /** Wakes the fetches waiting on a partition after an append. */
    public void onAppend(TopicPartition tp) {
        onHighWatermarkOrIsrChange(tp);
    }
}
