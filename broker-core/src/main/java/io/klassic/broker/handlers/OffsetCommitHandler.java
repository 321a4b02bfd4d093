package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.group.OffsetAndMetadata;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * OffsetCommit (8), v2-8: commits offsets for a group, answered after they are written to
 * {@code __consumer_offsets}. Partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION; v2-4 may ask for a
 * retention time (the offset then expires that long after the commit); v6+ carries the leader epoch, v7+ the group
 * instance id. Thread-safe.
 */
public final class OffsetCommitHandler implements ApiHandler {
    private final GroupCoordinator coordinator;
    private final MetadataCache cache;
    private final LongSupplier clock;

    public OffsetCommitHandler(GroupCoordinator coordinator, MetadataCache cache, LongSupplier clock) {
        this.coordinator = coordinator;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 8;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        long now = clock.getAsLong();
        long retentionMs = version <= 4 ? request.getLong("RetentionTimeMs") : -1L;
        long expireTimestamp = retentionMs == -1L ? OffsetAndMetadata.NO_EXPIRE_TIMESTAMP : now + retentionMs;
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Name");
            for (Struct p : topic.getStructs("Partitions")) {
                TopicPartition tp = new TopicPartition(name, p.getInt("PartitionIndex"));
                if (cache.partition(name, tp.partition()).isEmpty()) {
                    errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                    continue;
                }
                offsets.put(tp, new OffsetAndMetadata(p.getLong("CommittedOffset"), p.getInt("CommittedLeaderEpoch"),
                        p.getString("CommittedMetadata"), now, expireTimestamp));
            }
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(response(request, errors));
        }
        // Answered when the coordinator's acks=all write completes (from the produce purgatory when replicas lag).
        return coordinator.handleCommitOffsets(request.getString("GroupId"), GroupHandlers.orEmpty(request.getString("MemberId")),
                request.getString("GroupInstanceId"), request.getInt("GenerationIdOrMemberEpoch"), offsets).thenApply(committed -> {
                    Map<TopicPartition, Errors> all = new LinkedHashMap<>(errors);
                    all.putAll(committed);
                    return response(request, all);
                });
    }

    private static Struct response(Struct request, Map<TopicPartition, Errors> errors) {
        Struct response = ApiKeys.OFFSET_COMMIT.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct topic : request.getStructs("Topics")) {
            Struct t = response.add("Topics");
            t.set("Name", topic.getString("Name"));
            for (Struct p : topic.getStructs("Partitions")) {
                Struct out = t.add("Partitions");
                int partition = p.getInt("PartitionIndex");
                out.set("PartitionIndex", partition);
                out.set("ErrorCode", errors.getOrDefault(new TopicPartition(topic.getString("Name"), partition), Errors.NONE).code());
            }
        }
        return response;
    }
}
