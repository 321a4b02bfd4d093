package io.klassic.tools;

import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.OptionException;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import io.klassic.tools.producer.ConsoleProducerOptions;
import io.klassic.tools.producer.LineMessageReader;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Properties;
import java.util.function.Function;

/**
 * {@code bin/kafka-console-producer.sh}: reads standard input line by line and publishes each line as a record
 * ({@link LineMessageReader}), with Apache Kafka 3.9's flags. Sends are asynchronous (a failed send is logged at
 * ERROR and the tool goes on) unless {@code --sync}, where a failed send ends the tool. At the end of the input the
 * producer is closed, which sends whatever is still buffered; Ctrl-C closes it too (a shutdown hook).
 *
 * <p>Exit code 0 at the end of the input; 1 for a bad command line (problem and help screen on standard error), a
 * line that does not parse or a failed synchronous send (stack trace on standard error).
 *
 * <p>Not thread-safe; one run per call.
 */
public final class ConsoleProducer {

    private static final Logger log = LoggerFactory.getLogger(ConsoleProducer.class);

    private ConsoleProducer() {
    }

    public static void main(String... args) {
        System.exit(run(ToolIo.system(), args, KafkaProducer::new, true));
    }

    /**
     * Runs the producer.
     *
     * @param producerFactory  makes the producer from its properties (tests pass a mock)
     * @param addShutdownHook  whether to close the producer on Ctrl-C (only for a real process)
     * @return the exit code
     */
    public static int run(ToolIo io, String[] args, Function<Properties, Producer<byte[], byte[]>> producerFactory,
                          boolean addShutdownHook) {
        ConsoleProducerOptions opts = new ConsoleProducerOptions();
        try {
            opts.parse(io, args);
        } catch (UsageException e) {
            return opts.printUsage(io, e);
        } catch (ExitException e) {
            return e.code();
        }
        Producer<byte[], byte[]> producer = null;
        Thread hook = null;
        try {
            LineMessageReader reader = new LineMessageReader(opts.topic(), opts.readerProps(),
                    promptStream(io));
            producer = producerFactory.apply(opts.producerProps());
            if (addShutdownHook) {
                Producer<byte[], byte[]> p = producer;
                hook = new Thread(p::close, "producer-shutdown-hook");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            reader.open(io.in());
            ProducerRecord<byte[], byte[]> record;
            while ((record = reader.readRecord()) != null) {
                send(producer, record, opts.sync());
            }
            return 0;
        } catch (OptionException e) {
            io.err().println(e.getMessage());
            return 1;
        } catch (Exception e) {
            e.printStackTrace(io.err());
            return 1;
        } finally {
            if (producer != null) {
                producer.close();
            }
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook is running or has run
                }
            }
        }
    }

    /** The {@code >} prompt goes to standard output when the tool reads a terminal. */
    private static PrintStream promptStream(ToolIo io) {
        return io.in() == System.in && System.console() != null ? io.out() : null;
    }

    private static void send(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record, boolean sync)
            throws Exception {
        if (sync) {
            producer.send(record).get();
        } else {
            producer.send(record, new ErrorLoggingCallback(record));
        }
    }

    /** Logs a failed asynchronous send, as Kafka's console producer does. */
    private record ErrorLoggingCallback(ProducerRecord<byte[], byte[]> record) implements Callback {
        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                log.error("Error when sending message to topic {} with key: {}, value: {} with error:",
                        record.topic(), describe(record.key()), describe(record.value()), exception);
            }
        }

        private static String describe(byte[] bytes) {
            return bytes == null ? "null" : bytes.length + " bytes";
        }
    }
}
