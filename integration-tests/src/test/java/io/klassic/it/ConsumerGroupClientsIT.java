package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consumer groups with the other clients users run, against one real broker: kafka-python's
 * {@code KafkaConsumer(group_id=..., auto_offset_reset='earliest', enable_auto_commit=True)} and librdkafka (the
 * confluent-kafka Consumer and {@code kcat -G}) with Debian's packages, and kafka-clients 3.9 in a child JVM
 * sharing a group with a kafka-clients 4.x member. Each reads a 3-partition topic, commits, and a second run of the
 * same group resumes at the committed offsets.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsumerGroupClientsIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String CLIENTS3_VERSION = "3.9.1";
    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 30;

    private static ClusterHarness cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).brokerConfig("group.initial.rebalance.delay.ms", "0").start();
        admin = Clients.admin(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kafkaPythonGroupConsumerCommitsAndResumes() {
        pythonGroup("kafka_python_group.py", "python3-kafka");
    }

    @Test
    void confluentKafkaGroupConsumerCommitsAndResumes() {
        pythonGroup("confluent_kafka_group.py", "python3-confluent-kafka");
    }

    @Test
    void kcatBalancedConsumerCommitsAndResumes() {
        Path kcat = ExternalCommand.onPath("kcat");
        if (kcat == null) {
            fail("kcat not found on PATH: apt-get install kcat");
        }
        String topic = topicWithRecords("kcat-group", 0);
        String group = "group-" + topic;
        List<String> command = List.of(kcat.toString(), "-b", cluster.bootstrapServers(), "-G", group, "-X", "auto.offset.reset=earliest",
                "-e", "-q", "-f", "%p:%o\\n", topic);
        ExternalCommand.Result first = ExternalCommand.run(command, null, Map.of(), cluster.tempDir().resolve("kcat"), Duration.ofMinutes(2));
        assertEquals(0, first.exitCode(), first::describe);
        assertEquals(PARTITIONS * PER_PARTITION, first.stdout().lines().filter(l -> !l.isBlank()).count(), first::describe);
        assertCommitted(group, topic, PER_PARTITION);

        produce(topic, PER_PARTITION, 5);
        ExternalCommand.Result second = ExternalCommand.run(command, null, Map.of(), cluster.tempDir().resolve("kcat"), Duration.ofMinutes(2));
        assertEquals(0, second.exitCode(), second::describe);
        List<String> lines = second.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(PARTITIONS * 5, lines.size(), second::describe);
        assertTrue(lines.stream().allMatch(l -> Long.parseLong(l.substring(l.indexOf(':') + 1)) >= PER_PARTITION),
                "the second run must start at the committed offsets:\n" + second.describe());
        assertCommitted(group, topic, PER_PARTITION + 5);
    }

    @Test
    void kafkaClients39AndFourShareAGroup() throws Exception {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path clients3 = target.resolve("kafka-clients-3");
        assertTrue(Files.isRegularFile(clients3.resolve("kafka-clients-" + CLIENTS3_VERSION + ".jar")),
                "missing " + clients3 + ": run the build through Maven (generate-test-resources copies it)");
        String topic = topicWithRecords("java3-group", 0);
        String group = "group-" + topic;
        try (GroupMember four = new GroupMember("four", cluster.bootstrapServers(), group, topic,
                "org.apache.kafka.clients.consumer.RangeAssignor", GroupMember.Commit.SYNC, Map.of())) {
            Wait.until(() -> four.assignment().size() == PARTITIONS, Duration.ofSeconds(60), "the 4.x member did not get the partitions");
            Wait.until(() -> four.consumed().size() == PARTITIONS * PER_PARTITION, Duration.ofSeconds(60), "the 4.x member did not read everything");
            // Records keep coming while the 3.9 member joins, takes part of the partitions, reads and commits, and leaves.
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("linger.ms", "0"))) {
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                    while (producing.get() && System.nanoTime() < deadline) {
                        for (int p = 0; p < PARTITIONS; p++) {
                            producer.send(new ProducerRecord<>(topic, p, null, "load".getBytes(StandardCharsets.UTF_8)));
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
            }, "java3-group-producer");
            load.start();
            ExternalCommand.Result result;
            try {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                String classpath = clients3 + File.separator + "*" + File.pathSeparator + target.resolve("test-classes");
                result = ExternalCommand.run(List.of(java, "-Xmx256m", "-cp", classpath, "io.klassic.it.child.GroupConsumer3Main",
                        cluster.bootstrapServers(), topic, group, "1"), null, Map.of(), cluster.tempDir().resolve("clients3"), Duration.ofMinutes(3));
            } finally {
                producing.set(false);
                load.join(60_000);
            }
            assertEquals(0, result.exitCode(), result::describe);
            assertEquals("kafka-clients " + CLIENTS3_VERSION, result.stdout().lines().findFirst().orElse(""), result::describe);
            long byChild = result.stdout().lines().filter(l -> l.startsWith("CONSUMED ")).mapToLong(l -> Long.parseLong(l.substring(9)))
                    .findFirst().orElseThrow(() -> new AssertionError(result.describe()));
            assertTrue(byChild >= 1, result::describe);

            // After the 3.9 member left, the 4.x member owns everything again, reads the rest and commits up to the end.
            Wait.until(() -> four.assignment().size() == PARTITIONS, Duration.ofSeconds(60), "the partitions did not come back to the 4.x member");
            Map<TopicPartition, Long> ends = endOffsets(topic);
            Wait.until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                        "listConsumerGroupOffsets");
                return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue());
            }, Duration.ofSeconds(60), () -> "the group did not commit up to the end offsets " + ends);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long byFour = four.consumed().stream().map(c -> c.partition().partition() + ":" + c.offset()).distinct().count();
            assertTrue(byFour + byChild >= total, "records read: " + byFour + " by the 4.x member, " + byChild + " by the 3.9 member, of " + total);
            four.assertHealthy();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        try (var consumer = Clients.consumer(cluster.bootstrapServers())) {
            return consumer.endOffsets(partitions);
        }
    }

    // ---- helpers

    private void pythonGroup(String script, String debianPackage) {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " not found: apt-get install python3 " + debianPackage);
        }
        String topic = topicWithRecords(script.replace(".py", "").replace('_', '-'), 0);
        String group = "group-" + topic;
        ExternalCommand.Result first = python(script, topic, group, PARTITIONS * PER_PARTITION, PARTITIONS * PER_PARTITION, debianPackage);
        assertEquals(0, first.exitCode(), first::describe);
        assertTrue(first.stdout().lines().toList().contains("OK"), first::describe);
        assertCommitted(group, topic, PER_PARTITION);

        produce(topic, PER_PARTITION, 10);
        ExternalCommand.Result second = python(script, topic, group, PARTITIONS * 10, PARTITIONS * (PER_PARTITION + 10), debianPackage);
        assertEquals(0, second.exitCode(), second::describe);
        assertTrue(second.stdout().lines().toList().contains("CONSUMED " + PARTITIONS * 10), "the second run reads only the new records:\n"
                + second.describe());
    }

    private static ExternalCommand.Result python(String script, String topic, String group, int expected, int committed, String debianPackage) {
        ExternalCommand.Result result = ExternalCommand.run(List.of(PYTHON.toString(), script(script).toString(), cluster.bootstrapServers(),
                        topic, group, Integer.toString(expected), Integer.toString(committed)),
                null, Map.of("PYTHONUNBUFFERED", "1"), cluster.tempDir().resolve("python"), Duration.ofMinutes(3));
        if (result.exitCode() == 3 && result.stderr().contains("MISSING")) {
            fail("Python module missing for " + PYTHON + ": apt-get install " + debianPackage + "\n" + result.describe());
        }
        return result;
    }

    private static Path script(String name) {
        URL url = ConsumerGroupClientsIT.class.getResource("/python/" + name);
        if (url == null) {
            throw new AssertionError("test resource /python/" + name + " not on the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError("bad resource URL " + url, e);
        }
    }

    private static String topicWithRecords(String prefix, int first) {
        String topic = Clients.uniqueTopic(prefix);
        Clients.createTopic(admin, topic, PARTITIONS);
        produce(topic, first, PER_PARTITION);
        return topic;
    }

    private static void produce(String topic, int first, int perPartition) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of())) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + (first + i)).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    private static void assertCommitted(String group, String topic, long perPartition) {
        Map<TopicPartition, OffsetAndMetadata> committed = Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "listConsumerGroupOffsets");
        for (int p = 0; p < PARTITIONS; p++) {
            OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
            assertEquals(perPartition, offset == null ? -1 : offset.offset(), "committed offsets of " + group + ": " + committed);
        }
    }
}
