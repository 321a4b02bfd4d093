package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kafka-clients 4.x (the test classpath's) against one real broker: producers with every acks setting and
 * compression codec, an assign()ing consumer reading everything back, and the AdminClient's topic and
 * offset calls.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JavaClients4IT {
    private static final int RECORDS = 200;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;
    private static Admin admin;

    /** Producer settings under test; each runs against its own topic. */
    enum ProducerSetup {
        DEFAULTS(Map.of()),
        ACKS_0(Map.of("acks", "0", "enable.idempotence", "false")),
        ACKS_1(Map.of("acks", "1", "enable.idempotence", "false")),
        GZIP(Map.of("compression.type", "gzip")),
        SNAPPY(Map.of("compression.type", "snappy")),
        LZ4(Map.of("compression.type", "lz4")),
        ZSTD(Map.of("compression.type", "zstd"));

        final Map<String, String> config;

        ProducerSetup(Map<String, String> config) {
            this.config = config;
        }
    }

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).start();
        admin = Clients.admin(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(10));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProducerSetup.class)
    void recordsComeBackInOrderWithKeysValuesHeadersAndTimestamps(ProducerSetup setup) {
        String topic = Clients.uniqueTopic("java4-" + setup.name().toLowerCase());
        Clients.createTopic(admin, topic, 1);
        long baseTimestamp = System.currentTimeMillis() - 3_600_000L;
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            sent.add(record(topic, i, baseTimestamp, setup.name()));
        }

        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), setup.config)) {
            for (ProducerRecord<byte[], byte[]> record : sent) {
                acks.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < acks.size(); i++) {
                RecordMetadata metadata = Clients.await(acks.get(i), "send of record " + i);
                if (!"0".equals(setup.config.get("acks"))) {
                    assertEquals(i, metadata.offset(), "offset acknowledged for record " + i);
                }
            }
        }

        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> read =
                Clients.readAll(cluster.bootstrapServers(), partition, RECORDS, READ_TIMEOUT);
        for (int i = 0; i < RECORDS; i++) {
            ProducerRecord<byte[], byte[]> expected = sent.get(i);
            ConsumerRecord<byte[], byte[]> actual = read.get(i);
            String at = setup + " record " + i;
            assertEquals(i, actual.offset(), at + ": offset");
            assertArrayEquals(expected.key(), actual.key(), at + ": key");
            assertArrayEquals(expected.value(), actual.value(), at + ": value");
            assertEquals(expected.timestamp(), actual.timestamp(), at + ": timestamp");
            assertEquals(TimestampType.CREATE_TIME, actual.timestampType(), at + ": timestamp type");
            Header[] expectedHeaders = expected.headers().toArray();
            Header[] actualHeaders = actual.headers().toArray();
            assertEquals(expectedHeaders.length, actualHeaders.length, at + ": header count");
            for (int h = 0; h < expectedHeaders.length; h++) {
                assertEquals(expectedHeaders[h].key(), actualHeaders[h].key(), at + ": header " + h + " key");
                assertArrayEquals(expectedHeaders[h].value(), actualHeaders[h].value(),
                        at + ": header " + h + " value");
            }
        }
    }

    @Test
    void createTopicsAndDescribeTopicsShowPartitionsLedByBroker0() {
        String topic = Clients.uniqueTopic("java4-admin-create");
        Clients.createTopic(admin, topic, 3);

        TopicDescription description = Clients.await(
                admin.describeTopics(List.of(topic)).allTopicNames(), "describeTopics").get(topic);
        assertEquals(topic, description.name());
        assertFalse(description.isInternal());
        assertEquals(3, description.partitions().size(), "partitions of " + description);
        for (int p = 0; p < 3; p++) {
            TopicPartitionInfo info = description.partitions().get(p);
            assertEquals(p, info.partition(), "partition order in " + description);
            assertEquals(0, info.leader().id(), "leader of partition " + p + " in " + description);
            assertEquals(List.of(0), info.replicas().stream().map(Node::id).toList(), "replicas of " + p);
            assertEquals(List.of(0), info.isr().stream().map(Node::id).toList(), "isr of " + p);
        }
        assertTrue(Clients.await(admin.listTopics().names(), "listTopics").contains(topic));

        ExecutionException again = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                        .get(Clients.CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(TopicExistsException.class, again.getCause(), "creating " + topic + " twice");
    }

    @Test
    void listOffsetsAnswersEarliestLatestAndByTimestamp() {
        String topic = Clients.uniqueTopic("java4-admin-offsets");
        Clients.createTopic(admin, topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        long base = System.currentTimeMillis() - 600_000L;
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of())) {
            for (int i = 0; i < 10; i++) {
                // One record per request, so that each lands in its own batch and the time index sees each.
                Clients.await(producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L,
                        ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8))),
                        "send " + i);
            }
        }

        assertEquals(0, listOffset(partition, OffsetSpec.earliest()).offset(), "earliest");
        assertEquals(10, listOffset(partition, OffsetSpec.latest()).offset(), "latest");
        ListOffsetsResultInfo exact = listOffset(partition, OffsetSpec.forTimestamp(base + 5000));
        assertEquals(5, exact.offset(), "offset for the timestamp of record 5");
        assertEquals(base + 5000, exact.timestamp(), "timestamp of record 5");
        ListOffsetsResultInfo between = listOffset(partition, OffsetSpec.forTimestamp(base + 4500));
        assertEquals(5, between.offset(), "first offset with a timestamp >= base + 4500");
        assertEquals(0, listOffset(partition, OffsetSpec.forTimestamp(base - 1)).offset(),
                "a timestamp before every record");
        assertEquals(-1, listOffset(partition, OffsetSpec.forTimestamp(base + 60_000)).offset(),
                "a timestamp after every record");
    }

    @Test
    void deleteTopicsRemovesTheTopic() {
        String topic = Clients.uniqueTopic("java4-admin-delete");
        Clients.createTopic(admin, topic, 2);
        assertTrue(Clients.await(admin.listTopics().names(), "listTopics").contains(topic));

        Clients.await(admin.deleteTopics(List.of(topic)).all(), "deleteTopics " + topic);
        Wait.until(() -> !Clients.await(admin.listTopics().names(), "listTopics").contains(topic),
                Duration.ofSeconds(30), "topic " + topic + " still listed after deleteTopics");
    }

    private static ListOffsetsResultInfo listOffset(TopicPartition partition, OffsetSpec spec) {
        return Clients.await(admin.listOffsets(Map.of(partition, spec)).partitionResult(partition),
                "listOffsets " + partition);
    }

    /**
     * Record i: key "key-i" (null for every 50th), a compressible value (null for every 40th, i > 0), the
     * timestamp base + i, headers h-index, h-setup and (every 10th) one with a null value.
     */
    private static ProducerRecord<byte[], byte[]> record(String topic, int i, long baseTimestamp, String setup) {
        byte[] key = i % 50 == 49 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
        byte[] value = i % 40 == 39 ? null
                : ("value-" + i + " " + "the quick brown fox jumps over the lazy dog ".repeat(1 + i % 7))
                        .getBytes(StandardCharsets.UTF_8);
        List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader("h-index", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("h-setup", setup.getBytes(StandardCharsets.UTF_8)));
        if (i % 10 == 0) {
            headers.add(new RecordHeader("h-null", null));
        }
        return new ProducerRecord<>(topic, 0, baseTimestamp + i, key, value, headers);
    }
}
