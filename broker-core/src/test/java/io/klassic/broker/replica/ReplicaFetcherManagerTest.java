package io.klassic.broker.replica;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code num.replica.fetchers}: partitions of one leader spread over that many threads by Kafka's hash, a thread per
 * (leader, fetcher id) starting with its first partition and stopping with its last. No leader is reachable here
 * (the endpoints are unknown), so the threads only wait.
 */
class ReplicaFetcherManagerTest {
    @TempDir
    Path dir;

    private LogManager logManager;
    private ScheduledExecutorService timer;
    private ReplicaFetcherManager manager;

    @BeforeEach
    void setUp() {
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), System::currentTimeMillis);
        logManager.startup();
        timer = Executors.newSingleThreadScheduledExecutor();
        ReplicaManager replicaManager = new ReplicaManager(0, logManager, timer, MetricsRegistry.isolated());
        manager = new ReplicaFetcherManager(new ReplicaFetcherConfig(0, 2, 1 << 20, 10 << 20, 500, 1, 100, 30_000),
                replicaManager, id -> Optional.empty());
    }

    @AfterEach
    void tearDown() {
        manager.close();
        logManager.shutdown();
        timer.shutdownNow();
    }

    @Test
    void partitionsOfALeaderSpreadOverNumReplicaFetchersThreads() {
        for (int p = 0; p < 6; p++) {
            manager.addPartition(new TopicPartition("spread", p), 1, 0);
        }
        assertEquals(2, manager.threadCount(), "two fetcher threads for leader 1");
        manager.addPartition(new TopicPartition("spread", 0), 2, 1);
        assertEquals(3, manager.threadCount(), "a partition that moves to leader 2 gets a thread of its own");
        for (int p = 1; p < 6; p++) {
            manager.removePartitions(List.of(new TopicPartition("spread", p)));
        }
        assertEquals(1, manager.threadCount(), "threads stop with their last partition");
        manager.removePartitions(List.of(new TopicPartition("spread", 0)));
        assertEquals(0, manager.threadCount());
    }

    @Test
    void theFetcherIdIsKafkasNonNegativeHash() {
        assertEquals(0, ReplicaFetcherManager.fetcherId(new TopicPartition("t", 0), 1));
        // 31 * hashCode + partition overflowing to Integer.MIN_VALUE maps to 0, as Kafka's Utils.abs does
        TopicPartition tp = new TopicPartition("polygenelubricants", 0);
        int h = 31 * tp.topic().hashCode();
        TopicPartition extreme = new TopicPartition(tp.topic(), Integer.MIN_VALUE - h);
        assertEquals(0, ReplicaFetcherManager.fetcherId(extreme, 3));
        for (int p = 0; p < 20; p++) {
            int id = ReplicaFetcherManager.fetcherId(new TopicPartition("any", p), 4);
            assertEquals(true, id >= 0 && id < 4, "fetcher id " + id);
        }
    }
}
