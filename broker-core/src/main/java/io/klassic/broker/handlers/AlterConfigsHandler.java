package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.TopicManager;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.TopicStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs (33), v0-2: replaces all of a topic's config overrides with the given ones (keys not named return
 * to the broker default), as Kafka's non-incremental API does; every broker applies the change through the
 * {@code /config/changes} notification. Thread-safe.
 */
public final class AlterConfigsHandler implements ApiHandler {
    private final TopicConfigAlteration alteration;

    public AlterConfigsHandler(TopicStore topics, TopicManager topicManager) {
        this.alteration = new TopicConfigAlteration(topics, topicManager);
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean validateOnly = request.getBool("ValidateOnly");
        Struct response = ApiKeys.ALTER_CONFIGS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct resource : request.getStructs("Resources")) {
            Map<String, String> given = new LinkedHashMap<>();
            for (Struct c : resource.getStructs("Configs")) {
                given.put(c.getString("Name"), c.getString("Value"));
            }
            alteration.alter(response.add("Responses"), resource.getByte("ResourceType"), resource.getString("ResourceName"), validateOnly,
                    current -> {
                        for (Map.Entry<String, String> e : given.entrySet()) {
                            if (e.getValue() == null) {
                                throw new IllegalArgumentException("Invalid value null for configuration " + e.getKey() + ": the value must not be null.");
                            }
                        }
                        return given;
                    });
        }
        return CompletableFuture.completedFuture(response);
    }
}
