package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The ListOffsets API (key 2): request and response bodies for versions 1-7,
 * flexible (compact types, tagged fields) from version 6.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 1-7 are left out.
 * Immutable and thread-safe.
 */
public final class ListOffsetsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("ListOffsetsRequest", 2, "1-7", "6+",
        field("ReplicaId", INT32, "0+"),
        field("IsolationLevel", INT8, "2+"),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("CurrentLeaderEpoch", INT32, "4+").dflt(-1),
                field("Timestamp", INT64, "0+"))), "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("ListOffsetsResponse", 2, "1-7", "6+",
        field("ThrottleTimeMs", INT32, "2+"),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("ErrorCode", INT16, "0+"),
                field("Timestamp", INT64, "1+").dflt(-1L),
                field("Offset", INT64, "1+").dflt(-1L),
                field("LeaderEpoch", INT32, "4+").dflt(-1))), "0+"))), "0+"));

    private ListOffsetsSchemas() {
    }
}
