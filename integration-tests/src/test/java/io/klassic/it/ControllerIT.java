package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.klassic.zk.ControllerEpochZNode;
import io.klassic.zk.ControllerZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicPartitionStateZNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.zookeeper.data.Stat;
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
 * The cluster layer with one ZooKeeper and three broker processes (session timeout 6 s, ZooKeeper tick 500 ms):
 * one controller; every broker answers for the whole cluster (kafka-clients, kcat); topics created through a
 * broker and written straight to ZooKeeper ({@code kafka-topics.sh --zookeeper}) get spread replicas and a leader
 * per partition; {@code kill -9} of the controller elects another within the session timeout; {@code kill -9} of
 * a leader moves leadership to an in-sync replica; SIGTERM moves leaderships away first; a controller paused past
 * its session cannot write; deletion removes the data and the znodes. After each test all brokers run again.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ControllerIT {
    private static final int BROKERS = 3;
    private static final int SESSION_TIMEOUT_MS = 6000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS))
                .brokerConfig("log.segment.delete.delay.ms", "1000")
                .start();
        awaitAllBrokersInMetadata();
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
        awaitAllBrokersInMetadata();
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void oneControllerAndEveryBrokerAnswersForTheWholeCluster() {
        int controller = controllerId();
        assertTrue(controller >= 0 && controller < BROKERS, "controller " + controller);
        String topic = Clients.uniqueTopic("whole-cluster");
        try (Admin admin = Clients.admin(cluster.bootstrapServers(0))) {
            Clients.createTopic(admin, topic, 3, (short) 3);
        }
        for (int id = 0; id < BROKERS; id++) {
            try (Admin admin = Clients.admin(cluster.bootstrapServers(id))) {
                DescribeClusterResult described = admin.describeCluster();
                Set<Integer> nodes = Clients.await(described.nodes(), "describeCluster via broker " + id).stream()
                        .map(Node::id).collect(Collectors.toSet());
                assertEquals(Set.of(0, 1, 2), nodes, "brokers seen via broker " + id);
                assertEquals(controller, Clients.await(described.controller(), "controller via broker " + id).id());
                // CreateTopics answers once the broker it went to knows the topic; the others learn it from the
                // controller's UpdateMetadata a moment later, as in Kafka.
                int via = id;
                Wait.until(() -> Clients.describeIfKnown(admin, topic) != null, WAIT, "broker " + via + " learns of topic " + topic);
                TopicDescription description = describe(admin, topic);
                assertEquals(3, description.partitions().size());
            }
            ExternalCommand.Result kcat = kcat("-L", "-b", cluster.bootstrapServers(id));
            assertEquals(0, kcat.exitCode(), kcat::describe);
            assertTrue(kcat.stdout().contains(" 3 brokers:"), kcat::describe);
            for (int b = 0; b < BROKERS; b++) {
                assertTrue(kcat.stdout().contains("broker " + b + " at 127.0.0.1:" + cluster.brokerPort(b)), kcat::describe);
            }
            assertTrue(kcat.stdout().contains("broker " + controller + " at 127.0.0.1:" + cluster.brokerPort(controller) + " (controller)"),
                    kcat::describe);
            assertTrue(kcat.stdout().contains("topic \"" + topic + "\" with 3 partitions"), kcat::describe);
        }
    }

    @Test
    @Order(2)
    void topicsCreatedThroughABrokerAndInZooKeeperGetSpreadReplicasAndLeaders() {
        String viaBroker = Clients.uniqueTopic("via-broker");
        String viaZk = Clients.uniqueTopic("via-zk");
        ExternalCommand.Result created = kafkaTopics("--bootstrap-server", cluster.bootstrapServers(1), "--create", "--topic", viaBroker,
                "--partitions", "6", "--replication-factor", "3");
        assertEquals(0, created.exitCode(), created::describe);
        created = kafkaTopics("--zookeeper", cluster.zkConnect(), "--create", "--topic", viaZk, "--partitions", "6", "--replication-factor", "2");
        assertEquals(0, created.exitCode(), created::describe);

        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            for (String topic : List.of(viaBroker, viaZk)) {
                Wait.until(() -> describe(admin, topic).partitions().stream().allMatch(p -> p.leader() != null),
                        WAIT, () -> "every partition of " + topic + " has a leader: " + describe(admin, topic));
                TopicDescription description = describe(admin, topic);
                int replicationFactor = topic.equals(viaBroker) ? 3 : 2;
                Map<Integer, Integer> leaders = new HashMap<>();
                for (TopicPartitionInfo p : description.partitions()) {
                    List<Integer> replicas = p.replicas().stream().map(Node::id).toList();
                    assertEquals(replicationFactor, new HashSet<>(replicas).size(), topic + " replicas " + replicas);
                    assertEquals(replicas.get(0), p.leader().id(), "a new partition's leader is its first replica");
                    assertEquals(replicas, p.isr().stream().map(Node::id).toList(), "a new partition's ISR is its replicas");
                    leaders.merge(p.leader().id(), 1, Integer::sum);
                }
                assertEquals(Map.of(0, 2, 1, 2, 2, 2), leaders, "leaders of " + topic + " spread evenly");
            }
        }
        ExternalCommand.Result describe = kafkaTopics("--bootstrap-server", cluster.bootstrapServers(2), "--describe", "--topic", viaBroker);
        assertEquals(0, describe.exitCode(), describe::describe);
        assertTrue(describe.stdout().contains("Topic: " + viaBroker + "\tPartitionCount: 6\tReplicationFactor: 3"), describe::describe);
        System.out.println("kafka-topics.sh --describe of a 3-broker topic:\n" + describe.stdout());
        ExternalCommand.Result zkDescribe = kafkaTopics("--zookeeper", cluster.zkConnect(), "--describe", "--topic", viaZk);
        assertEquals(0, zkDescribe.exitCode(), zkDescribe::describe);
        System.out.println("kafka-topics.sh --zookeeper --describe:\n" + zkDescribe.stdout());
    }

    @Test
    @Order(3)
    void killingTheControllerElectsAnotherWithinTheSessionTimeoutAndClientsKeepWorking() {
        int old = controllerId();
        int epoch = controllerEpoch();
        long start = System.nanoTime();
        cluster.killBroker(old);
        long[] sessionGoneAt = {0L};
        Wait.until(() -> {
            if (sessionGoneAt[0] == 0L && !exists("/brokers/ids/" + old)) {
                sessionGoneAt[0] = System.nanoTime();
            }
            int now = controllerId();
            return now >= 0 && now != old;
        }, WAIT, () -> "another broker becomes controller after broker " + old + " was killed");
        long electedAt = System.nanoTime();
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(electedAt - start);
        long expiryMs = TimeUnit.NANOSECONDS.toMillis((sessionGoneAt[0] == 0L ? electedAt : sessionGoneAt[0]) - start);
        int next = controllerId();
        System.out.printf("Controller failover: kill -9 of controller %d -> broker %d elected after %d ms; the dead session expired after %d ms"
                + " (zookeeper.session.timeout.ms=%d, tickTime 500 ms), election %d ms after the expiry%n",
                old, next, failoverMs, expiryMs, SESSION_TIMEOUT_MS, failoverMs - expiryMs);
        // ZooKeeper expires a session within the session timeout (rounded up to a tick) of its last heartbeat, which came
        // before the kill; the margin covers the kill itself and a loaded machine. The election must follow the expiry at once.
        assertTrue(expiryMs <= SESSION_TIMEOUT_MS + 2000, "the dead controller's session expired after " + expiryMs + " ms");
        assertTrue(failoverMs - expiryMs <= 1500, "the election took " + (failoverMs - expiryMs) + " ms after the session expired");
        assertEquals(epoch + 1, controllerEpoch());

        int survivor = next;
        String topic = Clients.uniqueTopic("after-failover");
        try (Admin admin = Clients.admin(cluster.bootstrapServers(survivor))) {
            Wait.until(() -> Clients.await(admin.describeCluster().nodes(), "describeCluster").size() == BROKERS - 1
                    && Clients.await(admin.describeCluster().controller(), "controller").id() == next, WAIT,
                    "the survivors' metadata shows 2 brokers and the new controller");
            Clients.createTopic(admin, topic, 2, (short) 1);
        }
        produceAndReadBack(topic, survivor, 20);
    }

    @Test
    @Order(4)
    void killingALeadersBrokerMovesLeadershipToAnInSyncReplica() {
        String topic = Clients.uniqueTopic("leader-moves");
        int victim;
        List<Integer> isrBefore;
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, 3, (short) 3);
            TopicPartitionInfo p0 = describe(admin, topic).partitions().get(0);
            victim = p0.leader().id();
            isrBefore = p0.isr().stream().map(Node::id).toList();
        }
        int epochBefore = partitionState(topic, 0).leaderEpoch();
        // The victim may be the controller: every broker must have the topic from its UpdateMetadata before it dies.
        ControllerChecks.awaitMetadataMatchesZooKeeper(cluster, List.of(0, 1, 2), topic, 3, WAIT);
        cluster.killBroker(victim);
        int other = victim == 0 ? 1 : 0;
        try (Admin admin = Clients.admin(cluster.bootstrapServers(other))) {
            Wait.until(() -> {
                TopicPartitionInfo p = describe(admin, topic).partitions().get(0);
                return p.leader() != null && p.leader().id() != victim;
            }, WAIT, () -> "leadership of " + topic + "-0 moves away from broker " + victim + ": " + describe(admin, topic));
            TopicPartitionInfo p0 = describe(admin, topic).partitions().get(0);
            assertTrue(isrBefore.contains(p0.leader().id()), "the new leader was in the ISR " + isrBefore);
            assertFalse(p0.isr().stream().anyMatch(n -> n.id() == victim), "the dead broker left the ISR: " + p0);
        }
        LeaderIsrAndControllerEpoch state = partitionState(topic, 0);
        assertEquals(epochBefore + 1, state.leaderEpoch(), "the leader epoch is bumped");
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(other), Map.of("acks", "1"))) {
            Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, "after".getBytes(StandardCharsets.UTF_8))),
                    "produce to the new leader of " + topic + "-0");
        }
    }

    @Test
    @Order(5)
    void sigtermMovesLeadershipsAwayBeforeTheBrokerExits() {
        int controller = controllerId();
        int leaving = (controller + 1) % BROKERS;
        String topic = Clients.uniqueTopic("controlled");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, 3, (short) 3);
            long led = describe(admin, topic).partitions().stream().filter(p -> p.leader().id() == leaving).count();
            assertEquals(1, led, "each broker leads one of the 3 partitions");
        }
        cluster.stopBroker(leaving);
        for (int p = 0; p < 3; p++) {
            LeaderIsrAndControllerEpoch state = partitionState(topic, p);
            assertNotEquals(leaving, state.leader(), "partition " + p + " is still led by the stopped broker");
            assertFalse(state.isr().contains(leaving), "partition " + p + " still has the stopped broker in its ISR");
        }
        String log = cluster.brokerLog(controller);
        assertTrue(log.contains("Broker " + leaving + " is shutting down: moving its leaderships."),
                "the controller's log shows the controlled shutdown of broker " + leaving + "\n" + log);
    }

    @Test
    @Order(6)
    void aControllerPausedPastItsSessionIsReplacedAndCannotWrite() throws Exception {
        int old = controllerId();
        int oldEpoch = controllerEpoch();
        cluster.pauseBroker(old);
        try {
            Wait.until(() -> {
                int now = controllerId();
                return now >= 0 && now != old;
            }, WAIT, "a new controller is elected while broker " + old + " is paused");
        } finally {
            cluster.resumeBroker(old);
        }
        int next = controllerId();
        assertTrue(controllerEpoch() > oldEpoch);
        // The old controller wakes up with an expired session: it must resign, and every state written since is the new one's.
        // Its broker re-registers under a new session first; only then are three brokers there for a topic with 3 replicas.
        Wait.until(() -> exists("/brokers/ids/" + old) && registeredBrokers() == 3, WAIT, "broker " + old + " registers again after its pause");
        String topic = Clients.uniqueTopic("after-pause");
        try (Admin admin = Clients.admin(cluster.bootstrapServers(next))) {
            Clients.createTopic(admin, topic, 3, (short) 3);
        }
        Wait.until(() -> cluster.brokerLog(old).contains("Resigned as controller"), WAIT, () -> "broker " + old + " resigns\n" + cluster.brokerLog(old));
        int epoch = controllerEpoch();
        for (int p = 0; p < 3; p++) {
            assertEquals(epoch, partitionState(topic, p).controllerEpoch(), "partition " + p + " was written by the current controller");
        }
        assertEquals(next, controllerId(), "one controller: the new one");
        awaitAllBrokersInMetadata();
    }

    @Test
    @Order(7)
    void deletingATopicRemovesItsDataAndZNodes() throws Exception {
        String topic = Clients.uniqueTopic("doomed");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, 3, (short) 2);
            produceRecords(topic, 30);
            // CreateTopics answers before every replica has its LeaderAndIsr (a broker just back from a pause may lag).
            Wait.until(() -> partitionDirs(topic).size() == 6, WAIT, () -> "3 partitions x 2 replicas on disk: " + partitionDirs(topic));
            Clients.await(admin.deleteTopics(List.of(topic)).all(), "deleteTopics " + topic);
            Wait.until(() -> partitionDirs(topic).isEmpty(), WAIT, () -> "the replicas' data is deleted: " + partitionDirs(topic));
            Wait.until(() -> !exists("/admin/delete_topics/" + topic), WAIT, "the deletion marker is removed");
            assertFalse(exists("/brokers/topics/" + topic), "the topic znode is deleted");
            assertFalse(exists("/config/topics/" + topic), "the topic config znode is deleted");
            assertFalse(Clients.await(admin.listTopics().names(), "listTopics").contains(topic));
        }
    }

    @Test
    @Order(8)
    void partitionsCanBeAddedAndTopicConfigsDescribedAndAltered() {
        String topic = Clients.uniqueTopic("admin-apis");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, 2, (short) 2);
            Clients.await(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all(), "createPartitions " + topic);
            TopicDescription grown = describe(admin, topic);
            assertEquals(5, grown.partitions().size());
            assertTrue(grown.partitions().stream().allMatch(p -> p.leader() != null && p.replicas().size() == 2), grown::toString);

            Config before = Clients.await(admin.describeConfigs(List.of(resource)).all(), "describeConfigs").get(resource);
            assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, before.get("retention.ms").source());
            assertEquals("604800000", before.get("retention.ms").value());

            Clients.await(admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)))).all(),
                    "incrementalAlterConfigs");
            Config after = Clients.await(admin.describeConfigs(List.of(resource)).all(), "describeConfigs").get(resource);
            assertEquals("3600000", after.get("retention.ms").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, after.get("retention.ms").source());
            assertEquals("delete,compact", after.get("cleanup.policy").value());
            String znode = new String(cluster.zk().getData().forPath("/config/topics/" + topic), StandardCharsets.UTF_8);
            assertEquals("{\"version\":1,\"config\":{\"cleanup.policy\":\"delete,compact\",\"retention.ms\":\"3600000\"}}", znode);
            assertFalse(cluster.zk().getChildren().forPath("/config/changes").isEmpty(), "a config change notification was written");

            java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                            new AlterConfigOp(new ConfigEntry("retention.ms", "oops"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof org.apache.kafka.common.errors.InvalidConfigurationException, refused.toString());
            assertEquals("3600000", Clients.await(admin.describeConfigs(List.of(resource)).all(), "describeConfigs").get(resource)
                    .get("retention.ms").value(), "the invalid value was not applied");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        ExternalCommand.Result describe = kafkaTopics("--bootstrap-server", cluster.bootstrapServers(0), "--describe", "--topic", topic);
        assertEquals(0, describe.exitCode(), describe::describe);
        assertTrue(describe.stdout().contains("PartitionCount: 5"), describe::describe);
        assertTrue(describe.stdout().contains("retention.ms=3600000"), describe::describe);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static void awaitAllBrokersInMetadata() {
        for (int id = 0; id < BROKERS; id++) {
            int broker = id;
            try (Admin admin = Clients.admin(cluster.bootstrapServers(id))) {
                Wait.until(() -> Clients.await(admin.describeCluster().nodes(), "describeCluster").size() == BROKERS,
                        WAIT, () -> "broker " + broker + " knows all " + BROKERS + " brokers");
            }
        }
    }

    private static TopicDescription describe(Admin admin, String topic) {
        return Clients.await(admin.describeTopics(List.of(topic)).allTopicNames(), "describeTopics " + topic).get(topic);
    }

    private static void produceRecords(String topic, int count) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("acks", "1"))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static void produceAndReadBack(String topic, int broker, int count) {
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(broker), Map.of())) {
            for (int i = 0; i < count; i++) {
                String value = "record-" + i;
                Clients.await(producer.send(new ProducerRecord<>(topic, 0, null, value.getBytes(StandardCharsets.UTF_8))), "send " + value);
                sent.add(value);
            }
        }
        List<String> read = Clients.readAll(cluster.bootstrapServers(broker), new TopicPartition(topic, 0), count, WAIT).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertEquals(sent, read);
    }

    private static List<Path> partitionDirs(String topic) {
        List<Path> dirs = new ArrayList<>();
        for (int id = 0; id < BROKERS; id++) {
            try (var list = Files.list(cluster.logDir(id))) {
                list.filter(p -> p.getFileName().toString().startsWith(topic + "-")).forEach(dirs::add);
            } catch (java.io.IOException e) {
                throw new AssertionError("Cannot list " + cluster.logDir(id), e);
            }
        }
        return dirs;
    }

    private static int registeredBrokers() {
        try {
            return cluster.zk().getChildren().forPath("/brokers/ids").size();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list /brokers/ids", e);
        }
    }

    private static boolean exists(String path) {
        try {
            return cluster.zk().checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + path + ": " + e, e);
        }
    }

    private static int controllerId() {
        try {
            Stat stat = cluster.zk().checkExists().forPath(ControllerZNode.PATH);
            return stat == null ? -1 : ControllerZNode.decode(cluster.zk().getData().forPath(ControllerZNode.PATH));
        } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
            return -1;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read /controller: " + e, e);
        }
    }

    private static int controllerEpoch() {
        try {
            return ControllerEpochZNode.decode(cluster.zk().getData().forPath(ControllerEpochZNode.PATH));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read /controller_epoch: " + e, e);
        }
    }

    private static LeaderIsrAndControllerEpoch partitionState(String topic, int partition) {
        try {
            return TopicPartitionStateZNode.decode(cluster.zk().getData().forPath(TopicPartitionStateZNode.path(topic, partition)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the state of " + topic + "-" + partition + ": " + e, e);
        }
    }

    private static ExternalCommand.Result kafkaTopics(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ClusterHarness.repositoryRoot().resolve("bin/kafka-topics.sh").toString());
        command.addAll(List.of(args));
        return ExternalCommand.run(command, null, Map.of(), cluster.tempDir().resolve("commands"), Duration.ofSeconds(120));
    }

    private static ExternalCommand.Result kcat(String... args) {
        Path kcat = ExternalCommand.onPath("kcat");
        if (kcat == null) {
            fail("kcat not found: apt-get install kcat");
        }
        List<String> command = new ArrayList<>();
        command.add(kcat.toString());
        command.addAll(List.of(args));
        return ExternalCommand.run(command, null, Map.of(), cluster.tempDir().resolve("commands"), Duration.ofSeconds(60));
    }
}
