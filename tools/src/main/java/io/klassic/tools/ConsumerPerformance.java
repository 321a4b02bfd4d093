package io.klassic.tools;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * {@code bin/kafka-consumer-perf-test.sh}: consumes {@code --messages} records of {@code --topic} in group
 * {@code --group} and prints Apache Kafka's CSV line:
 *
 * <pre>
 * start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
 * 2026-11-25 18:20:01:123, 2026-11-25 18:20:02:456, 0.9537, 0.7155, 10000, 7501.8755, 312, 1021, 0.9341, 9794.3193
 * </pre>
 *
 * With {@code --show-detailed-stats}, one line per {@code --reporting-interval} instead (header {@code time,
 * threadId, ...}). When no record arrives for {@code --timeout} ms, it stops with Kafka's warning.
 *
 * <p>Exit 0 on success, 1 on a usage problem. Not thread-safe.
 */
public final class ConsumerPerformance {

    static final String HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
            + "nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    static final String DETAILED_HEADER = "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
            + "nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    private ConsumerPerformance() {
    }

    static final class Options extends CommandOptions {
        final OptionSpec<String> bootstrapServer = parser.accepts("bootstrap-server",
                        "REQUIRED. The server(s) to connect to.")
                .withRequiredArg().describedAs("server to connect to").ofType(String.class);
        final OptionSpec<String> topic = parser.accepts("topic", "REQUIRED: The topic to consume from.")
                .withRequiredArg().describedAs("topic").ofType(String.class);
        final OptionSpec<String> group = parser.accepts("group", "The group id to consume on.")
                .withRequiredArg().describedAs("gid").ofType(String.class)
                .defaultsTo("perf-consumer-" + new Random().nextInt(100_000));
        final OptionSpec<Long> messages = parser.accepts("messages", "REQUIRED: The number of messages to consume.")
                .withRequiredArg().describedAs("count").ofType(Long.class);
        final OptionSpec<Long> timeout = parser.accepts("timeout",
                        "The maximum allowed time in milliseconds between returned records.")
                .withRequiredArg().describedAs("milliseconds").ofType(Long.class).defaultsTo(10_000L);
        final OptionSpec<Integer> fetchSize = parser.accepts("fetch-size", "The amount of data to fetch in a single request.")
                .withRequiredArg().describedAs("size").ofType(Integer.class).defaultsTo(1024 * 1024);
        final OptionSpec<Void> fromLatest = parser.accepts("from-latest",
                "If the consumer does not already have an established offset to consume from, start with the latest "
                        + "message present in the log rather than the earliest message.");
        final OptionSpec<String> consumerConfig = parser.accepts("consumer.config", "Consumer config properties file.")
                .withRequiredArg().describedAs("config file").ofType(String.class);
        final OptionSpec<Void> showDetailedStats = parser.accepts("show-detailed-stats",
                "If set, stats are reported for each reporting interval as configured by reporting-interval");
        final OptionSpec<Integer> reportingInterval = parser.accepts("reporting-interval",
                        "Interval in milliseconds at which to print progress info.")
                .withRequiredArg().describedAs("interval_ms").ofType(Integer.class).defaultsTo(5000);
        final OptionSpec<String> dateFormat = parser.accepts("date-format",
                        "The date format to use for formatting the time field. See java.text.SimpleDateFormat for "
                                + "options.")
                .withRequiredArg().describedAs("date format").ofType(String.class).defaultsTo("yyyy-MM-dd HH:mm:ss:SSS");
        final OptionSpec<Void> hideHeader = parser.accepts("hide-header", "If set, skips printing the header for the stats");
        final OptionSpec<Void> printMetrics = parser.accepts("print-metrics", "Print out the metrics.");

        void parse(ToolIo io, String[] args) {
            options = parser.parse(args);
            if (args.length == 0) {
                throw new UsageException("This tool is used to verify the consumer performance.");
            }
            maybePrintHelpOrVersion(io, "This tool is used to verify the consumer performance.");
            CommandLineUtils.checkRequiredArgs(options, topic, messages, bootstrapServer);
            if (options.valueOf(reportingInterval) <= 0) {
                throw new IllegalArgumentException("Reporting interval must be greater than 0.");
            }
        }
    }

    public static void main(String... args) {
        System.exit(mainNoExit(ToolIo.system(), args));
    }

    public static int mainNoExit(ToolIo io, String... args) {
        Options opts = new Options();
        try {
            opts.parse(io, args);
        } catch (UsageException e) {
            return opts.printUsage(io, e);
        } catch (ExitException e) {
            return e.code();
        } catch (RuntimeException e) {
            io.err().println(e.getMessage());
            return 1;
        }
        try {
            run(io, opts);
            return 0;
        } catch (Exception e) {
            io.err().println("Error: " + e.getMessage());
            e.printStackTrace(io.err());
            return 1;
        }
    }

    /** One CSV line: the dates (or time and thread id), then the eight numbers. */
    static String line(String first, String second, long bytes, long count, long elapsedMs, long rebalanceMs,
                       long fetchMs) {
        double mb = bytes / (1024.0 * 1024.0);
        double secs = Math.max(1, elapsedMs) / 1000.0;
        double fetchSecs = Math.max(1, fetchMs) / 1000.0;
        return String.format("%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f", first, second, mb, mb / secs, count,
                count / secs, rebalanceMs, fetchMs, mb / fetchSecs, count / fetchSecs);
    }

    private static void run(ToolIo io, Options opts) throws Exception {
        var o = opts.options();
        Properties props = o.has(opts.consumerConfig) ? CommandLineUtils.loadProps(o.valueOf(opts.consumerConfig))
                : new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.valueOf(opts.bootstrapServer));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, o.valueOf(opts.group));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, o.valueOf(opts.fetchSize).toString());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, o.has(opts.fromLatest) ? "latest" : "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        SimpleDateFormat dates = new SimpleDateFormat(o.valueOf(opts.dateFormat));
        boolean detailed = o.has(opts.showDetailedStats);
        if (!o.has(opts.hideHeader)) {
            io.out().println(detailed ? DETAILED_HEADER : HEADER);
        }
        long target = o.valueOf(opts.messages);
        long timeoutMs = o.valueOf(opts.timeout);
        int interval = o.valueOf(opts.reportingInterval);
        long start = System.currentTimeMillis();
        long[] rebalance = {0, 0};
        long count = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            long joinStart = System.currentTimeMillis();
            consumer.subscribe(List.of(o.valueOf(opts.topic)), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    rebalance[0] += System.currentTimeMillis() - joinStart;
                }
            });
            long lastConsumed = System.currentTimeMillis();
            long lastReport = lastConsumed;
            long lastReportCount = 0;
            long lastReportBytes = 0;
            while (count < target && System.currentTimeMillis() - lastConsumed <= timeoutMs) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    lastConsumed = now;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    count++;
                    bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    if (detailed && now - lastReport >= interval) {
                        io.out().println(line(dates.format(now), "0", bytes - lastReportBytes, count - lastReportCount,
                                now - lastReport, rebalance[0], now - lastReport));
                        lastReport = now;
                        lastReportCount = count;
                        lastReportBytes = bytes;
                    }
                }
            }
            long end = System.currentTimeMillis();
            if (count < target) {
                io.out().println("WARNING: Exiting before consuming the expected number of messages: timeout ("
                        + timeoutMs + " ms) exceeded. You can use the --timeout option to increase the timeout.");
            }
            long elapsed = end - start;
            if (!detailed) {
                io.out().println(line(dates.format(start), dates.format(end), bytes, count, elapsed, rebalance[0],
                        Math.max(0, elapsed - rebalance[0])));
            }
            if (o.has(opts.printMetrics)) {
                PerfMetrics.print(io.out(), consumer.metrics());
            }
        }
    }
}
