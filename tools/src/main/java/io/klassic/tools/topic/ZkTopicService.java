package io.klassic.tools.topic;

import io.klassic.log.LogConfig;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.BrokerRegistration;
import io.klassic.zk.ReplicaAssignment;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicAssignment;
import io.klassic.zk.TopicExistsException;
import io.klassic.zk.TopicStore;
import io.klassic.zk.Versioned;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkConfig;
import io.klassic.zk.ZkException;
import org.apache.zookeeper.KeeperException;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code kafka-topics.sh --zookeeper host:port[/chroot]}: the actions as Apache Kafka 2.x's tool carried them
 * out, on the znodes directly (through {@link TopicStore}) rather than through a broker:
 *
 * <ul>
 *   <li>create: validates the name, the configs and the assignment, places replicas round-robin over the
 *       brokers registered in {@code /brokers/ids} ({@link ReplicaAssignment}: rack-aware when every broker has a
 *       {@code broker.rack}, refused when only some have one, unless {@code --disable-rack-aware}) unless
 *       {@code --replica-assignment} is given, writes {@code /config/topics/<t>} then
 *       {@code /brokers/topics/<t>} (the controller creates the partitions);</li>
 *   <li>list: the children of {@code /brokers/topics}, {@code t - marked for deletion} for topics with a
 *       {@code /admin/delete_topics/<t>} marker;</li>
 *   <li>describe: the assignment, the overrides of {@code /config/topics/<t>} and each partition's
 *       {@code state} znode (leader and ISR), in Kafka 2.x's format (no Elr fields);</li>
 *   <li>alter: {@code --config}/{@code --delete-config} rewrite {@code /config/topics/<t>} and announce the
 *       change in {@code /config/changes}; {@code --partitions} extends {@code /brokers/topics/<t>} with a
 *       conditional write;</li>
 *   <li>delete: creates {@code /admin/delete_topics/<t>} for the controller to act on.</li>
 * </ul>
 *
 * <p>Not thread-safe; used by the tool's thread.
 */
public final class ZkTopicService implements TopicService {

    /** Kafka 2.x's tool used 30 s for both the session and the connection timeout. */
    static final int ZK_TIMEOUT_MS = 30_000;

    private final ZkClient zk;
    private final TopicStore store;
    private final PrintStream out;
    private final Random random;

    public ZkTopicService(ZkClient zk, PrintStream out, Random random) {
        this.zk = zk;
        this.store = new TopicStore(zk);
        this.out = out;
        this.random = random;
    }

    /** Connects to ZooKeeper at {@code connect} (waiting up to 30 s) and returns the service. */
    public static ZkTopicService create(String connect, PrintStream out) {
        ZkClient zk = new ZkClient(ZkConfig.of(connect, ZK_TIMEOUT_MS, ZK_TIMEOUT_MS));
        zk.start();
        return new ZkTopicService(zk, out, new Random());
    }

    @Override
    public void createTopic(TopicCommandOptions opts) {
        String topic = opts.topic().orElseThrow();
        TopicService.validateCreate(opts);
        Map<String, String> configs = opts.topicConfig();
        Optional<Map<Integer, List<Integer>>> manual = opts.replicaAssignment();
        if (TopicService.hasCollisionChars(topic)) {
            out.println(COLLISION_WARNING);
        }
        try {
            TopicStore.validateTopicName(topic);
            if (store.topicExists(topic)) {
                throw new TopicExistsException(topic);
            }
            checkCollisions(topic);
            LogConfig.fromProps(configs, LogConfig.defaults());
            Map<Integer, List<Integer>> assignment = manual.orElseGet(() -> ReplicaAssignment.assignToBrokers(
                    placementBrokers(opts.disableRackAware()), opts.partitions().orElseThrow(), opts.replicationFactor().orElseThrow(), random, -1, 0));
            store.createTopic(topic, assignment, configs);
            out.println("Created topic " + topic + ".");
        } catch (TopicExistsException e) {
            if (!opts.ifNotExists()) {
                throw e;
            }
        }
    }

    /** Kafka refuses a name that differs from an existing one only by '.' versus '_'. */
    private void checkCollisions(String topic) {
        if (!TopicService.hasCollisionChars(topic)) {
            return;
        }
        String unified = topic.replace('.', '_');
        List<String> colliding = store.allTopics().stream()
                .filter(t -> !t.equals(topic) && t.replace('.', '_').equals(unified)).toList();
        if (!colliding.isEmpty()) {
            throw new IllegalArgumentException("Topic '" + topic + "' collides with existing topics: "
                    + String.join(", ", colliding));
        }
    }

    @Override
    public void listTopics(TopicCommandOptions opts) {
        Set<String> marked = store.topicsMarkedForDeletion();
        for (String topic : TopicFilter.filter(store.allTopics(), opts.topic().orElse(null),
                opts.excludeInternalTopics())) {
            out.println(marked.contains(topic) ? topic + " - marked for deletion" : topic);
        }
    }

    @Override
    public void describeTopic(TopicCommandOptions opts) {
        List<String> topics = TopicFilter.filter(store.allTopics(), opts.topic().orElse(null),
                opts.excludeInternalTopics());
        TopicService.ensureTopicExists(topics, opts.topic(), !opts.ifExists());
        Set<Integer> liveBrokers = Set.copyOf(liveBrokerIds());
        Set<String> marked = store.topicsMarkedForDeletion();
        DescribeOptions describe = new DescribeOptions(opts, liveBrokers);
        for (String topic : topics) {
            Optional<Versioned<TopicAssignment>> assignment = store.topicAssignment(topic);
            if (assignment.isEmpty()) {
                out.println("Topic " + topic + " doesn't exist!");
                continue;
            }
            TopicAssignment a = assignment.get().value();
            boolean markedForDeletion = marked.contains(topic);
            Map<String, String> configs = store.topicConfig(topic);
            if (describe.shouldPrintTopic(!configs.isEmpty()) && !a.partitions().isEmpty()) {
                int firstPartition = a.partitions().keySet().iterator().next();
                int replicationFactor = a.partitions().get(firstPartition).size()
                        - a.removingReplicas().getOrDefault(firstPartition, List.of()).size();
                out.println(new TopicDescription(topic, a.topicId(), a.partitions().size(), replicationFactor,
                        configs, markedForDeletion).line());
            }
            if (describe.describePartitions()) {
                Integer minIsr = configs.containsKey("min.insync.replicas")
                        ? Integer.valueOf(configs.get("min.insync.replicas").trim()) : null;
                for (Map.Entry<Integer, List<Integer>> e : a.partitions().entrySet()) {
                    int partition = e.getKey();
                    Optional<LeaderIsrAndControllerEpoch> state = store.partitionState(topic, partition)
                            .map(Versioned::value);
                    Integer leader = state.map(LeaderIsrAndControllerEpoch::leader)
                            .filter(l -> l != LeaderIsrAndControllerEpoch.NO_LEADER).orElse(null);
                    List<Integer> isr = state.map(LeaderIsrAndControllerEpoch::isr).orElse(List.of());
                    PartitionDescription pd = new PartitionDescription(topic, partition, leader, e.getValue(), isr,
                            a.addingReplicas().getOrDefault(partition, List.of()),
                            a.removingReplicas().getOrDefault(partition, List.of()),
                            false, null, null, minIsr, markedForDeletion);
                    if (describe.shouldPrintPartition(pd)) {
                        out.println(pd.line());
                    }
                }
            }
        }
    }

    @Override
    public void alterTopic(TopicCommandOptions opts) {
        List<String> topics = TopicFilter.filter(store.allTopics(), opts.topic().orElse(null),
                opts.excludeInternalTopics());
        TopicService.ensureTopicExists(topics, opts.topic(), !opts.ifExists());
        Optional<Map<Integer, List<Integer>>> manual = opts.replicaAssignment();
        Map<String, String> configsToAdd = opts.topicConfig();
        List<String> configsToDelete = opts.configsToDelete();
        for (String topic : topics) {
            if (opts.hasConfigChanges()) {
                out.println("WARNING: Altering topic configuration from this script has been deprecated and may be "
                        + "removed in future releases.");
                out.println("         Going forward, please use kafka-configs.sh for this functionality");
                Map<String, String> configs = new TreeMap<>(store.topicConfig(topic));
                configs.putAll(configsToAdd);
                configsToDelete.forEach(configs::remove);
                LogConfig.fromProps(configs, LogConfig.defaults());
                store.changeTopicConfig(topic, configs);
                out.println("Updated config for topic " + topic + ".");
            }
            if (opts.partitions().isPresent()) {
                if (TopicFilter.isInternal(topic)) {
                    throw new IllegalArgumentException("The number of partitions for the internal topic " + topic
                            + " cannot be changed.");
                }
                out.println("WARNING: If partitions are increased for a topic that has a key, the partition logic "
                        + "or ordering of the messages will be affected");
                Versioned<TopicAssignment> existing = store.topicAssignment(topic)
                        .orElseThrow(() -> new IllegalArgumentException("The topic " + topic + " does not exist"));
                addPartitions(topic, existing, opts.partitions().get(), manual, opts.disableRackAware());
                out.println("Adding partitions succeeded!");
            }
        }
    }

    private void addPartitions(String topic, Versioned<TopicAssignment> existing, int partitions,
                               Optional<Map<Integer, List<Integer>>> manual, boolean disableRackAware) {
        Map<Integer, List<Integer>> current = existing.value().partitions();
        int existingCount = current.size();
        if (partitions <= existingCount) {
            throw new IllegalArgumentException("The number of partitions for a topic can only be increased. Topic "
                    + topic + " currently has " + existingCount + " partitions, " + partitions
                    + " would not be an increase.");
        }
        List<Integer> firstReplicas = current.get(current.keySet().iterator().next());
        List<Integer> brokers = liveBrokerIds();
        Map<Integer, List<Integer>> added = new TreeMap<>();
        if (manual.isPresent()) {
            manual.get().forEach((p, replicas) -> {
                if (p >= existingCount) {
                    added.put(p, replicas);
                }
            });
            if (added.size() != partitions - existingCount) {
                throw new IllegalArgumentException("Increasing the number of partitions by "
                        + (partitions - existingCount) + " but " + added.size() + " assignments provided.");
            }
            Set<Integer> unknown = added.values().stream().flatMap(List::stream)
                    .filter(id -> !brokers.contains(id)).collect(Collectors.toCollection(java.util.TreeSet::new));
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("Unknown broker(s) in replica assignment: "
                        + unknown.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ".");
            }
            for (Map.Entry<Integer, List<Integer>> e : added.entrySet()) {
                if (e.getValue().size() != firstReplicas.size()) {
                    throw new IllegalArgumentException("Inconsistent replication factor between partitions, partition 0 "
                            + "has " + firstReplicas.size() + " while partition " + e.getKey() + " has "
                            + e.getValue().size() + ".");
                }
            }
        } else {
            added.putAll(ReplicaAssignment.assignToBrokers(placementBrokers(disableRackAware), partitions - existingCount,
                    firstReplicas.size(), random, firstReplicas.get(0), existingCount));
        }
        Map<Integer, List<Integer>> all = new LinkedHashMap<>(current);
        all.putAll(added);
        TopicAssignment updated = new TopicAssignment(all, existing.value().addingReplicas(),
                existing.value().removingReplicas(), existing.value().topicId());
        try {
            store.updateTopicAssignment(topic, updated, existing.zkVersion());
        } catch (ZkException e) {
            if (e.code() == KeeperException.Code.BADVERSION) {
                throw new IllegalStateException("The assignment of topic " + topic + " changed while partitions were "
                        + "being added; try again.", e);
            }
            throw e;
        }
    }

    @Override
    public void deleteTopic(TopicCommandOptions opts) {
        List<String> topics = TopicFilter.filter(store.allTopics(), opts.topic().orElse(null), false);
        TopicService.ensureTopicExists(topics, opts.topic(), !opts.ifExists());
        for (String topic : topics) {
            if (TopicFilter.isInternal(topic)) {
                throw new IllegalArgumentException("Topic " + topic + " is a kafka internal topic and is not allowed "
                        + "to be marked for deletion.");
            }
            if (store.markForDeletion(topic)) {
                out.println("Topic " + topic + " is marked for deletion.");
                out.println("Note: This will have no impact if delete.topic.enable is not set to true.");
            } else {
                out.println("Topic " + topic + " is already marked for deletion.");
            }
        }
    }

    /** The live brokers to place replicas on, their racks dropped with {@code --disable-rack-aware}. */
    private List<BrokerInfo> placementBrokers(boolean disableRackAware) {
        List<BrokerInfo> brokers = BrokerRegistration.liveBrokers(zk);
        if (!disableRackAware) {
            return brokers;
        }
        return brokers.stream().map(b -> new BrokerInfo(b.id(), b.host(), b.port(), b.endpoints(), null)).toList();
    }

    private List<Integer> liveBrokerIds() {
        return BrokerRegistration.liveBrokers(zk).stream().map(BrokerInfo::id).toList();
    }

    @Override
    public void close() {
        zk.close();
    }
}
