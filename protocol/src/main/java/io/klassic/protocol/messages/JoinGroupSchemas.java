package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The JoinGroup API (key 11): request and response bodies for versions 0-7,
 * flexible (compact types, tagged fields) from version 6.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-7 are left out.
 * Immutable and thread-safe.
 */
public final class JoinGroupSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("JoinGroupRequest", 11, "0-7", "6+",
        field("GroupId", STRING, "0+"),
        field("SessionTimeoutMs", INT32, "0+"),
        field("RebalanceTimeoutMs", INT32, "1+").dflt(-1),
        field("MemberId", STRING, "0+"),
        field("GroupInstanceId", STRING, "5+").nullable("5+").dflt(null),
        field("ProtocolType", STRING, "0+"),
        field("Protocols", array(struct(
            field("Name", STRING, "0+"),
            field("Metadata", BYTES, "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("JoinGroupResponse", 11, "0-7", "6+",
        field("ThrottleTimeMs", INT32, "2+"),
        field("ErrorCode", INT16, "0+"),
        field("GenerationId", INT32, "0+").dflt(-1),
        field("ProtocolType", STRING, "7+").nullable("7+").dflt(null),
        field("ProtocolName", STRING, "0+").nullable("7+"),
        field("Leader", STRING, "0+"),
        field("MemberId", STRING, "0+"),
        field("Members", array(struct(
            field("MemberId", STRING, "0+"),
            field("GroupInstanceId", STRING, "5+").nullable("5+").dflt(null),
            field("Metadata", BYTES, "0+"))), "0+"));

    private JoinGroupSchemas() {
    }
}
