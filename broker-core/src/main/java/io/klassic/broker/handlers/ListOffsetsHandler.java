package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.TimestampAndOffset;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets (2), v1-5: timestamp -2 is the log start offset, -1 the high watermark (what a consumer can read;
 * the last stable offset equals it without transactions), any other timestamp the first offset whose record
 * timestamp is at least it (offset -1 when there is none). Thread-safe.
 */
public final class ListOffsetsHandler implements ApiHandler {
    static final long EARLIEST_TIMESTAMP = -2L;
    static final long LATEST_TIMESTAMP = -1L;

    private final ReplicaManager replicaManager;
    private final MetadataCache cache;

    public ListOffsetsHandler(ReplicaManager replicaManager, MetadataCache cache) {
        this.replicaManager = replicaManager;
        this.cache = cache;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean follower = request.getInt("ReplicaId") >= 0;
        Struct response = ApiKeys.LIST_OFFSETS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Name");
            Struct t = response.add("Topics");
            t.set("Name", name);
            for (Struct partition : topic.getStructs("Partitions")) {
                Struct p = t.add("Partitions");
                int index = partition.getInt("PartitionIndex");
                p.set("PartitionIndex", index);
                p.set("Timestamp", -1L);
                p.set("Offset", -1L);
                p.set("LeaderEpoch", -1);
                listOffset(new TopicPartition(name, index), partition.getLong("Timestamp"), partition.getInt("CurrentLeaderEpoch"), follower, p);
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private void listOffset(TopicPartition tp, long timestamp, int currentLeaderEpoch, boolean follower, Struct p) {
        Partition partition = replicaManager.partition(tp);
        if (partition == null) {
            Errors error = cache.partition(tp.topic(), tp.partition()).isPresent() ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            p.set("ErrorCode", error.code());
            return;
        }
        if (currentLeaderEpoch >= 0 && currentLeaderEpoch != partition.leaderEpoch()) {
            Errors error = currentLeaderEpoch < partition.leaderEpoch() ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
            p.set("ErrorCode", error.code());
            return;
        }
        p.set("ErrorCode", Errors.NONE.code());
        if (timestamp == EARLIEST_TIMESTAMP) {
            p.set("Offset", partition.log().logStartOffset());
            p.set("LeaderEpoch", partition.leaderEpoch());
        } else if (timestamp == LATEST_TIMESTAMP) {
            p.set("Offset", follower ? partition.log().logEndOffset() : partition.highWatermark());
            p.set("LeaderEpoch", partition.leaderEpoch());
        } else if (timestamp < 0) {
            p.set("ErrorCode", Errors.INVALID_REQUEST.code());
        } else {
            Optional<TimestampAndOffset> found = partition.log().fetchOffsetByTimestamp(timestamp);
            if (found.isPresent() && (follower || found.get().offset() < partition.highWatermark())) {
                p.set("Timestamp", found.get().timestamp());
                p.set("Offset", found.get().offset());
                p.set("LeaderEpoch", found.get().leaderEpoch());
            }
        }
    }
}
