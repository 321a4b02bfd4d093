package io.klassic.broker.server;

import io.klassic.log.LogConfig;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicExistsException;
import io.klassic.zk.TopicStore;
import io.klassic.zk.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Creates, loads and deletes topics: validation with Kafka's rules and messages, replica placement, the
 * topic and partition-state znodes, then the metadata cache and the local replicas. Until the controller takes
 * over this work, the broker that creates a topic also writes its partition states (leader = first live
 * replica, ISR = live replicas, epoch 0), exactly what the controller writes for a new topic. Thread-safe.
 */
public final class TopicManager {
    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

    /** The outcome of a create or delete for one topic. */
    public record Result(Errors error, String message) {
        public static final Result OK = new Result(Errors.NONE, null);
    }

    private final int brokerId;
    private final TopicStore store;
    private final MetadataCache cache;
    private final ReplicaManager replicaManager;
    private final Map<String, String> brokerLogDefaults;
    private final Random random = new Random();

    public TopicManager(int brokerId, TopicStore store, MetadataCache cache, ReplicaManager replicaManager, Map<String, String> brokerLogDefaults) {
        this.brokerId = brokerId;
        this.store = store;
        this.cache = cache;
        this.replicaManager = replicaManager;
        this.brokerLogDefaults = brokerLogDefaults;
    }

    /** The effective log config of a topic: broker defaults overridden by the topic's own configs. */
    public LogConfig logConfig(Map<String, String> topicConfigs) {
        return LogConfig.fromProps(topicConfigs, LogConfig.fromProps(brokerLogDefaults, LogConfig.defaults()));
    }

    public synchronized Result createTopic(String topic, int numPartitions, int replicationFactor, Map<Integer, List<Integer>> manualAssignment,
                                           Map<String, String> configs, boolean validateOnly) {
        try {
            TopicStore.validateTopicName(topic);
        } catch (IllegalArgumentException e) {
            return new Result(Errors.INVALID_TOPIC_EXCEPTION, e.getMessage());
        }
        if (cache.contains(topic) || store.topicExists(topic)) {
            return new Result(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + topic + "' already exists.");
        }
        try {
            logConfig(configs);
        } catch (RuntimeException e) {
            return new Result(Errors.INVALID_CONFIG, e.getMessage());
        }
        List<Integer> brokers = cache.aliveBrokers().stream().map(BrokerInfo::id).sorted().toList();
        Map<Integer, List<Integer>> assignment;
        if (manualAssignment != null && !manualAssignment.isEmpty()) {
            String invalid = invalidManualAssignment(manualAssignment, brokers);
            if (invalid != null) {
                return new Result(Errors.INVALID_REPLICA_ASSIGNMENT, invalid);
            }
            assignment = manualAssignment;
        } else {
            if (numPartitions <= 0) {
                return new Result(Errors.INVALID_PARTITIONS, "Number of partitions must be larger than 0.");
            }
            if (replicationFactor <= 0) {
                return new Result(Errors.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0.");
            }
            if (replicationFactor > brokers.size()) {
                return new Result(Errors.INVALID_REPLICATION_FACTOR, "Replication factor: " + replicationFactor
                        + " larger than available brokers: " + brokers.size() + ".");
            }
            assignment = ReplicaAssignment.assign(brokers, numPartitions, replicationFactor, random);
        }
        if (validateOnly) {
            return Result.OK;
        }
        try {
            store.createTopic(topic, assignment, configs);
        } catch (TopicExistsException e) {
            return new Result(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + topic + "' already exists.");
        }
        log.info("Created topic {} with {} partitions and replica assignment {}", topic, assignment.size(), assignment);
        onTopicCreated(topic, assignment, configs);
        return Result.OK;
    }

    private static String invalidManualAssignment(Map<Integer, List<Integer>> assignment, List<Integer> brokers) {
        int replicationFactor = -1;
        for (int p = 0; p < assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            if (replicas == null) {
                return "Partitions should be consecutive and start from 0: missing partition " + p + ".";
            }
            if (replicas.isEmpty()) {
                return "Replica assignment of partition " + p + " is empty.";
            }
            if (replicas.stream().distinct().count() != replicas.size()) {
                return "Duplicate replica assignment found: " + replicas;
            }
            if (replicationFactor != -1 && replicas.size() != replicationFactor) {
                return "All partitions should have the same number of replicas.";
            }
            replicationFactor = replicas.size();
            for (int broker : replicas) {
                if (!brokers.contains(broker)) {
                    return "Unknown broker " + broker + " in the replica assignment; available brokers: " + brokers + ".";
                }
            }
        }
        return null;
    }

    /** Writes the initial partition states of a new topic and serves the partitions led by this broker. */
    private void onTopicCreated(String topic, Map<Integer, List<Integer>> assignment, Map<String, String> configs) {
        List<Integer> live = cache.aliveBrokers().stream().map(BrokerInfo::id).toList();
        List<PartitionState> states = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> entry : assignment.entrySet()) {
            List<Integer> isr = entry.getValue().stream().filter(live::contains).toList();
            int leader = isr.isEmpty() ? LeaderIsrAndControllerEpoch.NO_LEADER : isr.get(0);
            LeaderIsrAndControllerEpoch state = new LeaderIsrAndControllerEpoch(leader, 0, isr, 0);
            store.createPartitionState(topic, entry.getKey(), state);
            states.add(new PartitionState(topic, entry.getKey(), leader, 0, entry.getValue(), isr));
        }
        publish(topic, states, configs);
    }

    private void publish(String topic, List<PartitionState> states, Map<String, String> configs) {
        LogConfig config = logConfig(configs);
        for (PartitionState state : states) {
            if (state.leader() == brokerId) {
                replicaManager.makeLeader(state, config);
            }
        }
        cache.putTopic(topic, states);
    }

    /** Loads every topic from ZooKeeper at start-up: the cache, and the partitions this broker leads. */
    public synchronized void loadAll() {
        for (String topic : store.allTopics()) {
            if (store.isMarkedForDeletion(topic)) {
                deleteTopic(topic);
                continue;
            }
            load(topic);
        }
    }

    private void load(String topic) {
        Map<Integer, List<Integer>> assignment = store.assignment(topic);
        List<Integer> live = cache.aliveBrokers().stream().map(BrokerInfo::id).toList();
        List<PartitionState> states = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> entry : assignment.entrySet()) {
            int partition = entry.getKey();
            Optional<Versioned<LeaderIsrAndControllerEpoch>> existing = store.partitionState(topic, partition);
            LeaderIsrAndControllerEpoch state;
            if (existing.isPresent()) {
                state = existing.get().value();
            } else {
                List<Integer> isr = entry.getValue().stream().filter(live::contains).toList();
                state = new LeaderIsrAndControllerEpoch(isr.isEmpty() ? -1 : isr.get(0), 0, isr, 0);
                store.createPartitionState(topic, partition, state);
            }
            states.add(new PartitionState(topic, partition, state.leader(), state.leaderEpoch(), entry.getValue(), state.isr()));
        }
        publish(topic, states, store.topicConfig(topic));
    }

    public synchronized Result deleteTopic(String topic) {
        if (!cache.contains(topic) && !store.topicExists(topic)) {
            return new Result(Errors.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition.");
        }
        store.markForDeletion(topic);
        Map<Integer, List<Integer>> assignment = store.topicExists(topic) ? store.assignment(topic) : Map.of();
        cache.removeTopic(topic);
        for (Integer partition : assignment.keySet()) {
            replicaManager.stopReplica(new TopicPartition(topic, partition), true);
        }
        store.deleteTopicZNodes(topic);
        log.info("Deleted topic {}", topic);
        return Result.OK;
    }
}
