package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;
import io.klassic.protocol.types.StructSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The LeaderAndIsr API (key 4): request and response bodies for versions 0-7,
 * flexible (compact types, tagged fields) from version 4.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-7 are left out.
 * Immutable and thread-safe.
 */
public final class LeaderAndIsrSchemas {
    public static final StructSpec LEADER_AND_ISR_PARTITION_STATE = struct(
        field("TopicName", STRING, "0-1"),
        field("PartitionIndex", INT32, "0+"),
        field("ControllerEpoch", INT32, "0+"),
        field("Leader", INT32, "0+"),
        field("LeaderEpoch", INT32, "0+"),
        field("Isr", array(INT32), "0+"),
        field("PartitionEpoch", INT32, "0+"),
        field("Replicas", array(INT32), "0+"),
        field("AddingReplicas", array(INT32), "3+"),
        field("RemovingReplicas", array(INT32), "3+"),
        field("IsNew", BOOL, "1+"),
        field("LeaderRecoveryState", INT8, "6+"));

    public static final StructSpec LEADER_AND_ISR_PARTITION_ERROR = struct(
        field("TopicName", STRING, "0-4"),
        field("PartitionIndex", INT32, "0+"),
        field("ErrorCode", INT16, "0+"));

    public static final MessageSpec REQUEST = new MessageSpec("LeaderAndIsrRequest", 4, "0-7", "4+",
        field("ControllerId", INT32, "0+"),
        field("isKRaftController", BOOL, "7+"),
        field("ControllerEpoch", INT32, "0+"),
        field("BrokerEpoch", INT64, "2+").dflt(-1L),
        field("Type", INT8, "5+"),
        field("UngroupedPartitionStates", array(LEADER_AND_ISR_PARTITION_STATE), "0-1"),
        field("TopicStates", array(struct(
            field("TopicName", STRING, "2+"),
            field("TopicId", UUID, "5+"),
            field("PartitionStates", array(LEADER_AND_ISR_PARTITION_STATE), "2+"))), "2+"),
        field("LiveLeaders", array(struct(
            field("BrokerId", INT32, "0+"),
            field("HostName", STRING, "0+"),
            field("Port", INT32, "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("LeaderAndIsrResponse", 4, "0-7", "4+",
        field("ErrorCode", INT16, "0+"),
        field("PartitionErrors", array(LEADER_AND_ISR_PARTITION_ERROR), "0-4"),
        field("Topics", array(struct(
            field("TopicId", UUID, "5+"),
            field("PartitionErrors", array(LEADER_AND_ISR_PARTITION_ERROR), "5+"))), "5+"));

    private LeaderAndIsrSchemas() {
    }
}
