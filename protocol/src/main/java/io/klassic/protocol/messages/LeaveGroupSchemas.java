package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The LeaveGroup API (key 13): request and response bodies for versions 0-4,
 * flexible (compact types, tagged fields) from version 4.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-4 are left out.
 * Immutable and thread-safe.
 */
public final class LeaveGroupSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("LeaveGroupRequest", 13, "0-4", "4+",
        field("GroupId", STRING, "0+"),
        field("MemberId", STRING, "0-2"),
        field("Members", array(struct(
            field("MemberId", STRING, "3+"),
            field("GroupInstanceId", STRING, "3+").nullable("3+").dflt(null))), "3+"));

    public static final MessageSpec RESPONSE = new MessageSpec("LeaveGroupResponse", 13, "0-4", "4+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("ErrorCode", INT16, "0+"),
        field("Members", array(struct(
            field("MemberId", STRING, "3+"),
            field("GroupInstanceId", STRING, "3+").nullable("3+"),
            field("ErrorCode", INT16, "3+"))), "3+"));

    private LeaveGroupSchemas() {
    }
}
