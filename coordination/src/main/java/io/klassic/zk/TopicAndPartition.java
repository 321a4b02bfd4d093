package io.klassic.zk;

/**
 * A partition of a topic as the znodes name it (coordination cannot use the storage layer's type).
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic     the topic name
 * @param partition the partition index
 */
public record TopicAndPartition(String topic, int partition) implements Comparable<TopicAndPartition> {

    @Override
    public int compareTo(TopicAndPartition other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
