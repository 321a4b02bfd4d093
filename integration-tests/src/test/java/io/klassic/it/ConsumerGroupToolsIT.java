package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * Apache Kafka 3.9's own tools against our group coordinator and our {@code __consumer_offsets} files:
 * {@code kafka-consumer-groups.sh} lists and describes a group and resets its offsets, and
 * {@code kafka-dump-log.sh --offsets-decoder} decodes the offset commits and group metadata we wrote. The tools
 * run from the jars of the {@code kafka-oracle} module (see {@link ApacheKafka}).
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsumerGroupToolsIT {
    private static final int PARTITIONS = 2;
    private static final int PER_PARTITION = 20;
    private static final int OFFSETS_TOPIC_PARTITIONS = 50;

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        ApacheKafka.lib();
        cluster = ClusterHarness.builder().brokers(1).brokerConfig("group.initial.rebalance.delay.ms", "0").start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kafkaConsumerGroupsListsDescribesAndResetsAGroup() {
        String topic = Clients.uniqueTopic("tools-groups");
        String group = "group-" + topic;
        createAndFill(topic);
        consumeAndCommit(group, topic, PARTITIONS * PER_PARTITION);

        ExternalCommand.Result list = tool("kafka-consumer-groups.sh", "--bootstrap-server", cluster.bootstrapServers(), "--list");
        assertTrue(list.stdout().lines().anyMatch(group::equals), list::describe);

        ExternalCommand.Result describe = tool("kafka-consumer-groups.sh", "--bootstrap-server", cluster.bootstrapServers(),
                "--describe", "--group", group);
        List<String> rows = describe.stdout().lines().filter(l -> l.startsWith(group + " ")).toList();
        assertEquals(PARTITIONS, rows.size(), describe::describe);
        for (String row : rows) {
            String[] columns = row.trim().split("\\s+");
            // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
            assertEquals(topic, columns[1], row);
            assertEquals(Integer.toString(PER_PARTITION), columns[3], row);
            assertEquals(Integer.toString(PER_PARTITION), columns[4], row);
            assertEquals("0", columns[5], row);
        }

        ExternalCommand.Result reset = tool("kafka-consumer-groups.sh", "--bootstrap-server", cluster.bootstrapServers(),
                "--reset-offsets", "--to-earliest", "--execute", "--group", group, "--topic", topic);
        assertTrue(reset.stdout().contains(group), reset::describe);
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Map<TopicPartition, OffsetAndMetadata> committed = Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                    "listConsumerGroupOffsets");
            for (int p = 0; p < PARTITIONS; p++) {
                assertEquals(0L, committed.get(new TopicPartition(topic, p)).offset(), "after --reset-offsets --to-earliest: " + committed);
            }
        }
    }

    @Test
    void kafkaDumpLogDecodesOurOffsetCommitsAndGroupMetadata() throws Exception {
        String topic = Clients.uniqueTopic("tools-dump");
        String group = "group-" + topic;
        createAndFill(topic);
        consumeAndCommit(group, topic, PARTITIONS * PER_PARTITION);

        int partition = (group.hashCode() & 0x7fffffff) % OFFSETS_TOPIC_PARTITIONS;
        Path dir = cluster.logDir(0).resolve("__consumer_offsets-" + partition);
        List<String> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(f -> f.toString().endsWith(".log")).map(Path::toString).sorted().toList();
        }
        assertTrue(!segments.isEmpty(), "no segment in " + dir);
        List<String> command = new ArrayList<>(List.of("kafka-dump-log.sh", "--offsets-decoder", "--print-data-log", "--files",
                String.join(",", segments)));
        ExternalCommand.Result dump = tool(command.toArray(String[]::new));
        String out = dump.stdout();
        assertTrue(out.contains("\"group\":\"" + group + "\"") && out.contains("\"topic\":\"" + topic + "\""),
                "offset commit keys must decode:\n" + dump.describe());
        assertTrue(out.contains("\"offset\":" + PER_PARTITION), "offset commit values must decode:\n" + dump.describe());
        assertTrue(out.contains("\"protocolType\":\"consumer\"") && out.contains("\"protocol\":\"range\""),
                "group metadata values must decode:\n" + dump.describe());
        assertTrue(!out.contains("Exception") && !out.contains("Unknown"), "the decoder must not fail on any record:\n" + dump.describe());
    }

    private static ExternalCommand.Result tool(String... args) {
        ExternalCommand.Result result = ApacheKafka.run(cluster.tempDir().resolve("tools"), null, args[0],
                List.of(args).subList(1, args.length).toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::describe);
        return result;
    }

    private static void createAndFill(String topic) {
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, PARTITIONS);
        }
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of())) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    private static void consumeAndCommit(String group, String topic, int expected) {
        Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", group, "auto.offset.reset", "earliest",
                "enable.auto.commit", "false", "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            int[] count = {0};
            Wait.until(() -> {
                count[0] += consumer.poll(Duration.ofMillis(200)).count();
                return count[0] >= expected;
            }, Duration.ofSeconds(60), () -> "read " + count[0] + " of " + expected);
            consumer.commitSync();
        }
    }
}
