package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The OffsetCommit API (key 8): request and response bodies for versions 2-8,
 * flexible (compact types, tagged fields) from version 8.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 2-8 are left out.
 * Immutable and thread-safe.
 */
public final class OffsetCommitSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("OffsetCommitRequest", 8, "2-8", "8+",
        field("GroupId", STRING, "0+"),
        field("GenerationIdOrMemberEpoch", INT32, "1+").dflt(-1),
        field("MemberId", STRING, "1+"),
        field("GroupInstanceId", STRING, "7+").nullable("7+").dflt(null),
        field("RetentionTimeMs", INT64, "2-4").dflt(-1L),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("CommittedOffset", INT64, "0+"),
                field("CommittedLeaderEpoch", INT32, "6+").dflt(-1),
                field("CommittedMetadata", STRING, "0+").nullable("0+"))), "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("OffsetCommitResponse", 8, "2-8", "8+",
        field("ThrottleTimeMs", INT32, "3+"),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("ErrorCode", INT16, "0+"))), "0+"))), "0+"));

    private OffsetCommitSchemas() {
    }
}
