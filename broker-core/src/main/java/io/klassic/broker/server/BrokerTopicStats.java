package io.klassic.broker.server;

import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.MetricsRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link BrokerTopicMetrics} of all topics and of each topic this broker hosts a partition of, as Kafka's
 * {@code BrokerTopicStats}: a topic's metrics are made when its first partition is hosted and unregistered when the
 * topic is deleted. Look-ups by topic name happen when partitions are created, never per request. Thread-safe.
 */
public final class BrokerTopicStats {
    private final KafkaMetricsGroup group;
    private final MetricsRegistry registry;
    private final BrokerTopicMetrics allTopics;
    private final Map<String, BrokerTopicMetrics> topics = new ConcurrentHashMap<>();

    public BrokerTopicStats(MetricsRegistry registry) {
        this.registry = registry;
        this.group = new KafkaMetricsGroup(registry, "kafka.server", "BrokerTopicMetrics");
        this.allTopics = new BrokerTopicMetrics(group, registry.clock(), null, null);
    }

    public BrokerTopicMetrics allTopicsStats() {
        return allTopics;
    }

    /** The topic's metrics, made (and registered) on first use. */
    public BrokerTopicMetrics topicStats(String topic) {
        return topics.computeIfAbsent(topic, t -> new BrokerTopicMetrics(group, registry.clock(), t, allTopics));
    }

    /** Unregisters a deleted topic's metrics. */
    public void removeMetrics(String topic) {
        BrokerTopicMetrics removed = topics.remove(topic);
        if (removed != null) {
            removed.close();
        }
    }

    /** Bytes a replica fetcher appended as follower: ReplicationBytesInPerSec. */
    public void updateReplicationBytesIn(long bytes) {
        allTopics.recordReplicationBytesIn(bytes);
    }
}
