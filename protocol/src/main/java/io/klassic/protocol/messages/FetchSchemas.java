package io.klassic.protocol.messages;

import io.klassic.protocol.types.MessageSpec;

import static io.klassic.protocol.types.Schema.array;
import static io.klassic.protocol.types.Schema.field;
import static io.klassic.protocol.types.Schema.struct;
import static io.klassic.protocol.types.Type.*;

/**
 * The Fetch API (key 1): request and response bodies for versions 4-12,
 * flexible (compact types, tagged fields) from version 12.
 * Field names and version ranges are those of the Kafka protocol guide; fields that only exist in
 * versions outside 4-12 are left out.
 * Immutable and thread-safe.
 */
public final class FetchSchemas {
    public static final MessageSpec REQUEST = new MessageSpec("FetchRequest", 1, "4-12", "12+",
        field("ClusterId", STRING, "12+").nullable("12+").tagged(0, "12+").dflt(null),
        field("ReplicaId", INT32, "0-14").dflt(-1),
        field("MaxWaitMs", INT32, "0+"),
        field("MinBytes", INT32, "0+"),
        field("MaxBytes", INT32, "3+").dflt(Integer.MAX_VALUE),
        field("IsolationLevel", INT8, "4+"),
        field("SessionId", INT32, "7+"),
        field("SessionEpoch", INT32, "7+").dflt(-1),
        field("Topics", array(struct(
            field("Topic", STRING, "0-12"),
            field("Partitions", array(struct(
                field("Partition", INT32, "0+"),
                field("CurrentLeaderEpoch", INT32, "9+").dflt(-1),
                field("FetchOffset", INT64, "0+"),
                field("LastFetchedEpoch", INT32, "12+").dflt(-1),
                field("LogStartOffset", INT64, "5+").dflt(-1L),
                field("PartitionMaxBytes", INT32, "0+"))), "0+"))), "0+"),
        field("ForgottenTopicsData", array(struct(
            field("Topic", STRING, "7-12"),
            field("Partitions", array(INT32), "7+"))), "7+"),
        field("RackId", STRING, "11+"));

    public static final MessageSpec RESPONSE = new MessageSpec("FetchResponse", 1, "4-12", "12+",
        field("ThrottleTimeMs", INT32, "1+"),
        field("ErrorCode", INT16, "7+"),
        field("SessionId", INT32, "7+"),
        field("Responses", array(struct(
            field("Topic", STRING, "0-12"),
            field("Partitions", array(struct(
                field("PartitionIndex", INT32, "0+"),
                field("ErrorCode", INT16, "0+"),
                field("HighWatermark", INT64, "0+"),
                field("LastStableOffset", INT64, "4+").dflt(-1L),
                field("LogStartOffset", INT64, "5+").dflt(-1L),
                field("DivergingEpoch", struct(
                    field("Epoch", INT32, "12+").dflt(-1),
                    field("EndOffset", INT64, "12+").dflt(-1L)), "12+").tagged(0, "12+"),
                field("CurrentLeader", struct(
                    field("LeaderId", INT32, "12+").dflt(-1),
                    field("LeaderEpoch", INT32, "12+").dflt(-1)), "12+").tagged(1, "12+"),
                field("SnapshotId", struct(
                    field("EndOffset", INT64, "0+").dflt(-1L),
                    field("Epoch", INT32, "0+").dflt(-1)), "12+").tagged(2, "12+"),
                field("AbortedTransactions", array(struct(
                    field("ProducerId", INT64, "4+"),
                    field("FirstOffset", INT64, "4+"))), "4+").nullable("4+"),
                field("PreferredReadReplica", INT32, "11+").dflt(-1),
                field("Records", RECORDS, "0+").nullable("0+"))), "0+"))), "0+"));

    private FetchSchemas() {
    }
}
