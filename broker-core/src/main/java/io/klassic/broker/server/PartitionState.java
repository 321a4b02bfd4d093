package io.klassic.broker.server;

import io.klassic.log.TopicPartition;

import java.util.List;

/**
 * What the cluster knows of one partition: its replicas in preference order, the leader (-1 when none), the
 * leader epoch and the in-sync replicas. Immutable.
 */
public record PartitionState(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {
    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
