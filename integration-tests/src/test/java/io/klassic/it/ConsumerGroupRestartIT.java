package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Committed offsets are durable: a group commits, the broker is killed with {@code kill -9} (and, in a second
 * round, stopped cleanly), and after the restart the group's offsets are read back from {@code __consumer_offsets}
 * and a consumer of the group resumes exactly after what it committed.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ConsumerGroupRestartIT {
    private static final int PARTITIONS = 4;
    private static final int PER_ROUND = 25;

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).brokerConfig("group.initial.rebalance.delay.ms", "0").start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void committedOffsetsSurviveKill9AndCleanRestart() {
        String topic = Clients.uniqueTopic("group-restart");
        String group = "group-" + topic;
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, PARTITIONS);
        }
        produce(topic, 0);
        assertEquals(PARTITIONS * PER_ROUND, consumeAndCommit(group, topic, PARTITIONS * PER_ROUND, 0));
        assertCommitted(group, topic, PER_ROUND, "before the crash");

        cluster.killBroker(0);
        cluster.startBroker(0);
        assertCommitted(group, topic, PER_ROUND, "after kill -9 and restart");
        produce(topic, PER_ROUND);
        assertEquals(PARTITIONS * PER_ROUND, consumeAndCommit(group, topic, PARTITIONS * PER_ROUND, PER_ROUND));
        assertCommitted(group, topic, 2 * PER_ROUND, "after the second round");

        cluster.stopBroker(0);
        cluster.startBroker(0);
        assertCommitted(group, topic, 2 * PER_ROUND, "after a clean restart");
        produce(topic, 2 * PER_ROUND);
        assertEquals(PARTITIONS * PER_ROUND, consumeAndCommit(group, topic, PARTITIONS * PER_ROUND, 2 * PER_ROUND));
    }

    /** Subscribes in the group, reads {@code expected} records (all at or after {@code firstOffset}), commits, closes. */
    private static int consumeAndCommit(String group, String topic, int expected, long firstOffset) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer(group)) {
            consumer.subscribe(List.of(topic));
            Wait.until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            }, Duration.ofSeconds(90), () -> "read " + records.size() + " of " + expected + " records of " + topic);
            consumer.commitSync(Duration.ofSeconds(60));
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertTrue(record.offset() >= firstOffset, "read offset " + record.offset() + " of partition " + record.partition()
                    + ": the group must resume at its committed offset " + firstOffset);
        }
        return records.size();
    }

    private static KafkaConsumer<byte[], byte[]> groupConsumer(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("default.api.timeout.ms", "90000");
        return new KafkaConsumer<>(props);
    }

    private static void produce(String topic, int first) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of())) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < PER_ROUND; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + (first + i)).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    private static void assertCommitted(String group, String topic, long expected, String when) {
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Wait.until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed;
                try {
                    committed = Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "listConsumerGroupOffsets");
                } catch (AssertionError e) {
                    // A broker that just restarted may still be loading the group: ask again.
                    throw new IllegalStateException(e.getMessage(), e);
                }
                for (int p = 0; p < PARTITIONS; p++) {
                    OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
                    if (offset == null || offset.offset() != expected) {
                        throw new IllegalStateException("committed offsets " + when + ": " + committed);
                    }
                }
                return true;
            }, Duration.ofSeconds(60), "committed offsets of " + group + " " + when + " are not " + expected + " per partition");
        }
    }
}
