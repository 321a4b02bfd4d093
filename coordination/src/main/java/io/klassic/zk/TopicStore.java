package io.klassic.zk;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes topics in ZooKeeper the way Kafka's {@code AdminZkClient} does: the configuration
 * overrides in {@code /config/topics/<t>} first, then the assignment in {@code /brokers/topics/<t>} (whose
 * creation the controller watches); deletion markers in {@code /admin/delete_topics/<t>}; partition
 * leadership in {@code /brokers/topics/<t>/partitions/<p>/state}.
 *
 * <p>Thread-safe (every method is a self-contained ZooKeeper exchange).
 */
public final class TopicStore {

    private static final Logger log = LoggerFactory.getLogger(TopicStore.class);

    /** Kafka's {@code Topic.MAX_NAME_LENGTH}. */
    public static final int MAX_TOPIC_NAME_LENGTH = 249;

    private final ZkClient zk;

    public TopicStore(ZkClient zk) {
        this.zk = zk;
    }

    public boolean topicExists(String topic) {
        return zk.exists(TopicZNode.path(topic));
    }

    /** The names of all topics, sorted. */
    public Set<String> allTopics() {
        return new TreeSet<>(zk.children(TopicZNode.PATH));
    }

    /** partition → replicas of {@code topic}, sorted by partition; empty when the topic does not exist. */
    public Map<Integer, List<Integer>> assignment(String topic) {
        return topicAssignment(topic).map(v -> v.value().partitions()).orElse(Map.of());
    }

    /** The full assignment of {@code topic} with the znode version, if the topic exists. */
    public Optional<Versioned<TopicAssignment>> topicAssignment(String topic) {
        return zk.readData(TopicZNode.path(topic))
                .map(v -> new Versioned<>(TopicZNode.decode(topic, v.value()), v.zkVersion()));
    }

    /**
     * Creates a topic: writes {@code /config/topics/<t>} (replacing leftovers), then creates
     * {@code /brokers/topics/<t>}.
     *
     * @param assignment partition → replicas; partitions must be 0..n-1, every partition the same number
     *                   of distinct replicas
     * @throws TopicExistsException     if the topic exists or is marked for deletion
     * @throws IllegalArgumentException for an illegal topic name or assignment
     */
    public void createTopic(String topic, Map<Integer, List<Integer>> assignment, Map<String, String> config) {
        validateTopicName(topic);
        validateAssignment(topic, assignment);
        if (topicExists(topic)) {
            throw new TopicExistsException(topic);
        }
        if (isMarkedForDeletion(topic)) {
            throw new TopicExistsException(topic, "Topic '" + topic + "' is marked for deletion.");
        }
        writeTopicConfig(topic, config);
        String path = TopicZNode.path(topic);
        try {
            zk.curator().create().creatingParentsIfNeeded().forPath(path, TopicZNode.encode(assignment));
        } catch (KeeperException.NodeExistsException e) {
            throw new TopicExistsException(topic);
        } catch (Exception e) {
            throw ZkException.wrap("create topic", path, e);
        }
        log.info("Created topic {} with {} partitions, assignment {} and config {}.", topic, assignment.size(),
                new java.util.TreeMap<>(assignment), config);
    }

    /**
     * Replaces the assignment of an existing topic (new partitions added by {@code CreatePartitions} or
     * {@code kafka-topics --alter}) if {@code /brokers/topics/<t>} still has {@code expectedZkVersion}.
     *
     * @return the znode's new version
     * @throws ZkException with code {@code BADVERSION} when it changed meanwhile, {@code NONODE} when it is gone
     */
    public int updateTopicAssignment(String topic, TopicAssignment assignment, int expectedZkVersion) {
        String path = TopicZNode.path(topic);
        try {
            return zk.curator().setData().withVersion(expectedZkVersion).forPath(path, TopicZNode.encode(assignment)).getVersion();
        } catch (Exception e) {
            throw ZkException.wrap("update the assignment of topic " + topic + " at", path, e);
        }
    }

    /**
     * Changes a topic's configuration overrides as Kafka's {@code AdminZkClient.changeTopicConfig} does: writes
     * {@code /config/topics/<t>}, then creates a sequential {@code /config/changes/config_change_N} notification
     * that tells every broker to reload it.
     */
    public void changeTopicConfig(String topic, Map<String, String> config) {
        writeTopicConfig(topic, config);
        String prefix = ConfigChangeNotificationZNode.sequentialPathPrefix();
        try {
            zk.curator().create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(prefix, ConfigChangeNotificationZNode.encode("topics", topic));
        } catch (Exception e) {
            throw ZkException.wrap("create a config change notification at", prefix, e);
        }
        log.info("Changed the config of topic {} to {}.", topic, config);
    }

    /** Writes {@code /config/topics/<t>}, creating it or replacing its data. */
    public void writeTopicConfig(String topic, Map<String, String> config) {
        String path = TopicConfigZNode.path(topic);
        byte[] data = TopicConfigZNode.encode(config);
        try {
            try {
                zk.curator().create().creatingParentsIfNeeded().forPath(path, data);
            } catch (KeeperException.NodeExistsException e) {
                zk.curator().setData().forPath(path, data);
            }
        } catch (Exception e) {
            throw ZkException.wrap("write the config of topic " + topic + " to", path, e);
        }
    }

    /** The configuration overrides of {@code topic}; empty when it has none. */
    public Map<String, String> topicConfig(String topic) {
        return zk.readData(TopicConfigZNode.path(topic))
                .map(v -> v.value().length == 0 ? Map.<String, String>of() : TopicConfigZNode.decode(v.value()))
                .orElse(Map.of());
    }

    /**
     * Marks {@code topic} for deletion by creating {@code /admin/delete_topics/<t>}.
     *
     * @return false if it was already marked
     */
    public boolean markForDeletion(String topic) {
        String path = DeleteTopicsZNode.path(topic);
        try {
            zk.curator().create().creatingParentsIfNeeded().forPath(path, DeleteTopicsZNode.encode());
            log.info("Topic {} is marked for deletion.", topic);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            return false;
        } catch (Exception e) {
            throw ZkException.wrap("mark topic " + topic + " for deletion at", path, e);
        }
    }

    public boolean isMarkedForDeletion(String topic) {
        return zk.exists(DeleteTopicsZNode.path(topic));
    }

    /** The topics marked for deletion, sorted. */
    public Set<String> topicsMarkedForDeletion() {
        return new TreeSet<>(zk.children(DeleteTopicsZNode.PATH));
    }

    /**
     * Removes a deleted topic's znodes: {@code /brokers/topics/<t>} with everything below it, then
     * {@code /config/topics/<t>}, then the marker {@code /admin/delete_topics/<t>}. Missing znodes are fine.
     */
    public void deleteTopicZNodes(String topic) {
        zk.deleteRecursive(TopicZNode.path(topic));
        zk.deleteRecursive(TopicConfigZNode.path(topic));
        zk.deleteRecursive(DeleteTopicsZNode.path(topic));
        log.info("Deleted the znodes of topic {}.", topic);
    }

    /**
     * Creates {@code /brokers/topics/<t>/partitions/<p>/state} (and its parents).
     *
     * @return the znode version of the new state (0)
     * @throws ZkException with code {@code NODEEXISTS} if the state exists already
     */
    public int createPartitionState(String topic, int partition, LeaderIsrAndControllerEpoch state) {
        String path = TopicPartitionStateZNode.path(topic, partition);
        try {
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            zk.curator().create().storingStatIn(stat).creatingParentsIfNeeded()
                    .forPath(path, TopicPartitionStateZNode.encode(state));
            return stat.getVersion();
        } catch (Exception e) {
            throw ZkException.wrap("create the partition state", path, e);
        }
    }

    /** The leader, ISR and controller epoch of a partition with the znode version, if the state exists. */
    public Optional<Versioned<LeaderIsrAndControllerEpoch>> partitionState(String topic, int partition) {
        return zk.readData(TopicPartitionStateZNode.path(topic, partition))
                .map(v -> new Versioned<>(TopicPartitionStateZNode.decode(v.value()), v.zkVersion()));
    }

    /** Kafka's topic name rules: 1 to 249 characters of {@code [a-zA-Z0-9._-]}, not "." or "..". */
    public static void validateTopicName(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("Topic name is illegal, it can't be empty");
        }
        if (topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("Topic name cannot be \".\" or \"..\"");
        }
        if (topic.length() > MAX_TOPIC_NAME_LENGTH) {
            throw new IllegalArgumentException("Topic name is illegal, it can't be longer than "
                    + MAX_TOPIC_NAME_LENGTH + " characters, topic name: " + topic);
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                throw new IllegalArgumentException("Topic name \"" + topic + "\" is illegal, it contains a character "
                        + "other than ASCII alphanumerics, '.', '_' and '-'");
            }
        }
    }

    private static void validateAssignment(String topic, Map<Integer, List<Integer>> assignment) {
        if (assignment.isEmpty()) {
            throw new IllegalArgumentException("Topic " + topic + " needs at least one partition.");
        }
        int replicationFactor = -1;
        for (int p = 0; p < assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            if (replicas == null) {
                throw new IllegalArgumentException("Unexpected existing replica assignment for topic '" + topic
                        + "': partitions should be a consecutive 0-based integer sequence, got "
                        + new TreeSet<>(assignment.keySet()) + ".");
            }
            if (replicas.isEmpty()) {
                throw new IllegalArgumentException("Partition " + p + " of topic " + topic + " has no replicas.");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw new IllegalArgumentException("Duplicate replica assignment found: " + replicas
                        + " for partition " + p + " of topic " + topic + ".");
            }
            if (replicationFactor >= 0 && replicas.size() != replicationFactor) {
                throw new IllegalArgumentException("All partitions should have the same number of replicas (topic "
                        + topic + ", partition " + p + ").");
            }
            replicationFactor = replicas.size();
        }
    }
}
