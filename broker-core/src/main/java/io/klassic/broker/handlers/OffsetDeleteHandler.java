package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupAdminOperations;
import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetDelete (47), v0: deletes committed offsets of a group; GROUP_SUBSCRIBED_TO_TOPIC for topics a member of
 * the group still subscribes to, UNKNOWN_TOPIC_OR_PARTITION for partitions that do not exist; group-level errors
 * (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, NOT_COORDINATOR...) come without topics. Thread-safe.
 */
public final class OffsetDeleteHandler implements ApiHandler {
    private final GroupCoordinator coordinator;
    private final MetadataCache cache;

    public OffsetDeleteHandler(GroupCoordinator coordinator, MetadataCache cache) {
        this.coordinator = coordinator;
        this.cache = cache;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Map<TopicPartition, Errors> errors = new HashMap<>();
        List<TopicPartition> known = new ArrayList<>();
        for (Struct topic : request.getStructs("Topics")) {
            for (Struct p : topic.getStructs("Partitions")) {
                TopicPartition tp = new TopicPartition(topic.getString("Name"), p.getInt("PartitionIndex"));
                if (cache.partition(tp.topic(), tp.partition()).isEmpty()) {
                    errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    known.add(tp);
                }
            }
        }
        GroupAdminOperations.OffsetDeleteResult result = coordinator.admin().deleteOffsets(request.getString("GroupId"), known);
        Struct response = ApiKeys.OFFSET_DELETE.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("ErrorCode", result.error().code());
        if (result.error() != Errors.NONE) {
            response.set("Topics", new ArrayList<Struct>());
            return CompletableFuture.completedFuture(response);
        }
        errors.putAll(result.partitionErrors());
        for (Struct topic : request.getStructs("Topics")) {
            Struct t = response.add("Topics");
            t.set("Name", topic.getString("Name"));
            for (Struct p : topic.getStructs("Partitions")) {
                Struct out = t.add("Partitions");
                out.set("PartitionIndex", p.getInt("PartitionIndex"));
                out.set("ErrorCode", errors.getOrDefault(new TopicPartition(topic.getString("Name"), p.getInt("PartitionIndex")), Errors.NONE).code());
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
