package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The OffsetForLeaderEpoch API (key 23): request and response bodies for versions 0-4,
 * flexible (compact types, tagged fields) from version 4.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-4 are left out.
 * Immutable and thread-safe.
 */
public final class OffsetForLeaderEpochSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("OffsetForLeaderEpochRequest", 23, "0-4", "4+",
        field("ReplicaId", INT32, "3+").dflt(-2),
        field("Topics", array(struct(
            field("Topic", STRING, "0+"),
            field("Partitions", array(struct(
                field("Partition", INT32, "0+"),
                field("CurrentLeaderEpoch", INT32, "2+").dflt(-1),
                field("LeaderEpoch", INT32, "0+"))), "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("OffsetForLeaderEpochResponse", 23, "0-4", "4+",
        field("ThrottleTimeMs", INT32, "2+"),
        field("Topics", array(struct(
            field("Topic", STRING, "0+"),
            field("Partitions", array(struct(
                field("ErrorCode", INT16, "0+"),
                field("Partition", INT32, "0+"),
                field("LeaderEpoch", INT32, "1+").dflt(-1),
                field("EndOffset", INT64, "0+").dflt(-1L))), "0+"))), "0+"));

    private OffsetForLeaderEpochSchemas() {
    }
}
