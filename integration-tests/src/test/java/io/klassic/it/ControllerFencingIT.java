package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.klassic.protocol.Errors;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicPartitionStateZNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RELIABILITY's T5, first half, with one ZooKeeper and three broker processes, each broker reaching ZooKeeper through its
 * own {@link TcpProxy}: the controller is cut off from ZooKeeper alone (its Kafka port and the other brokers stay
 * reachable). Another broker is elected within the session timeout with a higher epoch and takes the old controller's
 * leaderships and ISR places. Meanwhile the old controller is asked to act (a ControlledShutdown of another broker, which
 * it takes on and whose leader election reaches ZooKeeper only after healing, to be refused by the epoch check; a
 * CreateTopics; produces to the partition it led) and its stale epoch is spoken to the other brokers (UpdateMetadata,
 * LeaderAndIsr): no partition state znode written after the cut carries the old epoch, no leader epoch goes back, the
 * brokers refuse the stale requests and keep the new controller's view. After healing there is exactly one controller,
 * the old one registers again and rejoins every ISR, writes succeed on every partition within 30 s, and no acknowledged
 * record is lost.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ControllerFencingIT {
    private static final int BROKERS = 3;
    private static final int PARTITIONS = 3;
    private static final int SESSION_TIMEOUT_MS = 6000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<Integer> ALL = List.of(0, 1, 2);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperProxyPerBroker()
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS))
                // A ZooKeeper operation waits this long for a connection before each of its retries: the cut-off controller's
                // writes outlast the cut and meet the fence after healing, rather than give up while still cut off.
                .brokerConfig("zookeeper.connection.timeout.ms", "30000")
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
    void aControllerCutOffFromZooKeeperIsReplacedAndCannotChangeState() throws Exception {
        String topic = Clients.uniqueTopic("fenced");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.await(admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) BROKERS)
                    .configs(Map.of("min.insync.replicas", "2")))).all(), "createTopics " + topic);
        }
        awaitFullIsr(topic);
        AckedRecords acked = new AckedRecords();
        BackgroundProducer producer = new BackgroundProducer(cluster.bootstrapServers(), topic, PARTITIONS, acked);
        Socket shutdownProbe = null;
        Admin pinnedAdmin = null;
        KafkaProducer<byte[], byte[]> pinnedProducer = null;
        TcpProxy proxy = null;
        try {
            acked.awaitCount(100, WAIT);
            int old = ClusterState.controllerId(cluster);
            int oldEpoch = ControllerChecks.controllerEpoch(cluster);
            assertTrue(ControllerChecks.actsAsController(cluster, old), "the controller's log says it is active");
            Map<Integer, Integer> leaderEpochsBefore = leaderEpochs(topic);
            int ledByOld = partitionLedBy(topic, old);
            int victim = (old + 1) % BROKERS;
            long oldSession = cluster.zk().checkExists().forPath("/brokers/ids/" + old).getEphemeralOwner();
            long resignationsBefore = ControllerChecks.roleChanges(cluster, old).stream().filter(c -> !c.elected()).count();

            // ---- cut the controller off from ZooKeeper
            proxy = cluster.zookeeperProxy(old);
            long cutAt = System.nanoTime();
            proxy.cut();
            long cutZxid = marker("/klassic-it-cut-" + topic).getCzxid();

            // ---- make it act: move the victim's leaderships, create a topic, take writes for the partition it led
            ControllerRequests.Request shutdown = ControllerRequests.controlledShutdownV1(victim);
            shutdownProbe = KafkaWire.connect(cluster.brokerPort(old), Duration.ofSeconds(100));
            shutdownProbe.getOutputStream().write(shutdown.frame());
            shutdownProbe.getOutputStream().flush();
            String viaStale = Clients.uniqueTopic("via-stale-controller");
            pinnedAdmin = Clients.admin(cluster.bootstrapServers(old));
            KafkaFuture<Void> created = pinnedAdmin.createTopics(List.of(new NewTopic(viaStale, PARTITIONS, (short) BROKERS))).all();
            pinnedProducer = Clients.producer(cluster.bootstrapServers(old), Map.of("acks", "all", "enable.idempotence", "true",
                    "delivery.timeout.ms", "120000", "request.timeout.ms", "10000", "max.block.ms", "120000", "linger.ms", "5"));
            for (int seq = 0; seq < 20; seq++) {
                byte[] value = AckedRecords.value("pinned", seq);
                pinnedProducer.send(new ProducerRecord<>(topic, ledByOld, null, value), acked.callback(ledByOld, value));
            }

            // ---- another broker is elected within the session timeout, with a higher epoch
            Wait.until(() -> {
                int now = ClusterState.controllerId(cluster);
                return now >= 0 && now != old;
            }, WAIT, "another broker becomes controller after broker " + old + " was cut off from ZooKeeper");
            long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
            int next = ClusterState.controllerId(cluster);
            int newEpoch = ControllerChecks.controllerEpoch(cluster);
            System.out.printf("[ControllerFencingIT] Controller failover after a ZooKeeper cut: broker %d cut off, broker %d elected"
                    + " with epoch %d (was %d) after %d ms (zookeeper.session.timeout.ms=%d, tickTime 500 ms)%n",
                    old, next, newEpoch, oldEpoch, failoverMs, SESSION_TIMEOUT_MS);
            assertTrue(newEpoch > oldEpoch, "the new controller's epoch " + newEpoch + " is above " + oldEpoch);
            // The old session expires within the session timeout (rounded up to a tick) of its last heartbeat, which came before the cut.
            assertTrue(failoverMs <= SESSION_TIMEOUT_MS + 3000, "failover took " + failoverMs + " ms");

            // ---- the new controller takes the old one's leaderships and ISR places; the brokers it reaches follow it
            List<Integer> others = ALL.stream().filter(b -> b != old).toList();
            Wait.until(() -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    LeaderIsrAndControllerEpoch s = ClusterState.partitionState(cluster, topic, p);
                    if (s.leader() < 0 || s.leader() == old || s.isr().contains(old)) {
                        return false;
                    }
                }
                return true;
            }, WAIT, () -> "broker " + old + " leads nothing and is in no ISR: " + states(topic));
            ControllerChecks.awaitMetadataMatchesZooKeeper(cluster, others, topic, PARTITIONS, WAIT);
            Wait.until(() -> others.stream().allMatch(b -> MetadataV1.ask(cluster.brokerPort(b), List.of()).controllerId() == next), WAIT,
                    () -> "brokers " + others + " know the new controller " + next);

            // ---- the old controller's epoch, spoken to the brokers that follow the new one, is refused
            for (int b : others) {
                assertEquals(Errors.STALE_CONTROLLER_EPOCH, staleUpdateMetadata(b, old, oldEpoch, topic),
                        "broker " + b + " refuses UpdateMetadata of controller epoch " + oldEpoch);
                assertEquals(Errors.STALE_CONTROLLER_EPOCH, staleLeaderAndIsr(b, old, oldEpoch, topic),
                        "broker " + b + " refuses LeaderAndIsr of controller epoch " + oldEpoch);
            }
            assertEquals(Map.of(), ControllerChecks.mismatches(cluster, others, topic, PARTITIONS), "the stale requests changed nothing");
            // The cluster keeps taking acks=all writes while the old controller is cut off.
            acked.awaitCount(acked.count() + 100, WAIT);

            // ---- heal
            long healedAt = System.nanoTime();
            proxy.heal();
            Wait.until(() -> {
                Stat stat = stat("/brokers/ids/" + old);
                return stat != null && stat.getEphemeralOwner() != oldSession;
            }, WAIT, () -> "broker " + old + " registers again with a new session");

            // Writes succeed on every partition within 30 s of healing (RELIABILITY's checker item 7).
            try (KafkaProducer<byte[], byte[]> probe = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "all",
                    "delivery.timeout.ms", "30000", "request.timeout.ms", "10000"))) {
                for (int p = 0; p < PARTITIONS; p++) {
                    byte[] value = AckedRecords.value("after-heal-p" + p, 0);
                    probe.send(new ProducerRecord<>(topic, p, null, value), acked.callback(p, value)).get(30, TimeUnit.SECONDS);
                }
            }
            long writableAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedAt);
            System.out.printf("[ControllerFencingIT] every partition took an acks=all write %d ms after healing%n", writableAfterMs);
            assertTrue(writableAfterMs <= 30_000, "writes resumed " + writableAfterMs + " ms after healing");

            // The ControlledShutdown the old controller took on while cut off: its leader election for the victim's partitions
            // reached ZooKeeper only after healing, where the epoch check refused it; the victim is told NOT_CONTROLLER.
            ByteBuffer answer = KafkaWire.readFrame(shutdownProbe);
            Errors shutdownError = ControllerRequests.error(answer, shutdown);
            System.out.printf("[ControllerFencingIT] the cut-off controller answered ControlledShutdown(%d) with %s%n", victim, shutdownError);
            assertEquals(Errors.NOT_CONTROLLER, shutdownError, "a controller cut off from ZooKeeper cannot complete a controlled shutdown");
            String oldControllerLog = BrokerLogs.read(cluster, old, "controller.log");
            assertTrue(oldControllerLog.contains("/controller_epoch no longer has version"),
                    "broker " + old + "'s write was refused by the controller epoch check:\n" + oldControllerLog);

            // The healed broker rejoins every ISR; there is exactly one controller, the new one, at the new epoch.
            awaitFullIsr(topic);
            ControllerChecks.awaitExactlyOneController(cluster, ALL, next, WAIT);
            assertEquals(next, ClusterState.controllerId(cluster));
            assertEquals(newEpoch, ControllerChecks.controllerEpoch(cluster), "no election after the heal");
            assertTrue(ControllerChecks.roleChanges(cluster, old).stream().filter(c -> !c.elected()).count() > resignationsBefore,
                    "broker " + old + " logged its resignation: " + ControllerChecks.roleChanges(cluster, old));
            ControllerChecks.awaitMetadataMatchesZooKeeper(cluster, ALL, topic, PARTITIONS, WAIT);

            // The topic asked of the old controller: if it was created at all, the new controller started it.
            String createdOutcome = outcome(created);
            System.out.println("[ControllerFencingIT] CreateTopics through the cut-off controller: " + createdOutcome);
            if (cluster.zk().checkExists().forPath("/brokers/topics/" + viaStale) != null) {
                Wait.until(() -> allPartitionsLed(viaStale), WAIT, () -> viaStale + " gets leaders: " + states(viaStale));
                for (int p = 0; p < PARTITIONS; p++) {
                    assertEquals(newEpoch, ClusterState.partitionState(cluster, viaStale, p).controllerEpoch(),
                            viaStale + "-" + p + " was started by the new controller");
                }
            }

            pinnedProducer.flush();
            producer.close();

            // No partition state written since the cut carries the old controller's epoch; no leader epoch went back.
            for (String t : cluster.zk().getChildren().forPath("/brokers/topics")) {
                List<String> partitions = cluster.zk().checkExists().forPath(TopicPartitionStateZNode.partitionsPath(t)) == null
                        ? List.of() : cluster.zk().getChildren().forPath(TopicPartitionStateZNode.partitionsPath(t));
                for (String p : partitions) {
                    String path = TopicPartitionStateZNode.path(t, Integer.parseInt(p));
                    Stat stat = new Stat();
                    byte[] data = cluster.zk().getData().storingStatIn(stat).forPath(path);
                    LeaderIsrAndControllerEpoch state = TopicPartitionStateZNode.decode(data);
                    if (stat.getMzxid() > cutZxid) {
                        assertEquals(newEpoch, state.controllerEpoch(), path + " written after the cut: " + state);
                    }
                }
            }
            Map<Integer, Integer> leaderEpochsAfter = leaderEpochs(topic);
            for (int p = 0; p < PARTITIONS; p++) {
                assertTrue(leaderEpochsAfter.get(p) > leaderEpochsBefore.get(p),
                        "partition " + p + " leader epoch " + leaderEpochsBefore.get(p) + " -> " + leaderEpochsAfter.get(p));
            }
        } finally {
            if (proxy != null) {
                proxy.heal();
            }
            if (pinnedProducer != null) {
                pinnedProducer.close(Duration.ofSeconds(10));
            }
            if (pinnedAdmin != null) {
                pinnedAdmin.close(Duration.ofSeconds(10));
            }
            if (shutdownProbe != null) {
                shutdownProbe.close();
            }
            producer.close();
        }
        assertEquals(List.of(), acked.failures(), "definite send failures");
        acked.check(cluster, topic, PARTITIONS);
        System.out.println("[ControllerFencingIT] " + acked.count() + " acknowledged records read back at their offsets");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** An UpdateMetadata from the old controller saying it leads every partition alone; returns the broker's error code. */
    private static Errors staleUpdateMetadata(int broker, int oldController, int oldEpoch, String topic) {
        List<ControllerRequests.PartitionState> states = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            LeaderIsrAndControllerEpoch zk = ClusterState.partitionState(cluster, topic, p);
            states.add(new ControllerRequests.PartitionState(topic, p, oldEpoch, oldController, zk.leaderEpoch() + 10,
                    List.of(oldController), 0, ALL));
        }
        ControllerRequests.Request request = ControllerRequests.updateMetadataV1(oldController, oldEpoch, states,
                List.of(new ControllerRequests.LiveBroker(oldController, "127.0.0.1", cluster.brokerPort(oldController))));
        return exchange(broker, request);
    }

    /** A LeaderAndIsr from the old controller making the broker its follower at a higher leader epoch; returns the error code. */
    private static Errors staleLeaderAndIsr(int broker, int oldController, int oldEpoch, String topic) {
        List<ControllerRequests.PartitionState> states = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            LeaderIsrAndControllerEpoch zk = ClusterState.partitionState(cluster, topic, p);
            states.add(new ControllerRequests.PartitionState(topic, p, oldEpoch, oldController, zk.leaderEpoch() + 10,
                    List.of(oldController, broker), 0, ALL));
        }
        ControllerRequests.Request request = ControllerRequests.leaderAndIsrV0(oldController, oldEpoch, states,
                List.of(new ControllerRequests.LiveBroker(oldController, "127.0.0.1", cluster.brokerPort(oldController))));
        return exchange(broker, request);
    }

    private static Errors exchange(int broker, ControllerRequests.Request request) {
        try (Socket socket = KafkaWire.connect(cluster.brokerPort(broker), Duration.ofSeconds(30))) {
            return ControllerRequests.error(KafkaWire.exchange(socket, request.frame()), request);
        } catch (IOException e) {
            throw new AssertionError("closing the connection to broker " + broker + " failed: " + e, e);
        }
    }

    private static String outcome(KafkaFuture<Void> future) {
        try {
            future.get(60, TimeUnit.SECONDS);
            return "created";
        } catch (java.util.concurrent.ExecutionException e) {
            return "failed: " + e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within 60 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Stat stat(String path) {
        try {
            return cluster.zk().checkExists().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + path + ": " + e, e);
        }
    }

    private static Stat marker(String path) throws Exception {
        cluster.zk().create().withMode(CreateMode.PERSISTENT).forPath(path);
        return cluster.zk().checkExists().forPath(path);
    }

    private static int partitionLedBy(String topic, int broker) {
        for (int p = 0; p < PARTITIONS; p++) {
            if (ClusterState.partitionState(cluster, topic, p).leader() == broker) {
                return p;
            }
        }
        throw new AssertionError("broker " + broker + " leads no partition of " + topic + ": " + states(topic));
    }

    private static Map<Integer, Integer> leaderEpochs(String topic) {
        Map<Integer, Integer> epochs = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            epochs.put(p, ClusterState.partitionState(cluster, topic, p).leaderEpoch());
        }
        return epochs;
    }

    private static boolean allPartitionsLed(String topic) {
        for (int p = 0; p < PARTITIONS; p++) {
            if (stat(TopicPartitionStateZNode.path(topic, p)) == null
                    || ClusterState.partitionState(cluster, topic, p).leader() < 0) {
                return false;
            }
        }
        return true;
    }

    private static String states(String topic) {
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < PARTITIONS; p++) {
            try {
                out.append(" p").append(p).append('=').append(ClusterState.partitionState(cluster, topic, p));
            } catch (RuntimeException e) {
                out.append(" p").append(p).append("=?");
            }
        }
        return out.toString();
    }

    private static void awaitFullIsr(String topic) {
        ClusterState.awaitFullIsr(cluster, topic, PARTITIONS, BROKERS, WAIT);
    }
}
