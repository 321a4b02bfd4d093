package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The FindCoordinator API (key 10): request and response bodies for versions 0-4,
 * flexible (compact types, tagged fields) from version 3.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-4 are left out.
 * Immutable and thread-safe.
 */
public final class FindCoordinatorSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("FindCoordinatorRequest", 10, "0-4", "3+",
        field("Key", STRING, "0-3"),
        field("KeyType", INT8, "1+"),
        field("CoordinatorKeys", array(STRING), "4+"));

    public static final MessageSpec RESPONSE = new MessageSpec("FindCoordinatorResponse", 10, "0-4", "3+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("ErrorCode", INT16, "0-3"),
        field("ErrorMessage", STRING, "1-3").nullable("1-3"),
        field("NodeId", INT32, "0-3"),
        field("Host", STRING, "0-3"),
        field("Port", INT32, "0-3"),
        field("Coordinators", array(struct(
            field("Key", STRING, "4+"),
            field("NodeId", INT32, "4+"),
            field("Host", STRING, "4+"),
            field("Port", INT32, "4+"),
            field("ErrorCode", INT16, "4+"),
            field("ErrorMessage", STRING, "4+").nullable("4+"))), "4+"));

    private FindCoordinatorSchemas() {
    }
}
