package io.klassic.broker.handlers;

import io.klassic.broker.server.TopicManager;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.TopicStore;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The common part of AlterConfigs and IncrementalAlterConfigs: checks the resource, computes a topic's new
 * overrides from its current ones, validates them as a log config, and writes them with a change notification
 * ({@link TopicStore#changeTopicConfig}), unless validate-only. Broker resources are refused: this broker has no
 * dynamic broker configs. Thread-safe.
 */
final class TopicConfigAlteration {
    static final byte TOPIC = 2;
    static final byte BROKER = 4;

    private final TopicStore topics;
    private final TopicManager topicManager;

    TopicConfigAlteration(TopicStore topics, TopicManager topicManager) {
        this.topics = topics;
        this.topicManager = topicManager;
    }

    /** Fills {@code result} (ErrorCode, ErrorMessage) for one resource; {@code change} maps old overrides to new. */
    void alter(Struct result, byte type, String name, boolean validateOnly, UnaryOperator<Map<String, String>> change) {
        result.set("ResourceType", type);
        result.set("ResourceName", name);
        result.set("ErrorCode", Errors.NONE.code());
        result.set("ErrorMessage", null);
        if (type == BROKER) {
            fail(result, Errors.INVALID_REQUEST, "Dynamic broker configs are not supported by this broker: set them in server.properties.");
            return;
        }
        if (type != TOPIC) {
            fail(result, Errors.INVALID_REQUEST, "Unsupported resource type " + type + " for altering configs.");
            return;
        }
        if (!topics.topicExists(name)) {
            fail(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist.");
            return;
        }
        Map<String, String> next;
        try {
            next = change.apply(topics.topicConfig(name));
            topicManager.logConfig(next);
        } catch (RuntimeException e) {
            fail(result, Errors.INVALID_CONFIG, e.getMessage());
            return;
        }
        if (!validateOnly) {
            topics.changeTopicConfig(name, next);
        }
    }

    static void fail(Struct result, Errors error, String message) {
        result.set("ErrorCode", error.code());
        result.set("ErrorMessage", message);
    }
}
