package io.klassic.broker.server;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import io.klassic.zk.TopicStore;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkConfig;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A topic config changed in ZooKeeper (with its notification) reaches the logs of the hosted partitions, also after
 * the session was lost and renewed.
 */
class TopicConfigManagerTest {
    @TempDir
    Path dir;

    private TestingServer server;
    private ZkClient zk;
    private ScheduledExecutorService timer;
    private LogManager logManager;
    private TopicConfigManager configManager;
    private TopicStore store;

    @BeforeEach
    void setUp() throws Exception {
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
        zk = new ZkClient(ZkConfig.of(server.getConnectString(), 4000, 10_000));
        zk.start();
        timer = Executors.newSingleThreadScheduledExecutor();
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), System::currentTimeMillis);
        logManager.startup();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (configManager != null) {
            configManager.close();
        }
        logManager.shutdown();
        timer.shutdownNow();
        zk.close();
        server.close();
    }

    @Test
    void aConfigChangeIsAppliedToTheTopicsLogs() throws Exception {
        ReplicaManager replicaManager = startWithHostedTopics();
        store.changeTopicConfig("configured", Map.of("retention.ms", "7000", "cleanup.policy", "compact"));
        awaitRetentionMs(replicaManager, new TopicPartition("configured", 1), 7000L);
        assertEquals(7000L, replicaManager.partition(new TopicPartition("configured", 0)).log().config().retentionMs());
        assertEquals("compact", replicaManager.partition(new TopicPartition("configured", 0)).log().config().cleanupPolicy());
        assertEquals(LogConfig.defaults().retentionMs(),
                replicaManager.hostedPartition(new TopicPartition("other", 0)).log().config().retentionMs(), "other topics keep theirs");
    }

    /**
     * The watch on {@code /config/changes} dies with the session; the manager sets it again on reconnection, and the
     * connection state events ZooKeeper hands the watch meanwhile start no work against an unreachable ZooKeeper.
     */
    @Test
    void changesAreSeenAgainAfterTheSessionExpired() throws Exception {
        ReplicaManager replicaManager = startWithHostedTopics();
        Set<ConnectionState> states = ConcurrentHashMap.newKeySet();
        zk.addConnectionStateListener((client, state) -> states.add(state));
        server.stop();
        await(() -> states.contains(ConnectionState.LOST), "the session is lost after 4 s without ZooKeeper");
        server.restart();
        await(() -> states.contains(ConnectionState.RECONNECTED), "a new session");

        store.changeTopicConfig("configured", Map.of("retention.ms", "9000"));
        awaitRetentionMs(replicaManager, new TopicPartition("configured", 0), 9000L);
        assertEquals(9000L, replicaManager.partition(new TopicPartition("configured", 1)).log().config().retentionMs());
    }

    /** Two topics in ZooKeeper, "configured" (retention.ms 5000, led here) and "other" (followed); the manager started. */
    private ReplicaManager startWithHostedTopics() {
        store = new TopicStore(zk);
        store.createTopic("configured", Map.of(0, List.of(1), 1, List.of(1)), Map.of("retention.ms", "5000"));
        store.createTopic("other", Map.of(0, List.of(1)), Map.of());
        ReplicaManager replicaManager = new ReplicaManager(1, logManager, timer, MetricsRegistry.isolated());
        TopicManager topicManager = new TopicManager(store, new MetadataCache("c"), List::of, Map.of());
        for (int p = 0; p < 2; p++) {
            replicaManager.makeLeader(new PartitionState("configured", p, 1, 0, List.of(1), List.of(1)), topicManager.topicLogConfig("configured"));
        }
        replicaManager.makeFollower(new PartitionState("other", 0, 2, 0, List.of(1, 2), List.of(2)), topicManager.topicLogConfig("other"));
        assertEquals(5000L, replicaManager.partition(new TopicPartition("configured", 0)).log().config().retentionMs());
        configManager = new TopicConfigManager(zk, topicManager, replicaManager);
        configManager.startup();
        return replicaManager;
    }

    private static void awaitRetentionMs(ReplicaManager replicaManager, TopicPartition tp, long expected) {
        await(() -> replicaManager.partition(tp).log().config().retentionMs() == expected, "retention.ms " + expected + " reaches " + tp);
    }

    /** Polls {@code condition} every 20 ms for up to 20 s. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out waiting: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
