package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.TopicManager;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.TopicStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs (44), v0-1: changes a topic's config overrides key by key: SET (0) a value, DELETE (1)
 * the override, APPEND (2) to or SUBTRACT (3) from a list-typed key ({@code cleanup.policy}, the throttled
 * replica lists). The result is validated as a whole and written with a change notification. Thread-safe.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler {
    static final byte SET = 0;
    static final byte DELETE = 1;
    static final byte APPEND = 2;
    static final byte SUBTRACT = 3;

    private final TopicConfigAlteration alteration;
    private final TopicManager topicManager;

    public IncrementalAlterConfigsHandler(TopicStore topics, TopicManager topicManager) {
        this.alteration = new TopicConfigAlteration(topics, topicManager);
        this.topicManager = topicManager;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean validateOnly = request.getBool("ValidateOnly");
        Struct response = ApiKeys.INCREMENTAL_ALTER_CONFIGS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct resource : request.getStructs("Resources")) {
            List<Struct> changes = resource.getStructs("Configs");
            alteration.alter(response.add("Responses"), resource.getByte("ResourceType"), resource.getString("ResourceName"), validateOnly,
                    current -> apply(current, changes));
        }
        return CompletableFuture.completedFuture(response);
    }

    private Map<String, String> apply(Map<String, String> current, List<Struct> changes) {
        Map<String, String> next = new LinkedHashMap<>(current);
        for (Struct change : changes) {
            String key = change.getString("Name");
            String value = change.getString("Value");
            byte op = change.getByte("ConfigOperation");
            switch (op) {
                case SET -> {
                    if (value == null) {
                        throw new IllegalArgumentException("Invalid value null for configuration " + key + ": the value must not be null.");
                    }
                    next.put(key, value);
                }
                case DELETE -> next.remove(key);
                case APPEND, SUBTRACT -> {
                    if (!ConfigDescriber.isListKey(key)) {
                        throw new IllegalArgumentException("Config value append/subtract is not allowed for config key " + key
                                + " because it is not a list.");
                    }
                    String base = next.containsKey(key) ? next.get(key) : topicManager.brokerLogDefaults().getOrDefault(key, "");
                    List<String> items = new ArrayList<>(split(base));
                    for (String item : split(value)) {
                        if (op == APPEND && !items.contains(item)) {
                            items.add(item);
                        } else if (op == SUBTRACT) {
                            items.remove(item);
                        }
                    }
                    next.put(key, String.join(",", items));
                }
                default -> throw new IllegalArgumentException("Unknown config operation " + op + " for config key " + key + ".");
            }
        }
        return next;
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.trim().isEmpty()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }
}
