package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The InitProducerId API (key 22): request and response bodies for versions 0-4,
 * flexible (compact types, tagged fields) from version 2.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-4 are left out.
 * Immutable and thread-safe.
 */
public final class InitProducerIdSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("InitProducerIdRequest", 22, "0-4", "2+",
        field("TransactionalId", STRING, "0+").nullable("0+"),
        field("TransactionTimeoutMs", INT32, "0+"),
        field("ProducerId", INT64, "3+").dflt(-1L),
        field("ProducerEpoch", INT16, "3+").dflt((short) -1));

    public static final MessageSpec RESPONSE = new MessageSpec("InitProducerIdResponse", 22, "0-4", "2+",
        field("ThrottleTimeMs", INT32, "0+"),
        field("ErrorCode", INT16, "0+"),
        field("ProducerId", INT64, "0+").dflt(-1L),
        field("ProducerEpoch", INT16, "0+"));

    private InitProducerIdSchemas() {
    }
}
