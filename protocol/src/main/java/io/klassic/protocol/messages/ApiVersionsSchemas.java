package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The ApiVersions API (key 18): request and response bodies for versions 0-3,
 * flexible (compact types, tagged fields) from version 3.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-3 are left out.
 * Immutable and thread-safe.
 */
public final class ApiVersionsSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("ApiVersionsRequest", 18, "0-3", "3+",
        field("ClientSoftwareName", STRING, "3+"),
        field("ClientSoftwareVersion", STRING, "3+"));

    public static final MessageSpec RESPONSE = new MessageSpec("ApiVersionsResponse", 18, "0-3", "3+",
        field("ErrorCode", INT16, "0+"),
        field("ApiKeys", array(struct(
            field("ApiKey", INT16, "0+"),
            field("MinVersion", INT16, "0+"),
            field("MaxVersion", INT16, "0+"))), "0+"),
        field("ThrottleTimeMs", INT32, "1+"),
        field("SupportedFeatures", array(struct(
            field("Name", STRING, "3+"),
            field("MinVersion", INT16, "3+"),
            field("MaxVersion", INT16, "3+"))), "3+").tagged(0, "3+"),
        field("FinalizedFeaturesEpoch", INT64, "3+").tagged(1, "3+").dflt(-1L),
        field("FinalizedFeatures", array(struct(
            field("Name", STRING, "3+"),
            field("MaxVersionLevel", INT16, "3+"),
            field("MinVersionLevel", INT16, "3+"))), "3+").tagged(2, "3+"),
        field("ZkMigrationReady", BOOL, "3+").tagged(3, "3+"));

    private ApiVersionsSchemas() {
    }
}
