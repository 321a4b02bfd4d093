package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The DeleteRecords API (key 21): request and response bodies for versions 0-2,
 * flexible (compact types, tagged fields) from version 2.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-2 are left out.
 * Immutable and thread-safe.
 */
public final class DeleteRecordsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("DeleteRecordsRequest", 21, "0-2", "2+",
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("Offset", INT64, "0+"))), "0+"))), "0+"),
        field("TimeoutMs", INT32, "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("DeleteRecordsResponse", 21, "0-2", "2+",
        field("ThrottleTimeMs", INT32, "0+"),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("LowWatermark", INT64, "0+"),
                field("ErrorCode", INT16, "0+"))), "0+"))), "0+"));

    private DeleteRecordsSchemas() {
    }
}
