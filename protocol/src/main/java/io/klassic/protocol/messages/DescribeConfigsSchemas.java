package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The DescribeConfigs API (key 32): request and response bodies for versions 1-4,
 * flexible (compact types, tagged fields) from version 4.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 1-4 are left out.
 * Immutable and thread-safe.
 */
public final class DescribeConfigsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("DescribeConfigsRequest", 32, "1-4", "4+",
        field("Resources", array(struct(
            field("ResourceType", INT8, "0+"),
            field("ResourceName", STRING, "0+"),
            field("ConfigurationKeys", array(STRING), "0+").nullable("0+"))), "0+"),
        field("IncludeSynonyms", BOOL, "1+"),
        field("IncludeDocumentation", BOOL, "3+"));

    public static final MessageSpec RESPONSE = new MessageSpec("DescribeConfigsResponse", 32, "1-4", "4+",
        field("ThrottleTimeMs", INT32, "0+"),
        field("Results", array(struct(
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "0+").nullable("0+"),
            field("ResourceType", INT8, "0+"),
            field("ResourceName", STRING, "0+"),
            field("Configs", array(struct(
                field("Name", STRING, "0+"),
                field("Value", STRING, "0+").nullable("0+"),
                field("ReadOnly", BOOL, "0+"),
                field("ConfigSource", INT8, "1+").dflt((byte) -1),
                field("IsSensitive", BOOL, "0+"),
                field("Synonyms", array(struct(
                    field("Name", STRING, "1+"),
                    field("Value", STRING, "1+").nullable("0+"),
                    field("Source", INT8, "1+"))), "1+"),
                field("ConfigType", INT8, "3+"),
                field("Documentation", STRING, "3+").nullable("0+"))), "0+"))), "0+"));

    private DescribeConfigsSchemas() {
    }
}
