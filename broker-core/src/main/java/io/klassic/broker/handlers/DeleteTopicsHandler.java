package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.TopicManager;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics (20), v1-3: deletes each named topic (data and znodes); TOPIC_DELETION_DISABLED when
 * {@code delete.topic.enable=false}, UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist. Thread-safe.
 */
public final class DeleteTopicsHandler implements ApiHandler {
    private final TopicManager topicManager;
    private final boolean deleteEnabled;

    public DeleteTopicsHandler(TopicManager topicManager, boolean deleteEnabled) {
        this.topicManager = topicManager;
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
        for (String name : names) {
            Struct r = response.add("Responses");
            r.set("Name", name);
            Errors error = deleteEnabled ? topicManager.deleteTopic(name).error() : Errors.TOPIC_DELETION_DISABLED;
            r.set("ErrorCode", error.code());
        }
        return CompletableFuture.completedFuture(response);
    }
}
