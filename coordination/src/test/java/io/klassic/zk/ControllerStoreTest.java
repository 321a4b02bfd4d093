package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Election with the epoch bump, and the epoch-version fence on every controller write. */
class ControllerStoreTest {

    private static TestingServer server;
    private ZkClient zk;
    private ZkClient other;
    private ControllerStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = ZkTestSupport.newServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void connect() {
        zk = ZkTestSupport.client(server.getConnectString(), 4000);
        other = ZkTestSupport.client(server.getConnectString(), 4000);
        store = new ControllerStore(zk);
    }

    @AfterEach
    void cleanUp() {
        try {
            for (String path : List.of("/brokers", "/config", "/admin", "/controller", "/controller_epoch", "/isr_change_notification")) {
                zk.deleteRecursive(path);
            }
        } finally {
            other.close();
            zk.close();
        }
    }

    @Test
    void theFirstElectionCreatesTheEpochAndTheSecondBrokerLoses() {
        ControllerStore.Election election = store.tryElect(1).orElseThrow();
        assertEquals(1, election.epoch());
        assertEquals(1, store.controllerEpoch().orElseThrow().value());
        assertEquals(election.epochZkVersion(), store.controllerEpoch().orElseThrow().zkVersion());
        assertEquals(1, store.activeControllerId());
        assertEquals(Optional.empty(), new ControllerStore(other).tryElect(2));
        // the same session asking again is still the controller, at the same epoch
        assertEquals(election, store.tryElect(1).orElseThrow());
    }

    @Test
    void theNextControllerBumpsTheEpochAndFencesTheOldOne() {
        ControllerStore.Election first = store.tryElect(1).orElseThrow();
        zk.deleteRecursive(ControllerZNode.PATH);
        ControllerStore otherStore = new ControllerStore(other);
        ControllerStore.Election second = otherStore.tryElect(2).orElseThrow();
        assertEquals(first.epoch() + 1, second.epoch());
        assertEquals(2, store.activeControllerId());
        new TopicStore(zk).createTopic("t", Map.of(0, List.of(2, 1)), Map.of());

        assertThrows(ControllerMovedException.class, () -> store.createPartitionStates(first.epochZkVersion(), "t",
                Map.of(0, new LeaderIsrAndControllerEpoch(1, 0, List.of(1), first.epoch()))));
        assertFalse(zk.exists(TopicPartitionStateZNode.path("t", 0)));

        Map<Integer, Integer> created = otherStore.createPartitionStates(second.epochZkVersion(), "t",
                Map.of(0, new LeaderIsrAndControllerEpoch(2, 0, List.of(2, 1), second.epoch())));
        assertEquals(Map.of(0, 0), created);
        LeaderIsrAndControllerEpoch next = new LeaderIsrAndControllerEpoch(1, 1, List.of(1), second.epoch());
        assertThrows(ControllerMovedException.class, () -> store.updatePartitionState(first.epochZkVersion(), "t", 0, next, 0));
        assertEquals(1, otherStore.updatePartitionState(second.epochZkVersion(), "t", 0, next, 0));
        assertEquals(next, new TopicStore(zk).partitionState("t", 0).orElseThrow().value());

        ZkException stale = assertThrows(ZkException.class, () -> otherStore.updatePartitionState(second.epochZkVersion(), "t", 0, next, 0));
        assertEquals(KeeperException.Code.BADVERSION, stale.code());
        assertFalse(stale instanceof ControllerMovedException);
    }

    @Test
    void topicDeletionIsFencedAndRemovesEverything() {
        ControllerStore.Election election = store.tryElect(0).orElseThrow();
        TopicStore topics = new TopicStore(zk);
        topics.createTopic("gone", Map.of(0, List.of(0), 1, List.of(0)), Map.of("retention.ms", "1000"));
        store.createPartitionStates(election.epochZkVersion(), "gone", Map.of(
                0, new LeaderIsrAndControllerEpoch(0, 0, List.of(0), election.epoch()),
                1, new LeaderIsrAndControllerEpoch(0, 0, List.of(0), election.epoch())));
        topics.markForDeletion("gone");

        assertThrows(ControllerMovedException.class, () -> store.deleteTopic(election.epochZkVersion() + 1, "gone"));
        assertTrue(topics.topicExists("gone"));

        store.deleteTopic(election.epochZkVersion(), "gone");
        assertFalse(topics.topicExists("gone"));
        assertFalse(zk.exists(TopicConfigZNode.path("gone")));
        assertFalse(topics.isMarkedForDeletion("gone"));
        // deleting what is gone is fine
        store.deleteTopic(election.epochZkVersion(), "gone");
    }

    @Test
    void registeredBrokersCarryTheirEpoch() throws Exception {
        zk.curator().create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                .forPath(BrokerIdZNode.path(3), BrokerIdZNode.encode(BrokerInfo.plaintext(3, "h", 9092),
                        BrokerIdZNode.defaultSecurityProtocolMap(BrokerInfo.plaintext(3, "h", 9092)), 1L));
        List<ControllerStore.RegisteredBroker> brokers = store.registeredBrokers();
        assertEquals(1, brokers.size());
        assertEquals(3, brokers.get(0).id());
        assertEquals(zk.curator().checkExists().forPath(BrokerIdZNode.path(3)).getCzxid(), brokers.get(0).epoch());
    }

    @Test
    void notificationZNodesRoundTrip() {
        Set<TopicAndPartition> partitions = Set.of(new TopicAndPartition("a", 0), new TopicAndPartition("b", 3));
        assertEquals(partitions, IsrChangeNotificationZNode.decode(IsrChangeNotificationZNode.encode(partitions)));
        assertEquals(partitions, PreferredReplicaElectionZNode.decode(PreferredReplicaElectionZNode.encode(partitions)));
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"a\",\"partition\":0}]}",
                new String(IsrChangeNotificationZNode.encode(Set.of(new TopicAndPartition("a", 0)))));
        assertEquals("{\"version\":2,\"entity_path\":\"topics/t1\"}", new String(ConfigChangeNotificationZNode.encode("topics", "t1")));
        assertEquals(new ConfigChangeNotificationZNode.Entity("topics", "t1"),
                ConfigChangeNotificationZNode.decode(ConfigChangeNotificationZNode.encode("topics", "t1")));
        assertEquals(new ConfigChangeNotificationZNode.Entity("topics", "t2"),
                ConfigChangeNotificationZNode.decode("{\"version\":1,\"entity_type\":\"topics\",\"entity_name\":\"t2\"}".getBytes()));
    }
}
