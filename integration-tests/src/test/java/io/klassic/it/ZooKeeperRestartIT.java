package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RELIABILITY's T5, second half, with one ZooKeeper and three broker processes: the ZooKeeper server process is killed
 * ({@code kill -9}) and started again on the same data while an idempotent acks=all producer writes. ZooKeeper keeps
 * its sessions across the restart, and it is back well within the session timeout (20 s), so every broker goes
 * SUSPENDED and then RECONNECTED with the same session: no session is lost, no registration or {@code /controller}
 * changes hands, no election happens, and the one controller stays the one controller by every account. The brokers
 * keep taking writes while ZooKeeper is down and after it is back, and no acknowledged record is lost.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ZooKeeperRestartIT {
    private static final int BROKERS = 3;
    private static final int PARTITIONS = 3;
    private static final List<Integer> ALL = List.of(0, 1, 2);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern SUSPENDED = Pattern.compile("The connection to ZooKeeper at \\S+ is suspended");
    private static final Pattern LOST = Pattern.compile("The ZooKeeper session with \\S+ is lost");

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                // ZooKeeper caps sessions at 20 ticks unless told otherwise.
                .zookeeperConfig("maxSessionTimeout", "40000")
                .brokerConfig("zookeeper.session.timeout.ms", "20000")
                .brokerConfig("replica.lag.time.max.ms", "10000")
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
    void killingAndRestartingZooKeeperKeepsEverySessionOneControllerAndEveryAcknowledgedRecord() throws Exception {
        String topic = Clients.uniqueTopic("zk-restart");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.await(admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) BROKERS)
                    .configs(Map.of("min.insync.replicas", "2")))).all(), "createTopics " + topic);
        }
        awaitFullIsr(topic);
        ControllerChecks.awaitMetadataMatchesZooKeeper(cluster, ALL, topic, PARTITIONS, WAIT);
        int controller = ClusterState.controllerId(cluster);
        int epoch = ControllerChecks.controllerEpoch(cluster);
        ControllerChecks.awaitExactlyOneController(cluster, ALL, controller, WAIT);
        long controllerSession = stat("/controller").getEphemeralOwner();
        Map<Integer, Long> sessions = new TreeMap<>();
        Map<Integer, Integer> suspendedBefore = new TreeMap<>();
        Map<Integer, Integer> lostBefore = new TreeMap<>();
        for (int b : ALL) {
            sessions.put(b, stat("/brokers/ids/" + b).getEphemeralOwner());
            suspendedBefore.put(b, BrokerLogs.count(cluster, b, "server.log", SUSPENDED));
            lostBefore.put(b, BrokerLogs.count(cluster, b, "server.log", LOST));
        }
        assertEquals(controllerSession, (long) sessions.get(controller), "the controller holds /controller with its broker's session");

        AckedRecords acked = new AckedRecords();
        long downMs;
        try (BackgroundProducer producer = new BackgroundProducer(cluster.bootstrapServers(), topic, PARTITIONS, acked)) {
            acked.awaitCount(200, WAIT);

            long killedAt = System.nanoTime();
            cluster.killZooKeeper();
            try {
                Wait.until(() -> ALL.stream().allMatch(b -> BrokerLogs.count(cluster, b, "server.log", SUSPENDED) > suspendedBefore.get(b)),
                        WAIT, "every broker sees its ZooKeeper connection suspended");
                // Without ZooKeeper the leaders keep serving: nothing needs ZooKeeper while the ISRs hold.
                acked.awaitCount(acked.count() + 100, WAIT);
            } finally {
                cluster.startZooKeeper();
            }
            downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            // Every broker reconnects with the session it had: "Reconnected to ZooKeeper at ... with session 0x<its session>".
            Wait.until(() -> ALL.stream().allMatch(b -> BrokerLogs.count(cluster, b, "server.log", reconnected(sessions.get(b))) > 0),
                    WAIT, () -> "every broker reconnects with its session " + hex(sessions));
            long reconnectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            for (int b : ALL) {
                assertEquals(lostBefore.get(b), BrokerLogs.count(cluster, b, "server.log", LOST), "broker " + b + " lost its session");
                assertEquals(sessions.get(b), stat("/brokers/ids/" + b).getEphemeralOwner(), "broker " + b + "'s registration kept its session");
            }
            assertEquals(controllerSession, stat("/controller").getEphemeralOwner(), "/controller kept its session");
            assertEquals(controller, ClusterState.controllerId(cluster), "no other controller");
            assertEquals(epoch, ControllerChecks.controllerEpoch(cluster), "no election");
            ControllerChecks.awaitExactlyOneController(cluster, ALL, controller, WAIT);

            // Writes go on after the restart, on every partition within 30 s.
            long restartedAt = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> probe = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all",
                    "delivery.timeout.ms", "30000", "request.timeout.ms", "10000"))) {
                for (int p = 0; p < PARTITIONS; p++) {
                    byte[] value = AckedRecords.value("after-restart-p" + p, 0);
                    probe.send(new ProducerRecord<>(topic, p, null, value), acked.callback(p, value)).get(30, TimeUnit.SECONDS);
                }
            }
            long writableMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
            assertTrue(writableMs <= 30_000, "writes resumed " + writableMs + " ms after the restart");
            acked.awaitCount(acked.count() + 100, WAIT);
            System.out.printf("[ZooKeeperRestartIT] ZooKeeper down for %d ms; every broker reconnected with its session %d ms after the kill;"
                    + " every partition took a write %d ms after that%n", downMs, reconnectedMs, writableMs);
        }
        assertEquals(List.of(), acked.failures(), "definite send failures");
        awaitFullIsr(topic);
        ControllerChecks.awaitMetadataMatchesZooKeeper(cluster, ALL, topic, PARTITIONS, WAIT);
        acked.check(cluster, topic, PARTITIONS);
        System.out.println("[ZooKeeperRestartIT] " + acked.count() + " acknowledged records read back at their offsets");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Pattern reconnected(long session) {
        return Pattern.compile("Reconnected to ZooKeeper at \\S+ with session 0x" + Long.toHexString(session) + "\\.");
    }

    private static Map<Integer, String> hex(Map<Integer, Long> sessions) {
        Map<Integer, String> out = new TreeMap<>();
        sessions.forEach((b, s) -> out.put(b, "0x" + Long.toHexString(s)));
        return out;
    }

    private static Stat stat(String path) {
        try {
            Stat stat = cluster.zk().checkExists().forPath(path);
            if (stat == null) {
                throw new AssertionError(path + " does not exist");
            }
            return stat;
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + path + ": " + e, e);
        }
    }

    private static void awaitFullIsr(String topic) {
        ClusterState.awaitFullIsr(cluster, topic, PARTITIONS, BROKERS, WAIT);
    }
}
