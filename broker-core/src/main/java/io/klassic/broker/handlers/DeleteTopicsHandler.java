package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.DelayedOperationPurgatory;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.TopicManager;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics (20), v1-3: marks each named topic for deletion in {@code /admin/delete_topics}; the controller
 * stops its replicas, deletes their data and then its znodes. As Kafka does, the answer waits up to the request's
 * {@code TimeoutMs} until this broker's metadata no longer has the topic (REQUEST_TIMED_OUT otherwise).
 * TOPIC_DELETION_DISABLED when {@code delete.topic.enable=false}, UNKNOWN_TOPIC_OR_PARTITION for a topic that does
 * not exist. Thread-safe.
 */
public final class DeleteTopicsHandler implements ApiHandler {
    private final TopicManager topicManager;
    private final MetadataCache cache;
    private final DelayedOperationPurgatory<String> topicPurgatory;
    private final boolean deleteEnabled;

    public DeleteTopicsHandler(TopicManager topicManager, MetadataCache cache, DelayedOperationPurgatory<String> topicPurgatory, boolean deleteEnabled) {
        this.topicManager = topicManager;
        this.cache = cache;
        this.topicPurgatory = topicPurgatory;
        this.deleteEnabled = deleteEnabled;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiKeys.DELETE_TOPICS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        List<String> names = request.getList("TopicNames");
        List<String> marked = new ArrayList<>();
        for (String name : names) {
            Struct r = response.add("Responses");
            r.set("Name", name);
            Errors error = deleteEnabled ? topicManager.deleteTopic(name).error() : Errors.TOPIC_DELETION_DISABLED;
            r.set("ErrorCode", error.code());
            if (error == Errors.NONE) {
                marked.add(name);
            }
        }
        return MetadataWait.await(topicPurgatory, marked, () -> marked.stream().noneMatch(cache::contains), request.getInt("TimeoutMs"))
                .thenApply(done -> {
                    for (Struct r : response.getStructs("Responses")) {
                        if (marked.contains(r.getString("Name")) && cache.contains(r.getString("Name"))) {
                            r.set("ErrorCode", Errors.REQUEST_TIMED_OUT.code());
                        }
                    }
                    return response;
                });
    }
}
