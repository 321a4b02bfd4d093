package io.klassic.tools.producer;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.util.Properties;

/**
 * The command line of {@code kafka-console-producer.sh}, with Apache Kafka 3.9's flags and defaults, and the
 * producer and reader properties it makes:
 *
 * <ul>
 *   <li>producer: {@code --producer.config} file, then {@code --producer-property} entries, then
 *       {@code bootstrap.servers} (from {@code --bootstrap-server}, else the deprecated {@code --broker-list}),
 *       {@code compression.type} ({@code none}; {@code gzip} for a bare {@code --compression-codec}),
 *       {@code client.id=console-producer} unless set, byte-array serializers; then each tuning option
 *       ({@code --request-required-acks} → {@code acks}, {@code --timeout} → {@code linger.ms}, ...) when given,
 *       or its default when the property is not set;</li>
 *   <li>reader: {@code --reader-config} file, then {@code --property} entries.</li>
 * </ul>
 *
 * <p>Not thread-safe; built and read on the tool's thread.
 */
public final class ConsoleProducerOptions extends CommandOptions {

    private final OptionSpec<String> topicOpt = parser.accepts("topic", "REQUIRED: The topic id to produce messages to.")
            .withRequiredArg().describedAs("topic").ofType(String.class);
    private final OptionSpec<String> brokerListOpt = parser.accepts("broker-list",
                    "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.  The "
                            + "broker list string in the form HOST1:PORT1,HOST2:PORT2.")
            .withRequiredArg().describedAs("broker-list").ofType(String.class);
    private final OptionSpec<String> bootstrapServerOpt = parser.accepts("bootstrap-server",
                    "REQUIRED unless --broker-list (deprecated) is specified. The server(s) to connect to. The broker "
                            + "list string in the form HOST1:PORT1,HOST2:PORT2.")
            .withRequiredArg().describedAs("server to connect to").ofType(String.class);
    private final OptionSpec<Void> syncOpt = parser.accepts("sync",
            "If set message send requests to the brokers are synchronously, one at a time as they arrive.");
    private final OptionSpec<String> compressionCodecOpt = parser.accepts("compression-codec",
                    "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'. If specified without "
                            + "value, then it defaults to 'gzip'")
            .withOptionalArg().describedAs("compression-codec").ofType(String.class);
    private final OptionSpec<Integer> batchSizeOpt = parser.accepts("batch-size",
                    "Number of messages to send in a single batch if they are not being sent synchronously. please "
                            + "note that this option will be replaced if max-partition-memory-bytes is also set")
            .withRequiredArg().describedAs("size").ofType(Integer.class).defaultsTo(16 * 1024);
    private final OptionSpec<Integer> messageSendMaxRetriesOpt = parser.accepts("message-send-max-retries",
                    "Brokers can fail receiving the message for multiple reasons, and being unavailable transiently "
                            + "is just one of them. This property specifies the number of retries before the producer "
                            + "give up and drop this message. This is the option to control `retries` in producer "
                            + "configs.")
            .withRequiredArg().ofType(Integer.class).defaultsTo(3);
    private final OptionSpec<Long> retryBackoffMsOpt = parser.accepts("retry-backoff-ms",
                    "Before each retry, the producer refreshes the metadata of relevant topics. Since leader election "
                            + "takes a bit of time, this property specifies the amount of time that the producer waits "
                            + "before refreshing the metadata. This is the option to control `retry.backoff.ms` in "
                            + "producer configs.")
            .withRequiredArg().ofType(Long.class).defaultsTo(100L);
    private final OptionSpec<Long> sendTimeoutOpt = parser.accepts("timeout",
                    "If set and the producer is running in asynchronous mode, this gives the maximum amount of time a "
                            + "message will queue awaiting sufficient batch size. The value is given in ms. This is the "
                            + "option to control `linger.ms` in producer configs.")
            .withRequiredArg().describedAs("timeout_ms").ofType(Long.class).defaultsTo(1000L);
    private final OptionSpec<String> requestRequiredAcksOpt = parser.accepts("request-required-acks",
                    "The required `acks` of the producer requests")
            .withRequiredArg().describedAs("request required acks").ofType(String.class).defaultsTo("-1");
    private final OptionSpec<Integer> requestTimeoutMsOpt = parser.accepts("request-timeout-ms",
                    "The ack timeout of the producer requests. Value must be non-negative and non-zero.")
            .withRequiredArg().describedAs("request timeout ms").ofType(Integer.class).defaultsTo(1500);
    private final OptionSpec<Long> metadataExpiryMsOpt = parser.accepts("metadata-expiry-ms",
                    "The period of time in milliseconds after which we force a refresh of metadata even if we haven't "
                            + "seen any leadership changes. This is the option to control `metadata.max.age.ms` in "
                            + "producer configs.")
            .withRequiredArg().describedAs("metadata expiration interval").ofType(Long.class).defaultsTo(5 * 60 * 1000L);
    private final OptionSpec<Long> maxBlockMsOpt = parser.accepts("max-block-ms",
                    "The max time that the producer will block for during a send request.")
            .withRequiredArg().describedAs("max block on send").ofType(Long.class).defaultsTo(60 * 1000L);
    private final OptionSpec<Long> maxMemoryBytesOpt = parser.accepts("max-memory-bytes",
                    "The total memory used by the producer to buffer records waiting to be sent to the server. This is "
                            + "the option to control `buffer.memory` in producer configs.")
            .withRequiredArg().describedAs("total memory in bytes").ofType(Long.class).defaultsTo(32 * 1024 * 1024L);
    private final OptionSpec<Integer> maxPartitionMemoryBytesOpt = parser.accepts("max-partition-memory-bytes",
                    "The buffer size allocated for a partition. When records are received which are smaller than "
                            + "this size the producer will attempt to optimistically group them together until this "
                            + "size is reached. This is the option to control `batch.size` in producer configs.")
            .withRequiredArg().describedAs("memory in bytes per partition").ofType(Integer.class).defaultsTo(16 * 1024);
    private final OptionSpec<Integer> socketBufferSizeOpt = parser.accepts("socket-buffer-size",
                    "The size of the tcp RECV size. This is the option to control `send.buffer.bytes` in producer "
                            + "configs.")
            .withRequiredArg().describedAs("size").ofType(Integer.class).defaultsTo(1024 * 100);
    private final OptionSpec<String> propertyOpt = parser.accepts("property",
                    "A mechanism to pass user-defined properties in the form key=value to the message reader. This "
                            + "allows custom configuration for a user-defined message reader.\n"
                            + "Default properties include:\n"
                            + " parse.key=false\n"
                            + " parse.headers=false\n"
                            + " ignore.error=false\n"
                            + " key.separator=\\t\n"
                            + " headers.delimiter=\\t\n"
                            + " headers.separator=,\n"
                            + " headers.key.separator=:\n"
                            + " null.marker=   When set, any fields (key, value and headers) equal to this will be "
                            + "replaced by null\n"
                            + "Default parsing pattern when:\n"
                            + " parse.headers=true and parse.key=true:\n"
                            + "  \"h1:v1,h2:v2...\\tkey\\tvalue\"\n"
                            + " parse.key=true:\n"
                            + "  \"key\\tvalue\"\n"
                            + " parse.headers=true:\n"
                            + "  \"h1:v1,h2:v2...\\tvalue\"")
            .withRequiredArg().describedAs("prop").ofType(String.class);
    private final OptionSpec<String> readerConfigOpt = parser.accepts("reader-config",
                    "Config properties file for the message reader. Note that " + propertyOpt
                            + " takes precedence over this config.")
            .withRequiredArg().describedAs("config file").ofType(String.class);
    private final OptionSpec<String> producerPropertyOpt = parser.accepts("producer-property",
                    "A mechanism to pass user-defined properties in the form key=value to the producer. ")
            .withRequiredArg().describedAs("producer_prop").ofType(String.class);
    private final OptionSpec<String> producerConfigOpt = parser.accepts("producer.config",
                    "Producer config properties file. Note that " + producerPropertyOpt
                            + " takes precedence over this config.")
            .withRequiredArg().describedAs("config file").ofType(String.class);

    public ConsoleProducerOptions() {
        parser.requiredUnless(bootstrapServerOpt, brokerListOpt);
    }

    /**
     * Parses and checks {@code args}.
     *
     * @throws UsageException                     for a command line that does not parse or cannot be run
     * @throws io.klassic.tools.cli.ExitException after {@code --version}
     */
    public ConsoleProducerOptions parse(ToolIo io, String... args) {
        try {
            options = parser.parse(args);
        } catch (io.klassic.tools.cli.OptionException e) {
            throw new UsageException(e.getMessage());
        }
        maybePrintHelpOrVersion(io, "This tool helps to read data from standard input and publish it to Kafka.");
        CommandLineUtils.checkRequiredArgs(options, topicOpt);
        validatePortOrDie(brokerHostsAndPorts());
        return this;
    }

    /** Kafka's check that every entry of a server list is {@code host:port}. */
    static void validatePortOrDie(String hostPorts) {
        boolean valid = !hostPorts.isEmpty();
        for (String hostPort : hostPorts.split(",")) {
            String hp = hostPort.trim();
            int colon = hp.lastIndexOf(':');
            if (colon <= 0 || colon == hp.length() - 1 || !hp.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                valid = false;
            }
        }
        if (!valid) {
            throw new UsageException("Please provide valid host:port like host1:9091,host2:9092\n ");
        }
    }

    private String brokerHostsAndPorts() {
        return options.has(bootstrapServerOpt) ? options.valueOf(bootstrapServerOpt) : options.valueOf(brokerListOpt);
    }

    public String topic() {
        return options.valueOf(topicOpt);
    }

    public boolean sync() {
        return options.has(syncOpt);
    }

    /** {@code none} without the option, {@code gzip} for the bare option, else its argument. */
    public String compressionCodec() {
        if (!options.has(compressionCodecOpt)) {
            return "none";
        }
        String codec = options.valueOf(compressionCodecOpt);
        return codec == null || codec.isEmpty() ? "gzip" : codec;
    }

    /** The properties of the message reader. */
    public Properties readerProps() throws IOException {
        Properties props = options.has(readerConfigOpt) ? CommandLineUtils.loadProps(options.valueOf(readerConfigOpt))
                : new Properties();
        props.putAll(CommandLineUtils.parseKeyValueArgs(options.valuesOf(propertyOpt)));
        props.put("topic", topic());
        return props;
    }

    /** The properties of the producer. */
    public Properties producerProps() throws IOException {
        Properties props = options.has(producerConfigOpt)
                ? CommandLineUtils.loadProps(options.valueOf(producerConfigOpt)) : new Properties();
        props.putAll(CommandLineUtils.parseKeyValueArgs(options.valuesOf(producerPropertyOpt)));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokerHostsAndPorts());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionCodec());
        if (props.getProperty(ProducerConfig.CLIENT_ID_CONFIG) == null) {
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "console-producer");
        }
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer");
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer");
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.LINGER_MS_CONFIG, options, sendTimeoutOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.ACKS_CONFIG, options, requestRequiredAcksOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, options, requestTimeoutMsOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.RETRIES_CONFIG, options, messageSendMaxRetriesOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.RETRY_BACKOFF_MS_CONFIG, options, retryBackoffMsOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.SEND_BUFFER_CONFIG, options, socketBufferSizeOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.BUFFER_MEMORY_CONFIG, options, maxMemoryBytesOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.BATCH_SIZE_CONFIG, options, batchSizeOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.BATCH_SIZE_CONFIG, options, maxPartitionMemoryBytesOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.METADATA_MAX_AGE_CONFIG, options, metadataExpiryMsOpt);
        CommandLineUtils.maybeMergeOptions(props, ProducerConfig.MAX_BLOCK_MS_CONFIG, options, maxBlockMsOpt);
        return props;
    }
}
