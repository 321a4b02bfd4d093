package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The DeleteGroups API (key 42): request and response bodies for versions 0-2,
 * flexible (compact types, tagged fields) from version 2.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-2 are left out.
 * Immutable and thread-safe.
 */
public final class DeleteGroupsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("DeleteGroupsRequest", 42, "0-2", "2+",
        field("GroupsNames", array(STRING), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("DeleteGroupsResponse", 42, "0-2", "2+",
        field("ThrottleTimeMs", INT32, "0+"),
        field("Results", array(struct(
            field("GroupId", STRING, "0+"),
            field("ErrorCode", INT16, "0+"))), "0+"));

    private DeleteGroupsSchemas() {
    }
}
