package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.klassic.zk.LeaderIsrAndControllerEpoch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replication with one ZooKeeper and three broker processes ({@code replica.lag.time.max.ms=3000}, session timeout
 * 8 s): a topic with 3 partitions, replication factor 3 and {@code min.insync.replicas=2} takes numbered records
 * from an idempotent acks=all producer while the leader of partition 0 is killed with {@code kill -9} and restarted,
 * while the controller is killed with {@code kill -9} and restarted, while a follower is paused (SIGSTOP) until the
 * leaders drop it from the ISR, then resumed, and while a follower is stopped cleanly (SIGTERM) and restarted; afterwards every
 * acknowledged record is read back exactly once at its acknowledged offset, in send order per partition, and every
 * broker is back in every ISR. With two of three replicas down, acks=all fails with NOT_ENOUGH_REPLICAS. A leader
 * cut off with acks=1 records its followers never fetched truncates them (KIP-101) when it rejoins under a new leader.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplicationIT {
    private static final int BROKERS = 3;
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", "8000")
                .brokerConfig("replica.lag.time.max.ms", "3000")
                .brokerConfig("replica.fetch.backoff.ms", "200")
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void restartStoppedBrokers() {
        cluster.restartStoppedBrokers();
    }

    /** What the producer was told: acknowledged (partition, offset, value), and definite failures. */
    private static final class History {
        final Map<Integer, List<long[]>> acked = new ConcurrentHashMap<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger ackCount = new AtomicInteger();

        void ok(int partition, long offset, int seq) {
            acked.computeIfAbsent(partition, p -> new CopyOnWriteArrayList<>()).add(new long[]{offset, seq});
            ackCount.incrementAndGet();
        }
    }

    @Test
    @Order(1)
    void failoversLoseNoAcknowledgedRecord() throws Exception {
        String topic = createTopic("replicated");
        awaitFullIsr(topic);
        History history = new History();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread producerThread = new Thread(() -> produce(topic, history, running), "replication-it-producer");
        producerThread.start();
        try {
            awaitAcks(history, 200);

            // (a) kill -9 the leader of partition 0, keep writing through the new leader, restart it.
            int leader = partitionState(topic, 0).leader();
            cluster.killBroker(leader);
            Wait.until(() -> partitionState(topic, 0).leader() != leader && partitionState(topic, 0).leader() >= 0, WAIT,
                    () -> "a new leader for partition 0 after killing broker " + leader);
            awaitAcks(history, history.ackCount.get() + 200);
            cluster.startBroker(leader);
            awaitFullIsr(topic);
            awaitAcks(history, history.ackCount.get() + 100);

            // (b) kill -9 the controller, keep writing, restart it.
            int controller = controllerId();
            cluster.killBroker(controller);
            Wait.until(() -> controllerId() >= 0 && controllerId() != controller, WAIT, () -> "a new controller after killing broker " + controller);
            awaitAcks(history, history.ackCount.get() + 200);
            cluster.startBroker(controller);
            awaitFullIsr(topic);
            awaitAcks(history, history.ackCount.get() + 100);

            // (c) pause a follower of partition 0 until the leaders drop it from the ISR, then let it catch up.
            LeaderIsrAndControllerEpoch state = partitionState(topic, 0);
            int follower = state.isr().stream().filter(r -> r != state.leader()).findFirst().orElseThrow();
            cluster.pauseBroker(follower);
            try {
                // The leader drops it after replica.lag.time.max.ms (3 s), before its ZooKeeper session (8 s) expires.
                Wait.until(() -> !partitionState(topic, 0).isr().contains(follower), Duration.ofSeconds(20),
                        () -> "broker " + follower + " leaves the ISR of partition 0: " + partitionState(topic, 0));
                assertTrue(registered(follower), "the ISR shrank while broker " + follower + " was still registered: the leader shrank it");
                awaitAcks(history, history.ackCount.get() + 100);
            } finally {
                cluster.resumeBroker(follower);
            }
            awaitFullIsr(topic);
            awaitAcks(history, history.ackCount.get() + 100);

            // (d) stop a follower of partition 1 cleanly (SIGTERM), keep writing while it is out of the ISR, restart it.
            LeaderIsrAndControllerEpoch state1 = partitionState(topic, 1);
            int stopped = state1.isr().stream().filter(r -> r != state1.leader()).findFirst().orElseThrow();
            cluster.stopBroker(stopped);
            Wait.until(() -> !partitionState(topic, 1).isr().contains(stopped), WAIT,
                    () -> "stopped broker " + stopped + " leaves the ISR of partition 1: " + partitionState(topic, 1));
            awaitAcks(history, history.ackCount.get() + 200);
            cluster.startBroker(stopped);
            awaitFullIsr(topic);
            awaitAcks(history, history.ackCount.get() + 100);
        } finally {
            running.set(false);
            producerThread.join(TimeUnit.SECONDS.toMillis(90));
        }
        assertTrue(history.failures.isEmpty(), () -> "definite failures: " + history.failures);
        awaitFullIsr(topic);
        check(topic, history);
        System.out.println("[ReplicationIT] " + history.ackCount.get() + " records acknowledged and read back");
    }

    @Test
    @Order(2)
    void acksAllFailsWithNotEnoughReplicasWhenTwoOfThreeReplicasAreDown() {
        String topic = createTopic("min-isr");
        awaitFullIsr(topic);
        History history = new History();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all",
                "enable.idempotence", "false", "retries", "0", "max.in.flight.requests.per.connection", "1"))) {
            for (int i = 0; i < 10; i++) {
                var metadata = Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, value(i))), "send " + i);
                history.ok(0, metadata.offset(), i);
            }
            int leader = partitionState(topic, 0).leader();
            List<Integer> others = new ArrayList<>();
            for (int id = 0; id < BROKERS; id++) {
                if (id != leader) {
                    others.add(id);
                }
            }
            for (int id : others) {
                cluster.killBroker(id);
            }
            Wait.until(() -> partitionState(topic, 0).isr().equals(List.of(leader)), WAIT,
                    () -> "the ISR of partition 0 shrinks to its leader " + leader + ": " + partitionState(topic, 0));
            try {
                producer.send(new ProducerRecord<>(topic, 0, null, value(1000))).get(60, TimeUnit.SECONDS);
                fail("acks=all succeeded with one in-sync replica of three");
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof NotEnoughReplicasException, () -> "expected NOT_ENOUGH_REPLICAS, got " + e.getCause());
            } catch (Exception e) {
                throw new AssertionError("send failed unexpectedly: " + e, e);
            }
            for (int id : others) {
                cluster.startBroker(id);
            }
        }
        awaitFullIsr(topic);
        // What was acknowledged before is all there; the refused record is not.
        Map<Long, String> read = readPartition(topic, 0);
        assertEquals(10, read.size(), () -> "records of partition 0: " + read);
        for (long[] ack : history.acked.get(0)) {
            assertEquals(new String(value((int) ack[1]), StandardCharsets.UTF_8), read.get(ack[0]));
        }
    }

    @Test
    @Order(3)
    void aLeaderCutOffWithUnreplicatedRecordsTruncatesThemWhenItRejoins() throws Exception {
        String topic = createTopic("diverge");
        awaitFullIsr(topic);
        TopicPartition tp0 = new TopicPartition(topic, 0);
        int leader = partitionState(topic, 0).leader();
        List<Integer> followers = new ArrayList<>();
        for (int id = 0; id < BROKERS; id++) {
            if (id != leader) {
                followers.add(id);
            }
        }
        Map<Long, String> acked = new java.util.TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all"))) {
            for (int i = 0; i < 20; i++) {
                acked.put(Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, value(i))), "send " + i).offset(), "record-" + i);
            }
        }
        List<Long> divergent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(leader), Map.of("acks", "1",
                "enable.idempotence", "false", "retries", "0"))) {
            producer.partitionsFor(topic);
            for (int f : followers) {
                cluster.pauseBroker(f);
            }
            try {
                // A fault step, not a synchronisation: let the leader answer the paused followers' pending long-poll fetches
                // (replica.fetch.wait.max.ms=500) so that nothing carries the next records to them; stays below the 3 s lag time.
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1000));
                for (int i = 100; i < 105; i++) {
                    divergent.add(Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, value(i))), "acks=1 send " + i).offset());
                }
                cluster.killBroker(leader);
            } finally {
                for (int f : followers) {
                    cluster.resumeBroker(f);
                }
            }
            producer.close(Duration.ZERO);
        }
        assertEquals(List.of(20L, 21L, 22L, 23L, 24L), divergent, "the acks=1 records went to the old leader only");
        Wait.until(() -> followers.contains(partitionState(topic, 0).leader()), WAIT,
                () -> "a follower leads partition 0 after the leader was cut off: " + partitionState(topic, 0));
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(followers.get(0)), Map.of("acks", "all"))) {
            for (int i = 200; i < 220; i++) {
                acked.put(Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, value(i))), "send " + i).offset(), "record-" + i);
            }
        }
        cluster.startBroker(leader);
        awaitFullIsr(topic);
        Map<Long, String> read = readPartition(topic, 0);
        assertEquals(acked, new java.util.TreeMap<>(read), "partition 0 holds exactly the acks=all records, at their offsets");
        // The old leader truncated its unreplicated suffix and copied the new leader's records: all three logs are alike.
        Wait.until(() -> {
            byte[] first = null;
            for (int id = 0; id < BROKERS; id++) {
                byte[] bytes;
                try {
                    bytes = java.nio.file.Files.readAllBytes(cluster.logDir(id).resolve(tp0.topic() + "-0").resolve("00000000000000000000.log"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (first != null && !java.util.Arrays.equals(first, bytes)) {
                    return false;
                }
                first = bytes;
            }
            return true;
        }, WAIT, "the three replicas of partition 0 hold the same log");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String createTopic(String prefix) {
        String topic = Clients.uniqueTopic(prefix);
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.await(admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) BROKERS)
                    .configs(Map.of("min.insync.replicas", "2")))).all(), "createTopics " + topic);
        }
        return topic;
    }

    private static byte[] value(int seq) {
        return ("record-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    /** Sends numbered records round-robin over the partitions, at most 50 in flight, until {@code running} clears. */
    private static void produce(String topic, History history, AtomicBoolean running) {
        Semaphore inFlight = new Semaphore(50);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all",
                "enable.idempotence", "true", "max.in.flight.requests.per.connection", "5", "linger.ms", "5",
                "delivery.timeout.ms", "120000", "request.timeout.ms", "10000", "max.block.ms", "120000"))) {
            for (int seq = 0; running.get(); seq++) {
                inFlight.acquire();
                int partition = seq % PARTITIONS;
                int s = seq;
                producer.send(new ProducerRecord<>(topic, partition, null, value(seq)), (metadata, exception) -> {
                    inFlight.release();
                    if (exception == null) {
                        history.ok(partition, metadata.offset(), s);
                    } else {
                        history.failures.add(exception);
                    }
                });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            history.failures.add(e);
        }
    }

    private static void awaitAcks(History history, int count) {
        Wait.until(() -> {
            if (!history.failures.isEmpty()) {
                throw new AssertionError("the producer failed: " + history.failures);
            }
            return history.ackCount.get() >= count;
        }, Duration.ofSeconds(90), () -> history.ackCount.get() + " of " + count + " records acknowledged");
    }

    /** Every acknowledged record at its offset, no value twice, values in send order per partition. */
    private static void check(String topic, History history) {
        for (int p = 0; p < PARTITIONS; p++) {
            Map<Long, String> read = readPartition(topic, p);
            List<long[]> acked = history.acked.getOrDefault(p, List.of());
            assertTrue(!acked.isEmpty(), "acknowledged records in partition " + p);
            for (long[] ack : acked) {
                String expected = new String(value((int) ack[1]), StandardCharsets.UTF_8);
                assertEquals(expected, read.get(ack[0]), "partition " + p + " offset " + ack[0]);
            }
            Set<String> seen = new HashSet<>();
            int last = -1;
            for (String v : read.values()) {
                assertTrue(seen.add(v), "duplicate " + v + " in partition " + p);
                int seq = Integer.parseInt(v.substring("record-".length()));
                assertTrue(seq > last, "partition " + p + ": " + v + " after record-" + last);
                last = seq;
            }
        }
    }

    /** Reads a partition from its beginning to its end offset (high watermark), offset to value, in offset order. */
    private static Map<Long, String> readPartition(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Map<Long, String> read = new java.util.LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(cluster.bootstrapServers())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            Wait.until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    String previous = read.put(r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                    assertEquals(null, previous, "offset " + r.offset() + " read twice");
                }
                return consumer.position(tp) >= end;
            }, WAIT, () -> "read " + tp + " up to " + end + ", have " + read.size());
        }
        return read;
    }

    private static void awaitFullIsr(String topic) {
        ClusterState.awaitFullIsr(cluster, topic, PARTITIONS, BROKERS, Duration.ofSeconds(90));
    }

    private static int controllerId() {
        return ClusterState.controllerId(cluster);
    }

    private static boolean registered(int broker) {
        return ClusterState.registered(cluster, broker);
    }

    private static LeaderIsrAndControllerEpoch partitionState(String topic, int partition) {
        return ClusterState.partitionState(cluster, topic, partition);
    }
}
