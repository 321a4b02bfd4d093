package io.klassic.tools;

import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import io.klassic.tools.consumer.ConsoleConsumerOptions;
import io.klassic.tools.consumer.ConsumerWrapper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.MessageFormatter;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code bin/kafka-console-consumer.sh}: prints the records of a topic on standard output, with Apache Kafka 3.9's
 * flags and output ({@link io.klassic.tools.consumer.DefaultMessageFormatter}). Without a group id it assigns
 * itself the topic's partitions rather than joining a throw-away group (see {@link ConsumerWrapper}).
 *
 * <p>It stops after {@code --max-messages} records, when no record arrives within {@code --timeout-ms} (logged at
 * ERROR as Kafka does), or on Ctrl-C (a shutdown hook wakes the consumer up and waits for the tool to finish), and
 * then prints {@code Processed a total of N messages} on standard error. Exit code 0 in all those cases; 1 for a
 * bad command line (problem and help screen on standard error) or a failure of the consumer (logged at ERROR).
 *
 * <p>Not thread-safe; one run per call.
 */
public final class ConsoleConsumer {

    private static final Logger log = LoggerFactory.getLogger(ConsoleConsumer.class);

    private ConsoleConsumer() {
    }

    public static void main(String... args) throws Exception {
        System.exit(run(ToolIo.system(), args,
                props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()), true));
    }

    /**
     * Runs the consumer.
     *
     * @param consumerFactory makes the consumer from its properties (tests pass a mock)
     * @param addShutdownHook whether to stop cleanly on Ctrl-C (only for a real process)
     * @return the exit code
     * @throws Exception as Kafka's tool, for a properties file that cannot be read or a {@code --partition} that is
     *                   not a number
     */
    public static int run(ToolIo io, String[] args, Function<Properties, Consumer<byte[], byte[]>> consumerFactory,
                          boolean addShutdownHook) throws Exception {
        ConsoleConsumerOptions opts = new ConsoleConsumerOptions();
        try {
            opts.parse(io, args);
        } catch (UsageException e) {
            return opts.printUsage(io, e);
        } catch (ExitException e) {
            return e.code();
        }
        try {
            consume(io, opts, consumerFactory, addShutdownHook);
            return 0;
        } catch (AuthenticationException e) {
            log.error("Authentication failed: terminating consumer process", e);
            return 1;
        } catch (Throwable t) {
            log.error("Unknown error when running consumer: ", t);
            return 1;
        }
    }

    private static void consume(ToolIo io, ConsoleConsumerOptions opts,
                                Function<Properties, Consumer<byte[], byte[]>> consumerFactory, boolean addShutdownHook) {
        int[] messageCount = {0};
        CountDownLatch finished = new CountDownLatch(1);
        ConsumerWrapper wrapper = null;
        Thread hook = null;
        try {
            int maxMessages = opts.maxMessages();
            long timeoutMs = opts.timeoutMs();
            wrapper = new ConsumerWrapper(opts, consumerFactory.apply(opts.consumerProps()), timeoutMs);
            if (addShutdownHook) {
                ConsumerWrapper w = wrapper;
                hook = new Thread(() -> {
                    w.wakeup();
                    try {
                        finished.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "consumer-shutdown-hook");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            process(io, maxMessages, opts.formatter(), wrapper, opts.skipMessageOnError(), messageCount);
        } finally {
            try {
                if (wrapper != null) {
                    wrapper.close();
                }
                opts.formatter().close();
            } finally {
                io.err().println("Processed a total of " + messageCount[0] + " messages");
                finished.countDown();
                if (hook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // the JVM is shutting down: the hook is running
                    }
                }
            }
        }
    }

    static void process(ToolIo io, int maxMessages, MessageFormatter formatter, ConsumerWrapper consumer,
                        boolean skipMessageOnError, int[] messageCount) {
        PrintStream out = io.out();
        while (messageCount[0] < maxMessages || maxMessages == -1) {
            ConsumerRecord<byte[], byte[]> record;
            try {
                record = consumer.receive();
            } catch (WakeupException e) {
                log.trace("Caught WakeupException because consumer is shutdown, ignore and terminate.");
                return;
            } catch (Throwable t) {
                log.error("Error processing message, terminating consumer process: ", t);
                return;
            }
            messageCount[0]++;
            try {
                formatter.writeTo(record, out);
            } catch (RuntimeException e) {
                if (!skipMessageOnError) {
                    throw e;
                }
                log.error("Error processing message, skipping this message: ", e);
            }
            if (out.checkError()) {
                io.err().println("Unable to write to standard out, closing consumer.");
                return;
            }
        }
    }
}
