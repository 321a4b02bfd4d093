package io.klassic.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The broker's entry point, as {@code kafka.Kafka} is Kafka's:
 * {@code Kafka server.properties [--override property=value]*}. Exits 1 with the reason on a bad configuration;
 * SIGTERM shuts the broker down cleanly.
 */
public final class Kafka {
    private static final Logger log = LoggerFactory.getLogger(Kafka.class);
    static final String USAGE = "USAGE: java [options] " + Kafka.class.getName() + " server.properties [--override property=value]*";

    private Kafka() {
    }

    public static void main(String[] args) {
        KafkaConfig config;
        try {
            config = parse(args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            log.error("Exiting Kafka due to fatal exception: {}", e.getMessage());
            System.exit(1);
            return;
        }
        KafkaServer server = new KafkaServer(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }, "kafka-shutdown-hook"));
        try {
            server.startup();
        } catch (Throwable e) {
            log.error("Exiting Kafka due to fatal exception during startup.", e);
            System.err.println("Fatal error during broker startup: " + e.getMessage());
            server.shutdown();
            System.exit(1);
            return;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static KafkaConfig parse(String[] args) {
        if (args.length < 1 || args[0].startsWith("--")) {
            throw new ConfigException(USAGE);
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            throw new ConfigException("Cannot read the configuration file " + file + "\n" + USAGE);
        }
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--override") && i + 1 < args.length) {
                overrides.add(args[++i]);
            } else {
                throw new ConfigException("Unrecognized argument \"" + args[i] + "\"\n" + USAGE);
            }
        }
        return KafkaConfig.load(file, overrides);
    }
}
