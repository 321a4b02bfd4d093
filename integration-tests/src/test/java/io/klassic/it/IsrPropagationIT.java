package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.klassic.zk.LeaderIsrAndControllerEpoch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ISR changes made by partition leaders reach every broker's metadata cache, with one ZooKeeper and three broker
 * processes: a follower paused (SIGSTOP) past {@code replica.lag.time.max.ms} is dropped from the ISR by the leaders of
 * the partitions it follows (one led by the controller's broker, one by another broker); they write the partition state
 * and an {@code /isr_change_notification}, and the controller spreads the new ISR with UpdateMetadata. Each broker is
 * asked on its own port with a raw Metadata v1 request, so that the answer comes from its own cache: every broker that
 * can answer shows the shrunk ISR, and once the follower has resumed and caught up, every broker shows the full one. The
 * ZooKeeper session (20 s) outlives the pause, so the ISR shrinks by the leaders' doing and not because the follower's
 * broker died.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IsrPropagationIT {
    private static final int BROKERS = 3;
    private static final int PARTITIONS = 3;
    private static final List<Integer> ALL = List.of(0, 1, 2);
    private static final Duration SHRINK_WAIT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                // ZooKeeper caps sessions at 20 ticks unless told otherwise.
                .zookeeperConfig("maxSessionTimeout", "40000")
                .brokerConfig("zookeeper.session.timeout.ms", "20000")
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

    @Test
    void isrShrinkAndExpansionReachEveryBrokersMetadataCache() {
        String topic = Clients.uniqueTopic("isr-propagation");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.await(admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) BROKERS))).all(), "createTopics " + topic);
        }
        Wait.until(() -> fullIsrInZooKeeper(topic), WAIT, () -> "every replica in every ISR of " + topic + ": " + states(topic));
        ControllerChecks.awaitMetadataMatchesZooKeeper(cluster, ALL, topic, PARTITIONS, WAIT);

        int controller = ClusterState.controllerId(cluster);
        int follower = (controller + 1) % BROKERS;
        int third = (controller + 2) % BROKERS;
        List<Integer> live = List.of(controller, third);
        // The partitions the paused broker follows: their leaders (the controller's broker and the third broker) drop it.
        List<Integer> followed = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            if (ClusterState.partitionState(cluster, topic, p).leader() != follower) {
                followed.add(p);
            }
        }
        Set<Integer> leadersOfFollowed = new TreeSet<>();
        followed.forEach(p -> leadersOfFollowed.add(ClusterState.partitionState(cluster, topic, p).leader()));
        assertEquals(new TreeSet<>(live), leadersOfFollowed, "the followed partitions are led by the controller and the third broker");
        Set<Integer> shrunk = new TreeSet<>(live);
        Set<Integer> full = new TreeSet<>(ALL);

        long pausedAt = System.nanoTime();
        cluster.pauseBroker(follower);
        long zkShrunkMs;
        long cachesShrunkMs;
        try {
            // New records the paused follower does not fetch: it falls behind the leaders' log end.
            try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(controller) + "," + cluster.bootstrapServers(third),
                    Map.of("acks", "1"))) {
                for (int p : followed) {
                    for (int i = 0; i < 10; i++) {
                        Clients.await(producer.send(new ProducerRecord<>(topic, p, null, AckedRecords.value("p" + p, i))), "send to " + topic + "-" + p);
                    }
                }
            }
            Wait.until(() -> followed.stream().allMatch(p -> isr(p, topic).equals(shrunk)), SHRINK_WAIT,
                    () -> "the leaders drop paused broker " + follower + " from the ISRs of partitions " + followed + ": " + states(topic));
            zkShrunkMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
            assertTrue(ClusterState.registered(cluster, follower), "broker " + follower + " was still registered: its leaders shrank the ISR");
            Wait.until(() -> live.stream().allMatch(b -> followed.stream().allMatch(p -> cachedIsr(b, topic, p).equals(shrunk))), WAIT,
                    () -> "brokers " + live + " have the shrunk ISR " + shrunk + " in their metadata: " + cachedIsrs(live, topic));
            cachesShrunkMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
            assertEquals(Map.of(), ControllerChecks.mismatches(cluster, live, topic, PARTITIONS), "the live brokers' metadata is ZooKeeper's");
        } finally {
            cluster.resumeBroker(follower);
        }
        long resumedAt = System.nanoTime();
        Wait.until(() -> fullIsrInZooKeeper(topic), WAIT, () -> "broker " + follower + " rejoins every ISR: " + states(topic));
        long zkExpandedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt);
        Wait.until(() -> ALL.stream().allMatch(b -> followed.stream().allMatch(p -> cachedIsr(b, topic, p).equals(full))), WAIT,
                () -> "every broker has the full ISR in its metadata: " + cachedIsrs(ALL, topic));
        long cachesExpandedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt);
        assertEquals(Map.of(), ControllerChecks.mismatches(cluster, ALL, topic, PARTITIONS), "every broker's metadata is ZooKeeper's");
        System.out.printf("[IsrPropagationIT] follower %d paused: ISR shrunk in ZooKeeper after %d ms, in brokers %s' metadata after %d ms;"
                + " resumed: ISR full in ZooKeeper after %d ms, in every broker's metadata after %d ms%n",
                follower, zkShrunkMs, live, cachesShrunkMs, zkExpandedMs, cachesExpandedMs);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Set<Integer> isr(int partition, String topic) {
        return new TreeSet<>(ClusterState.partitionState(cluster, topic, partition).isr());
    }

    private static Set<Integer> cachedIsr(int broker, String topic, int partition) {
        MetadataV1.PartitionInfo info = MetadataV1.ask(cluster.brokerPort(broker), List.of(topic)).partition(topic, partition);
        return info == null ? Set.of() : info.isrSet();
    }

    private static Map<Integer, String> cachedIsrs(List<Integer> brokers, String topic) {
        Map<Integer, String> out = new TreeMap<>();
        for (int b : brokers) {
            out.put(b, MetadataV1.ask(cluster.brokerPort(b), List.of(topic)).topics().toString());
        }
        return out;
    }

    private static boolean fullIsrInZooKeeper(String topic) {
        for (int p = 0; p < PARTITIONS; p++) {
            LeaderIsrAndControllerEpoch s = ClusterState.partitionState(cluster, topic, p);
            if (s.leader() < 0 || s.isr().size() != BROKERS) {
                return false;
            }
        }
        return true;
    }

    private static String states(String topic) {
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < PARTITIONS; p++) {
            out.append(" p").append(p).append('=').append(ClusterState.partitionState(cluster, topic, p));
        }
        return out.toString();
    }
}
