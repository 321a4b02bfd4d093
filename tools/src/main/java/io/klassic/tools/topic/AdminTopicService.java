package io.klassic.tools.topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * {@code kafka-topics.sh --bootstrap-server}: every action through the Admin client, as Apache Kafka 3.9's
 * tool does — CreateTopics, Metadata (list, describe), DescribeConfigs (the {@code Configs:} of describe; left
 * empty when the cluster does not serve it), ListPartitionReassignments (skipped when not served), DeleteTopics
 * and CreatePartitions (alter). Errors of the cluster are thrown as the client reports them.
 *
 * <p>Not thread-safe; used by the tool's thread.
 */
public final class AdminTopicService implements TopicService {

    private static final Logger log = LoggerFactory.getLogger(AdminTopicService.class);

    private final Admin admin;
    private final PrintStream out;

    public AdminTopicService(Admin admin, PrintStream out) {
        this.admin = admin;
        this.out = out;
    }

    /** An Admin client for {@code bootstrapServer} with the {@code --command-config} properties. */
    public static AdminTopicService create(Properties commandConfig, String bootstrapServer, PrintStream out) {
        Properties props = new Properties();
        props.putAll(commandConfig);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        return new AdminTopicService(Admin.create(props), out);
    }

    @Override
    public void createTopic(TopicCommandOptions opts) throws Exception {
        String topic = opts.topic().orElseThrow();
        TopicService.validateCreate(opts);
        Map<String, String> configs = opts.topicConfig();
        Optional<Map<Integer, List<Integer>>> assignment = opts.replicaAssignment();
        if (TopicService.hasCollisionChars(topic)) {
            out.println(COLLISION_WARNING);
        }
        NewTopic newTopic = assignment.isPresent()
                ? new NewTopic(topic, assignment.get())
                : new NewTopic(topic, opts.partitions(), opts.replicationFactor().map(Integer::shortValue));
        newTopic.configs(configs);
        try {
            admin.createTopics(List.of(newTopic), new CreateTopicsOptions().retryOnQuotaViolation(false)).all().get();
            out.println("Created topic " + topic + ".");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException && opts.ifNotExists()) {
                return;
            }
            throw e;
        }
    }

    @Override
    public void listTopics(TopicCommandOptions opts) throws Exception {
        for (String topic : topics(opts.topic(), opts.excludeInternalTopics())) {
            out.println(topic);
        }
    }

    @Override
    public void describeTopic(TopicCommandOptions opts) throws Exception {
        Map<String, org.apache.kafka.clients.admin.TopicDescription> descriptions;
        DescribeTopicsOptions describeOptions = new DescribeTopicsOptions();
        opts.partitionSizeLimitPerResponse().ifPresent(describeOptions::partitionSizeLimitPerResponse);
        Optional<Uuid> topicId = opts.topicId().map(Uuid::fromString).filter(id -> !id.equals(Uuid.ZERO_UUID));
        if (topicId.isPresent()) {
            try {
                descriptions = new LinkedHashMap<>();
                for (var d : admin.describeTopics(TopicCollection.ofTopicIds(List.of(topicId.get())), describeOptions)
                        .allTopicIds().get().values()) {
                    descriptions.put(d.name(), d);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicIdException && opts.ifExists()) {
                    return;
                }
                throw e;
            }
        } else {
            List<String> topics = topics(opts.topic(), opts.excludeInternalTopics());
            TopicService.ensureTopicExists(topics, opts.topic(), !opts.ifExists());
            if (topics.isEmpty()) {
                return;
            }
            descriptions = admin.describeTopics(TopicCollection.ofTopicNames(topics), describeOptions)
                    .allTopicNames().get();
        }
        if (descriptions.isEmpty()) {
            return;
        }
        List<String> names = descriptions.keySet().stream().sorted().toList();
        Set<Integer> liveBrokers = opts.reportUnavailablePartitions()
                ? admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet())
                : Set.of();
        DescribeOptions describe = new DescribeOptions(opts, liveBrokers);
        Map<String, Config> configs = describeConfigs(names);
        Map<TopicPartition, PartitionReassignment> reassignments = listReassignments(descriptions.values());

        for (String name : names) {
            org.apache.kafka.clients.admin.TopicDescription td = descriptions.get(name);
            Config config = configs.get(name);
            List<TopicPartitionInfo> partitions = td.partitions().stream()
                    .sorted(Comparator.comparingInt(TopicPartitionInfo::partition)).toList();
            Map<String, String> overrides = nonDefaultConfigs(config);
            if (describe.shouldPrintTopic(!overrides.isEmpty()) && !partitions.isEmpty()) {
                TopicPartitionInfo first = partitions.get(0);
                PartitionReassignment firstReassignment = reassignments.get(new TopicPartition(name, first.partition()));
                int replicationFactor = first.replicas().size()
                        - (firstReassignment == null ? 0 : firstReassignment.removingReplicas().size());
                String id = td.topicId() == null || td.topicId().equals(Uuid.ZERO_UUID) ? null : td.topicId().toString();
                out.println(new TopicDescription(name, id, partitions.size(), replicationFactor, overrides, false).line());
            }
            if (describe.describePartitions()) {
                Integer minIsr = minIsr(config);
                for (TopicPartitionInfo p : partitions) {
                    PartitionReassignment r = reassignments.get(new TopicPartition(name, p.partition()));
                    PartitionDescription pd = new PartitionDescription(name, p.partition(),
                            p.leader() == null || p.leader().isEmpty() ? null : p.leader().id(),
                            ids(p.replicas()), ids(p.isr()),
                            r == null ? List.of() : r.addingReplicas(), r == null ? List.of() : r.removingReplicas(),
                            true, p.elr() == null ? null : ids(p.elr()),
                            p.lastKnownElr() == null ? null : ids(p.lastKnownElr()), minIsr, false);
                    if (describe.shouldPrintPartition(pd)) {
                        out.println(pd.line());
                    }
                }
            }
        }
    }

    @Override
    public void alterTopic(TopicCommandOptions opts) throws Exception {
        List<String> topics = topics(opts.topic(), opts.excludeInternalTopics());
        TopicService.ensureTopicExists(topics, opts.topic(), !opts.ifExists());
        if (topics.isEmpty() || opts.partitions().isEmpty()) {
            return;
        }
        int partitions = opts.partitions().get();
        Optional<Map<Integer, List<Integer>>> assignment = opts.replicaAssignment();
        Map<String, org.apache.kafka.clients.admin.TopicDescription> existing =
                admin.describeTopics(TopicCollection.ofTopicNames(topics)).allTopicNames().get();
        Map<String, NewPartitions> newPartitions = new LinkedHashMap<>();
        for (String topic : topics) {
            int existingCount = existing.get(topic).partitions().size();
            List<List<Integer>> newAssignment = assignment.map(a -> a.entrySet().stream()
                    .filter(e -> e.getKey() >= existingCount).map(Map.Entry::getValue).toList()).orElse(null);
            newPartitions.put(topic, NewPartitions.increaseTo(partitions, newAssignment));
        }
        admin.createPartitions(newPartitions, new CreatePartitionsOptions().retryOnQuotaViolation(false)).all().get();
    }

    @Override
    public void deleteTopic(TopicCommandOptions opts) throws Exception {
        List<String> topics = topics(opts.topic(), opts.excludeInternalTopics());
        TopicService.ensureTopicExists(topics, opts.topic(), !opts.ifExists());
        if (topics.isEmpty()) {
            return;
        }
        admin.deleteTopics(TopicCollection.ofTopicNames(topics), new DeleteTopicsOptions().retryOnQuotaViolation(false))
                .all().get();
    }

    /** The topics of the cluster that {@code --topic} names (all without it), sorted. */
    private List<String> topics(Optional<String> topicRegex, boolean excludeInternalTopics) throws Exception {
        Set<String> all = admin.listTopics(new ListTopicsOptions().listInternal(!excludeInternalTopics)).names().get();
        return TopicFilter.filter(all, topicRegex.orElse(null), excludeInternalTopics);
    }

    /** The configurations of {@code topics}; empty when the cluster does not serve DescribeConfigs. */
    private Map<String, Config> describeConfigs(List<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        try {
            Map<String, Config> configs = new LinkedHashMap<>();
            admin.describeConfigs(resources).all().get().forEach((r, c) -> configs.put(r.name(), c));
            return configs;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                log.debug("The cluster does not serve DescribeConfigs; describing topics without their configs.", e);
                return Map.of();
            }
            throw e;
        }
    }

    private Map<TopicPartition, PartitionReassignment> listReassignments(
            java.util.Collection<org.apache.kafka.clients.admin.TopicDescription> descriptions) throws Exception {
        Set<TopicPartition> partitions = descriptions.stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
        if (partitions.isEmpty()) {
            return Map.of();
        }
        try {
            return admin.listPartitionReassignments(partitions).reassignments().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException
                    || e.getCause() instanceof ClusterAuthorizationException) {
                log.debug("Could not list partition reassignments; describing topics without them.", e);
                return Map.of();
            }
            throw e;
        }
    }

    private static Map<String, String> nonDefaultConfigs(Config config) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (config != null) {
            for (ConfigEntry entry : config.entries()) {
                if (!entry.isDefault()) {
                    overrides.put(entry.name(), entry.value());
                }
            }
        }
        return overrides;
    }

    private static Integer minIsr(Config config) {
        if (config == null) {
            return null;
        }
        ConfigEntry entry = config.get("min.insync.replicas");
        if (entry == null || entry.value() == null) {
            return null;
        }
        return Integer.parseInt(entry.value().trim());
    }

    private static List<Integer> ids(List<Node> nodes) {
        List<Integer> ids = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            ids.add(n.id());
        }
        return ids;
    }

    @Override
    public void close() {
        admin.close();
    }
}
