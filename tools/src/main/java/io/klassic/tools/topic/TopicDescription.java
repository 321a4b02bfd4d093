package io.klassic.tools.topic;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The first line {@code kafka-topics.sh --describe} prints for a topic, fields separated by tabs:
 *
 * <pre>
 * Topic: t1&#9;TopicId: M2EjgCMgREiFXXwY8UI6-w&#9;PartitionCount: 2&#9;ReplicationFactor: 1&#9;Configs: cleanup.policy=compact,retention.ms=1000
 * </pre>
 *
 * {@code TopicId} is left out when the topic has none (our brokers, like ZooKeeper-era Kafka before 2.8, give
 * topics no id; Kafka prints nothing for the all-zero id either); {@code Configs} lists the non-default
 * configurations as {@code name=value} separated by commas, and is empty when they are unknown;
 * {@code \tMarkedForDeletion: true} is appended for a topic being deleted.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic             the topic name
 * @param topicId           the topic id, or null
 * @param partitionCount    the number of partitions
 * @param replicationFactor the number of replicas of the first partition
 * @param configs           the non-default configurations, in print order
 * @param markedForDeletion whether the topic is being deleted
 */
public record TopicDescription(String topic, String topicId, int partitionCount, int replicationFactor,
                               Map<String, String> configs, boolean markedForDeletion) {

    public String line() {
        StringBuilder line = new StringBuilder("Topic: ").append(topic);
        if (topicId != null) {
            line.append("\tTopicId: ").append(topicId);
        }
        line.append("\tPartitionCount: ").append(partitionCount);
        line.append("\tReplicationFactor: ").append(replicationFactor);
        line.append("\tConfigs: ").append(configs.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        if (markedForDeletion) {
            line.append("\tMarkedForDeletion: true");
        }
        return line.toString();
    }
}
