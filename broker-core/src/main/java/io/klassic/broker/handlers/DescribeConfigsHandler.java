package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.TopicStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs (32), v1-4: the configs of topics (type 2: every topic-level key with its value and source, the
 * topic's overrides read from {@code /config/topics/<t>}) and of this broker (type 4: its keys from
 * server.properties and Kafka's defaults; the name is this broker's id, or empty for the cluster default).
 * {@code ConfigurationKeys} null means all. Thread-safe.
 */
public final class DescribeConfigsHandler implements ApiHandler {
    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    static final byte BROKER_LOGGER = 8;

    private final TopicStore topics;
    private final ConfigDescriber describer;
    private final int brokerId;

    /**
     * @param brokerValues           every broker key with its value as text
     * @param staticBrokerKeys       the keys set in server.properties or by --override
     * @param effectiveTopicDefaults the broker's resolved defaults of the topic-level keys
     */
    public DescribeConfigsHandler(TopicStore topics, int brokerId, Map<String, ?> brokerValues, java.util.Set<String> staticBrokerKeys,
                                  Map<String, String> effectiveTopicDefaults) {
        this.topics = topics;
        this.brokerId = brokerId;
        this.describer = new ConfigDescriber(ConfigDescriber.asText(brokerValues), staticBrokerKeys, effectiveTopicDefaults);
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean includeSynonyms = request.getBool("IncludeSynonyms");
        Struct response = ApiKeys.DESCRIBE_CONFIGS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct resource : request.getStructs("Resources")) {
            byte type = resource.getByte("ResourceType");
            String name = resource.getString("ResourceName");
            List<String> keys = resource.getList("ConfigurationKeys");
            Struct result = response.add("Results");
            result.set("ResourceType", type);
            result.set("ResourceName", name);
            result.set("ErrorCode", Errors.NONE.code());
            result.set("ErrorMessage", null);
            if (type == TOPIC) {
                try {
                    TopicStore.validateTopicName(name);
                } catch (IllegalArgumentException e) {
                    fail(result, Errors.INVALID_TOPIC_EXCEPTION, e.getMessage());
                    continue;
                }
                if (!topics.topicExists(name)) {
                    fail(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist.");
                    continue;
                }
                describer.describeTopic(result, topics.topicConfig(name), keys, includeSynonyms);
            } else if (type == BROKER) {
                if (!name.isEmpty() && !name.equals(Integer.toString(brokerId))) {
                    fail(result, Errors.INVALID_REQUEST, "Unexpected broker id, expected " + brokerId + " or empty string, but received " + name);
                    continue;
                }
                describer.describeBroker(result, keys, includeSynonyms);
            } else if (type == BROKER_LOGGER) {
                fail(result, Errors.INVALID_REQUEST, "Describing broker loggers is not supported by this broker.");
            } else {
                fail(result, Errors.INVALID_REQUEST, "Unsupported resource type " + type + " for DescribeConfigs.");
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static void fail(Struct result, Errors error, String message) {
        result.set("ErrorCode", error.code());
        result.set("ErrorMessage", message);
    }
}
