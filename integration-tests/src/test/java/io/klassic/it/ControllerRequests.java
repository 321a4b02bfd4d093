package io.klassic.it;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.klassic.protocol.Errors;

/**
 * Hand-built controller requests, the ones a controller sends to brokers (UpdateMetadata v1, LeaderAndIsr v0) and the
 * one a stopping broker sends to the controller (ControlledShutdown v1), with the error codes of their answers. Tests
 * use them to speak as a stale controller, or to ask a stale controller to act. Every partition state here is
 * {@code topic string, partition int32, controller_epoch int32, leader int32, leader_epoch int32, isr [int32],
 * zk_version int32, replicas [int32]}; every response header is v0 (the correlation id).
 *
 * <p>Stateless; thread-safe.
 */
public final class ControllerRequests {
    public static final int LEADER_AND_ISR = 4;
    public static final int UPDATE_METADATA = 6;
    public static final int CONTROLLED_SHUTDOWN = 7;
    private static final AtomicInteger CORRELATION = new AtomicInteger(1);

    private ControllerRequests() {
    }

    /** A partition's state as the controller sends it. */
    public record PartitionState(String topic, int partition, int controllerEpoch, int leader, int leaderEpoch,
                                 List<Integer> isr, int zkVersion, List<Integer> replicas) {
        void writeTo(KafkaWire out) {
            out.string(topic).int32(partition).int32(controllerEpoch).int32(leader).int32(leaderEpoch);
            int32s(out, isr);
            out.int32(zkVersion);
            int32s(out, replicas);
        }
    }

    /** A live broker with its PLAINTEXT port. */
    public record LiveBroker(int id, String host, int port) {
    }

    /** A request frame and the correlation id its answer must carry. */
    public record Request(int correlationId, byte[] frame) {
    }

    /** UpdateMetadata v1: {@code controller_id, controller_epoch, partition_states, live_brokers [id, endpoints [port, host, security_protocol]]}. */
    public static Request updateMetadataV1(int controllerId, int controllerEpoch, List<PartitionState> states, List<LiveBroker> brokers) {
        int correlationId = CORRELATION.incrementAndGet();
        KafkaWire out = KafkaWire.bytes().headerV1(UPDATE_METADATA, 1, correlationId, "controller-" + controllerId)
                .int32(controllerId).int32(controllerEpoch).int32(states.size());
        states.forEach(s -> s.writeTo(out));
        out.int32(brokers.size());
        for (LiveBroker broker : brokers) {
            out.int32(broker.id()).int32(1).int32(broker.port()).string(broker.host()).int16(0);
        }
        return new Request(correlationId, out.frame());
    }

    /** LeaderAndIsr v0: {@code controller_id, controller_epoch, partition_states, live_leaders [broker_id, host, port]}. */
    public static Request leaderAndIsrV0(int controllerId, int controllerEpoch, List<PartitionState> states, List<LiveBroker> leaders) {
        int correlationId = CORRELATION.incrementAndGet();
        KafkaWire out = KafkaWire.bytes().headerV1(LEADER_AND_ISR, 0, correlationId, "controller-" + controllerId)
                .int32(controllerId).int32(controllerEpoch).int32(states.size());
        states.forEach(s -> s.writeTo(out));
        out.int32(leaders.size());
        for (LiveBroker leader : leaders) {
            out.int32(leader.id()).string(leader.host()).int32(leader.port());
        }
        return new Request(correlationId, out.frame());
    }

    /** ControlledShutdown v1: {@code broker_id}. */
    public static Request controlledShutdownV1(int brokerId) {
        int correlationId = CORRELATION.incrementAndGet();
        byte[] frame = KafkaWire.bytes().headerV1(CONTROLLED_SHUTDOWN, 1, correlationId, "broker-" + brokerId).int32(brokerId).frame();
        return new Request(correlationId, frame);
    }

    /**
     * The top-level error of an UpdateMetadata, LeaderAndIsr (v0: then per-partition errors) or ControlledShutdown
     * (v1: then the remaining partitions) response: each starts with {@code error_code int16} after the header.
     */
    public static Errors error(ByteBuffer response, Request request) {
        int correlation = response.getInt();
        if (correlation != request.correlationId()) {
            throw new AssertionError("answered with correlation id " + correlation + ", sent " + request.correlationId());
        }
        return Errors.forCode(response.getShort());
    }

    private static void int32s(KafkaWire out, List<Integer> values) {
        out.int32(values.size());
        values.forEach(out::int32);
    }
}
