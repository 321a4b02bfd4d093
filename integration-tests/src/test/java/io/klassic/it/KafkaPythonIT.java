package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Python clients from Debian against one real broker, run with Debian's {@code /usr/bin/python3} (not a
 * pyenv one, which lacks the Debian modules): kafka-python (producer to an auto-created topic, group-less
 * consumer) and confluent-kafka (librdkafka producer with delivery callbacks, assign()ing consumer).
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaPythonIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int RECORDS = 100;

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1)
                .brokerConfig("auto.create.topics.enable", "true")
                .brokerConfig("num.partitions", "1")
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kafkaPythonProducesToAnAutoCreatedTopicAndConsumesWithoutAGroup() {
        String topic = Clients.uniqueTopic("kafka-python");
        ExternalCommand.Result result = python("kafka_python_roundtrip.py", topic, "python3-kafka");

        assertEquals(0, result.exitCode(), result::describe);
        List<String> lines = result.stdout().lines().toList();
        assertTrue(lines.contains("PRODUCED " + RECORDS), result::describe);
        assertTrue(lines.contains("CONSUMED " + RECORDS), result::describe);
        assertTrue(lines.contains("OK " + RECORDS), result::describe);
    }

    @Test
    void confluentKafkaProducesWithDeliveryCallbacksAndConsumesByAssignment() {
        String topic = Clients.uniqueTopic("confluent-kafka");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, 1);
        }
        ExternalCommand.Result result = python("confluent_kafka_roundtrip.py", topic, "python3-confluent-kafka");

        assertEquals(0, result.exitCode(), result::describe);
        List<String> lines = result.stdout().lines().toList();
        assertTrue(lines.contains("DELIVERED " + RECORDS), result::describe);
        assertTrue(lines.contains("CONSUMED " + RECORDS), result::describe);
        assertTrue(lines.contains("OK " + RECORDS), result::describe);
    }

    private static ExternalCommand.Result python(String script, String topic, String debianPackage) {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " not found: apt-get install python3 " + debianPackage);
        }
        ExternalCommand.Result result = ExternalCommand.run(
                List.of(PYTHON.toString(), script(script).toString(), cluster.bootstrapServers(), topic,
                        Integer.toString(RECORDS)),
                null, Map.of("PYTHONUNBUFFERED", "1"), cluster.tempDir().resolve("python"), Duration.ofMinutes(3));
        if (result.exitCode() == 3 && result.stderr().contains("MISSING")) {
            fail("Python module missing for " + PYTHON + ": apt-get install " + debianPackage + "\n"
                    + result.describe());
        }
        return result;
    }

    private static Path script(String name) {
        URL url = KafkaPythonIT.class.getResource("/python/" + name);
        if (url == null) {
            throw new AssertionError("test resource /python/" + name + " not on the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError("bad resource URL " + url, e);
        }
    }
}
