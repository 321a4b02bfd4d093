package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicPartitionStateZNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DeleteRecords with three broker processes and a topic of replication factor 3, driven by kafka-clients'
 * {@code Admin.deleteRecords}: the answer's low watermark is the offset deleted before; ListOffsets earliest and a
 * consumer with {@code auto.offset.reset=earliest} start there; every replica's log start offset gets there (read from
 * each broker's {@code log-start-offset-checkpoint}, written every 500 ms here); after the leader is killed the new
 * leader still starts there and deletes further with two live replicas, and the old leader, restarted from its
 * checkpoint, follows; deleting past the high watermark fails with OFFSET_OUT_OF_RANGE.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeleteRecordsIT {
    private static final int BROKERS = 3;
    private static final int RECORDS = 100;
    private static final long FIRST_DELETE = 40;
    private static final long SECOND_DELETE = 60;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", "8000")
                .brokerConfig("replica.lag.time.max.ms", "3000")
                .brokerConfig("replica.fetch.backoff.ms", "200")
                .brokerConfig("log.flush.start.offset.checkpoint.interval.ms", "500")
                // the background tasks (checkpoints among them) start after log.initial.task.delay.ms, 30 s by default
                .brokerConfig("log.initial.task.delay.ms", "500")
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deleteRecordsMovesTheLogStartOffsetOfEveryReplica() {
        String topic = Clients.uniqueTopic("delete-records");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) BROKERS)
                    .configs(Map.of("min.insync.replicas", "2")))).all(), "createTopics " + topic);
            awaitIsr(topic, Set.of(0, 1, 2));
            produce(topic);

            long lowWatermark = Clients.await(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(FIRST_DELETE)))
                    .lowWatermarks().get(tp), "deleteRecords before " + FIRST_DELETE).lowWatermark();
            assertEquals(FIRST_DELETE, lowWatermark, "the low watermark answered");
            assertEquals(FIRST_DELETE, listOffset(admin, tp, OffsetSpec.earliest()), "ListOffsets earliest");
            assertEquals(RECORDS, listOffset(admin, tp, OffsetSpec.latest()), "ListOffsets latest");
            assertConsumerStartsAt(tp, FIRST_DELETE);
            for (int id = 0; id < BROKERS; id++) {
                awaitCheckpointedLogStartOffset(id, tp, FIRST_DELETE);
            }

            ExecutionException beyond = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(RECORDS + 1))).lowWatermarks().get(tp)
                            .get(Clients.CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(OffsetOutOfRangeException.class, beyond.getCause(), "deleting past the high watermark " + RECORDS);
            assertEquals(FIRST_DELETE, listOffset(admin, tp, OffsetSpec.earliest()), "a refused deletion deletes nothing");
        }

        int oldLeader = partitionState(topic).leader();
        cluster.killBroker(oldLeader);
        Wait.until(() -> partitionState(topic).leader() >= 0 && partitionState(topic).leader() != oldLeader, WAIT,
                () -> "a new leader after killing broker " + oldLeader + ": " + partitionState(topic));
        int newLeader = partitionState(topic).leader();
        // A new Admin: kafka-clients 4.x caches partition leaders for listOffsets and would keep asking the dead one.
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Wait.until(() -> Clients.await(admin.describeTopics(List.of(topic)).allTopicNames(), "describeTopics")
                    .get(topic).partitions().get(0).leader().id() == newLeader, WAIT,
                    () -> "the brokers' metadata names broker " + newLeader + " as the leader");
            assertEquals(FIRST_DELETE, listOffset(admin, tp, OffsetSpec.earliest()), "ListOffsets earliest on the new leader " + newLeader);
            assertConsumerStartsAt(tp, FIRST_DELETE);

            // The dead replica does not hold the low watermark back; the restarted one follows from its checkpoint.
            long secondLowWatermark = Clients.await(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(SECOND_DELETE)))
                    .lowWatermarks().get(tp), "deleteRecords before " + SECOND_DELETE + " with broker " + oldLeader + " down").lowWatermark();
            assertEquals(SECOND_DELETE, secondLowWatermark, "the low watermark of the two live replicas");
            assertEquals(FIRST_DELETE, checkpointedLogStartOffset(oldLeader, tp), "the killed broker's checkpoint");
            cluster.startBroker(oldLeader);
            awaitIsr(topic, Set.of(0, 1, 2));
            for (int id = 0; id < BROKERS; id++) {
                awaitCheckpointedLogStartOffset(id, tp, SECOND_DELETE);
            }
            assertEquals(SECOND_DELETE, listOffset(admin, tp, OffsetSpec.earliest()), "ListOffsets earliest after the second deletion");
            assertConsumerStartsAt(tp, SECOND_DELETE);
        }
    }

    private static void produce(String topic) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all"))) {
            for (int i = 0; i < RECORDS; i++) {
                long offset = Clients.await(producer.send(new ProducerRecord<>(topic, 0, key(i), value(i))), "send " + i).offset();
                assertEquals(i, offset, "offset of record " + i);
            }
        }
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        return ("value-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static long listOffset(Admin admin, TopicPartition tp, OffsetSpec spec) {
        return Clients.await(admin.listOffsets(Map.of(tp, spec)).partitionResult(tp), "listOffsets " + tp).offset();
    }

    /** A consumer without a position (no group, no seek) resets to the earliest offset: it reads {@code first} up to the end. */
    private static void assertConsumerStartsAt(TopicPartition tp, long first) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(Clients.CLIENT_TIMEOUT.toMillis()));
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(tp));
            Wait.until(() -> {
                consumer.poll(Duration.ofMillis(500)).records(tp).forEach(read::add);
                return read.size() >= RECORDS - first;
            }, WAIT, () -> "read " + read.size() + " of " + (RECORDS - first) + " records of " + tp);
        }
        assertEquals(RECORDS - first, read.size(), "records from " + first + " to the end");
        for (int i = 0; i < read.size(); i++) {
            long offset = first + i;
            ConsumerRecord<byte[], byte[]> record = read.get(i);
            assertEquals(offset, record.offset(), "the consumer starts exactly at the log start offset " + first);
            assertEquals("key-" + offset, new String(record.key(), StandardCharsets.UTF_8));
            assertEquals("value-" + offset, new String(record.value(), StandardCharsets.UTF_8));
        }
    }

    private static void awaitCheckpointedLogStartOffset(int broker, TopicPartition tp, long expected) {
        Wait.until(() -> checkpointedLogStartOffset(broker, tp) == expected, WAIT,
                () -> "broker " + broker + " checkpoints log start offset " + expected + " for " + tp + ", has "
                        + checkpointedLogStartOffset(broker, tp));
    }

    /** The partition's entry in the broker's {@code log-start-offset-checkpoint} ({@code topic partition offset} lines), -1 if none. */
    private static long checkpointedLogStartOffset(int broker, TopicPartition tp) {
        Path file = cluster.logDir(broker).resolve("log-start-offset-checkpoint");
        try {
            if (!Files.exists(file)) {
                return -1;
            }
            String prefix = tp.topic() + " " + tp.partition() + " ";
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith(prefix))
                    .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).trim())).findFirst().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void awaitIsr(String topic, Set<Integer> isr) {
        ClusterState.awaitIsr(cluster, topic, 1, isr, Duration.ofSeconds(90));
    }

    private static LeaderIsrAndControllerEpoch partitionState(String topic) {
        try {
            return TopicPartitionStateZNode.decode(cluster.zk().getData().forPath(TopicPartitionStateZNode.path(topic, 0)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the state of " + topic + "-0: " + e, e);
        }
    }
}
