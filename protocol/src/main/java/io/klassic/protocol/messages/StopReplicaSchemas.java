package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The StopReplica API (key 5): request and response bodies for versions 0-4,
 * flexible (compact types, tagged fields) from version 2.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-4 are left out.
 * Immutable and thread-safe.
 */
public final class StopReplicaSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("StopReplicaRequest", 5, "0-4", "2+",
        field("ControllerId", INT32, "0+"),
        field("isKRaftController", BOOL, "4+"),
        field("ControllerEpoch", INT32, "0+"),
        field("BrokerEpoch", INT64, "1+").dflt(-1L),
        field("DeletePartitions", BOOL, "0-2"),
        field("UngroupedPartitions", array(struct(
            field("TopicName", STRING, "0"),
            field("PartitionIndex", INT32, "0"))), "0"),
        field("Topics", array(struct(
            field("Name", STRING, "1-2"),
            field("PartitionIndexes", array(INT32), "1-2"))), "1-2"),
        field("TopicStates", array(struct(
            field("TopicName", STRING, "3+"),
            field("PartitionStates", array(struct(
                field("PartitionIndex", INT32, "3+"),
                field("LeaderEpoch", INT32, "3+").dflt(-1),
                field("DeletePartition", BOOL, "3+"))), "3+"))), "3+"));

    public static final MessageSpec RESPONSE = new MessageSpec("StopReplicaResponse", 5, "0-4", "2+",
        field("ErrorCode", INT16, "0+"),
        field("PartitionErrors", array(struct(
            field("TopicName", STRING, "0+"),
            field("PartitionIndex", INT32, "0+"),
            field("ErrorCode", INT16, "0+"))), "0+"));

    private StopReplicaSchemas() {
    }
}
