package io.klassic.zk;

/**
 * Thrown when a topic to be created already has a {@code /brokers/topics/<topic>} znode. The message is
 * Kafka's: {@code Topic 'name' already exists.}
 *
 * <p>Immutable and thread-safe.
 */
public class TopicExistsException extends RuntimeException {

    private final String topic;

    public TopicExistsException(String topic) {
        super("Topic '" + topic + "' already exists.");
        this.topic = topic;
    }

    public TopicExistsException(String topic, String message) {
        super(message);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
