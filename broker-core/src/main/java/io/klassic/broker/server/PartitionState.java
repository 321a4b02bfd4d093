package io.klassic.broker.server;

import io.klassic.log.TopicPartition;

import java.util.List;

/**
 * What the cluster knows of one partition: its replicas in preference order, the leader (-1 when none), the
 * leader epoch and the in-sync replicas; from a LeaderAndIsr request also the epoch of the controller that wrote
 * the partition state znode and that znode's data version (-1 when unknown), which the leader names in its
 * conditional ISR writes. Immutable.
 */
public record PartitionState(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr,
                             int controllerEpoch, int zkVersion) {
    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** A state without a known controller epoch or znode version. */
    public PartitionState(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {
        this(topic, partition, leader, leaderEpoch, replicas, isr, -1, -1);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** This state with another ISR, written at znode version {@code newZkVersion}. */
    public PartitionState withIsr(List<Integer> newIsr, int newZkVersion) {
        return new PartitionState(topic, partition, leader, leaderEpoch, replicas, newIsr, controllerEpoch, newZkVersion);
    }
}
