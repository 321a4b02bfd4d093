package io.klassic.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Apache Kafka 3.9.1's own command-line tools, run in a child JVM on the jars that the {@code kafka-oracle} module
 * resolves from Maven Central into {@code kafka-oracle/target/lib}: an independent client of our brokers and reader
 * of our files. Each tool is named by the script users type ({@code kafka-topics.sh}); the class behind it is the one
 * Apache Kafka 3.9.1's script runs.
 *
 * <p>Stateless; thread-safe.
 */
public final class ApacheKafka {
    private static final Map<String, String> SCRIPTS = Map.of(
            "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
            "kafka-console-producer.sh", "kafka.tools.ConsoleProducer",
            "kafka-console-consumer.sh", "org.apache.kafka.tools.consumer.ConsoleConsumer",
            "kafka-consumer-groups.sh", "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
            "kafka-configs.sh", "kafka.admin.ConfigCommand",
            "kafka-dump-log.sh", "kafka.tools.DumpLogSegments");

    private ApacheKafka() {
    }

    /** The folder of Apache Kafka 3.9.1's jars; fails with the build command when it is missing. */
    public static Path lib() {
        Path lib = ClusterHarness.repositoryRoot().resolve("kafka-oracle/target/lib");
        if (!Files.isRegularFile(lib.resolve("kafka_2.13-3.9.1.jar"))) {
            fail("Apache Kafka 3.9.1's jars are not in " + lib + "; run: mvn -q -DskipTests package");
        }
        return lib;
    }

    /**
     * Runs Apache Kafka's {@code script} (e.g. "kafka-topics.sh") with {@code args} and {@code stdin} (null: none),
     * its outputs kept under {@code workDir}; does not check the exit code.
     */
    public static ExternalCommand.Result run(Path workDir, byte[] stdin, String script, String... args) {
        List<String> command = command(script);
        command.addAll(List.of(args));
        return ExternalCommand.run(command, stdin, Map.of(), workDir, Duration.ofMinutes(3));
    }

    /** The command line that runs Apache Kafka's {@code script}, without its arguments; a new, modifiable list. */
    public static List<String> command(String script) {
        String mainClass = SCRIPTS.get(script);
        if (mainClass == null) {
            throw new IllegalArgumentException("no Apache Kafka tool behind " + script + "; known: " + SCRIPTS.keySet());
        }
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", lib() + "/*", mainClass));
    }
}
