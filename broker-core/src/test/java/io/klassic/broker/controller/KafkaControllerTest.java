package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.ControllerEpochZNode;
import io.klassic.zk.ControllerStore;
import io.klassic.zk.IsrChangeNotificationZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.PreferredReplicaElectionZNode;
import io.klassic.zk.TopicAndPartition;
import io.klassic.zk.TopicAssignment;
import io.klassic.zk.TopicPartitionStateZNode;
import io.klassic.zk.Versioned;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.klassic.broker.controller.ControllerTestCluster.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller's logic against a real (embedded) ZooKeeper, with recorded broker requests. */
class KafkaControllerTest {
    private ControllerTestCluster cluster;

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start(int brokers) throws Exception {
        cluster = new ControllerTestCluster(brokers, ControllerTestCluster::defaultConfig);
    }

    @Test
    void exactlyOneControllerAndAnotherIsElectedWhenItDies() throws Exception {
        start(3);
        ControllerTestCluster.Broker first = cluster.awaitController();
        int firstEpoch = first.controller.epoch();
        for (ControllerTestCluster.Broker broker : cluster.brokers.values()) {
            waitUntil(() -> broker.controller.activeControllerId() == first.id, "broker " + broker.id + " knows the controller");
        }
        cluster.killBroker(first.id);
        ControllerTestCluster.Broker second = cluster.awaitController();
        assertNotEquals(first.id, second.id);
        assertEquals(firstEpoch + 1, second.controller.epoch());
        assertEquals(second.controller.epoch(), new ControllerStore(cluster.admin).controllerEpoch().orElseThrow().value());
    }

    @Test
    void aTopicWrittenToZooKeeperGetsLeadersAndEveryBrokerIsTold() throws Exception {
        start(3);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        cluster.topics.createTopic("zk-topic", Map.of(0, List.of(1, 2, 0), 1, List.of(2, 0, 1)), Map.of());
        LeaderIsrAndControllerEpoch p0 = cluster.awaitState("zk-topic", 0, s -> true, "partition 0 has a state");
        assertEquals(new LeaderIsrAndControllerEpoch(1, 0, List.of(1, 2, 0), controller.controller.epoch()), p0);
        assertEquals(2, cluster.awaitState("zk-topic", 1, s -> true, "partition 1 has a state").leader());
        TopicPartition tp = new TopicPartition("zk-topic", 0);
        for (int broker = 0; broker < 3; broker++) {
            int b = broker;
            waitUntil(() -> !cluster.sentTo(b, ApiKeys.LEADER_AND_ISR, tp).isEmpty(), "broker " + b + " gets LeaderAndIsr");
            waitUntil(() -> !cluster.sentTo(b, ApiKeys.UPDATE_METADATA, tp).isEmpty(), "broker " + b + " gets UpdateMetadata");
        }
        Struct leaderAndIsr = cluster.sentTo(2, ApiKeys.LEADER_AND_ISR, tp).get(0);
        assertEquals(controller.controller.epoch(), leaderAndIsr.getInt("ControllerEpoch"));
        Struct partition = ControllerTestCluster.partitionState(leaderAndIsr, tp);
        assertEquals(1, partition.getInt("Leader"));
        assertTrue(partition.getBool("IsNew"));
        Struct metadata = cluster.sentTo(0, ApiKeys.UPDATE_METADATA, tp).get(0);
        assertEquals(3, metadata.getStructs("LiveBrokers").size());
    }

    @Test
    void aDeadLeaderIsReplacedByAnInSyncReplicaAndLeavesTheIsr() throws Exception {
        start(3);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int victim = controller.id == 1 ? 2 : 1;
        int other = 3 - victim == controller.id ? 0 : 3 - victim;
        cluster.topics.createTopic("t", Map.of(0, List.of(victim, controller.id, other)), Map.of());
        cluster.topics.createTopic("single", Map.of(0, List.of(victim)), Map.of());
        cluster.awaitState("t", 0, s -> s.leader() == victim, "the victim leads t-0");
        cluster.awaitState("single", 0, s -> s.leader() == victim, "the victim leads single-0");
        cluster.killBroker(victim);
        LeaderIsrAndControllerEpoch p0 = cluster.awaitState("t", 0, s -> s.leader() == controller.id, "leadership moved to the next ISR member");
        assertEquals(1, p0.leaderEpoch());
        assertEquals(List.of(controller.id, other), p0.isr());
        // The only replica is gone: no leader, and the ISR keeps it so that it can come back as a clean leader.
        LeaderIsrAndControllerEpoch p1 = cluster.awaitState("single", 0, s -> s.leader() == -1, "single-0 has no leader");
        assertEquals(List.of(victim), p1.isr());

        cluster.startBroker(victim);
        LeaderIsrAndControllerEpoch back = cluster.awaitState("single", 0, s -> s.leader() == victim, "the returning replica leads again");
        assertEquals(List.of(victim), back.isr());
        TopicPartition tp = new TopicPartition("t", 0);
        waitUntil(() -> cluster.sentTo(victim, ApiKeys.LEADER_AND_ISR, tp).stream().anyMatch(r ->
                ControllerTestCluster.partitionState(r, tp).getInt("Leader") == controller.id),
                "the returning broker is told it follows partition 0");
    }

    @Test
    void uncleanLeaderElectionOnlyWhenTheTopicAllowsIt() throws Exception {
        start(3);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int a = (controller.id + 1) % 3;
        int b = (controller.id + 2) % 3;
        cluster.topics.createTopic("clean", Map.of(0, List.of(a, b)), Map.of());
        cluster.topics.createTopic("unclean", Map.of(0, List.of(a, b)), Map.of("unclean.leader.election.enable", "true"));
        cluster.awaitState("clean", 0, s -> s.leader() == a, "clean has a leader");
        cluster.awaitState("unclean", 0, s -> s.leader() == a, "unclean has a leader");
        // b leaves first (leaving a as the only ISR member), then a dies, then b returns.
        cluster.killBroker(b);
        cluster.awaitState("clean", 0, s -> s.isr().equals(List.of(a)), "b left the ISR");
        cluster.awaitState("unclean", 0, s -> s.isr().equals(List.of(a)), "b left the ISR");
        cluster.killBroker(a);
        cluster.awaitState("clean", 0, s -> s.leader() == -1, "clean lost its leader");
        cluster.startBroker(b);
        LeaderIsrAndControllerEpoch unclean = cluster.awaitState("unclean", 0, s -> s.leader() == b, "b is elected although out of sync");
        assertEquals(List.of(b), unclean.isr());
        waitUntil(() -> cluster.brokers.get(b) != null, "b is up");
        assertEquals(-1, cluster.state("clean", 0).orElseThrow().leader(), "clean must stay without a leader");
        assertEquals(List.of(a), cluster.state("clean", 0).orElseThrow().isr());
    }

    @Test
    void aStaleControllerCannotWriteAndResigns() throws Exception {
        start(2);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int staleEpoch = controller.controller.epoch();
        // Another controller's election, as seen by ZooKeeper: the epoch znode's version moves on under the active one.
        Versioned<Integer> epoch = new ControllerStore(cluster.admin).controllerEpoch().orElseThrow();
        cluster.admin.curator().setData().withVersion(epoch.zkVersion()).forPath(ControllerEpochZNode.PATH, ControllerEpochZNode.encode(epoch.value() + 1));
        cluster.topics.createTopic("after", Map.of(0, List.of(0, 1)), Map.of());
        // The stale controller's write is refused; it resigns and gives up /controller, and a new election (epoch + 2) writes the state.
        LeaderIsrAndControllerEpoch state = cluster.awaitState("after", 0, s -> true, "a controller of a new epoch starts the partition");
        assertEquals(staleEpoch + 2, state.controllerEpoch(), "the state was written by the newly elected controller");
        ControllerTestCluster.Broker next = cluster.awaitController();
        assertEquals(staleEpoch + 2, next.controller.epoch());
    }

    @Test
    void aFencedControllerAnswersControlledShutdownWithNotController() throws Exception {
        start(3);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int leaving = (controller.id + 1) % 3;
        cluster.topics.createTopic("moving", Map.of(0, List.of(leaving, controller.id)), Map.of());
        cluster.awaitState("moving", 0, s -> s.leader() == leaving, "moving is online");
        // Another controller's election, as ZooKeeper sees it: the epoch znode's version moves on under the active one,
        // which still believes it is controller (as one cut off from ZooKeeper does until its session is gone).
        Versioned<Integer> epoch = new ControllerStore(cluster.admin).controllerEpoch().orElseThrow();
        cluster.admin.curator().setData().withVersion(epoch.zkVersion()).forPath(ControllerEpochZNode.PATH, ControllerEpochZNode.encode(epoch.value() + 1));
        // Its leader election for the stopping broker is refused by the fence; the stopping broker must get an answer
        // (Kafka answers NOT_CONTROLLER, from the ControllerMovedException), not wait forever.
        ControlledShutdownResult result = controller.controller.controlledShutdown(leaving, -1).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Errors.NOT_CONTROLLER, result.error());
        assertEquals(leaving, cluster.state("moving", 0).orElseThrow().leader(), "the fenced controller moved nothing");
        // The fenced controller resigns asynchronously after answering, so for a moment it is still the only active one.
        waitUntil(() -> cluster.activeControllers().size() == 1
                && cluster.activeControllers().get(0).controller.epoch() == epoch.value() + 2, "a controller of a new epoch took over");
    }

    @Test
    void aControllerWhoseSessionIsLostResignsAtOnceAndAnotherIsElectedWhenZooKeeperReturns() throws Exception {
        start(2);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int epoch = controller.controller.epoch();
        cluster.topics.createTopic("t", Map.of(0, List.of(0, 1)), Map.of());
        cluster.awaitState("t", 0, s -> true, "t is online");
        long stoppedAt = System.nanoTime();
        cluster.server.stop();
        try {
            // Curator reports LOST one session timeout after the connection dropped, and the controller resigns then: the
            // connection state changes that reach every watcher are no znode events, so they queue no controller work that
            // would wait for ZooKeeper in front of the resignation (Kafka's ZooKeeperClient hands znode handlers node events only).
            waitUntil(() -> !controller.controller.isActive(), "the controller resigns once its session is lost");
        } finally {
            cluster.server.restart();
        }
        long resignedAfterMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        assertTrue(resignedAfterMs < ControllerTestCluster.SESSION_TIMEOUT_MS + 5000, "resigned " + resignedAfterMs + " ms after the connection dropped");
        ControllerTestCluster.Broker next = cluster.awaitController();
        assertTrue(next.controller.epoch() > epoch, "a new election after ZooKeeper returned");
    }

    @Test
    void aDeletedTopicLosesItsReplicasAndZNodes() throws Exception {
        start(3);
        cluster.awaitController();
        cluster.topics.createTopic("doomed", Map.of(0, List.of(0, 1), 1, List.of(1, 2)), Map.of("retention.ms", "1000"));
        assertTrue(cluster.admin.exists("/config/topics/doomed"));
        cluster.awaitState("doomed", 1, s -> true, "doomed is online");
        cluster.topics.markForDeletion("doomed");
        waitUntil(() -> !cluster.topics.isMarkedForDeletion("doomed"), "the deletion marker (deleted last) is gone");
        assertFalse(cluster.topics.topicExists("doomed"));
        assertFalse(cluster.admin.exists("/config/topics/doomed"));
        for (int broker : List.of(0, 1)) {
            List<Struct> stops = cluster.sentTo(broker, ApiKeys.STOP_REPLICA, new TopicPartition("doomed", 0));
            assertFalse(stops.isEmpty(), "broker " + broker + " was asked to delete doomed-0");
            assertTrue(ControllerTestCluster.partitionState(stops.get(0), new TopicPartition("doomed", 0)).getBool("DeletePartition"));
        }
        boolean leaderDuringDelete = cluster.sentTo(2, ApiKeys.UPDATE_METADATA, new TopicPartition("doomed", 1)).stream()
                .anyMatch(r -> r.getStructs("TopicStates").stream().filter(t -> t.getString("TopicName").equals("doomed"))
                        .flatMap(t -> t.getStructs("PartitionStates").stream()).anyMatch(p -> p.getInt("Leader") == -2));
        assertTrue(leaderDuringDelete, "brokers are told the topic is being deleted (leader -2)");
    }

    @Test
    void deletionWaitsForADeadReplicaToComeBack() throws Exception {
        start(3);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int down = (controller.id + 1) % 3;
        cluster.topics.createTopic("waits", Map.of(0, List.of(controller.id, down)), Map.of());
        cluster.awaitState("waits", 0, s -> true, "waits is online");
        cluster.killBroker(down);
        cluster.awaitState("waits", 0, s -> !s.isr().contains(down), "the dead replica left the ISR");
        cluster.topics.markForDeletion("waits");
        TopicPartition tp = new TopicPartition("waits", 0);
        waitUntil(() -> !cluster.sentTo(controller.id, ApiKeys.STOP_REPLICA, tp).isEmpty(), "the live replica is stopped");
        assertTrue(cluster.topics.topicExists("waits"), "deleted although a replica is down");
        cluster.startBroker(down);
        waitUntil(() -> !cluster.topics.isMarkedForDeletion("waits"), "the topic is deleted once the replica is back");
        assertFalse(cluster.topics.topicExists("waits"));
        assertFalse(cluster.sentTo(down, ApiKeys.STOP_REPLICA, tp).isEmpty());
    }

    @Test
    void controlledShutdownMovesLeadershipAndIsrAway() throws Exception {
        start(3);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int leaving = (controller.id + 1) % 3;
        int third = (controller.id + 2) % 3;
        cluster.topics.createTopic("cs", Map.of(0, List.of(leaving, controller.id, third)), Map.of());
        cluster.topics.createTopic("cs2", Map.of(0, List.of(third, leaving)), Map.of());
        cluster.topics.createTopic("cs1", Map.of(0, List.of(leaving)), Map.of());
        cluster.awaitState("cs", 0, s -> true, "cs is online");
        cluster.awaitState("cs2", 0, s -> true, "cs2 is online");
        cluster.awaitState("cs1", 0, s -> true, "cs1 is online");
        ControlledShutdownResult result = controller.controller.controlledShutdown(leaving, -1).get();
        assertEquals(Errors.NONE, result.error());
        assertEquals(Set.of(), result.remainingPartitions());
        assertEquals(controller.id, cluster.state("cs", 0).orElseThrow().leader());
        assertEquals(List.of(controller.id, third), cluster.state("cs", 0).orElseThrow().isr());
        assertEquals(List.of(third), cluster.state("cs2", 0).orElseThrow().isr());
        assertEquals(leaving, cluster.state("cs1", 0).orElseThrow().leader(), "a partition without other replicas keeps its leader");
        assertFalse(cluster.sentTo(leaving, ApiKeys.STOP_REPLICA, new TopicPartition("cs2", 0)).isEmpty(), "the follower replica is stopped");

        ControllerTestCluster.Broker notController = cluster.brokers.get(third);
        assertEquals(Errors.NOT_CONTROLLER, notController.controller.controlledShutdown(leaving, -1).get().error());
    }

    @Test
    void newPartitionsGetLeaders() throws Exception {
        start(2);
        cluster.awaitController();
        cluster.topics.createTopic("grow", Map.of(0, List.of(0, 1)), Map.of());
        cluster.awaitState("grow", 0, s -> true, "grow is online");
        Versioned<TopicAssignment> current = cluster.topics.topicAssignment("grow").orElseThrow();
        Map<Integer, List<Integer>> partitions = new LinkedHashMap<>(current.value().partitions());
        partitions.put(1, List.of(1, 0));
        cluster.topics.updateTopicAssignment("grow", TopicAssignment.of(partitions), current.zkVersion());
        assertEquals(1, cluster.awaitState("grow", 1, s -> true, "the new partition has a state").leader());
    }

    @Test
    void automaticPreferredReplicaElectionAfterTheIsrExpands() throws Exception {
        cluster = new ControllerTestCluster(2, id -> new ControllerConfig(id, "PLAINTEXT", 30_000, true, false, true, 500, 10));
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int other = 1 - controller.id;
        cluster.topics.createTopic("pref", Map.of(0, List.of(other, controller.id), 1, List.of(other, controller.id)), Map.of());
        cluster.awaitState("pref", 0, s -> s.leader() == other, "pref-0 starts on its preferred replica");
        cluster.awaitState("pref", 1, s -> s.leader() == other, "pref-1 starts on its preferred replica");
        assertEquals(Errors.NONE, controller.controller.controlledShutdown(other, -1).get().error());
        cluster.awaitState("pref", 0, s -> s.leader() == controller.id, "leadership moved away");
        // The broker "stays up" and catches up: a leader puts it back into the ISR and notifies the controller.
        cluster.killBroker(other);
        cluster.startBroker(other);
        for (int p = 0; p < 2; p++) {
            Versioned<LeaderIsrAndControllerEpoch> state = cluster.topics.partitionState("pref", p).orElseThrow();
            LeaderIsrAndControllerEpoch expanded = new LeaderIsrAndControllerEpoch(state.value().leader(), state.value().leaderEpoch(),
                    List.of(controller.id, other), state.value().controllerEpoch());
            cluster.admin.curator().setData().withVersion(state.zkVersion()).forPath(TopicPartitionStateZNode.path("pref", p),
                    TopicPartitionStateZNode.encode(expanded));
        }
        cluster.admin.curator().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(IsrChangeNotificationZNode.sequentialPathPrefix(),
                IsrChangeNotificationZNode.encode(Set.of(new TopicAndPartition("pref", 0), new TopicAndPartition("pref", 1))));
        waitUntil(() -> cluster.admin.children(IsrChangeNotificationZNode.PATH).isEmpty(), "the ISR change notification is processed");
        cluster.awaitState("pref", 0, s -> s.leader() == other, "the automatic rebalance moves leadership back");
        cluster.awaitState("pref", 1, s -> s.leader() == other, "the automatic rebalance moves leadership back");
    }

    @Test
    void preferredReplicaElectionZNodeIsProcessedAndDeleted() throws Exception {
        start(2);
        ControllerTestCluster.Broker controller = cluster.awaitController();
        int other = 1 - controller.id;
        cluster.topics.createTopic("manual", Map.of(0, List.of(other, controller.id)), Map.of());
        Versioned<LeaderIsrAndControllerEpoch> created = awaitVersioned("manual", 0);
        // Leadership elsewhere, both in sync (as after a bounce with replication caught up).
        LeaderIsrAndControllerEpoch moved = new LeaderIsrAndControllerEpoch(controller.id, created.value().leaderEpoch() + 1,
                List.of(controller.id, other), created.value().controllerEpoch());
        cluster.admin.curator().setData().withVersion(created.zkVersion()).forPath(TopicPartitionStateZNode.path("manual", 0),
                TopicPartitionStateZNode.encode(moved));
        cluster.admin.curator().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(IsrChangeNotificationZNode.sequentialPathPrefix(),
                IsrChangeNotificationZNode.encode(Set.of(new TopicAndPartition("manual", 0))));
        waitUntil(() -> cluster.admin.children(IsrChangeNotificationZNode.PATH).isEmpty(), "the ISR change notification is processed");
        cluster.admin.curator().create().forPath(PreferredReplicaElectionZNode.PATH,
                PreferredReplicaElectionZNode.encode(Set.of(new TopicAndPartition("manual", 0))));
        LeaderIsrAndControllerEpoch back = cluster.awaitState("manual", 0, s -> s.leader() == other, "the preferred replica leads");
        assertEquals(moved.leaderEpoch() + 1, back.leaderEpoch());
        waitUntil(() -> !cluster.admin.exists(PreferredReplicaElectionZNode.PATH), "the request znode is deleted");
    }

    private Versioned<LeaderIsrAndControllerEpoch> awaitVersioned(String topic, int partition) throws InterruptedException {
        cluster.awaitState(topic, partition, s -> true, topic + "-" + partition + " is online");
        return cluster.topics.partitionState(topic, partition).orElseThrow();
    }
}
