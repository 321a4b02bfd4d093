package io.klassic.tools;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import io.klassic.tools.perf.PerfStats;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * {@code bin/kafka-producer-perf-test.sh}: sends {@code --num-records} records of {@code --record-size} random
 * bytes (letters A-Z, as Kafka's tool) to {@code --topic}, at most {@code --throughput} records/s (-1: no limit),
 * printing a line every 5 s and a summary in Apache Kafka's formats ({@link PerfStats}). Producer settings come
 * from {@code --producer-props k=v ...} (several values may follow the flag, as with Kafka's tool) and/or
 * {@code --producer.config file}; {@code --print-metrics} prints the producer's metrics at the end.
 *
 * <p>Exit 0 on success, 1 on a usage problem (message and help screen on standard error). Not thread-safe.
 */
public final class ProducerPerformance {

    private ProducerPerformance() {
    }

    static final class Options extends CommandOptions {
        final OptionSpec<String> topic = parser.accepts("topic", "REQUIRED: produce messages to this topic")
                .withRequiredArg().describedAs("TOPIC").ofType(String.class);
        final OptionSpec<Long> numRecords = parser.accepts("num-records", "REQUIRED: number of messages to produce")
                .withRequiredArg().describedAs("NUM-RECORDS").ofType(Long.class);
        final OptionSpec<Integer> recordSize = parser.accepts("record-size", "message size in bytes.")
                .withRequiredArg().describedAs("RECORD-SIZE").ofType(Integer.class);
        final OptionSpec<Double> throughput = parser.accepts("throughput",
                        "REQUIRED: throttle maximum message throughput to *approximately* THROUGHPUT messages/sec. "
                                + "Set this to -1 to disable throttling.")
                .withRequiredArg().describedAs("THROUGHPUT").ofType(Double.class);
        final OptionSpec<String> producerProps = parser.accepts("producer-props",
                        "kafka producer related configuration properties like bootstrap.servers,client.id etc. These "
                                + "configs take precedence over those passed via --producer.config.")
                .withRequiredArg().describedAs("PROP-NAME=PROP-VALUE").ofType(String.class);
        final OptionSpec<String> producerConfig = parser.accepts("producer.config", "producer config properties file.")
                .withRequiredArg().describedAs("CONFIG-FILE").ofType(String.class);
        final OptionSpec<Void> printMetrics = parser.accepts("print-metrics", "print out metrics at the end of the test.");

        void parse(ToolIo io, String[] args) {
            options = parser.parse(expandMultiValued(args, "--producer-props"));
            if (args.length == 0) {
                throw new UsageException("This tool is used to verify the producer performance.");
            }
            maybePrintHelpOrVersion(io, "This tool is used to verify the producer performance.");
            CommandLineUtils.checkRequiredArgs(options, topic, numRecords, recordSize, throughput);
            if (!options.has(producerProps) && !options.has(producerConfig)) {
                throw new UsageException("Either --producer-props or --producer.config must be specified.");
            }
            if (options.valueOf(recordSize) <= 0) {
                throw new UsageException("--record-size must be positive, got " + options.valueOf(recordSize));
            }
        }
    }

    /** Rewrites {@code --flag a b c} (values up to the next option) into {@code --flag a --flag b --flag c}. */
    static String[] expandMultiValued(String[] args, String flag) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            out.add(args[i]);
            if (args[i].equals(flag)) {
                boolean first = true;
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    if (!first) {
                        out.add(flag);
                    }
                    out.add(args[++i]);
                    first = false;
                }
            }
        }
        return out.toArray(new String[0]);
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

    private static void run(ToolIo io, Options opts) throws Exception {
        Properties props = opts.options().has(opts.producerConfig)
                ? CommandLineUtils.loadProps(opts.options().valueOf(opts.producerConfig)) : new Properties();
        props.putAll(CommandLineUtils.parseKeyValueArgs(opts.options().valuesOf(opts.producerProps)));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String topic = opts.options().valueOf(opts.topic);
        long numRecords = opts.options().valueOf(opts.numRecords);
        int size = opts.options().valueOf(opts.recordSize);
        double throughput = opts.options().valueOf(opts.throughput);
        byte[] payload = new byte[size];
        Random random = new Random(0);
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (random.nextInt(26) + 65);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.currentTimeMillis();
            PerfStats stats = new PerfStats(numRecords, start);
            for (long i = 0; i < numRecords; i++) {
                long sendStart = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(topic, payload), (metadata, exception) -> {
                    long now = System.currentTimeMillis();
                    if (exception != null) {
                        exception.printStackTrace(io.err());
                        return;
                    }
                    String line = stats.record((int) (now - sendStart), size, now, 5_000);
                    if (line != null) {
                        io.out().println(line);
                    }
                });
                if (throughput > 0) {
                    long expectedMs = (long) ((i + 1) * 1000.0 / throughput);
                    long aheadMs = expectedMs - (System.currentTimeMillis() - start);
                    if (aheadMs > 0) {
                        Thread.sleep(aheadMs);
                    }
                }
            }
            producer.flush();
            io.out().println(stats.summary(System.currentTimeMillis()));
            if (opts.options().has(opts.printMetrics)) {
                PerfMetrics.print(io.out(), producer.metrics());
            }
        }
    }
}
