package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The ListGroups API (key 16): request and response bodies for versions 0-4,
 * flexible (compact types, tagged fields) from version 3.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-4 are left out.
 * Immutable and thread-safe.
 */
public final class ListGroupsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("ListGroupsRequest", 16, "0-4", "3+",
        field("StatesFilter", array(STRING), "4+"));

    public static final MessageSpec RESPONSE = new MessageSpec("ListGroupsResponse", 16, "0-4", "3+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("ErrorCode", INT16, "0+"),
        field("Groups", array(struct(
            field("GroupId", STRING, "0+"),
            field("ProtocolType", STRING, "0+"),
            field("GroupState", STRING, "4+"))), "0+"));

    private ListGroupsSchemas() {
    }
}
