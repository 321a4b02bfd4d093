package io.klassic.it;

import io.klassic.zk.LeaderIsrAndControllerEpoch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leader epochs end to end, with one ZooKeeper and three broker processes:
 *
 * <ul>
 *   <li>Unclean leader election, off by default: when every in-sync replica of a partition is dead, the partition stays
 *       offline (leader -1) rather than elect the lagging replica, and nothing acknowledged is lost when an in-sync
 *       replica returns.</li>
 *   <li>With {@code unclean.leader.election.enable=true} on the topic the lagging replica is elected, the records only the
 *       dead replicas had are lost (the control run: the test can see lost writes), and when the old replicas return
 *       they truncate to where their history and the new leader's agree (KIP-101) although their high watermark is
 *       above that point: truncating to the high watermark would keep records the new leader overwrote.</li>
 *   <li>A consumer reading across a leader change validates its position with OffsetForLeaderEpoch (kafka-clients
 *       with {@code auto.offset.reset=none} fails on a position the new leader does not have) and reads every record
 *       once, without a gap.</li>
 * </ul>
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LeaderEpochIT {
    private static final int BROKERS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                // The lagging replica is paused while the others drop it from the ISR: its session must outlive that.
                .brokerConfig("zookeeper.session.timeout.ms", "10000")
                .brokerConfig("replica.lag.time.max.ms", "2000")
                .brokerConfig("replica.fetch.backoff.ms", "200")
                // Checkpoint high watermarks often, so that a killed replica restarts with its latest one.
                .brokerConfig("replica.high.watermark.checkpoint.interval.ms", "100")
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

    @Test
    void withoutUncleanElectionAPartitionWithNoLiveInSyncReplicaStaysOfflineAndLosesNothing() {
        Scenario s = Scenario.laggingControllerReplica("clean", false);
        s.leaveOnlyTheLaggingReplica();
        Wait.until(() -> partitionState(s.topic).leader() == -1 && partitionState(s.topic).isr().size() == 1, WAIT,
                () -> "partition 0 offline once its in-sync replicas died: " + partitionState(s.topic));
        // As Kafka does, the ISR keeps the last of them, whichever the controller removed last.
        int lastInSync = partitionState(s.topic).isr().get(0);
        assertTrue(lastInSync == s.leader || lastInSync == s.follower, () -> "ISR " + partitionState(s.topic).isr());
        int other = lastInSync == s.leader ? s.follower : s.leader;

        cluster.startBroker(lastInSync);
        Wait.until(() -> partitionState(s.topic).leader() == lastInSync, WAIT,
                () -> "the returning in-sync replica leads again: " + partitionState(s.topic));
        cluster.startBroker(other);
        awaitFullIsr(s.topic);
        assertEquals(s.acked, readPartition(s.topic), "every acknowledged record is still there");
    }

    @Test
    void withUncleanElectionTheLaggingReplicaLeadsAndReturningReplicasTruncateBelowTheirHighWatermark() {
        Scenario s = Scenario.laggingControllerReplica("unclean", true);
        s.leaveOnlyTheLaggingReplica();
        Wait.until(() -> partitionState(s.topic).leader() == s.lagging, WAIT,
                () -> "the lagging replica " + s.lagging + " is elected uncleanly: " + partitionState(s.topic));

        Map<Long, String> expected = new TreeMap<>();
        s.acked.forEach((offset, value) -> {
            if (offset < s.laggingEnd) {
                expected.put(offset, value);
            }
        });
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(s.lagging), Map.of("acks", "all"))) {
            for (int i = 200; i < 210; i++) {
                expected.put(send(producer, s.topic, i), value(i));
            }
        }
        assertEquals(s.laggingEnd, expected.keySet().stream().filter(o -> o >= s.laggingEnd).findFirst().orElseThrow(),
                "the new leader writes from its own log end offset, over offsets the old leader had used");

        cluster.startBroker(s.leader);
        cluster.startBroker(s.follower);
        awaitFullIsr(s.topic);
        Map<Long, String> read = readPartition(s.topic);
        assertEquals(expected, read, "the records only the dead replicas had are lost; the new leader's are at their offsets");
        assertTrue(s.acked.keySet().stream().anyMatch(o -> o >= s.laggingEnd), "the control run lost acknowledged writes");
        // The old leader's high watermark was above the point where its history and the new leader's part: it must
        // have truncated below it, so that all three logs are byte for byte alike.
        Wait.until(() -> sameLogOnEveryBroker(s.topic), WAIT, "the three replicas of partition 0 hold the same log");
    }

    @Test
    void aConsumerValidatesItsPositionAcrossALeaderChangeAndMissesNothing() throws Exception {
        String topic = Clients.uniqueTopic("validate");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) BROKERS)
                    .configs(Map.of("min.insync.replicas", "2")))).all(), "createTopics " + topic);
        }
        awaitFullIsr(topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<Long, String> acked = new ConcurrentSkipListMap<>();
        Map<Long, String> consumed = new ConcurrentSkipListMap<>();
        AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(cluster.bootstrapServers(),
                    Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, 0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while ((running.get() || consumed.size() < acked.size()) && System.nanoTime() - deadline < 0) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                        String previous = consumed.put(r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                        if (previous != null) {
                            throw new AssertionError("offset " + r.offset() + " consumed twice");
                        }
                    }
                }
            } catch (Throwable t) {
                consumerFailure.set(t);
            }
        }, "leader-epoch-it-consumer");
        consumerThread.start();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all",
                "delivery.timeout.ms", "60000", "request.timeout.ms", "10000"))) {
            for (int i = 0; i < 100; i++) {
                acked.put(send(producer, topic, i), value(i));
            }
            Wait.until(() -> consumed.size() >= 100 || consumerFailure.get() != null, WAIT, () -> "consumed " + consumed.size());
            int leader = ClusterState.partitionState(cluster, topic, 0).leader();
            cluster.killBroker(leader);
            Wait.until(() -> {
                int now = ClusterState.partitionState(cluster, topic, 0).leader();
                return now >= 0 && now != leader;
            }, WAIT, () -> "a new leader after killing " + leader);
            for (int i = 100; i < 200; i++) {
                acked.put(send(producer, topic, i), value(i));
            }
        } finally {
            running.set(false);
        }
        consumerThread.join(TimeUnit.SECONDS.toMillis(90));
        assertEquals(null, consumerFailure.get(), () -> "the consumer failed: " + consumerFailure.get());
        assertEquals(new TreeMap<>(acked), new TreeMap<>(consumed), "every acknowledged record consumed once, at its offset");
        List<Long> offsets = new ArrayList<>(consumed.keySet());
        for (int i = 0; i < offsets.size(); i++) {
            assertEquals((long) i, offsets.get(i), "no gap in the consumed offsets");
        }
    }

    // ---------------------------------------------------------------------------------------------- the scenario

    /**
     * One partition on the three brokers: {@code leader} leads, {@code follower} follows, {@code lagging} (the controller,
     * so that killing the other two never moves the controller) is paused until the leader drops it from the ISR, while
     * more acks=all records are written to the other two.
     */
    private static final class Scenario {
        final String topic;
        final int leader;
        final int follower;
        final int lagging;
        final Map<Long, String> acked = new TreeMap<>();
        long laggingEnd;

        private Scenario(String topic, int leader, int follower, int lagging) {
            this.topic = topic;
            this.leader = leader;
            this.follower = follower;
            this.lagging = lagging;
        }

        static Scenario laggingControllerReplica(String prefix, boolean unclean) {
            Wait.until(() -> ClusterState.controllerId(cluster) >= 0, WAIT, "a controller");
            int controller = ClusterState.controllerId(cluster);
            List<Integer> others = new ArrayList<>();
            for (int id = 0; id < BROKERS; id++) {
                if (id != controller) {
                    others.add(id);
                }
            }
            Scenario s = new Scenario(Clients.uniqueTopic(prefix), others.get(0), others.get(1), controller);
            try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
                Clients.await(admin.createTopics(List.of(new NewTopic(s.topic, Map.of(0, List.of(s.leader, s.follower, s.lagging)))
                        .configs(Map.of("min.insync.replicas", "1", "unclean.leader.election.enable", Boolean.toString(unclean))))).all(),
                        "createTopics " + s.topic);
            }
            awaitFullIsr(s.topic);
            try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(s.leader), Map.of("acks", "all"))) {
                for (int i = 0; i < 10; i++) {
                    s.acked.put(send(producer, s.topic, i), value(i));
                }
                s.laggingEnd = 10;
                cluster.pauseBroker(s.lagging);
                try {
                    Wait.until(() -> !partitionState(s.topic).isr().contains(s.lagging), WAIT,
                            () -> "the paused replica " + s.lagging + " leaves the ISR: " + partitionState(s.topic));
                    for (int i = 10; i < 20; i++) {
                        s.acked.put(send(producer, s.topic, i), value(i));
                    }
                } catch (RuntimeException | AssertionError e) {
                    cluster.resumeBroker(s.lagging);
                    throw e;
                }
            }
            return s;
        }

        /** Kills the two in-sync replicas, then resumes the lagging one (still registered: its session outlived the pause). */
        void leaveOnlyTheLaggingReplica() {
            try {
                cluster.killBroker(leader);
                cluster.killBroker(follower);
            } finally {
                cluster.resumeBroker(lagging);
            }
            assertTrue(ClusterState.registered(cluster, lagging), "the lagging replica kept its ZooKeeper session");
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static long send(KafkaProducer<byte[], byte[]> producer, String topic, int i) {
        return Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, value(i).getBytes(StandardCharsets.UTF_8))),
                "send " + i).offset();
    }

    private static String value(int i) {
        return "record-" + i;
    }

    private static LeaderIsrAndControllerEpoch partitionState(String topic) {
        return ClusterState.partitionState(cluster, topic, 0);
    }

    private static void awaitFullIsr(String topic) {
        ClusterState.awaitFullIsr(cluster, topic, 1, BROKERS, Duration.ofSeconds(90));
    }

    /** Partition 0 from its beginning to its end offset, offset to value. */
    private static Map<Long, String> readPartition(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<Long, String> read = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(cluster.bootstrapServers())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            Wait.until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    read.put(r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                }
                return consumer.position(tp) >= end;
            }, WAIT, () -> "read " + tp + " up to " + end + ", have " + read.size());
        }
        return new TreeMap<>(read);
    }

    private static boolean sameLogOnEveryBroker(String topic) {
        byte[] first = null;
        for (int id = 0; id < BROKERS; id++) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(cluster.logDir(id).resolve(topic + "-0").resolve("00000000000000000000.log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (first != null && !Arrays.equals(first, bytes)) {
                return false;
            }
            first = bytes;
        }
        return true;
    }
}
