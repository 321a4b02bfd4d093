package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.ByteBufferWritable;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.ControllerStore.RegisteredBroker;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.Versioned;
import org.apache.kafka.common.message.LeaderAndIsrRequestData;
import org.apache.kafka.common.message.StopReplicaRequestData;
import org.apache.kafka.common.message.UpdateMetadataRequestData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller's requests as built by {@link ControllerBrokerRequestBatch}, parsed by kafka-clients. */
class ControllerBrokerRequestBatchTest {

    private static ByteBufferAccessor encode(ApiKeys api, short version, Struct body) {
        ByteBuffer buffer = ByteBuffer.allocate(api.request().sizeOf(body, version));
        api.request().write(body, version, new ByteBufferWritable(buffer));
        buffer.flip();
        return new ByteBufferAccessor(buffer);
    }

    private static ControllerContext context() {
        ControllerContext context = new ControllerContext();
        context.setEpoch(7, 6);
        context.addLiveBroker(new RegisteredBroker(BrokerInfo.plaintext(0, "h0", 9090), 100L));
        context.addLiveBroker(new RegisteredBroker(new BrokerInfo(1, "h1", 9091, List.of("PLAINTEXT://h1:9091"), "rack-b"), 101L));
        context.putAssignment("t", Map.of(0, List.of(0, 1, 2), 1, List.of(1, 0)));
        context.putLeadership(new TopicPartition("t", 0), new Versioned<>(new LeaderIsrAndControllerEpoch(0, 3, List.of(0, 1), 7), 4));
        context.putLeadership(new TopicPartition("t", 1), new Versioned<>(new LeaderIsrAndControllerEpoch(1, 1, List.of(1, 0), 6), 2));
        return context;
    }

    @Test
    void leaderAndIsrAndUpdateMetadataParseWithKafkaClients() {
        ControllerContext context = context();
        List<RecordingChannel.Sent> sent = new ArrayList<>();
        ControllerBrokerRequestBatch batch = new ControllerBrokerRequestBatch(0, "PLAINTEXT");
        batch.addLeaderAndIsr(context, List.of(0, 1, 2), new TopicPartition("t", 0), true);
        batch.send(context, new RecordingChannel(0, sent), Set.of(), null);

        RecordingChannel.Sent toBroker1 = sent.stream().filter(s -> s.brokerId() == 1 && s.api() == ApiKeys.LEADER_AND_ISR).findFirst().orElseThrow();
        LeaderAndIsrRequestData leaderAndIsr = new LeaderAndIsrRequestData(encode(ApiKeys.LEADER_AND_ISR,
                ControllerBrokerRequestBatch.LEADER_AND_ISR_VERSION, toBroker1.body()), ControllerBrokerRequestBatch.LEADER_AND_ISR_VERSION);
        assertEquals(0, leaderAndIsr.controllerId());
        assertEquals(7, leaderAndIsr.controllerEpoch());
        assertEquals(101L, leaderAndIsr.brokerEpoch());
        LeaderAndIsrRequestData.LeaderAndIsrPartitionState p = leaderAndIsr.topicStates().get(0).partitionStates().get(0);
        assertEquals("t", leaderAndIsr.topicStates().get(0).topicName());
        assertEquals(0, p.leader());
        assertEquals(3, p.leaderEpoch());
        assertEquals(List.of(0, 1), p.isr());
        assertEquals(List.of(0, 1, 2), p.replicas());
        assertEquals(4, p.partitionEpoch());
        assertTrue(p.isNew());
        assertEquals("h0", leaderAndIsr.liveLeaders().get(0).hostName());
        assertTrue(sent.stream().noneMatch(s -> s.brokerId() == 2), "broker 2 is not live");

        RecordingChannel.Sent metadataTo0 = sent.stream().filter(s -> s.brokerId() == 0 && s.api() == ApiKeys.UPDATE_METADATA).findFirst().orElseThrow();
        UpdateMetadataRequestData metadata = new UpdateMetadataRequestData(encode(ApiKeys.UPDATE_METADATA,
                ControllerBrokerRequestBatch.UPDATE_METADATA_VERSION, metadataTo0.body()), ControllerBrokerRequestBatch.UPDATE_METADATA_VERSION);
        assertEquals(7, metadata.controllerEpoch());
        assertEquals(2, metadata.liveBrokers().size());
        assertEquals("rack-b", metadata.liveBrokers().get(1).rack());
        assertEquals("PLAINTEXT", metadata.liveBrokers().get(1).endpoints().get(0).listener());
        UpdateMetadataRequestData.UpdateMetadataPartitionState state = metadata.topicStates().get(0).partitionStates().get(0);
        assertEquals(0, state.leader());
        assertEquals(4, state.zkVersion());
        assertEquals(List.of(2), state.offlineReplicas());
    }

    @Test
    void deletionGoesOutAsLeaderMinusTwoAndStopReplicaWithDelete() {
        ControllerContext context = context();
        List<RecordingChannel.Sent> sent = new ArrayList<>();
        ControllerBrokerRequestBatch batch = new ControllerBrokerRequestBatch(0, "PLAINTEXT");
        batch.addUpdateMetadata(List.of(0), List.of(new TopicPartition("t", 1)));
        batch.addStopReplica(1, new TopicPartition("t", 1), ControllerBrokerRequestBatch.EPOCH_DURING_DELETE, true);
        batch.send(context, new RecordingChannel(0, sent), Set.of("t"), null);

        Struct metadataBody = sent.stream().filter(s -> s.api() == ApiKeys.UPDATE_METADATA).findFirst().orElseThrow().body();
        UpdateMetadataRequestData metadata = new UpdateMetadataRequestData(encode(ApiKeys.UPDATE_METADATA,
                ControllerBrokerRequestBatch.UPDATE_METADATA_VERSION, metadataBody), ControllerBrokerRequestBatch.UPDATE_METADATA_VERSION);
        assertEquals(-2, metadata.topicStates().get(0).partitionStates().get(0).leader());

        Struct stopBody = sent.stream().filter(s -> s.api() == ApiKeys.STOP_REPLICA).findFirst().orElseThrow().body();
        StopReplicaRequestData stop = new StopReplicaRequestData(encode(ApiKeys.STOP_REPLICA,
                ControllerBrokerRequestBatch.STOP_REPLICA_VERSION, stopBody), ControllerBrokerRequestBatch.STOP_REPLICA_VERSION);
        StopReplicaRequestData.StopReplicaPartitionState p = stop.topicStates().get(0).partitionStates().get(0);
        assertEquals(1, p.partitionIndex());
        assertEquals(-2, p.leaderEpoch());
        assertTrue(p.deletePartition());
        assertEquals(101L, stop.brokerEpoch());
    }
}
