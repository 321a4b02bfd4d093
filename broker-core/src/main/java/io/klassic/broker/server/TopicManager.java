package io.klassic.broker.server;

import io.klassic.log.LogConfig;
import io.klassic.protocol.Errors;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.ReplicaAssignment;
import io.klassic.zk.TopicAssignment;
import io.klassic.zk.TopicExistsException;
import io.klassic.zk.TopicStore;
import io.klassic.zk.Versioned;
import io.klassic.zk.ZkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Topic administration as Kafka's {@code AdminZkClient} does it: validation with Kafka's rules and messages,
 * replica placement over the registered brokers, then the znodes ({@code /config/topics/<t>} and
 * {@code /brokers/topics/<t>}; {@code /admin/delete_topics/<t>} to delete). The controller, watching those
 * znodes, elects the leaders, tells the brokers, and deletes; callers that must wait for that watch the metadata
 * cache. Thread-safe.
 */
public final class TopicManager {
    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

    /** The outcome of a create, delete or partition addition for one topic. */
    public record Result(Errors error, String message) {
        public static final Result OK = new Result(Errors.NONE, null);
    }

    private final TopicStore store;
    private final MetadataCache cache;
    private final Supplier<List<BrokerInfo>> registeredBrokers;
    private final Map<String, String> brokerLogDefaults;
    private final Random random = new Random();

    /**
     * @param registeredBrokers the brokers registered in ZooKeeper, over which replicas are placed
     * @param brokerLogDefaults the broker's defaults of the topic-level configs
     */
    public TopicManager(TopicStore store, MetadataCache cache, Supplier<List<BrokerInfo>> registeredBrokers, Map<String, String> brokerLogDefaults) {
        this.store = store;
        this.cache = cache;
        this.registeredBrokers = registeredBrokers;
        this.brokerLogDefaults = brokerLogDefaults;
    }

    /** The effective log config of a topic: broker defaults overridden by the topic's own configs. */
    public LogConfig logConfig(Map<String, String> topicConfigs) {
        return LogConfig.fromProps(topicConfigs, LogConfig.fromProps(brokerLogDefaults, LogConfig.defaults()));
    }

    /** The effective log config of a topic, its overrides read from {@code /config/topics/<t>}. */
    public LogConfig topicLogConfig(String topic) {
        Map<String, String> overrides = store.topicConfig(topic);
        try {
            return logConfig(overrides);
        } catch (RuntimeException e) {
            log.error("The config of topic {} in ZooKeeper is invalid ({}); using the broker defaults.", topic, e.getMessage());
            return logConfig(Map.of());
        }
    }

    /** The broker's defaults of the topic-level configs. */
    public Map<String, String> brokerLogDefaults() {
        return brokerLogDefaults;
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
        if (store.isMarkedForDeletion(topic)) {
            return new Result(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + topic + "' is marked for deletion.");
        }
        try {
            logConfig(configs);
        } catch (RuntimeException e) {
            return new Result(Errors.INVALID_CONFIG, e.getMessage());
        }
        List<BrokerInfo> brokers = registeredBrokers.get();
        List<Integer> brokerIds = brokers.stream().map(BrokerInfo::id).sorted().toList();
        Map<Integer, List<Integer>> assignment;
        if (manualAssignment != null && !manualAssignment.isEmpty()) {
            String invalid = invalidManualAssignment(manualAssignment, brokerIds, 0, -1);
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
            try {
                assignment = ReplicaAssignment.assignToBrokers(brokers, numPartitions, replicationFactor, random, -1, 0);
            } catch (IllegalArgumentException e) {
                return new Result(Errors.INVALID_REPLICA_ASSIGNMENT, e.getMessage());
            }
        }
        if (validateOnly) {
            return Result.OK;
        }
        try {
            store.createTopic(topic, assignment, configs);
        } catch (TopicExistsException e) {
            return new Result(Errors.TOPIC_ALREADY_EXISTS, e.getMessage());
        }
        log.info("Created topic {} with {} partitions and replica assignment {}", topic, assignment.size(), assignment);
        return Result.OK;
    }

    /**
     * Checks an explicit assignment of partitions {@code first..}: consecutive, non-empty, distinct replicas on
     * known brokers, all of the same size ({@code replicationFactor}, unless -1).
     */
    private static String invalidManualAssignment(Map<Integer, List<Integer>> assignment, List<Integer> brokers, int first, int replicationFactor) {
        for (int p = first; p < first + assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            if (replicas == null) {
                return "Partitions should be consecutive and start from " + first + ": missing partition " + p + ".";
            }
            if (replicas.isEmpty()) {
                return "Replica assignment of partition " + p + " is empty.";
            }
            if (replicas.stream().distinct().count() != replicas.size()) {
                return "Duplicate replica assignment found: " + replicas;
            }
            if (replicationFactor != -1 && replicas.size() != replicationFactor) {
                return first == 0 ? "All partitions should have the same number of replicas."
                        : "Inconsistent replication factor between partitions, partition 0 has " + replicationFactor
                          + " while partition " + p + " has replication factor " + replicas.size() + ".";
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

    /** Marks a topic for deletion; the controller deletes it. */
    public synchronized Result deleteTopic(String topic) {
        if (!store.topicExists(topic)) {
            return new Result(Errors.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition.");
        }
        store.markForDeletion(topic);
        return Result.OK;
    }

    /**
     * Grows a topic to {@code totalCount} partitions, as Kafka's {@code AdminZkClient.addPartitions}: the new
     * partitions' replicas are {@code newAssignments} when given (one list per new partition), else placed by
     * continuing the topic's placement; then {@code /brokers/topics/<t>} is rewritten conditionally on its version.
     */
    public synchronized Result createPartitions(String topic, int totalCount, List<List<Integer>> newAssignments, boolean validateOnly) {
        Optional<Versioned<TopicAssignment>> current = store.topicAssignment(topic);
        if (current.isEmpty()) {
            return new Result(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + topic + "' does not exist.");
        }
        if (store.isMarkedForDeletion(topic)) {
            return new Result(Errors.INVALID_TOPIC_EXCEPTION, "The topic '" + topic + "' is queued for deletion.");
        }
        Map<Integer, List<Integer>> existing = current.get().value().partitions();
        int oldCount = existing.size();
        if (totalCount < oldCount) {
            return new Result(Errors.INVALID_PARTITIONS, "Topic currently has " + oldCount + " partitions, which is higher than the requested "
                    + totalCount + ".");
        }
        if (totalCount == oldCount) {
            return new Result(Errors.INVALID_PARTITIONS, "Topic already has " + oldCount + " partitions.");
        }
        int toAdd = totalCount - oldCount;
        List<BrokerInfo> brokers = registeredBrokers.get();
        List<Integer> brokerIds = brokers.stream().map(BrokerInfo::id).sorted().toList();
        List<Integer> partitionZero = existing.getOrDefault(0, existing.values().iterator().next());
        Map<Integer, List<Integer>> added = new LinkedHashMap<>();
        if (newAssignments != null) {
            if (newAssignments.size() != toAdd) {
                return new Result(Errors.INVALID_REPLICA_ASSIGNMENT, "Increasing the number of partitions by " + toAdd + " but "
                        + newAssignments.size() + " assignments provided.");
            }
            for (int i = 0; i < toAdd; i++) {
                added.put(oldCount + i, new ArrayList<>(newAssignments.get(i)));
            }
            String invalid = invalidManualAssignment(added, brokerIds, oldCount, partitionZero.size());
            if (invalid != null) {
                return new Result(Errors.INVALID_REPLICA_ASSIGNMENT, invalid);
            }
        } else {
            if (partitionZero.size() > brokers.size()) {
                return new Result(Errors.INVALID_REPLICATION_FACTOR, "Replication factor: " + partitionZero.size()
                        + " larger than available brokers: " + brokers.size() + ".");
            }
            try {
                added = ReplicaAssignment.assignToBrokers(brokers, toAdd, partitionZero.size(), random, partitionZero.get(0), oldCount);
            } catch (IllegalArgumentException e) {
                return new Result(Errors.INVALID_REPLICA_ASSIGNMENT, e.getMessage());
            }
        }
        if (validateOnly) {
            return Result.OK;
        }
        Map<Integer, List<Integer>> all = new LinkedHashMap<>(existing);
        all.putAll(added);
        TopicAssignment next = new TopicAssignment(all, current.get().value().addingReplicas(), current.get().value().removingReplicas(),
                current.get().value().topicId());
        try {
            store.updateTopicAssignment(topic, next, current.get().zkVersion());
        } catch (ZkException e) {
            if (e.code() == org.apache.zookeeper.KeeperException.Code.BADVERSION) {
                return new Result(Errors.REASSIGNMENT_IN_PROGRESS, "The assignment of topic '" + topic + "' changed concurrently; retry.");
            }
            throw e;
        }
        log.info("Added {} partitions to topic {} with replica assignment {}", toAdd, topic, added);
        return Result.OK;
    }
}
