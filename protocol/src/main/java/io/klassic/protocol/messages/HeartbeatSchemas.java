package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The Heartbeat API (key 12): request and response bodies for versions 0-4,
 * flexible (compact types, tagged fields) from version 4.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-4 are left out.
 * Immutable and thread-safe.
 */
public final class HeartbeatSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("HeartbeatRequest", 12, "0-4", "4+",
        field("GroupId", STRING, "0+"),
        field("GenerationId", INT32, "0+"),
        field("MemberId", STRING, "0+"),
        field("GroupInstanceId", STRING, "3+").nullable("3+").dflt(null));

    public static final MessageSpec RESPONSE = new MessageSpec("HeartbeatResponse", 12, "0-4", "4+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("ErrorCode", INT16, "0+"));

    private HeartbeatSchemas() {
    }
}
