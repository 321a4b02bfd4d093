package io.klassic.broker.server;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ReplicaManager, BrokerTopicMetrics and Log metrics a ReplicaManager keeps, read through an MBean server. */
class BrokerMetricsTest {
    private static final LogConfig MIN_ISR_2 = LogConfig.fromProps(Map.of("min.insync.replicas", "2"), LogConfig.defaults());

    @TempDir
    Path dir;

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final AtomicBoolean refuseIsrWrites = new AtomicBoolean();
    private MetricsRegistry registry;
    private LogManager logManager;
    private ScheduledExecutorService timer;
    private ReplicaManager replicaManager;

    @BeforeEach
    void setUp() {
        registry = new MetricsRegistry(server, System::nanoTime);
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), clock::get);
        logManager.startup();
        timer = Executors.newSingleThreadScheduledExecutor();
        replicaManager = new ReplicaManager(0, logManager, timer, registry);
        replicaManager.configureReplication((tp, leader, leaderEpoch, isr, controllerEpoch, zkVersion) ->
                refuseIsrWrites.get() ? OptionalInt.empty() : OptionalInt.of(zkVersion + 1), ReplicaManager.FollowerFetchers.NONE, clock::get);
    }

    @AfterEach
    void tearDown() {
        try {
            logManager.shutdown();
        } finally {
            timer.shutdownNow();
            registry.close();
        }
    }

    private Object value(String objectName, String attribute) throws Exception {
        return server.getAttribute(new ObjectName(objectName), attribute);
    }

    private Object gauge(String name) throws Exception {
        return value("kafka.server:type=ReplicaManager,name=" + name, "Value");
    }

    private long topicCount(String name, String topic) throws Exception {
        String tag = topic == null ? "" : ",topic=" + topic;
        return (Long) value("kafka.server:type=BrokerTopicMetrics,name=" + name + tag, "Count");
    }

    private static ByteBuffer records(int count) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        for (int i = 0; i < count; i++) {
            builder.append(1000L, null, ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    @Test
    void replicaManagerGaugesCountHostedAndLedPartitions() throws Exception {
        replicaManager.makeLeader(new PartitionState("t", 0, 0, 0, List.of(0, 1, 2), List.of(0, 1, 2), 1, 0), LogConfig.defaults());
        replicaManager.makeFollower(new PartitionState("t", 1, 1, 0, List.of(1, 0), List.of(1, 0), 1, 0), LogConfig.defaults());
        replicaManager.makeLeader(new PartitionState("u", 0, 0, 0, List.of(0, 1), List.of(0), 1, 0), MIN_ISR_2);
        replicaManager.makeLeader(new PartitionState("v", 0, 0, 0, List.of(0, 1), List.of(0, 1), 1, 0), MIN_ISR_2);

        assertEquals(4, gauge("PartitionCount"));
        assertEquals(3, gauge("LeaderCount"));
        assertEquals(1, gauge("UnderReplicatedPartitions"), "u-0 has 1 of its 2 replicas in sync");
        assertEquals(1, gauge("UnderMinIsrPartitionCount"), "u-0 is below min.insync.replicas=2");
        assertEquals(1, gauge("AtMinIsrPartitionCount"), "v-0 is at min.insync.replicas=2");
    }

    @Test
    void isrChangesAreMetered() throws Exception {
        Partition partition = replicaManager.makeLeader(new PartitionState("t", 0, 0, 0, List.of(0, 1), List.of(0, 1), 1, 0),
                LogConfig.defaults());
        clock.addAndGet(10_000);
        replicaManager.maybeShrinkIsr(1000);
        assertEquals(List.of(0), partition.isr());
        assertEquals(1L, value("kafka.server:type=ReplicaManager,name=IsrShrinksPerSec", "Count"));
        assertEquals("shrinks", value("kafka.server:type=ReplicaManager,name=IsrShrinksPerSec", "EventType"));
        assertEquals(1, gauge("UnderReplicatedPartitions"));

        replicaManager.recordFollowerFetch(new TopicPartition("t", 0), 1, 0, 0L, partition.log().logEndOffset());
        assertEquals(List.of(0, 1), partition.isr());
        assertEquals(1L, value("kafka.server:type=ReplicaManager,name=IsrExpandsPerSec", "Count"));
        assertEquals(0, gauge("UnderReplicatedPartitions"));

        refuseIsrWrites.set(true);
        clock.addAndGet(10_000);
        replicaManager.maybeShrinkIsr(1000);
        assertEquals(1L, value("kafka.server:type=ReplicaManager,name=FailedIsrUpdatesPerSec", "Count"));
    }

    @Test
    void appendsCountForTheTopicAndForAllTopics() throws Exception {
        Partition t0 = replicaManager.makeLeader(new PartitionState("t", 0, 0, 0, List.of(0), List.of(0), 1, 0), LogConfig.defaults());
        Partition u0 = replicaManager.makeLeader(new PartitionState("u", 0, 0, 0, List.of(0, 1), List.of(0), 1, 0), MIN_ISR_2);
        ByteBuffer three = records(3);
        int bytes = three.remaining();
        assertEquals(Errors.NONE, t0.appendRecordsToLeader(three, 1, 1).error());
        assertEquals(Errors.NONE, t0.appendRecordsToLeader(records(2), 1, 1).error());
        assertEquals(Errors.NOT_ENOUGH_REPLICAS, u0.appendRecordsToLeader(records(4), -1, 2).error());

        assertEquals(5, topicCount("MessagesInPerSec", "t"));
        assertEquals(5, topicCount("MessagesInPerSec", null));
        assertEquals(0, topicCount("MessagesInPerSec", "u"));
        assertEquals(2, topicCount("TotalProduceRequestsPerSec", "t"));
        assertEquals(3, topicCount("TotalProduceRequestsPerSec", null));
        assertEquals(1, topicCount("FailedProduceRequestsPerSec", "u"), "NOT_ENOUGH_REPLICAS is a failure, as in Kafka");
        assertEquals(1, topicCount("FailedProduceRequestsPerSec", null));
        assertTrue(topicCount("BytesInPerSec", "t") > bytes);
        assertEquals(topicCount("BytesInPerSec", "t"), topicCount("BytesInPerSec", null));
        assertEquals("messages", value("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec", "EventType"));

        replicaManager.brokerTopicStats().allTopicsStats().recordAppend(Errors.NOT_LEADER_OR_FOLLOWER, 0, 100);
        assertEquals(1, topicCount("FailedProduceRequestsPerSec", null), "NOT_LEADER_OR_FOLLOWER is not a failure");
    }

    @Test
    void fetchesCountConsumerAndFollowerBytesApart() throws Exception {
        Partition t0 = replicaManager.makeLeader(new PartitionState("t", 0, 0, 0, List.of(0), List.of(0), 1, 0), LogConfig.defaults());
        t0.topicMetrics().recordFetch(100, false, false);
        t0.topicMetrics().recordFetch(40, true, false);
        t0.topicMetrics().recordFetch(0, false, true);
        replicaManager.brokerTopicStats().updateReplicationBytesIn(70);

        assertEquals(100, topicCount("BytesOutPerSec", "t"));
        assertEquals(100, topicCount("BytesOutPerSec", null));
        assertEquals(40, topicCount("ReplicationBytesOutPerSec", null));
        assertEquals(70, topicCount("ReplicationBytesInPerSec", null));
        assertEquals(3, topicCount("TotalFetchRequestsPerSec", "t"));
        assertEquals(1, topicCount("FailedFetchRequestsPerSec", null));
        assertFalse(server.isRegistered(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesOutPerSec,topic=t")),
                "replication bytes are counted for all topics only");
    }

    @Test
    void logGaugesFollowTheLogAndGoWithTheDeletedTopic() throws Exception {
        Partition t0 = replicaManager.makeLeader(new PartitionState("t", 0, 0, 0, List.of(0), List.of(0), 1, 0), LogConfig.defaults());
        replicaManager.makeLeader(new PartitionState("t", 1, 0, 0, List.of(0), List.of(0), 1, 0), LogConfig.defaults());
        t0.appendRecordsToLeader(records(3), 1, 1);
        String log = "kafka.log:type=Log,name=%s,topic=t,partition=0";
        assertEquals(3L, value(log.formatted("LogEndOffset"), "Value"));
        assertEquals(0L, value(log.formatted("LogStartOffset"), "Value"));
        assertEquals(1, value(log.formatted("NumLogSegments"), "Value"));
        assertEquals(t0.log().size(), value(log.formatted("Size"), "Value"));

        replicaManager.stopReplica(new TopicPartition("t", 0), true);
        assertFalse(server.isRegistered(new ObjectName(log.formatted("LogEndOffset"))));
        assertTrue(server.isRegistered(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t")),
                "t-1 is still hosted");
        replicaManager.stopReplica(new TopicPartition("t", 1), true);
        assertFalse(server.isRegistered(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t")));
        assertTrue(server.isRegistered(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec")));
        assertEquals(3, topicCount("MessagesInPerSec", null), "all-topics counts survive a topic's deletion");
    }
}
