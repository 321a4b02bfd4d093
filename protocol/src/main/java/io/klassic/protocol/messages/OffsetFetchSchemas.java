package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The OffsetFetch API (key 9): request and response bodies for versions 1-7,
 * flexible (compact types, tagged fields) from version 6.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 1-7 are left out.
 * Immutable and thread-safe.
 */
public final class OffsetFetchSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("OffsetFetchRequest", 9, "1-7", "6+",
        field("GroupId", STRING, "0-7"),
        field("Topics", array(struct(
            field("Name", STRING, "0-7"),
            field("PartitionIndexes", array(INT32), "0-7"))), "0-7").nullable("2-7"),
        field("RequireStable", BOOL, "7+"));

    public static final MessageSpec RESPONSE = new MessageSpec("OffsetFetchResponse", 9, "1-7", "6+",
        field("ThrottleTimeMs", INT32, "3+"),
        field("Topics", array(struct(
            field("Name", STRING, "0-7"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0-7"),
                field("CommittedOffset", INT64, "0-7"),
                field("CommittedLeaderEpoch", INT32, "5-7").dflt(-1),
                field("Metadata", STRING, "0-7").nullable("0-7"),
                field("ErrorCode", INT16, "0-7"))), "0-7"))), "0-7"),
        field("ErrorCode", INT16, "2-7"));

    private OffsetFetchSchemas() {
    }
}
