package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The DescribeGroups API (key 15): request and response bodies for versions 0-5,
 * flexible (compact types, tagged fields) from version 5.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-5 are left out.
 * Immutable and thread-safe.
 */
public final class DescribeGroupsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("DescribeGroupsRequest", 15, "0-5", "5+",
        field("Groups", array(STRING), "0+"),
        field("IncludeAuthorizedOperations", BOOL, "3+"));

    public static final MessageSpec RESPONSE = new MessageSpec("DescribeGroupsResponse", 15, "0-5", "5+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("Groups", array(struct(
            field("ErrorCode", INT16, "0+"),
            field("GroupId", STRING, "0+"),
            field("GroupState", STRING, "0+"),
            field("ProtocolType", STRING, "0+"),
            field("ProtocolData", STRING, "0+"),
            field("Members", array(struct(
                field("MemberId", STRING, "0+"),
                field("GroupInstanceId", STRING, "4+").nullable("4+").dflt(null),
                field("ClientId", STRING, "0+"),
                field("ClientHost", STRING, "0+"),
                field("MemberMetadata", BYTES, "0+"),
                field("MemberAssignment", BYTES, "0+"))), "0+"),
            field("AuthorizedOperations", INT32, "3+").dflt(Integer.MIN_VALUE))), "0+"));

    private DescribeGroupsSchemas() {
    }
}
