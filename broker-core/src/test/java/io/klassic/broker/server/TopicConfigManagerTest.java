package io.klassic.broker.server;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import io.klassic.zk.TopicStore;
import io.klassic.zk.ZkClient;
import io.klassic.zk.ZkConfig;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A topic config changed in ZooKeeper (with its notification) reaches the logs of the hosted partitions. */
class TopicConfigManagerTest {
    @TempDir
    Path dir;

    private TestingServer server;
    private ZkClient zk;
    private ScheduledExecutorService timer;
    private LogManager logManager;
    private TopicConfigManager configManager;

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
        TopicStore store = new TopicStore(zk);
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

        store.changeTopicConfig("configured", Map.of("retention.ms", "7000", "cleanup.policy", "compact"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (replicaManager.partition(new TopicPartition("configured", 1)).log().config().retentionMs() != 7000L) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the new retention.ms did not reach the log");
            }
            Thread.sleep(20);
        }
        assertEquals(7000L, replicaManager.partition(new TopicPartition("configured", 0)).log().config().retentionMs());
        assertEquals("compact", replicaManager.partition(new TopicPartition("configured", 0)).log().config().cleanupPolicy());
        assertEquals(LogConfig.defaults().retentionMs(),
                replicaManager.hostedPartition(new TopicPartition("other", 0)).log().config().retentionMs(), "other topics keep theirs");
    }
}
