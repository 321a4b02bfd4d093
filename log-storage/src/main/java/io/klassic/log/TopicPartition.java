package io.klassic.log;

/**
 * A topic name and a partition number; {@link #toString()} is Kafka's {@code topic-partition}, the name of the
 * partition's directory. Immutable and thread-safe.
 */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("A topic name must not be empty.");
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
