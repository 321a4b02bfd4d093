package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acknowledged records survive a clean restart (SIGTERM) and a crash ({@code kill -9}) of the only broker:
 * with acks=1 the record is in the broker's page cache when acknowledged, and a process crash does not
 * lose the page cache, so every acknowledged record must be read back at its acknowledged offset.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DurabilityIT {
    private static final int RECORDS_PER_ROUND = 1000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void acknowledgedRecordsSurviveCleanShutdownAndKill9() {
        String topic = Clients.uniqueTopic("durability");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, 1);
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<Long, String> acknowledged = new TreeMap<>();

        produceRound(topic, "before-stop", acknowledged);
        cluster.stopBroker(0);
        assertTrue(Files.isDirectory(cluster.logDir(0).resolve(topic + "-0")),
                "partition directory " + topic + "-0 in " + cluster.logDir(0));
        cluster.startBroker(0);
        assertReadBack(partition, acknowledged, "after a clean restart");

        produceRound(topic, "before-kill", acknowledged);
        cluster.killBroker(0);
        cluster.startBroker(0);
        assertReadBack(partition, acknowledged, "after kill -9 and restart");

        produceRound(topic, "after-kill", acknowledged);
        assertReadBack(partition, acknowledged, "after producing to the recovered log");
    }

    /** Sends RECORDS_PER_ROUND records with acks=1 and records the offset each was acknowledged at. */
    private static void produceRound(String topic, String round, Map<Long, String> acknowledged) {
        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(),
                Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "2"))) {
            for (int i = 0; i < RECORDS_PER_ROUND; i++) {
                String value = round + "-" + i;
                values.add(value);
                acks.add(producer.send(new ProducerRecord<>(topic, 0, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
        }
        for (int i = 0; i < acks.size(); i++) {
            long offset = Clients.await(acks.get(i), round + " send " + i).offset();
            String previous = acknowledged.put(offset, values.get(i));
            assertEquals(null, previous, "offset " + offset + " acknowledged twice: " + previous + " and "
                    + values.get(i));
        }
    }

    private static void assertReadBack(TopicPartition partition, Map<Long, String> acknowledged, String when) {
        List<ConsumerRecord<byte[], byte[]>> records =
                Clients.readAll(cluster.bootstrapServers(), partition, acknowledged.size(), READ_TIMEOUT);
        Map<Long, String> read = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            read.put(record.offset(), new String(record.value(), StandardCharsets.UTF_8));
        }
        for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
            assertEquals(ack.getValue(), read.get(ack.getKey()),
                    when + ": record acknowledged at offset " + ack.getKey());
        }
        assertEquals(acknowledged.size(), read.size(), when + ": records read");
    }
}
