package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The IncrementalAlterConfigs API (key 44): request and response bodies for versions 0-1,
 * flexible (compact types, tagged fields) from version 1.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-1 are left out.
 * Immutable and thread-safe.
 */
public final class IncrementalAlterConfigsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("IncrementalAlterConfigsRequest", 44, "0-1", "1+",
        field("Resources", array(struct(
            field("ResourceType", INT8, "0+"),
            field("ResourceName", STRING, "0+"),
            field("Configs", array(struct(
                field("Name", STRING, "0+"),
                field("ConfigOperation", INT8, "0+"),
                field("Value", STRING, "0+").nullable("0+"))), "0+"))), "0+"),
        field("ValidateOnly", BOOL, "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("IncrementalAlterConfigsResponse", 44, "0-1", "1+",
        field("ThrottleTimeMs", INT32, "0+"),
        field("Responses", array(struct(
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "0+").nullable("0+"),
            field("ResourceType", INT8, "0+"),
            field("ResourceName", STRING, "0+"))), "0+"));

    private IncrementalAlterConfigsSchemas() {
    }
}
