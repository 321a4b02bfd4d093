package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The Metadata API (key 3): request and response bodies for versions 0-9,
 * flexible (compact types, tagged fields) from version 9.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-9 are left out.
 * Immutable and thread-safe.
 */
public final class MetadataSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("MetadataRequest", 3, "0-9", "9+",
        field("Topics", array(struct(
            field("Name", STRING, "0+").nullable("10+"))), "0+").nullable("1+"),
        field("AllowAutoTopicCreation", BOOL, "4+").dflt(true),
        field("IncludeClusterAuthorizedOperations", BOOL, "8-10"),
        field("IncludeTopicAuthorizedOperations", BOOL, "8+"));

    public static final MessageSpec RESPONSE = new MessageSpec("MetadataResponse", 3, "0-9", "9+",
        field("ThrottleTimeMs", INT32, "3+"),
        field("Brokers", array(struct(
            field("NodeId", INT32, "0+"),
            field("Host", STRING, "0+"),
            field("Port", INT32, "0+"),
            field("Rack", STRING, "1+").nullable("1+").dflt(null))), "0+"),
        field("ClusterId", STRING, "2+").nullable("2+").dflt(null),
        field("ControllerId", INT32, "1+").dflt(-1),
        field("Topics", array(struct(
            field("ErrorCode", INT16, "0+"),
            field("Name", STRING, "0+").nullable("12+"),
            field("IsInternal", BOOL, "1+"),
            field("Partitions", array(struct(
                field("ErrorCode", INT16, "0+"),
                field("PartitionIndex", INT32, "0+"),
                field("LeaderId", INT32, "0+"),
                field("LeaderEpoch", INT32, "7+").dflt(-1),
                field("ReplicaNodes", array(INT32), "0+"),
                field("IsrNodes", array(INT32), "0+"),
                field("OfflineReplicas", array(INT32), "5+"))), "0+"),
            field("TopicAuthorizedOperations", INT32, "8+").dflt(Integer.MIN_VALUE))), "0+"),
        field("ClusterAuthorizedOperations", INT32, "8-10").dflt(Integer.MIN_VALUE));

    private MetadataSchemas() {
    }
}
