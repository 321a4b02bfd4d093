package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * ({@link ChildJvmGroupMember}) sharing a group with a kafka-clients 4.x member. Each reads a 3-partition topic, commits, and a second run of the
 * same group resumes at the committed offsets.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsumerGroupClientsIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
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
        String topic = topicWithRecords("java3-group", 0);
        String group = "group-" + topic;
        String range = "org.apache.kafka.clients.consumer.RangeAssignor";
        List<GroupMember> members = new ArrayList<>();
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
        try {
            GroupMember four = new InJvmGroupMember("four", cluster.bootstrapServers(), group, topic, range, GroupMember.Commit.SYNC, Map.of());
            members.add(four);
            Wait.until(() -> four.assignment().size() == PARTITIONS, Duration.ofSeconds(60), "the 4.x member did not get the partitions");
            Wait.until(() -> four.consumed().size() >= PARTITIONS * PER_PARTITION, Duration.ofSeconds(60), "the 4.x member did not read everything");
            // Records keep coming while the 3.9 member joins, takes part of the partitions, reads and commits, and leaves.
            load.start();
            ChildJvmGroupMember three = new ChildJvmGroupMember("three", cluster.bootstrapServers(), group, topic, range, GroupMember.Commit.SYNC,
                    Map.of(), cluster.tempDir().resolve("clients3"));
            members.add(three);
            assertEquals(ChildJvmGroupMember.CLIENTS_VERSION, three.clientsVersion(), three::describe);
            Wait.until(() -> {
                four.assertHealthy();
                three.assertHealthy();
                Set<TopicPartition> a = four.assignment();
                Set<TopicPartition> b = three.assignment();
                return a.size() + b.size() == PARTITIONS && !a.isEmpty() && !b.isEmpty() && Collections.disjoint(a, b);
            }, Duration.ofSeconds(60), () -> "the 4.x and 3.9 members did not split the partitions: " + four.assignment() + " / " + three.assignment());
            Wait.until(() -> !three.acknowledgedCommits().isEmpty(), Duration.ofSeconds(60), () -> "the 3.9 member committed nothing\n" + three.describe());
            three.close();

            // After the 3.9 member left, the 4.x member owns everything again, reads the rest and commits up to the end.
            Wait.until(() -> four.assignment().size() == PARTITIONS, Duration.ofSeconds(60), "the partitions did not come back to the 4.x member");
            producing.set(false);
            load.join(60_000);
            Map<TopicPartition, Long> ends = endOffsets(topic);
            Wait.until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                        "listConsumerGroupOffsets");
                return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue());
            }, Duration.ofSeconds(60), () -> "the group did not commit up to the end offsets " + ends);
            // Together they read every record (at least once).
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                Set<Long> read = new HashSet<>();
                members.forEach(m -> m.consumed().stream().filter(c -> c.partition().equals(end.getKey())).forEach(c -> read.add(c.offset())));
                assertEquals(end.getValue().longValue(), read.size(), "distinct offsets of " + end.getKey() + " read by the two members");
            }
            assertTrue(three.consumed().size() >= 1, three::describe);
            four.assertHealthy();
        } finally {
            producing.set(false);
            if (load.isAlive()) {
                load.join(60_000);
            }
            for (GroupMember m : members) {
                try {
                    m.close();
                } catch (RuntimeException | AssertionError e) {
                    System.err.println("Could not close group member " + m.name() + ": " + e);
                }
            }
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
