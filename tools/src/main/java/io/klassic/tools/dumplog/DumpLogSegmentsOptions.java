package io.klassic.tools.dumplog;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.OptionException;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;

import java.io.PrintStream;
import java.util.List;

/**
 * The command line of {@code kafka-dump-log.sh}, with Apache Kafka 3.9's flags, descriptions and defaults. Kafka's
 * {@code --transaction-log-decoder}, {@code --cluster-metadata-decoder} and {@code --remote-log-metadata-decoder}
 * are not offered: a ZooKeeper-mode Klassic broker writes neither transaction state, nor KRaft metadata, nor
 * tiered-storage metadata. Decoder class names are checked when the command line is parsed, not when the first
 * {@code .log} file is dumped.
 *
 * <p>Not thread-safe; built and read on the tool's thread.
 */
public final class DumpLogSegmentsOptions extends CommandOptions {
    static final String PURPOSE = "This tool helps to parse a log file and dump its contents to the console, useful "
        + "for debugging a seemingly corrupt log segment.";
    private static final String DEFAULT_DECODER = RecordDecoder.STRING.className();

    private final OptionSpec<Void> printOpt = parser.accepts("print-data-log", "If set, printing the messages content "
        + "when dumping data logs. Automatically set if any decoder option is specified.");
    private final OptionSpec<Void> verifyOpt = parser.accepts("verify-index-only",
        "If set, just verify the index log without printing its content.");
    private final OptionSpec<Void> indexSanityOpt = parser.accepts("index-sanity-check", "If set, just checks the "
        + "index sanity without printing its content. This is the same check that is executed on broker startup to "
        + "determine if an index needs rebuilding or not.");
    private final OptionSpec<String> filesOpt = parser.accepts("files",
            "REQUIRED: The comma separated list of data and index log files to be dumped.")
        .withRequiredArg().describedAs("file1, file2, ...").ofType(String.class);
    private final OptionSpec<Integer> maxMessageSizeOpt = parser.accepts("max-message-size", "Size of largest message.")
        .withRequiredArg().describedAs("size").ofType(Integer.class).defaultsTo(5 * 1024 * 1024);
    private final OptionSpec<Integer> maxBytesOpt = parser.accepts("max-bytes",
            "Limit the amount of total batches read in bytes avoiding reading the whole .log file(s).")
        .withRequiredArg().describedAs("size").ofType(Integer.class).defaultsTo(Integer.MAX_VALUE);
    private final OptionSpec<Void> deepIterationOpt = parser.accepts("deep-iteration",
        "If set, uses deep instead of shallow iteration. Automatically set if print-data-log is enabled.");
    private final OptionSpec<String> valueDecoderOpt = parser.accepts("value-decoder-class", "If set, used to "
            + "deserialize the messages. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom "
            + "jar should be available in kafka/libs directory.")
        .withOptionalArg().ofType(String.class).defaultsTo(DEFAULT_DECODER);
    private final OptionSpec<String> keyDecoderOpt = parser.accepts("key-decoder-class", "If set, used to deserialize "
            + "the keys. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom jar should be "
            + "available in kafka/libs directory.")
        .withOptionalArg().ofType(String.class).defaultsTo(DEFAULT_DECODER);
    private final OptionSpec<Void> offsetsOpt = parser.accepts("offsets-decoder",
        "If set, log data will be parsed as offset data from the __consumer_offsets topic.");
    private final OptionSpec<Void> skipRecordMetadataOpt = parser.accepts("skip-record-metadata",
        "Whether to skip printing metadata for each record.");

    private List<String> files;
    private int maxMessageSize;
    private int maxBytes;

    /**
     * Parses the command line.
     *
     * @throws UsageException for no arguments, {@code --help}, an unknown option, a missing {@code --files}, a
     *                        number that does not parse or a decoder class this tool cannot use
     * @throws io.klassic.tools.cli.ExitException with code 0 after printing the version for {@code --version}
     */
    public DumpLogSegmentsOptions parse(ToolIo io, String... args) {
        try {
            options = parser.parse(args);
        } catch (OptionException e) {
            throw new UsageException(e.getMessage());
        }
        if (args.length == 0) {
            throw new UsageException(PURPOSE);
        }
        maybePrintHelpOrVersion(io, PURPOSE);
        CommandLineUtils.checkRequiredArgs(options, filesOpt);
        try {
            files = List.of(options.valueOf(filesOpt).split(","));
            maxMessageSize = options.valueOf(maxMessageSizeOpt);
            maxBytes = options.valueOf(maxBytesOpt);
            if (!options.has(offsetsOpt)) {
                RecordDecoder.forClassName(options.valueOf(valueDecoderOpt));
                RecordDecoder.forClassName(options.valueOf(keyDecoderOpt));
            }
        } catch (OptionException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return this;
    }

    /** The files to dump, in the order given. */
    public List<String> files() {
        return files;
    }

    public boolean shouldPrintDataLog() {
        return options.has(printOpt) || options.has(offsetsOpt) || options.has(valueDecoderOpt)
            || options.has(keyDecoderOpt);
    }

    public boolean isDeepIteration() {
        return options.has(deepIterationOpt) || shouldPrintDataLog();
    }

    public boolean verifyOnly() {
        return options.has(verifyOpt);
    }

    public boolean indexSanityOnly() {
        return options.has(indexSanityOpt);
    }

    public boolean skipRecordMetadata() {
        return options.has(skipRecordMetadataOpt);
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /**
     * A new parser for the records of one {@code .log} file. As Kafka's tool, a deprecated decoder class name prints
     * its deprecation notice on {@code out} each time (value decoder first).
     */
    MessageParser messageParser(PrintStream out) {
        if (options.has(offsetsOpt)) {
            return new OffsetsMessageParser();
        }
        RecordDecoder valueDecoder = RecordDecoder.forClassName(options.valueOf(valueDecoderOpt), out);
        RecordDecoder keyDecoder = RecordDecoder.forClassName(options.valueOf(keyDecoderOpt), out);
        return new DecoderMessageParser(keyDecoder, valueDecoder);
    }
}
