package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The ControlledShutdown API (key 7): request and response bodies for versions 1-3,
 * flexible (compact types, tagged fields) from version 3.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 1-3 are left out.
 * Immutable and thread-safe.
 */
public final class ControlledShutdownSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("ControlledShutdownRequest", 7, "1-3", "3+",
        field("BrokerId", INT32, "0+"),
        field("BrokerEpoch", INT64, "2+").dflt(-1L));

    public static final MessageSpec RESPONSE = new MessageSpec("ControlledShutdownResponse", 7, "1-3", "3+",
        field("ErrorCode", INT16, "0+"),
        field("RemainingPartitions", array(struct(
            field("TopicName", STRING, "0+"),
            field("PartitionIndex", INT32, "0+"))), "0+"));

    private ControlledShutdownSchemas() {
    }
}
