package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The CreatePartitions API (key 37): request and response bodies for versions 0-3,
 * flexible (compact types, tagged fields) from version 2.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-3 are left out.
 * Immutable and thread-safe.
 */
public final class CreatePartitionsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("CreatePartitionsRequest", 37, "0-3", "2+",
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Count", INT32, "0+"),
            field("Assignments", array(struct(
                field("BrokerIds", array(INT32), "0+"))), "0+").nullable("0+"))), "0+"),
        field("TimeoutMs", INT32, "0+"),
        field("ValidateOnly", BOOL, "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("CreatePartitionsResponse", 37, "0-3", "2+",
        field("ThrottleTimeMs", INT32, "0+"),
        field("Results", array(struct(
            field("Name", STRING, "0+"),
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "0+").nullable("0+").dflt(null))), "0+"));

    private CreatePartitionsSchemas() {
    }
}
