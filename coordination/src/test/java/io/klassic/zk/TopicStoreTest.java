package io.klassic.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicStoreTest {

    private static TestingServer server;
    private ZkClient zk;
    private TopicStore store;

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
        store = new TopicStore(zk);
    }

    @AfterEach
    void cleanUp() {
        try {
            for (String path : List.of("/brokers", "/config", "/admin")) {
                zk.deleteRecursive(path);
            }
        } finally {
            zk.close();
        }
    }

    private String data(String path) {
        return new String(zk.readData(path).orElseThrow().value(), StandardCharsets.UTF_8);
    }

    @Test
    void createReadAndDeleteATopic() {
        assertFalse(store.topicExists("demo1"));
        assertEquals(Set.of(), store.allTopics());
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1, 2), 1, List.of(2, 1));
        store.createTopic("demo1", assignment, Map.of("cleanup.policy", "compact"));
        store.createTopic("alpha", Map.of(0, List.of(0)), Map.of());

        assertTrue(store.topicExists("demo1"));
        assertEquals(Set.of("alpha", "demo1"), store.allTopics());
        assertEquals(List.of("alpha", "demo1"), List.copyOf(store.allTopics()));
        assertEquals(assignment, store.assignment("demo1"));
        assertEquals(Map.of("cleanup.policy", "compact"), store.topicConfig("demo1"));
        assertEquals(Map.of(), store.topicConfig("alpha"));
        assertEquals(0, store.topicAssignment("demo1").orElseThrow().zkVersion());
        assertEquals("{\"version\":2,\"partitions\":{\"0\":[1,2],\"1\":[2,1]},\"adding_replicas\":{},"
                + "\"removing_replicas\":{}}", data("/brokers/topics/demo1"));
        assertEquals("{\"version\":1,\"config\":{\"cleanup.policy\":\"compact\"}}", data("/config/topics/demo1"));

        LeaderIsrAndControllerEpoch state = new LeaderIsrAndControllerEpoch(1, 0, List.of(1, 2), 1);
        assertEquals(0, store.createPartitionState("demo1", 0, state));
        Versioned<LeaderIsrAndControllerEpoch> read = store.partitionState("demo1", 0).orElseThrow();
        assertEquals(state, read.value());
        assertEquals(0, read.zkVersion());
        assertTrue(store.partitionState("demo1", 1).isEmpty());
        ZkException exists = assertThrows(ZkException.class, () -> store.createPartitionState("demo1", 0, state));
        assertEquals(org.apache.zookeeper.KeeperException.Code.NODEEXISTS, exists.code());

        assertTrue(store.markForDeletion("demo1"));
        assertFalse(store.markForDeletion("demo1"));
        assertTrue(store.isMarkedForDeletion("demo1"));
        assertEquals(Set.of("demo1"), store.topicsMarkedForDeletion());
        assertTrue(zk.exists("/admin/delete_topics/demo1"));

        store.deleteTopicZNodes("demo1");
        assertFalse(store.topicExists("demo1"));
        assertFalse(zk.exists("/config/topics/demo1"));
        assertFalse(zk.exists("/admin/delete_topics/demo1"));
        assertEquals(Map.of(), store.assignment("demo1"));
        assertEquals(Set.of("alpha"), store.allTopics());
        store.deleteTopicZNodes("demo1"); // idempotent
    }

    @Test
    void creatingAnExistingTopicFails() {
        store.createTopic("dup", Map.of(0, List.of(0)), Map.of("retention.ms", "1"));
        TopicExistsException e = assertThrows(TopicExistsException.class,
                () -> store.createTopic("dup", Map.of(0, List.of(1)), Map.of()));
        assertEquals("Topic 'dup' already exists.", e.getMessage());
        assertEquals(Map.of(0, List.of(0)), store.assignment("dup"));
        assertEquals(Map.of("retention.ms", "1"), store.topicConfig("dup"));

        store.markForDeletion("dup");
        store.deleteTopicZNodes("dup");
        store.markForDeletion("dup"); // a marker without the topic: creation is refused until it is gone
        e = assertThrows(TopicExistsException.class, () -> store.createTopic("dup", Map.of(0, List.of(0)), Map.of()));
        assertTrue(e.getMessage().contains("marked for deletion"), e.getMessage());
    }

    @Test
    void rejectsBadNamesAndAssignments() {
        assertThrows(IllegalArgumentException.class, () -> store.createTopic("", Map.of(0, List.of(0)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> store.createTopic("..", Map.of(0, List.of(0)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> store.createTopic("a/b", Map.of(0, List.of(0)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> store.createTopic("x".repeat(250), Map.of(0, List.of(0)), Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.createTopic("t", Map.of(0, List.of(0), 2, List.of(0)), Map.of()));
        assertTrue(e.getMessage().contains("consecutive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> store.createTopic("t", Map.of(0, List.of(1, 1)), Map.of()));
        assertTrue(e.getMessage().contains("Duplicate"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> store.createTopic("t", Map.of(0, List.of(1, 2), 1, List.of(1)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> store.createTopic("t", Map.of(), Map.of()));
        assertFalse(store.topicExists("t"));
        assertFalse(zk.exists("/config/topics/t"));
    }
}
