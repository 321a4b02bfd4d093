package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;
import io.klassic.protocol.types.StructSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The UpdateMetadata API (key 6): request and response bodies for versions 0-8,
 * flexible (compact types, tagged fields) from version 6.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-8 are left out.
 * Immutable and thread-safe.
 */
public final class UpdateMetadataSchemas {
    public static final StructSpec UPDATE_METADATA_PARTITION_STATE = struct(
        field("TopicName", STRING, "0-4"),
        field("PartitionIndex", INT32, "0+"),
        field("ControllerEpoch", INT32, "0+"),
        field("Leader", INT32, "0+"),
        field("LeaderEpoch", INT32, "0+"),
        field("Isr", array(INT32), "0+"),
        field("ZkVersion", INT32, "0+"),
        field("Replicas", array(INT32), "0+"),
        field("OfflineReplicas", array(INT32), "4+"));

    public static final MessageSpec REQUEST = new MessageSpec("UpdateMetadataRequest", 6, "0-8", "6+",
        field("ControllerId", INT32, "0+"),
        field("isKRaftController", BOOL, "8+"),
        field("Type", INT8, "8+").tagged(0, "8+"),
        field("ControllerEpoch", INT32, "0+"),
        field("BrokerEpoch", INT64, "5+").dflt(-1L),
        field("UngroupedPartitionStates", array(UPDATE_METADATA_PARTITION_STATE), "0-4"),
        field("TopicStates", array(struct(
            field("TopicName", STRING, "5+"),
            field("TopicId", UUID, "7+"),
            field("PartitionStates", array(UPDATE_METADATA_PARTITION_STATE), "5+"))), "5+"),
        field("LiveBrokers", array(struct(
            field("Id", INT32, "0+"),
            field("V0Host", STRING, "0"),
            field("V0Port", INT32, "0"),
            field("Endpoints", array(struct(
                field("Port", INT32, "1+"),
                field("Host", STRING, "1+"),
                field("Listener", STRING, "3+"),
                field("SecurityProtocol", INT16, "1+"))), "1+"),
            field("Rack", STRING, "2+").nullable("0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("UpdateMetadataResponse", 6, "0-8", "6+",
        field("ErrorCode", INT16, "0+"));

    private UpdateMetadataSchemas() {
    }
}
