package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The DescribeCluster API (key 60): request and response bodies for versions 0-1,
 * flexible (compact types, tagged fields) from version 0.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 0-1 are left out.
 * Immutable and thread-safe.
 */
public final class DescribeClusterSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("DescribeClusterRequest", 60, "0-1", "0+",
        field("IncludeClusterAuthorizedOperations", BOOL, "0+"),
        field("EndpointType", INT8, "1+").dflt((byte) 1));

    public static final MessageSpec RESPONSE = new MessageSpec("DescribeClusterResponse", 60, "0-1", "0+",
        field("ThrottleTimeMs", INT32, "0+"),
        field("ErrorCode", INT16, "0+"),
        field("ErrorMessage", STRING, "0+").nullable("0+").dflt(null),
        field("EndpointType", INT8, "1+").dflt((byte) 1),
        field("ClusterId", STRING, "0+"),
        field("ControllerId", INT32, "0+").dflt(-1),
        field("Brokers", array(struct(
            field("BrokerId", INT32, "0+"),
            field("Host", STRING, "0+"),
            field("Port", INT32, "0+"),
            field("Rack", STRING, "0+").nullable("0+").dflt(null))), "0+"),
        field("ClusterAuthorizedOperations", INT32, "0+").dflt(Integer.MIN_VALUE));

    private DescribeClusterSchemas() {
    }
}
