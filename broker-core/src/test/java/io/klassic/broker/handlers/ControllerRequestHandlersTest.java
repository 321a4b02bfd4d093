package io.klassic.broker.handlers;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.DelayedOperationPurgatory;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.PartitionState;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.RequestHeader;
import io.klassic.protocol.types.ByteBufferWritable;
import io.klassic.protocol.types.Struct;
import org.apache.kafka.common.message.LeaderAndIsrRequestData;
import org.apache.kafka.common.message.LeaderAndIsrRequestData.LeaderAndIsrPartitionState;
import org.apache.kafka.common.message.LeaderAndIsrRequestData.LeaderAndIsrTopicState;
import org.apache.kafka.common.message.LeaderAndIsrResponseData;
import org.apache.kafka.common.message.StopReplicaRequestData;
import org.apache.kafka.common.message.StopReplicaResponseData;
import org.apache.kafka.common.message.UpdateMetadataRequestData;
import org.apache.kafka.common.message.UpdateMetadataRequestData.UpdateMetadataBroker;
import org.apache.kafka.common.message.UpdateMetadataRequestData.UpdateMetadataEndpoint;
import org.apache.kafka.common.message.UpdateMetadataRequestData.UpdateMetadataPartitionState;
import org.apache.kafka.common.message.UpdateMetadataRequestData.UpdateMetadataTopicState;
import org.apache.kafka.common.message.UpdateMetadataResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LeaderAndIsr, UpdateMetadata and StopReplica requests serialized by kafka-clients (the controller's side of the
 * wire as Apache Kafka writes it), decoded by our schemas, applied by our handlers, and answered in responses that
 * kafka-clients parses.
 */
class ControllerRequestHandlersTest {
    private static final int BROKER = 1;

    @TempDir
    Path dir;

    private ScheduledExecutorService timer;
    private LogManager logManager;
    private ReplicaManager replicaManager;
    private MetadataCache cache;
    private LeaderAndIsrHandler leaderAndIsr;
    private UpdateMetadataHandler updateMetadata;
    private StopReplicaHandler stopReplica;

    @BeforeEach
    void setUp() {
        timer = Executors.newSingleThreadScheduledExecutor();
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), System::currentTimeMillis);
        logManager.startup();
        replicaManager = new ReplicaManager(BROKER, logManager, timer, MetricsRegistry.isolated());
        cache = new MetadataCache("cluster");
        leaderAndIsr = new LeaderAndIsrHandler(replicaManager, topic -> LogConfig.defaults());
        updateMetadata = new UpdateMetadataHandler(replicaManager, cache, new DelayedOperationPurgatory<>(timer));
        stopReplica = new StopReplicaHandler(replicaManager);
    }

    @AfterEach
    void tearDown() {
        logManager.shutdown();
        timer.shutdownNow();
    }

    private static Struct decode(ApiKeys api, short version, Message data) {
        ByteBuffer buffer = MessageUtil.toByteBuffer(data, version);
        Struct struct = api.request().read(buffer, version);
        assertEquals(0, buffer.remaining(), "bytes left after decoding " + api.apiName() + " v" + version);
        return struct;
    }

    private static <T> T encodeAndParse(ApiKeys api, short version, Struct response, Function<ByteBufferAccessor, T> parser) {
        ByteBuffer buffer = ByteBuffer.allocate(api.response().sizeOf(response, version));
        api.response().write(response, version, new ByteBufferWritable(buffer));
        buffer.flip();
        return parser.apply(new ByteBufferAccessor(buffer));
    }

    private static RequestContext context(ApiKeys api, short version) {
        return new RequestContext(new RequestHeader(api.id(), version, 7, "controller-0"), api, new InetSocketAddress("127.0.0.1", 1), "PLAINTEXT");
    }

    private LeaderAndIsrResponseData leaderAndIsr(short version, int controllerEpoch, LeaderAndIsrPartitionState... partitions) {
        LeaderAndIsrRequestData data = new LeaderAndIsrRequestData().setControllerId(0).setControllerEpoch(controllerEpoch).setBrokerEpoch(5L);
        Map<String, LeaderAndIsrTopicState> topics = new HashMap<>();
        for (LeaderAndIsrPartitionState p : partitions) {
            if (version < 2) {
                data.ungroupedPartitionStates().add(p);
            } else {
                topics.computeIfAbsent(p.topicName(), t -> {
                    LeaderAndIsrTopicState topic = new LeaderAndIsrTopicState().setTopicName(t);
                    data.topicStates().add(topic);
                    return topic;
                }).partitionStates().add(p.duplicate().setTopicName(version < 2 ? p.topicName() : ""));
            }
        }
        Struct response = leaderAndIsr.handle(context(ApiKeys.LEADER_AND_ISR, version), decode(ApiKeys.LEADER_AND_ISR, version, data)).join();
        return encodeAndParse(ApiKeys.LEADER_AND_ISR, version, response, in -> new LeaderAndIsrResponseData(in, version));
    }

    private static LeaderAndIsrPartitionState partition(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas) {
        return new LeaderAndIsrPartitionState().setTopicName(topic).setPartitionIndex(partition).setControllerEpoch(3).setLeader(leader)
                .setLeaderEpoch(leaderEpoch).setIsr(replicas).setPartitionEpoch(0).setReplicas(replicas).setIsNew(true);
    }

    private static Map<String, Short> errors(LeaderAndIsrResponseData response) {
        Map<String, Short> out = new HashMap<>();
        response.partitionErrors().forEach(e -> out.put(e.topicName() + "-" + e.partitionIndex(), e.errorCode()));
        return out;
    }

    @Test
    void leaderAndIsrMakesThisBrokerLeaderOrFollowerAndRefusesStaleControllers() {
        for (short version : new short[] {1, 4}) {
            String topic = "t" + version;
            LeaderAndIsrResponseData response = leaderAndIsr(version, 3,
                    partition(topic, 0, BROKER, 0, List.of(1, 2)),
                    partition(topic, 1, 2, 0, List.of(2, 1)),
                    partition(topic, 2, 2, 0, List.of(2, 3)));
            assertEquals(Errors.NONE.code(), response.errorCode());
            assertEquals(Map.of(topic + "-0", Errors.NONE.code(), topic + "-1", Errors.NONE.code(),
                    topic + "-2", Errors.UNKNOWN_TOPIC_OR_PARTITION.code()), errors(response));
            assertNotNull(replicaManager.partition(new TopicPartition(topic, 0)), "leader of " + topic + "-0");
            assertNull(replicaManager.partition(new TopicPartition(topic, 1)), "a follower is not served as leader");
            assertNotNull(replicaManager.hostedPartition(new TopicPartition(topic, 1)), "the follower hosts the log");
            assertTrue(Files.isDirectory(dir.resolve(topic + "-1")));
            assertNull(replicaManager.hostedPartition(new TopicPartition(topic, 2)));
        }
        // An older leader epoch for a partition is refused, a newer one moves the leadership.
        assertEquals(Map.of("t4-0", Errors.NONE.code()), errors(leaderAndIsr((short) 4, 3, partition("t4", 0, 2, 1, List.of(1, 2)))));
        assertNull(replicaManager.partition(new TopicPartition("t4", 0)), "this broker follows t4-0 now");
        assertEquals(Map.of("t4-0", Errors.STALE_CONTROLLER_EPOCH.code()), errors(leaderAndIsr((short) 4, 3, partition("t4", 0, BROKER, 0, List.of(1, 2)))));
        // A controller older than the newest one seen is refused as a whole.
        LeaderAndIsrResponseData stale = leaderAndIsr((short) 4, 2, partition("t4", 0, BROKER, 5, List.of(1, 2)));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), stale.errorCode());
        assertNull(replicaManager.partition(new TopicPartition("t4", 0)));
        assertEquals(3, replicaManager.controllerEpoch());
    }

    private UpdateMetadataResponseData updateMetadata(short version, int controllerEpoch, List<UpdateMetadataPartitionState> partitions) {
        UpdateMetadataRequestData data = new UpdateMetadataRequestData().setControllerId(2).setControllerEpoch(controllerEpoch).setBrokerEpoch(5L);
        for (int id : List.of(1, 2)) {
            data.liveBrokers().add(new UpdateMetadataBroker().setId(id).setV0Host("h" + id).setV0Port(9090 + id).setRack(id == 2 ? "r2" : null)
                    .setEndpoints(List.of(new UpdateMetadataEndpoint().setHost("h" + id).setPort(9090 + id).setListener("PLAINTEXT")
                            .setSecurityProtocol((short) 0))));
        }
        if (version < 5) {
            data.setUngroupedPartitionStates(partitions);
        } else {
            Map<String, UpdateMetadataTopicState> topics = new HashMap<>();
            for (UpdateMetadataPartitionState p : partitions) {
                topics.computeIfAbsent(p.topicName(), t -> {
                    UpdateMetadataTopicState topic = new UpdateMetadataTopicState().setTopicName(t);
                    data.topicStates().add(topic);
                    return topic;
                }).partitionStates().add(p);
            }
        }
        Struct response = updateMetadata.handle(context(ApiKeys.UPDATE_METADATA, version), decode(ApiKeys.UPDATE_METADATA, version, data)).join();
        return encodeAndParse(ApiKeys.UPDATE_METADATA, version, response, in -> new UpdateMetadataResponseData(in, version));
    }

    private static UpdateMetadataPartitionState metadata(String topic, int partition, int leader) {
        return new UpdateMetadataPartitionState().setTopicName(topic).setPartitionIndex(partition).setControllerEpoch(3).setLeader(leader)
                .setLeaderEpoch(4).setIsr(List.of(1, 2)).setZkVersion(1).setReplicas(List.of(1, 2)).setOfflineReplicas(List.of());
    }

    @Test
    void updateMetadataFeedsTheCacheAndLeaderMinusTwoDeletes() {
        for (short version : new short[] {0, 4, 5, 6, 7}) {
            String topic = "m" + version;
            UpdateMetadataResponseData response = updateMetadata(version, 3, List.of(metadata(topic, 0, 1), metadata(topic, 1, 2)));
            assertEquals(Errors.NONE.code(), response.errorCode());
            assertEquals(2, cache.controllerId());
            assertEquals(List.of(1, 2), cache.aliveBrokers().stream().map(b -> b.id()).toList());
            assertEquals("h2", cache.broker(2).orElseThrow().endpoint("PLAINTEXT").orElseThrow().host());
            assertEquals(version >= 2 ? "r2" : null, cache.broker(2).orElseThrow().rack());
            PartitionState p1 = cache.partition(topic, 1).orElseThrow();
            assertEquals(2, p1.leader());
            assertEquals(4, p1.leaderEpoch());
            assertEquals(List.of(1, 2), p1.isr());
        }
        updateMetadata((short) 6, 3, List.of(metadata("m6", 0, -2), metadata("m6", 1, -2)));
        assertFalse(cache.contains("m6"), "a topic whose partitions all had leader -2 is gone");
        assertTrue(cache.contains("m7"));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), updateMetadata((short) 6, 2, List.of(metadata("late", 0, 1))).errorCode());
        assertFalse(cache.contains("late"));
    }

    @Test
    void stopReplicaStopsServingAndDeletesWhenAsked() {
        leaderAndIsr((short) 4, 3, partition("s", 0, BROKER, 0, List.of(1)), partition("s", 1, BROKER, 0, List.of(1)));
        // v1-2: one delete flag for the whole request
        StopReplicaRequestData keep = new StopReplicaRequestData().setControllerId(0).setControllerEpoch(3).setDeletePartitions(false)
                .setTopics(List.of(new StopReplicaRequestData.StopReplicaTopicV1().setName("s").setPartitionIndexes(List.of(0))));
        Struct response = stopReplica.handle(context(ApiKeys.STOP_REPLICA, (short) 1), decode(ApiKeys.STOP_REPLICA, (short) 1, keep)).join();
        StopReplicaResponseData parsed = encodeAndParse(ApiKeys.STOP_REPLICA, (short) 1, response, in -> new StopReplicaResponseData(in, (short) 1));
        assertEquals(Errors.NONE.code(), parsed.errorCode());
        assertEquals(Errors.NONE.code(), parsed.partitionErrors().get(0).errorCode());
        assertNull(replicaManager.hostedPartition(new TopicPartition("s", 0)));
        assertTrue(Files.isDirectory(dir.resolve("s-0")), "the data stays");

        // v3: per partition, with the leader epoch; -2 means "deleting the topic"
        StopReplicaRequestData delete = new StopReplicaRequestData().setControllerId(0).setControllerEpoch(3).setTopicStates(List.of(
                new StopReplicaRequestData.StopReplicaTopicState().setTopicName("s").setPartitionStates(List.of(
                        new StopReplicaRequestData.StopReplicaPartitionState().setPartitionIndex(1).setLeaderEpoch(-2).setDeletePartition(true)))));
        response = stopReplica.handle(context(ApiKeys.STOP_REPLICA, (short) 3), decode(ApiKeys.STOP_REPLICA, (short) 3, delete)).join();
        parsed = encodeAndParse(ApiKeys.STOP_REPLICA, (short) 3, response, in -> new StopReplicaResponseData(in, (short) 3));
        assertEquals(Errors.NONE.code(), parsed.partitionErrors().get(0).errorCode());
        assertFalse(Files.exists(dir.resolve("s-1")), "the data is deleted");

        StopReplicaRequestData stale = delete.duplicate().setControllerEpoch(1);
        response = stopReplica.handle(context(ApiKeys.STOP_REPLICA, (short) 3), decode(ApiKeys.STOP_REPLICA, (short) 3, stale)).join();
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), response.getShort("ErrorCode"));
    }
}
