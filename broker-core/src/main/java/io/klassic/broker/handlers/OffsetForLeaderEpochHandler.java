package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.LeaderEpochFileCache;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch (23), v0-4: for each partition this broker leads, the end offset of the requested leader
 * epoch in its log (the start offset of the next epoch it knows, or its log end offset for its latest epoch) and the
 * epoch that offset belongs to; -1/-1 when the epoch is older than the log's first epoch. Followers truncate by it
 * (KIP-101) and consumers validate their positions by it. A CurrentLeaderEpoch older than this leader's gives
 * FENCED_LEADER_EPOCH, a newer one UNKNOWN_LEADER_EPOCH. Thread-safe.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {
    private final ReplicaManager replicaManager;
    private final MetadataCache cache;

    public OffsetForLeaderEpochHandler(ReplicaManager replicaManager, MetadataCache cache) {
        this.replicaManager = replicaManager;
        this.cache = cache;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiKeys.OFFSET_FOR_LEADER_EPOCH.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Topic");
            Struct topicResponse = response.add("Topics");
            topicResponse.set("Topic", name);
            for (Struct p : topic.getStructs("Partitions")) {
                Struct out = topicResponse.add("Partitions");
                int index = p.getInt("Partition");
                out.set("Partition", index);
                out.set("LeaderEpoch", LeaderEpochFileCache.UNDEFINED_EPOCH);
                out.set("EndOffset", LeaderEpochFileCache.UNDEFINED_EPOCH_OFFSET);
                TopicPartition tp = new TopicPartition(name, index);
                Partition partition = replicaManager.partition(tp);
                int currentLeaderEpoch = p.getInt("CurrentLeaderEpoch");
                Errors error = Errors.NONE;
                if (partition == null) {
                    error = cache.partition(name, index).isPresent() || replicaManager.hostedPartition(tp) != null
                            ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (currentLeaderEpoch >= 0 && currentLeaderEpoch < partition.leaderEpoch()) {
                    error = Errors.FENCED_LEADER_EPOCH;
                } else if (currentLeaderEpoch > partition.leaderEpoch()) {
                    error = Errors.UNKNOWN_LEADER_EPOCH;
                } else {
                    Optional<LeaderEpochFileCache.EpochEndOffset> end = partition.log().endOffsetForEpoch(p.getInt("LeaderEpoch"));
                    if (end.isPresent()) {
                        out.set("LeaderEpoch", end.get().epoch());
                        out.set("EndOffset", end.get().endOffset());
                    }
                }
                out.set("ErrorCode", error.code());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        Struct response = ApiKeys.OFFSET_FOR_LEADER_EPOCH.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct topic : request.getStructs("Topics")) {
            Struct topicResponse = response.add("Topics");
            topicResponse.set("Topic", topic.getString("Topic"));
            for (Struct p : topic.getStructs("Partitions")) {
                Struct out = topicResponse.add("Partitions");
                out.set("Partition", p.getInt("Partition"));
                out.set("ErrorCode", errorCode);
                out.set("LeaderEpoch", -1);
                out.set("EndOffset", -1L);
            }
        }
        return response;
    }
}
