package io.klassic.tools.topic;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The command line of {@code kafka-topics.sh}: Apache Kafka 3.9's flags and checks, plus the classic
 * {@code --zookeeper host:port[/chroot]} of Kafka 2.x, which reads and writes the topic znodes directly instead
 * of going through a broker.
 *
 * <p>Checks, in Kafka's order: no arguments or {@code --help} print the help screen; exactly one action
 * ({@code --list}, {@code --describe}, {@code --create}, {@code --alter}, {@code --delete}); a connection
 * ({@code --bootstrap-server} or {@code --zookeeper}, not both); {@code --topic} for create, alter and delete;
 * {@code --partitions} for alter (with {@code --zookeeper}, {@code --config}/{@code --delete-config} will do
 * instead, as in Kafka 2.x); with {@code --zookeeper}, {@code --partitions} and {@code --replication-factor} for
 * create unless {@code --replica-assignment} is given; then the options that do not go with the action.
 *
 * <p>Not thread-safe; built and read on the tool's thread.
 */
public final class TopicCommandOptions extends CommandOptions {

    /** The topic-level configuration keys, listed under {@code --config} in the help screen. */
    static final List<String> TOPIC_CONFIG_NAMES = List.of(
            "cleanup.policy", "compression.gzip.level", "compression.lz4.level", "compression.type",
            "compression.zstd.level", "delete.retention.ms", "file.delete.delay.ms", "flush.messages", "flush.ms",
            "follower.replication.throttled.replicas", "index.interval.bytes",
            "leader.replication.throttled.replicas", "local.retention.bytes", "local.retention.ms",
            "max.compaction.lag.ms", "max.message.bytes", "message.downconversion.enable",
            "message.format.version", "message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
            "message.timestamp.difference.max.ms", "message.timestamp.type", "min.cleanable.dirty.ratio",
            "min.compaction.lag.ms", "min.insync.replicas", "preallocate", "remote.log.copy.disable",
            "remote.log.delete.on.disable", "remote.storage.enable", "retention.bytes", "retention.ms",
            "segment.bytes", "segment.index.bytes", "segment.jitter.ms", "segment.ms",
            "unclean.leader.election.enable");

    private static final String ALTER_CONFIGS_HINT =
            " (the kafka-configs CLI supports altering topic configs with a --bootstrap-server option)";

    private final OptionSpec<String> bootstrapServerOpt = parser.accepts("bootstrap-server",
                    "REQUIRED unless --zookeeper is given: the Kafka server(s) to connect to, "
                            + "HOST1:PORT1,HOST2:PORT2.")
            .withRequiredArg().describedAs("server to connect to").ofType(String.class);
    private final OptionSpec<String> zkConnectOpt = parser.accepts("zookeeper",
                    "DEPRECATED, the connection string for the ZooKeeper connection in the form host:port[/chroot]. "
                            + "Multiple hosts can be given to allow fail-over. The tool then reads and writes the "
                            + "topic znodes directly instead of asking a broker.")
            .withRequiredArg().describedAs("hosts").ofType(String.class);
    private final OptionSpec<String> commandConfigOpt = parser.accepts("command-config",
                    "Property file containing configs to be passed to the Admin Client. Used only with "
                            + "--bootstrap-server.")
            .withRequiredArg().describedAs("command config property file").ofType(String.class);
    private final OptionSpec<Void> listOpt = parser.accepts("list", "List all available topics.");
    private final OptionSpec<Void> createOpt = parser.accepts("create", "Create a new topic.");
    private final OptionSpec<Void> deleteOpt = parser.accepts("delete", "Delete a topic");
    private final OptionSpec<Void> alterOpt = parser.accepts("alter",
            "Alter the number of partitions and replica assignment. Update the configuration of an existing "
                    + "topic via --alter is no longer supported here" + ALTER_CONFIGS_HINT + ".");
    private final OptionSpec<Void> describeOpt = parser.accepts("describe", "List details for the given topics.");
    private final OptionSpec<String> topicOpt = parser.accepts("topic",
                    "The topic to create, alter, describe or delete. It also accepts a regular expression, except "
                            + "for --create. Put the topic name in double quotes and use the '\\' prefix to escape "
                            + "regular expression symbols; e.g. \"test\\.topic\".")
            .withRequiredArg().describedAs("topic").ofType(String.class);
    private final OptionSpec<String> topicIdOpt = parser.accepts("topic-id",
                    "The topic-id to describe. Used only with --bootstrap-server for describing topics.")
            .withRequiredArg().describedAs("topic-id").ofType(String.class);
    private final OptionSpec<String> configOpt = parser.accepts("config",
                    "A topic configuration override for the topic being created. The following is a "
                            + "list of valid configurations: \n\t" + String.join("\n\t", TOPIC_CONFIG_NAMES) + "\n"
                            + "See the Kafka documentation for full details on the topic configs. It is supported only "
                            + "in combination with --create" + ALTER_CONFIGS_HINT + ".")
            .withRequiredArg().describedAs("name=value").ofType(String.class);
    private final OptionSpec<String> deleteConfigOpt = parser.accepts("delete-config",
                    "A topic configuration override to be removed for an existing topic (see the list of "
                            + "configurations under the --config option). Not supported with the "
                            + "--bootstrap-server option.")
            .withRequiredArg().describedAs("name").ofType(String.class);
    private final OptionSpec<Integer> partitionsOpt = parser.accepts("partitions",
                    "The number of partitions for the topic being created or altered (WARNING: If partitions are "
                            + "increased for a topic that has a key, the partition logic or ordering of the "
                            + "messages will be affected). If not supplied for create, defaults to the cluster "
                            + "default.")
            .withRequiredArg().describedAs("# of partitions").ofType(Integer.class);
    private final OptionSpec<Integer> replicationFactorOpt = parser.accepts("replication-factor",
                    "The replication factor for each partition in the topic being created. If not supplied, "
                            + "defaults to the cluster default.")
            .withRequiredArg().describedAs("replication factor").ofType(Integer.class);
    private final OptionSpec<String> replicaAssignmentOpt = parser.accepts("replica-assignment",
                    "A list of manual partition-to-broker assignments for the topic being created or altered.")
            .withRequiredArg().describedAs("broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , "
                    + "broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ...")
            .ofType(String.class);
    private final OptionSpec<Void> reportUnderReplicatedPartitionsOpt = parser.accepts("under-replicated-partitions",
            "if set when describing topics, only show under replicated partitions");
    private final OptionSpec<Void> reportUnavailablePartitionsOpt = parser.accepts("unavailable-partitions",
            "if set when describing topics, only show partitions whose leader is not available");
    private final OptionSpec<Void> reportUnderMinIsrPartitionsOpt = parser.accepts("under-min-isr-partitions",
            "if set when describing topics, only show partitions whose isr count is less than the configured "
                    + "minimum.");
    private final OptionSpec<Void> reportAtMinIsrPartitionsOpt = parser.accepts("at-min-isr-partitions",
            "if set when describing topics, only show partitions whose isr count is equal to the configured "
                    + "minimum.");
    private final OptionSpec<Void> topicsWithOverridesOpt = parser.accepts("topics-with-overrides",
            "if set when describing topics, only show topics that have overridden configs");
    private final OptionSpec<Void> ifExistsOpt = parser.accepts("if-exists",
            "if set when altering or deleting or describing topics, the action will only execute if the topic "
                    + "exists.");
    private final OptionSpec<Void> ifNotExistsOpt = parser.accepts("if-not-exists",
            "if set when creating topics, the action will only execute if the topic does not already exist.");
    private final OptionSpec<Void> disableRackAwareOpt = parser.accepts("disable-rack-aware",
            "Disable rack aware replica assignment (with --zookeeper, when creating topics or adding partitions).");
    private final OptionSpec<Void> excludeInternalTopicOpt = parser.accepts("exclude-internal",
            "exclude internal topics when running list or describe command. The internal topics will be listed "
                    + "by default");
    private final OptionSpec<Integer> partitionSizeLimitPerResponseOpt = parser.accepts(
                    "partition-size-limit-per-response",
                    "the maximum partition size to be included in one DescribeTopicPartitions response.")
            .withRequiredArg().describedAs("maximum number of partitions in one response.").ofType(Integer.class);

    private final List<OptionSpec<?>> allTopicLevelOpts =
            List.of(alterOpt, createOpt, describeOpt, listOpt, deleteOpt);
    private final List<OptionSpec<?>> allReplicationReportOpts = List.of(reportUnderReplicatedPartitionsOpt,
            reportUnderMinIsrPartitionsOpt, reportAtMinIsrPartitionsOpt, reportUnavailablePartitionsOpt);

    /**
     * Parses and checks {@code args}.
     *
     * @throws io.klassic.tools.cli.OptionException for a command line that does not parse
     * @throws UsageException                       for one that cannot be run (printed with the help screen)
     * @throws io.klassic.tools.cli.ExitException   after {@code --version}
     * @throws IllegalArgumentException             when neither or both of --bootstrap-server and --zookeeper
     */
    public TopicCommandOptions parse(ToolIo io, String... args) {
        options = parser.parse(args);
        if (args.length == 0) {
            throw new UsageException("Create, delete, describe, or change a topic.");
        }
        maybePrintHelpOrVersion(io, "This tool helps to create, delete, describe, or change a topic.");
        checkArgs(io);
        return this;
    }

    private void checkArgs(ToolIo io) {
        long actions = allTopicLevelOpts.stream().filter(options::has).count();
        if (actions != 1) {
            throw new UsageException(
                    "Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        }
        checkRequiredArgs(io);
        checkInvalidArgs();
    }

    private void checkRequiredArgs(ToolIo io) {
        if (options.has(bootstrapServerOpt) && options.has(zkConnectOpt)) {
            throw new IllegalArgumentException("Only one of --bootstrap-server or --zookeeper must be specified");
        }
        if (!options.has(bootstrapServerOpt) && !options.has(zkConnectOpt)) {
            throw new IllegalArgumentException("--bootstrap-server must be specified");
        }
        if (options.has(describeOpt) && options.has(ifExistsOpt)) {
            if (!options.has(topicOpt) && !options.has(topicIdOpt)) {
                throw new UsageException("--topic or --topic-id is required to describe a topic");
            }
            if (options.has(topicOpt) && options.has(topicIdOpt)) {
                io.out().println("Only topic id will be used when both --topic and --topic-id are specified and "
                        + "topicId is not Uuid.ZERO_UUID");
            }
        }
        if (!options.has(listOpt) && !options.has(describeOpt)) {
            CommandLineUtils.checkRequiredArgs(options, topicOpt);
        }
        if (options.has(createOpt) && !options.has(replicaAssignmentOpt) && options.has(zkConnectOpt)) {
            CommandLineUtils.checkRequiredArgs(options, partitionsOpt, replicationFactorOpt);
        }
        if (options.has(alterOpt)) {
            CommandLineUtils.checkInvalidArgsSet(options, List.of(bootstrapServerOpt, configOpt), List.of(alterOpt),
                    ALTER_CONFIGS_HINT);
            if (options.has(bootstrapServerOpt) || !(options.has(configOpt) || options.has(deleteConfigOpt))) {
                CommandLineUtils.checkRequiredArgs(options, partitionsOpt);
            }
        }
    }

    private void checkInvalidArgs() {
        CommandLineUtils.checkInvalidArgs(options, configOpt, invalidOptions(List.of(alterOpt, createOpt)));
        CommandLineUtils.checkInvalidArgs(options, deleteConfigOpt,
                invalidOptions(List.of(bootstrapServerOpt), List.of(alterOpt)));
        CommandLineUtils.checkInvalidArgs(options, partitionsOpt, invalidOptions(List.of(alterOpt, createOpt)));
        CommandLineUtils.checkInvalidArgs(options, replicationFactorOpt, invalidOptions(List.of(createOpt)));
        CommandLineUtils.checkInvalidArgs(options, replicaAssignmentOpt, invalidOptions(List.of(alterOpt, createOpt)));
        if (options.has(createOpt)) {
            CommandLineUtils.checkInvalidArgs(options, replicaAssignmentOpt,
                    List.of(partitionsOpt, replicationFactorOpt));
        }
        for (OptionSpec<?> report : allReplicationReportOpts) {
            CommandLineUtils.checkInvalidArgs(options, report,
                    invalidOptions(List.of(topicsWithOverridesOpt), List.of(describeOpt, report)));
        }
        CommandLineUtils.checkInvalidArgs(options, topicsWithOverridesOpt,
                invalidOptions(allReplicationReportOpts, List.of(describeOpt)));
        CommandLineUtils.checkInvalidArgs(options, ifExistsOpt, invalidOptions(List.of(alterOpt, deleteOpt, describeOpt)));
        CommandLineUtils.checkInvalidArgs(options, ifNotExistsOpt, invalidOptions(List.of(createOpt)));
        CommandLineUtils.checkInvalidArgs(options, disableRackAwareOpt, invalidOptions(List.of(createOpt, alterOpt)));
        CommandLineUtils.checkInvalidArgs(options, disableRackAwareOpt, List.of(bootstrapServerOpt));
        CommandLineUtils.checkInvalidArgs(options, excludeInternalTopicOpt, invalidOptions(List.of(listOpt, describeOpt)));
        CommandLineUtils.checkInvalidArgs(options, topicIdOpt, List.of(zkConnectOpt));
    }

    /** The actions other than {@code allowed}. */
    private List<OptionSpec<?>> invalidOptions(List<OptionSpec<?>> allowed) {
        return invalidOptions(List.of(), allowed);
    }

    /** {@code extra}, then the actions other than {@code allowed}. */
    private List<OptionSpec<?>> invalidOptions(List<? extends OptionSpec<?>> extra, List<OptionSpec<?>> allowed) {
        Set<OptionSpec<?>> invalid = new LinkedHashSet<>(extra);
        for (OptionSpec<?> action : allTopicLevelOpts) {
            if (!allowed.contains(action)) {
                invalid.add(action);
            }
        }
        return new ArrayList<>(invalid);
    }

    // ------------------------------------------------------------------------------------------ accessors

    public boolean hasCreateOption() {
        return options.has(createOpt);
    }

    public boolean hasAlterOption() {
        return options.has(alterOpt);
    }

    public boolean hasListOption() {
        return options.has(listOpt);
    }

    public boolean hasDescribeOption() {
        return options.has(describeOpt);
    }

    public boolean hasDeleteOption() {
        return options.has(deleteOpt);
    }

    public Optional<String> bootstrapServer() {
        return Optional.ofNullable(options.valueOf(bootstrapServerOpt));
    }

    public Optional<String> zkConnect() {
        return Optional.ofNullable(options.valueOf(zkConnectOpt));
    }

    /** The properties of {@code --command-config}, empty without it. */
    public Properties commandConfig() throws IOException {
        return options.has(commandConfigOpt) ? CommandLineUtils.loadProps(options.valueOf(commandConfigOpt))
                : new Properties();
    }

    public Optional<String> topic() {
        return Optional.ofNullable(options.valueOf(topicOpt));
    }

    public Optional<String> topicId() {
        return Optional.ofNullable(options.valueOf(topicIdOpt));
    }

    public Optional<Integer> partitions() {
        return Optional.ofNullable(options.valueOf(partitionsOpt));
    }

    public Optional<Integer> replicationFactor() {
        return Optional.ofNullable(options.valueOf(replicationFactorOpt));
    }

    /** The parsed {@code --replica-assignment}, if given. */
    public Optional<Map<Integer, List<Integer>>> replicaAssignment() {
        if (!options.has(replicaAssignmentOpt)) {
            return Optional.empty();
        }
        return Optional.of(ReplicaAssignmentParser.parse(options.valueOf(replicaAssignmentOpt)));
    }

    /**
     * The {@code --config} overrides in order, each {@code name=value} (white space around {@code =} ignored).
     *
     * @throws IllegalArgumentException for an entry that is not {@code name=value}
     */
    public Map<String, String> topicConfig() {
        Map<String, String> configs = new LinkedHashMap<>();
        for (String entry : options.valuesOf(configOpt)) {
            String[] kv = entry.split("\\s*=\\s*");
            if (kv.length != 2) {
                throw new IllegalArgumentException("requirement failed: Invalid topic config: all configs to be "
                        + "added must be in the format \"key=val\".");
            }
            configs.put(kv[0].trim(), kv[1].trim());
        }
        return configs;
    }

    /** The {@code --delete-config} names. */
    public List<String> configsToDelete() {
        return options.valuesOf(deleteConfigOpt).stream().map(String::trim).toList();
    }

    /** Whether {@code --config} or {@code --delete-config} was given. */
    public boolean hasConfigChanges() {
        return options.has(configOpt) || options.has(deleteConfigOpt);
    }

    public boolean reportUnderReplicatedPartitions() {
        return options.has(reportUnderReplicatedPartitionsOpt);
    }

    public boolean reportUnavailablePartitions() {
        return options.has(reportUnavailablePartitionsOpt);
    }

    public boolean reportUnderMinIsrPartitions() {
        return options.has(reportUnderMinIsrPartitionsOpt);
    }

    public boolean reportAtMinIsrPartitions() {
        return options.has(reportAtMinIsrPartitionsOpt);
    }

    public boolean reportOverriddenConfigs() {
        return options.has(topicsWithOverridesOpt);
    }

    public boolean ifExists() {
        return options.has(ifExistsOpt);
    }

    public boolean ifNotExists() {
        return options.has(ifNotExistsOpt);
    }

    public boolean disableRackAware() {
        return options.has(disableRackAwareOpt);
    }

    public boolean excludeInternalTopics() {
        return options.has(excludeInternalTopicOpt);
    }

    public Optional<Integer> partitionSizeLimitPerResponse() {
        return Optional.ofNullable(options.valueOf(partitionSizeLimitPerResponseOpt));
    }
}
