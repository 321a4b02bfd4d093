package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The SyncGroup API (key 14): request and response bodies for versions 0-5,
 * flexible (compact types, tagged fields) from version 4.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-5 are left out.
 * Immutable and thread-safe.
 */
public final class SyncGroupSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("SyncGroupRequest", 14, "0-5", "4+",
        field("GroupId", STRING, "0+"),
        field("GenerationId", INT32, "0+"),
        field("MemberId", STRING, "0+"),
        field("GroupInstanceId", STRING, "3+").nullable("3+").dflt(null),
        field("ProtocolType", STRING, "5+").nullable("5+").dflt(null),
        field("ProtocolName", STRING, "5+").nullable("5+").dflt(null),
        field("Assignments", array(struct(
            field("MemberId", STRING, "0+"),
            field("Assignment", BYTES, "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("SyncGroupResponse", 14, "0-5", "4+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("ErrorCode", INT16, "0+"),
        field("ProtocolType", STRING, "5+").nullable("5+").dflt(null),
        field("ProtocolName", STRING, "5+").nullable("5+").dflt(null),
        field("Assignment", BYTES, "0+"));

    private SyncGroupSchemas() {
    }
}
