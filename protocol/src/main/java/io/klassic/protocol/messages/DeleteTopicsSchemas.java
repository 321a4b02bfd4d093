package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The DeleteTopics API (key 20): request and response bodies for versions 1-6,
 * flexible (compact types, tagged fields) from version 4.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 1-6 are left out.
 * Immutable and thread-safe.
 */
public final class DeleteTopicsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("DeleteTopicsRequest", 20, "1-6", "4+",
        field("Topics", array(struct(
            field("Name", STRING, "6+").nullable("6+").dflt(null),
            field("TopicId", UUID, "6+"))), "6+"),
        field("TopicNames", array(STRING), "0-5"),
        field("TimeoutMs", INT32, "0+"));

    public static final MessageSpec RESPONSE = new MessageSpec("DeleteTopicsResponse", 20, "1-6", "4+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("Responses", array(struct(
            field("Name", STRING, "0+").nullable("6+"),
            field("TopicId", UUID, "6+"),
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "5+").nullable("5+").dflt(null))), "0+"));

    private DeleteTopicsSchemas() {
    }
}
