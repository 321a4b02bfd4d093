package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The CreateTopics API (key 19): request and response bodies for versions 2-7,
 * flexible (compact types, tagged fields) from version 5.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 2-7 are left out.
 * Immutable and thread-safe.
 */
public final class CreateTopicsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("CreateTopicsRequest", 19, "2-7", "5+",
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("NumPartitions", INT32, "0+"),
            field("ReplicationFactor", INT16, "0+"),
            field("Assignments", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("BrokerIds", array(INT32), "0+"))), "0+"),
            field("Configs", array(struct(
                field("Name", STRING, "0+"),
                field("Value", STRING, "0+").nullable("0+"))), "0+"))), "0+"),
        field("timeoutMs", INT32, "0+").dflt(60000),
        field("validateOnly", BOOL, "1+"));

    public static final MessageSpec RESPONSE = new MessageSpec("CreateTopicsResponse", 19, "2-7", "5+",
        field("ThrottleTimeMs", INT32, "2+"),
        field("Topics", array(struct(
            field("Name", STRING, "0+"),
            field("TopicId", UUID, "7+"),
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "1+").nullable("0+"),
            field("TopicConfigErrorCode", INT16, "5+").tagged(0, "5+"),
            field("NumPartitions", INT32, "5+").dflt(-1),
            field("ReplicationFactor", INT16, "5+").dflt((short) -1),
            field("Configs", array(struct(
                field("Name", STRING, "5+"),
                field("Value", STRING, "5+").nullable("5+"),
                field("ReadOnly", BOOL, "5+"),
                field("ConfigSource", INT8, "5+").dflt((byte) -1),
                field("IsSensitive", BOOL, "5+"))), "5+").nullable("5+"))), "0+"));

    private CreateTopicsSchemas() {
    }
}
