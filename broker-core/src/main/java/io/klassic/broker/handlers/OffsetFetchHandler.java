package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupAdminOperations;
import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.group.OffsetAndMetadata;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch (9), v1-7: the committed offsets of a group, -1 with metadata "" and no error for a partition
 * without one. From v2 a null topic list asks for every committed offset and errors are also reported at the top
 * level; v1 reports them per partition. v7's require_stable has nothing to wait for: this broker has no
 * transactional offset commits. Thread-safe.
 */
public final class OffsetFetchHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    public OffsetFetchHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 7;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        List<Struct> topics = request.getStructs("Topics");
        List<TopicPartition> requested = null;
        if (topics != null) {
            requested = new ArrayList<>();
            for (Struct t : topics) {
                List<Integer> partitions = t.getList("PartitionIndexes");
                for (int p : partitions) {
                    requested.add(new TopicPartition(t.getString("Name"), p));
                }
            }
        }
        GroupAdminOperations.OffsetFetchResult result = coordinator.admin().fetchOffsets(request.getString("GroupId"), requested);
        Struct response = ApiKeys.OFFSET_FETCH.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("ErrorCode", result.error().code());
        Map<String, Struct> byTopic = new LinkedHashMap<>();
        if (result.error() != Errors.NONE) {
            if (version < 2 && requested != null) {
                for (TopicPartition tp : requested) {
                    addPartition(response, byTopic, tp, null, result.error());
                }
            }
            return CompletableFuture.completedFuture(response);
        }
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : result.offsets().entrySet()) {
            addPartition(response, byTopic, e.getKey(), e.getValue(), Errors.NONE);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static void addPartition(Struct response, Map<String, Struct> byTopic, TopicPartition tp, OffsetAndMetadata offset, Errors error) {
        Struct topic = byTopic.computeIfAbsent(tp.topic(), name -> {
            Struct t = response.add("Topics");
            t.set("Name", name);
            t.set("Partitions", new ArrayList<Struct>());
            return t;
        });
        Struct p = topic.add("Partitions");
        p.set("PartitionIndex", tp.partition());
        p.set("CommittedOffset", offset == null ? OffsetAndMetadata.INVALID_OFFSET : offset.offset());
        p.set("CommittedLeaderEpoch", offset == null ? OffsetAndMetadata.NO_LEADER_EPOCH : offset.leaderEpoch());
        p.set("Metadata", offset == null ? OffsetAndMetadata.NO_METADATA : offset.metadata());
        p.set("ErrorCode", error.code());
    }
}
