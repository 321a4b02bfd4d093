package io.klassic.protocol;

import io.klassic.protocol.messages.*;
import io.klassic.protocol.types.MessageSpec;

/**
 * The APIs Klassic knows, by their wire id (the int16 {@code api_key} of the request header), each with its
 * request and response schemas. The versions a schema holds are the union of those the broker may serve; the
 * broker advertises subranges of them in ApiVersions. Immutable and thread-safe.
 */
public enum ApiKeys {
    PRODUCE(0, "Produce", ProduceSchemas.REQUEST, ProduceSchemas.RESPONSE),
    FETCH(1, "Fetch", FetchSchemas.REQUEST, FetchSchemas.RESPONSE),
    LIST_OFFSETS(2, "ListOffsets", ListOffsetsSchemas.REQUEST, ListOffsetsSchemas.RESPONSE),
    METADATA(3, "Metadata", MetadataSchemas.REQUEST, MetadataSchemas.RESPONSE),
    LEADER_AND_ISR(4, "LeaderAndIsr", LeaderAndIsrSchemas.REQUEST, LeaderAndIsrSchemas.RESPONSE),
    STOP_REPLICA(5, "StopReplica", StopReplicaSchemas.REQUEST, StopReplicaSchemas.RESPONSE),
    UPDATE_METADATA(6, "UpdateMetadata", UpdateMetadataSchemas.REQUEST, UpdateMetadataSchemas.RESPONSE),
    CONTROLLED_SHUTDOWN(7, "ControlledShutdown", ControlledShutdownSchemas.REQUEST, ControlledShutdownSchemas.RESPONSE),
    OFFSET_COMMIT(8, "OffsetCommit", OffsetCommitSchemas.REQUEST, OffsetCommitSchemas.RESPONSE),
    OFFSET_FETCH(9, "OffsetFetch", OffsetFetchSchemas.REQUEST, OffsetFetchSchemas.RESPONSE),
    FIND_COORDINATOR(10, "FindCoordinator", FindCoordinatorSchemas.REQUEST, FindCoordinatorSchemas.RESPONSE),
    JOIN_GROUP(11, "JoinGroup", JoinGroupSchemas.REQUEST, JoinGroupSchemas.RESPONSE),
    HEARTBEAT(12, "Heartbeat", HeartbeatSchemas.REQUEST, HeartbeatSchemas.RESPONSE),
    LEAVE_GROUP(13, "LeaveGroup", LeaveGroupSchemas.REQUEST, LeaveGroupSchemas.RESPONSE),
    SYNC_GROUP(14, "SyncGroup", SyncGroupSchemas.REQUEST, SyncGroupSchemas.RESPONSE),
    DESCRIBE_GROUPS(15, "DescribeGroups", DescribeGroupsSchemas.REQUEST, DescribeGroupsSchemas.RESPONSE),
    LIST_GROUPS(16, "ListGroups", ListGroupsSchemas.REQUEST, ListGroupsSchemas.RESPONSE),
    API_VERSIONS(18, "ApiVersions", ApiVersionsSchemas.REQUEST, ApiVersionsSchemas.RESPONSE),
    CREATE_TOPICS(19, "CreateTopics", CreateTopicsSchemas.REQUEST, CreateTopicsSchemas.RESPONSE),
    DELETE_TOPICS(20, "DeleteTopics", DeleteTopicsSchemas.REQUEST, DeleteTopicsSchemas.RESPONSE),
    DELETE_RECORDS(21, "DeleteRecords", DeleteRecordsSchemas.REQUEST, DeleteRecordsSchemas.RESPONSE),
    INIT_PRODUCER_ID(22, "InitProducerId", InitProducerIdSchemas.REQUEST, InitProducerIdSchemas.RESPONSE),
    OFFSET_FOR_LEADER_EPOCH(23, "OffsetForLeaderEpoch",
            OffsetForLeaderEpochSchemas.REQUEST, OffsetForLeaderEpochSchemas.RESPONSE),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", DescribeConfigsSchemas.REQUEST, DescribeConfigsSchemas.RESPONSE),
    ALTER_CONFIGS(33, "AlterConfigs", AlterConfigsSchemas.REQUEST, AlterConfigsSchemas.RESPONSE),
    CREATE_PARTITIONS(37, "CreatePartitions", CreatePartitionsSchemas.REQUEST, CreatePartitionsSchemas.RESPONSE),
    DELETE_GROUPS(42, "DeleteGroups", DeleteGroupsSchemas.REQUEST, DeleteGroupsSchemas.RESPONSE),
    INCREMENTAL_ALTER_CONFIGS(44, "IncrementalAlterConfigs",
            IncrementalAlterConfigsSchemas.REQUEST, IncrementalAlterConfigsSchemas.RESPONSE),
    OFFSET_DELETE(47, "OffsetDelete", OffsetDeleteSchemas.REQUEST, OffsetDeleteSchemas.RESPONSE),
    DESCRIBE_CLUSTER(60, "DescribeCluster", DescribeClusterSchemas.REQUEST, DescribeClusterSchemas.RESPONSE);

    private static final ApiKeys[] BY_ID;

    static {
        int max = 0;
        for (ApiKeys key : values()) {
            max = Math.max(max, key.id);
        }
        BY_ID = new ApiKeys[max + 1];
        for (ApiKeys key : values()) {
            if (BY_ID[key.id] != null) {
                throw new IllegalStateException("Duplicate api key " + key.id + ": " + BY_ID[key.id] + " and " + key);
            }
            BY_ID[key.id] = key;
        }
    }

    private final short id;
    private final String apiName;
    private final MessageSpec request;
    private final MessageSpec response;

    ApiKeys(int id, String apiName, MessageSpec request, MessageSpec response) {
        this.id = (short) id;
        this.apiName = apiName;
        this.request = request;
        this.response = response;
    }

    /** The API with this wire id, or null when Klassic does not know it. */
    public static ApiKeys forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    public short id() {
        return id;
    }

    /** Kafka's name of the API, e.g. "Produce", "ApiVersions". */
    public String apiName() {
        return apiName;
    }

    public MessageSpec request() {
        return request;
    }

    public MessageSpec response() {
        return response;
    }

    /** The lowest version of the request schema. */
    public short oldestVersion() {
        return request.validVersions().lowest();
    }

    /** The highest version of the request schema. */
    public short latestVersion() {
        return request.validVersions().highest();
    }

    /** True when the version is within the schemas' valid versions. */
    public boolean isVersionSupported(short version) {
        return request.validVersions().contains(version);
    }

    /** True when this version of the API uses the flexible encoding (compact types and tagged fields). */
    public boolean isFlexible(short version) {
        return request.isFlexible(version);
    }

    /** The request header version of a request at this API version: 2 when flexible, else 1. */
    public short requestHeaderVersion(short version) {
        return (short) (isFlexible(version) ? 2 : 1);
    }

    /**
     * The response header version of a response at this API version: 1 when flexible, else 0; always 0 for
     * ApiVersions, whose response a client must read before it knows which versions the broker supports.
     */
    public short responseHeaderVersion(short version) {
        if (this == API_VERSIONS) {
            return 0;
        }
        return (short) (isFlexible(version) ? 1 : 0);
    }
}
