package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The Produce API (key 0): request and response bodies for versions 0-9,
 * flexible (compact types, tagged fields) from version 9.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-9 are left out.
 * Immutable and thread-safe.
 */
public final class ProduceSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("ProduceRequest", 0, "0-9", "9+",
        field("TransactionalId", STRING, "3+").nullable("3+").dflt(null),
        field("Acks", INT16, "0+"),
        field("TimeoutMs", INT32, "0+"),
        field("TopicData", array(struct(
            field("Name", STRING, "0+"),
            field("PartitionData", array(struct(
                field("Index", INT32, "0+"),
                field("Records", RECORDS, "0+").nullable("0+"))), "0+"))), "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("ProduceResponse", 0, "0-9", "9+",
        field("Responses", array(struct(
            field("Name", STRING, "0+"),
            field("PartitionResponses", array(struct(
                field("Index", INT32, "0+"),
                field("ErrorCode", INT16, "0+"),
                field("BaseOffset", INT64, "0+"),
                field("LogAppendTimeMs", INT64, "2+").dflt(-1L),
                field("LogStartOffset", INT64, "5+").dflt(-1L),
                field("RecordErrors", array(struct(
                    field("BatchIndex", INT32, "8+"),
                    field("BatchIndexErrorMessage", STRING, "8+").nullable("8+").dflt(null))), "8+"),
                field("ErrorMessage", STRING, "8+").nullable("8+").dflt(null))), "0+"))), "0+"),
        field("ThrottleTimeMs", INT32, "1+"));

    private ProduceSchemas() {
    }
}
