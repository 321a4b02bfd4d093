package io.klassic.tools;

import io.klassic.zk.BrokerIdZNode;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.ConfigChangeNotificationZNode;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicStore;
import io.klassic.zk.ZkClient;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.klassic.tools.ToolRun.topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kafka-topics.sh --zookeeper against an embedded ZooKeeper with three registered (fake) brokers. */
class TopicCommandZkTest {

    private static final String NL = System.lineSeparator();
    private static TestingServer server;

    private String connect;
    private ZkClient zk;
    private TopicStore store;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    @BeforeEach
    void registerBrokers(TestInfo info) throws Exception {
        connect = server.getConnectString() + "/" + info.getTestMethod().orElseThrow().getName();
        zk = new ZkClient(connect);
        zk.start();
        store = new TopicStore(zk);
        for (int id = 0; id < 3; id++) {
            zk.curator().create().creatingParentsIfNeeded()
                    .forPath(BrokerIdZNode.path(id), BrokerIdZNode.encode(BrokerInfo.plaintext(id, "localhost", 9092 + id)));
        }
    }

    @AfterEach
    void close() {
        zk.close();
    }

    private ToolRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--zookeeper";
        all[1] = connect;
        System.arraycopy(args, 0, all, 2, args.length);
        return topics(all);
    }

    private static String lines(String... lines) {
        return String.join(NL, lines) + NL;
    }

    private void setRacks(String... racks) throws Exception {
        for (int id = 0; id < racks.length; id++) {
            BrokerInfo b = BrokerInfo.plaintext(id, "localhost", 9092 + id);
            zk.curator().setData().forPath(BrokerIdZNode.path(id),
                    BrokerIdZNode.encode(new BrokerInfo(id, b.host(), b.port(), b.endpoints(), racks[id])));
        }
    }

    @Test
    void createAndAlterPlaceReplicasAcrossRacksWhenEveryBrokerHasOne() throws Exception {
        setRacks("rack-a", "rack-a", "rack-b");
        assertEquals(0, run("--create", "--topic", "racked", "--partitions", "6", "--replication-factor", "2").exitCode());
        assertEquals(0, run("--alter", "--topic", "racked", "--partitions", "9").exitCode());
        Map<Integer, List<Integer>> assignment = store.assignment("racked");
        assertEquals(9, assignment.size());
        assignment.forEach((p, replicas) -> assertTrue(replicas.contains(2),
                "partition " + p + " must have a replica on rack-b's only broker: " + replicas));
    }

    @Test
    void someBrokersWithoutARackAreRefusedUnlessRackAwarenessIsDisabled() throws Exception {
        setRacks("rack-a", "rack-b");
        ToolRun refused = run("--create", "--topic", "half-racked", "--partitions", "2", "--replication-factor", "2");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.out().contains("Not all brokers have rack information for replica rack aware assignment."),
                refused.toString());
        assertEquals(new ToolRun(0, lines("Created topic half-racked."), ""), run("--create", "--topic", "half-racked",
                "--partitions", "2", "--replication-factor", "2", "--disable-rack-aware"));
        assertEquals(2, store.assignment("half-racked").size());
    }

    @Test
    void createPlacesReplicasOnTheLiveBrokersAndWritesTheConfig() {
        ToolRun run = run("--create", "--topic", "demo1", "--partitions", "4", "--replication-factor", "2",
                "--config", "retention.ms=1000", "--config", "cleanup.policy = compact");
        assertEquals(new ToolRun(0, lines("Created topic demo1."), ""), run);
        Map<Integer, List<Integer>> assignment = store.assignment("demo1");
        assertEquals(Set.of(0, 1, 2, 3), assignment.keySet());
        for (List<Integer> replicas : assignment.values()) {
            assertEquals(2, new HashSet<>(replicas).size());
            assertTrue(Set.of(0, 1, 2).containsAll(replicas));
        }
        assertEquals(Map.of("retention.ms", "1000", "cleanup.policy", "compact"), store.topicConfig("demo1"));
    }

    @Test
    void createReportsExistingTopicsUnlessIfNotExists() {
        assertEquals(0, run("--create", "--topic", "t", "--partitions", "1", "--replication-factor", "1").exitCode());
        ToolRun again = run("--create", "--topic", "t", "--partitions", "1", "--replication-factor", "1");
        assertEquals(1, again.exitCode());
        assertEquals(lines("Error while executing topic command : Topic 't' already exists."), again.out());
        assertEquals(new ToolRun(0, "", ""),
                run("--create", "--topic", "t", "--partitions", "1", "--replication-factor", "1", "--if-not-exists"));
    }

    @Test
    void createValidatesTheReplicationFactorNameConfigsAndAssignment() {
        assertEquals(lines("Error while executing topic command : Replication factor: 4 larger than available brokers: 3."),
                run("--create", "--topic", "t", "--partitions", "1", "--replication-factor", "4").out());
        assertTrue(run("--create", "--topic", "bad!", "--partitions", "1", "--replication-factor", "1").out()
                .startsWith("Error while executing topic command : Topic name \"bad!\" is illegal"));
        assertTrue(run("--create", "--topic", "t", "--partitions", "1", "--replication-factor", "1", "--config", "foo=1")
                .out().startsWith("Error while executing topic command : Unknown topic config name: foo"));
        assertTrue(run("--create", "--topic", "t", "--partitions", "1", "--replication-factor", "1", "--config",
                "retention.ms=soon").out().startsWith("Error while executing topic command : Invalid value soon"));

        ToolRun manual = run("--create", "--topic", "m", "--replica-assignment", "2:0,0:1,1:2");
        assertEquals(0, manual.exitCode());
        assertEquals(Map.of(0, List.of(2, 0), 1, List.of(0, 1), 2, List.of(1, 2)), store.assignment("m"));
        assertEquals(Set.of("m"), store.allTopics());
    }

    @Test
    void namesThatCollideInMetricNamesAreWarnedAboutAndRefused() {
        String warning = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') "
                + "could collide. To avoid issues it is best to use either, but not both.";
        assertEquals(new ToolRun(0, lines(warning, "Created topic a.b."), ""),
                run("--create", "--topic", "a.b", "--partitions", "1", "--replication-factor", "1"));
        ToolRun collision = run("--create", "--topic", "a_b", "--partitions", "1", "--replication-factor", "1");
        assertEquals(1, collision.exitCode());
        assertEquals(lines(warning, "Error while executing topic command : Topic 'a_b' collides with existing topics: a.b"),
                collision.out());
    }

    @Test
    void listIsSortedShowsDeletionMarkersAndFilters() {
        store.createTopic("zeta", Map.of(0, List.of(0)), Map.of());
        store.createTopic("alpha", Map.of(0, List.of(0)), Map.of());
        store.createTopic("__consumer_offsets", Map.of(0, List.of(0)), Map.of());
        store.markForDeletion("zeta");
        assertEquals(new ToolRun(0, lines("__consumer_offsets", "alpha", "zeta - marked for deletion"), ""),
                run("--list"));
        assertEquals(lines("alpha", "zeta - marked for deletion"), run("--list", "--exclude-internal").out());
        assertEquals(lines("alpha"), run("--list", "--topic", "a.*").out());
    }

    @Test
    void describePrintsKafka2sFormatFromTheZnodes() {
        store.createTopic("d", Map.of(0, List.of(0, 1), 1, List.of(1, 5)), Map.of("min.insync.replicas", "2"));
        store.createPartitionState("d", 0, new LeaderIsrAndControllerEpoch(0, 0, List.of(0, 1), 1));
        store.createPartitionState("d", 1, new LeaderIsrAndControllerEpoch(5, 3, List.of(5), 1));
        store.createTopic("e", Map.of(0, List.of(2)), Map.of());

        assertEquals(new ToolRun(0, lines(
                "Topic: d\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: min.insync.replicas=2",
                "\tTopic: d\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0,1",
                "\tTopic: d\tPartition: 1\tLeader: 5\tReplicas: 1,5\tIsr: 5",
                "Topic: e\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: ",
                "\tTopic: e\tPartition: 0\tLeader: none\tReplicas: 2\tIsr: "), ""), run("--describe"));
        assertEquals(lines("\tTopic: d\tPartition: 1\tLeader: 5\tReplicas: 1,5\tIsr: 5",
                        "\tTopic: e\tPartition: 0\tLeader: none\tReplicas: 2\tIsr: "),
                run("--describe", "--under-replicated-partitions").out());
        assertEquals(lines("\tTopic: d\tPartition: 1\tLeader: 5\tReplicas: 1,5\tIsr: 5",
                        "\tTopic: e\tPartition: 0\tLeader: none\tReplicas: 2\tIsr: "),
                run("--describe", "--unavailable-partitions").out());
        assertEquals(lines("\tTopic: d\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0,1"),
                run("--describe", "--at-min-isr-partitions").out());
        assertEquals(lines("Topic: d\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: min.insync.replicas=2"),
                run("--describe", "--topics-with-overrides").out());

        store.markForDeletion("e");
        assertEquals(lines("Topic: e\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \tMarkedForDeletion: true",
                        "\tTopic: e\tPartition: 0\tLeader: none\tReplicas: 2\tIsr: \tMarkedForDeletion: true"),
                run("--describe", "--topic", "e").out());
        ToolRun missing = run("--describe", "--topic", "nope");
        assertEquals(1, missing.exitCode());
        assertEquals(lines("Error while executing topic command : Topic 'nope' does not exist as expected"), missing.out());
        assertEquals(new ToolRun(0, "", ""), run("--describe", "--topic", "nope", "--if-exists"));
    }

    @Test
    void deleteMarksTopicsForTheController() {
        store.createTopic("gone", Map.of(0, List.of(0)), Map.of());
        store.createTopic("__consumer_offsets", Map.of(0, List.of(0)), Map.of());
        assertEquals(new ToolRun(0, lines("Topic gone is marked for deletion.",
                "Note: This will have no impact if delete.topic.enable is not set to true."), ""),
                run("--delete", "--topic", "gone"));
        assertTrue(store.isMarkedForDeletion("gone"));
        assertEquals(lines("Topic gone is already marked for deletion."), run("--delete", "--topic", "gone").out());
        assertEquals(lines("Error while executing topic command : Topic __consumer_offsets is a kafka internal topic "
                + "and is not allowed to be marked for deletion."), run("--delete", "--topic", "__consumer_offsets").out());
        assertEquals(1, run("--delete", "--topic", "nope").exitCode());
        assertEquals(0, run("--delete", "--topic", "nope", "--if-exists").exitCode());
    }

    @Test
    void alterAddsPartitionsAndChangesConfigs() throws Exception {
        store.createTopic("a", Map.of(0, List.of(1, 2), 1, List.of(2, 0)), Map.of("retention.ms", "1000"));
        String warning = "WARNING: If partitions are increased for a topic that has a key, the partition logic or "
                + "ordering of the messages will be affected";
        assertEquals(new ToolRun(0, lines(warning, "Adding partitions succeeded!"), ""),
                run("--alter", "--topic", "a", "--partitions", "4"));
        // Kafka's placement for added partitions: start at the broker of partition 0's first replica (index 1),
        // continuing the round-robin at partition 2 with that index as the follower shift
        assertEquals(Map.of(0, List.of(1, 2), 1, List.of(2, 0), 2, List.of(0, 2), 3, List.of(1, 2)), store.assignment("a"));

        ToolRun decrease = run("--alter", "--topic", "a", "--partitions", "3");
        assertEquals(1, decrease.exitCode());
        assertEquals(lines(warning, "Error while executing topic command : The number of partitions for a topic can "
                + "only be increased. Topic a currently has 4 partitions, 3 would not be an increase."), decrease.out());

        assertEquals(0, run("--alter", "--topic", "a", "--partitions", "5", "--replica-assignment",
                "1:2,2:0,1:0,2:1,0:1").exitCode());
        assertEquals(List.of(0, 1), store.assignment("a").get(4));

        ToolRun configs = run("--alter", "--topic", "a", "--config", "cleanup.policy=compact", "--delete-config",
                "retention.ms");
        assertEquals(new ToolRun(0, lines(
                "WARNING: Altering topic configuration from this script has been deprecated and may be removed in "
                        + "future releases.",
                "         Going forward, please use kafka-configs.sh for this functionality",
                "Updated config for topic a."), ""), configs);
        assertEquals(Map.of("cleanup.policy", "compact"), store.topicConfig("a"));
        assertEquals(1, zk.children(ConfigChangeNotificationZNode.PATH).size());
    }
}
