package io.klassic.tools.consumer;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.OptionException;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.MessageFormatter;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command line of {@code kafka-console-consumer.sh}, with Apache Kafka 3.9's flags and checks, and the consumer
 * properties and formatter it makes.
 *
 * <p>Consumer properties: {@code --consumer.config} file, then {@code --consumer-property} entries, then
 * {@code auto.offset.reset} ({@code earliest} with {@code --from-beginning}, else {@code latest}, unless set —
 * and a set value other than {@code earliest} conflicts with {@code --from-beginning}), {@code bootstrap.servers},
 * {@code client.id=console-consumer} unless set, {@code isolation.level}, and the group id when one was given
 * ({@code --group}, or {@code group.id} in the properties; several different ones are an error). Without a group
 * the tool assigns itself the partitions (see {@link io.klassic.tools.ConsoleConsumer}).
 *
 * <p>Not thread-safe; built and read on the tool's thread.
 */
public final class ConsoleConsumerOptions extends CommandOptions {

    /** {@code --offset earliest}. */
    public static final long EARLIEST = -2L;
    /** {@code --offset latest}. */
    public static final long LATEST = -1L;

    private static final String DEFAULT_FORMATTER = DefaultMessageFormatter.class.getName();
    /** Apache Kafka's names of the default formatter, accepted for compatibility. */
    private static final Set<String> KAFKA_DEFAULT_FORMATTERS = Set.of("kafka.tools.DefaultMessageFormatter",
            "org.apache.kafka.tools.consumer.DefaultMessageFormatter");

    private final OptionSpec<String> topicOpt = parser.accepts("topic", "The topic to consume on.")
            .withRequiredArg().describedAs("topic").ofType(String.class);
    private final OptionSpec<String> whitelistOpt = parser.accepts("whitelist",
                    "DEPRECATED, use --include instead; ignored if --include specified. Regular expression specifying "
                            + "list of topics to include for consumption.")
            .withRequiredArg().describedAs("Java regex (String)").ofType(String.class);
    private final OptionSpec<String> includeOpt = parser.accepts("include",
                    "Regular expression specifying list of topics to include for consumption.")
            .withRequiredArg().describedAs("Java regex (String)").ofType(String.class);
    private final OptionSpec<Integer> partitionIdOpt = parser.accepts("partition",
                    "The partition to consume from. Consumption starts from the end of the partition unless "
                            + "'--offset' is specified.")
            .withRequiredArg().describedAs("partition").ofType(Integer.class);
    private final OptionSpec<String> offsetOpt = parser.accepts("offset",
                    "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or "
                            + "'latest' which means from end")
            .withRequiredArg().describedAs("consume offset").ofType(String.class).defaultsTo("latest");
    private final OptionSpec<String> consumerPropertyOpt = parser.accepts("consumer-property",
                    "A mechanism to pass user-defined properties in the form key=value to the consumer.")
            .withRequiredArg().describedAs("consumer_prop").ofType(String.class);
    private final OptionSpec<String> consumerConfigOpt = parser.accepts("consumer.config",
                    "Consumer config properties file. Note that " + consumerPropertyOpt
                            + " takes precedence over this config.")
            .withRequiredArg().describedAs("config file").ofType(String.class);
    private final OptionSpec<String> messageFormatterOpt = parser.accepts("formatter",
                    "The name of a class to use for formatting kafka messages for display.")
            .withRequiredArg().describedAs("class").ofType(String.class).defaultsTo(DEFAULT_FORMATTER);
    private final OptionSpec<String> messageFormatterArgOpt = parser.accepts("property",
                    "The properties to initialize the message formatter. Default properties include:\n"
                            + " print.timestamp=true|false\n"
                            + " print.key=true|false\n"
                            + " print.offset=true|false\n"
                            + " print.partition=true|false\n"
                            + " print.headers=true|false\n"
                            + " print.value=true|false\n"
                            + " key.separator=<key.separator>\n"
                            + " line.separator=<line.separator>\n"
                            + " headers.separator=<line.separator>\n"
                            + " null.literal=<null.literal>\n"
                            + " key.deserializer=<key.deserializer>\n"
                            + " value.deserializer=<value.deserializer>\n"
                            + " header.deserializer=<header.deserializer>\n"
                            + "Users can also pass in customized properties for their formatter; more specifically, "
                            + "users can pass in properties keyed with 'key.deserializer.', 'value.deserializer.' and "
                            + "'headers.deserializer.' prefixes to configure their deserializers.")
            .withRequiredArg().describedAs("prop").ofType(String.class);
    private final OptionSpec<String> messageFormatterConfigOpt = parser.accepts("formatter-config",
                    "Config properties file to initialize the message formatter. Note that " + messageFormatterArgOpt
                            + " takes precedence over this config.")
            .withRequiredArg().describedAs("config file").ofType(String.class);
    private final OptionSpec<Void> resetBeginningOpt = parser.accepts("from-beginning",
            "If the consumer does not already have an established offset to consume from, start with the earliest "
                    + "message present in the log rather than the latest message.");
    private final OptionSpec<Integer> maxMessagesOpt = parser.accepts("max-messages",
                    "The maximum number of messages to consume before exiting. If not set, consumption is continual.")
            .withRequiredArg().describedAs("num_messages").ofType(Integer.class);
    private final OptionSpec<Long> timeoutMsOpt = parser.accepts("timeout-ms",
                    "If specified, exit if no message is available for consumption for the specified interval.")
            .withRequiredArg().describedAs("timeout_ms").ofType(Long.class);
    private final OptionSpec<Void> skipMessageOnErrorOpt = parser.accepts("skip-message-on-error",
            "If there is an error when processing a message, skip it instead of halt.");
    private final OptionSpec<String> bootstrapServerOpt = parser.accepts("bootstrap-server",
                    "REQUIRED: The server(s) to connect to.")
            .withRequiredArg().describedAs("server to connect to").ofType(String.class);
    private final OptionSpec<String> keyDeserializerOpt = parser.accepts("key-deserializer")
            .withRequiredArg().describedAs("deserializer for key").ofType(String.class);
    private final OptionSpec<String> valueDeserializerOpt = parser.accepts("value-deserializer")
            .withRequiredArg().describedAs("deserializer for values").ofType(String.class);
    private final OptionSpec<String> isolationLevelOpt = parser.accepts("isolation-level",
                    "Set to read_committed in order to filter out transactional messages which are not committed. Set "
                            + "to read_uncommitted to read all messages.")
            .withRequiredArg().ofType(String.class).defaultsTo("read_uncommitted");
    private final OptionSpec<String> groupIdOpt = parser.accepts("group", "The consumer group id of the consumer.")
            .withRequiredArg().describedAs("consumer group id").ofType(String.class);

    private Properties consumerProps;
    private long offset;
    private MessageFormatter formatter;

    /**
     * Parses and checks {@code args}, then builds the consumer properties and the formatter.
     *
     * @throws UsageException   for a command line that does not parse or cannot be run
     * @throws ExitException    after {@code --version} (0), or for conflicting offset reset settings (1)
     * @throws OptionException  for a {@code --partition} that is not a number (as Kafka, uncaught)
     * @throws IOException      for a properties file that cannot be read
     */
    public ConsoleConsumerOptions parse(ToolIo io, String... args) throws IOException {
        try {
            options = parser.parse(args);
        } catch (OptionException e) {
            throw new UsageException(e.getMessage());
        }
        if (args.length == 0) {
            throw new UsageException("This tool helps to read data from Kafka topics and outputs it to standard output.");
        }
        maybePrintHelpOrVersion(io, "This tool helps to read data from Kafka topics and outputs it to standard output.");
        checkRequiredArgs();
        Properties fromFile = options.has(consumerConfigOpt)
                ? CommandLineUtils.loadProps(options.valueOf(consumerConfigOpt)) : new Properties();
        Properties extra = CommandLineUtils.parseKeyValueArgs(options.valuesOf(consumerPropertyOpt));
        Set<String> groupIds = checkConsumerGroup(fromFile, extra);
        consumerProps = buildConsumerProps(io, fromFile, extra, groupIds);
        offset = parseOffset();
        formatter = buildFormatter();
        return this;
    }

    private void checkRequiredArgs() {
        CommandLineUtils.checkRequiredArgs(options, bootstrapServerOpt);
        int topicOrFilter = (options.has(topicOpt) ? 1 : 0) + (includedTopicsArg().isPresent() ? 1 : 0);
        if (topicOrFilter != 1) {
            throw new UsageException("Exactly one of --include/--topic is required. "
                    + (options.has(whitelistOpt)
                    ? "--whitelist is DEPRECATED use --include instead; ignored if --include specified." : ""));
        }
        if (partitionArg().isPresent()) {
            if (!options.has(topicOpt)) {
                throw new UsageException("The topic is required when partition is specified.");
            }
            if (fromBeginning() && options.has(offsetOpt)) {
                throw new UsageException("Options from-beginning and offset cannot be specified together.");
            }
        } else if (options.has(offsetOpt)) {
            throw new UsageException("The partition is required when offset is specified.");
        }
    }

    private Set<String> checkConsumerGroup(Properties fromFile, Properties extra) {
        Set<String> groupIds = new LinkedHashSet<>();
        if (options.has(groupIdOpt)) {
            groupIds.add(options.valueOf(groupIdOpt));
        }
        if (extra.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            groupIds.add(extra.getProperty(ConsumerConfig.GROUP_ID_CONFIG));
        }
        if (fromFile.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            groupIds.add(fromFile.getProperty(ConsumerConfig.GROUP_ID_CONFIG));
        }
        if (groupIds.size() > 1) {
            throw new UsageException("The group ids provided in different places (directly using '--group', via "
                    + "'--consumer-property', or via '--consumer.config') do not match. Detected group ids: "
                    + groupIds.stream().map(g -> "'" + g + "'").collect(Collectors.joining(", ")));
        }
        if (options.has(groupIdOpt) && partitionArg().isPresent()) {
            throw new UsageException("Options group and partition cannot be specified together.");
        }
        return groupIds;
    }

    private Properties buildConsumerProps(ToolIo io, Properties fromFile, Properties extra, Set<String> groupIds) {
        Properties props = new Properties();
        props.putAll(fromFile);
        props.putAll(extra);
        setAutoOffsetResetValue(io, props);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.valueOf(bootstrapServerOpt));
        if (props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG) == null) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-consumer");
        }
        CommandLineUtils.maybeMergeOptions(props, ConsumerConfig.ISOLATION_LEVEL_CONFIG, options, isolationLevelOpt);
        if (!groupIds.isEmpty()) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupIds.iterator().next());
        }
        return props;
    }

    private void setAutoOffsetResetValue(ToolIo io, Properties props) {
        String key = ConsumerConfig.AUTO_OFFSET_RESET_CONFIG;
        if (props.containsKey(key)) {
            String reset = props.getProperty(key);
            if (fromBeginning() && !"earliest".equals(reset)) {
                io.err().println("Can't simultaneously specify --from-beginning and 'auto.offset.reset=" + reset
                        + "', please remove one option");
                throw new ExitException(1);
            }
        } else {
            props.put(key, fromBeginning() ? "earliest" : "latest");
        }
    }

    private long parseOffset() {
        if (options.has(offsetOpt)) {
            String raw = options.valueOf(offsetOpt);
            switch (raw.toLowerCase(Locale.ROOT)) {
                case "earliest":
                    return EARLIEST;
                case "latest":
                    return LATEST;
                default:
                    try {
                        long value = Long.parseLong(raw);
                        if (value >= 0) {
                            return value;
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw new UsageException("The provided offset value '" + raw + "' is incorrect. Valid values are "
                            + "'earliest', 'latest', or a non-negative long.");
            }
        }
        return fromBeginning() ? EARLIEST : LATEST;
    }

    private MessageFormatter buildFormatter() throws IOException {
        String className = options.valueOf(messageFormatterOpt);
        MessageFormatter f;
        if (KAFKA_DEFAULT_FORMATTERS.contains(className) || DEFAULT_FORMATTER.equals(className)) {
            f = new DefaultMessageFormatter();
        } else {
            try {
                f = (MessageFormatter) Class.forName(className).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new KafkaException("Cannot create the message formatter " + className + ": " + e, e);
            }
        }
        Properties args = options.has(messageFormatterConfigOpt)
                ? CommandLineUtils.loadProps(options.valueOf(messageFormatterConfigOpt)) : new Properties();
        args.putAll(CommandLineUtils.parseKeyValueArgs(options.valuesOf(messageFormatterArgOpt)));
        String keyDeserializer = options.valueOf(keyDeserializerOpt);
        if (keyDeserializer != null && !keyDeserializer.isEmpty()) {
            args.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer);
        }
        String valueDeserializer = options.valueOf(valueDeserializerOpt);
        if (valueDeserializer != null && !valueDeserializer.isEmpty()) {
            args.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        }
        Map<String, Object> config = new HashMap<>();
        args.forEach((k, v) -> config.put(k.toString(), v));
        f.configure(config);
        return f;
    }

    // ------------------------------------------------------------------------------------------ accessors

    public Properties consumerProps() {
        return consumerProps;
    }

    /** The group id, if one was given in any place. */
    public Optional<String> groupId() {
        return Optional.ofNullable(consumerProps.getProperty(ConsumerConfig.GROUP_ID_CONFIG));
    }

    public Optional<String> topicArg() {
        return Optional.ofNullable(options.valueOf(topicOpt));
    }

    /** {@code --include}, else the deprecated {@code --whitelist}. */
    public Optional<String> includedTopicsArg() {
        if (options.has(includeOpt)) {
            return Optional.of(options.valueOf(includeOpt));
        }
        return Optional.ofNullable(options.valueOf(whitelistOpt));
    }

    public OptionalInt partitionArg() {
        return options.has(partitionIdOpt) ? OptionalInt.of(options.valueOf(partitionIdOpt)) : OptionalInt.empty();
    }

    /** The start offset of {@code --partition}: {@link #EARLIEST}, {@link #LATEST} or an offset. */
    public long offsetArg() {
        return offset;
    }

    public boolean fromBeginning() {
        return options.has(resetBeginningOpt);
    }

    /** {@code --max-messages}, or -1 for no limit. */
    public int maxMessages() {
        return options.has(maxMessagesOpt) ? options.valueOf(maxMessagesOpt) : -1;
    }

    /** {@code --timeout-ms}, or -1 for none. */
    public long timeoutMs() {
        return options.has(timeoutMsOpt) ? options.valueOf(timeoutMsOpt) : -1;
    }

    public boolean skipMessageOnError() {
        return options.has(skipMessageOnErrorOpt);
    }

    public MessageFormatter formatter() {
        return formatter;
    }
}
