package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The OffsetDelete API (key 47): request and response bodies for versions 0,
 * never flexible.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0 are left out.
 * Immutable and thread-safe.
 */
public final class OffsetDeleteSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("OffsetDeleteRequest", 47, "0", "none",
        field("GroupId", STRING, "0+"),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"))), "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("OffsetDeleteResponse", 47, "0", "none",
        field("ErrorCode", INT16, "0+"),
        field("ThrottleTimeMs", INT32, "0+"),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("ErrorCode", INT16, "0+"))), "0+"))), "0+"));

    private OffsetDeleteSchemas() {
    }
}
