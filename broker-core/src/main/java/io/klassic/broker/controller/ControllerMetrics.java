package io.klassic.broker.controller;

import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.log.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The gauges of {@code kafka.controller:type=KafkaController}: ActiveControllerCount (1 on the active controller, 0
 * elsewhere), and on the active controller (0 elsewhere) OfflinePartitionsCount (partitions without a live leader,
 * topics being deleted aside), PreferredReplicaImbalanceCount (partitions not led by their first replica),
 * GlobalTopicCount, GlobalPartitionCount (partitions with a leader and ISR), TopicsToDeleteCount and
 * ActiveBrokerCount. As in Kafka, the controller's event thread recomputes them after each event ({@link #update})
 * and JMX reads the last values. Thread-safe.
 */
final class ControllerMetrics {
    private final BooleanSupplier active;
    private volatile int offlinePartitions;
    private volatile int preferredReplicaImbalance;
    private volatile int globalTopics;
    private volatile int globalPartitions;
    private volatile int topicsToDelete;
    private volatile int activeBrokers;

    ControllerMetrics(MetricsRegistry registry, BooleanSupplier active) {
        this.active = active;
        KafkaMetricsGroup group = new KafkaMetricsGroup(registry, "kafka.controller", "KafkaController");
        group.newGauge("ActiveControllerCount", () -> active.getAsBoolean() ? 1 : 0, Map.of());
        group.newGauge("OfflinePartitionsCount", () -> active.getAsBoolean() ? offlinePartitions : 0, Map.of());
        group.newGauge("PreferredReplicaImbalanceCount", () -> active.getAsBoolean() ? preferredReplicaImbalance : 0, Map.of());
        group.newGauge("GlobalTopicCount", () -> active.getAsBoolean() ? globalTopics : 0, Map.of());
        group.newGauge("GlobalPartitionCount", () -> active.getAsBoolean() ? globalPartitions : 0, Map.of());
        group.newGauge("TopicsToDeleteCount", () -> active.getAsBoolean() ? topicsToDelete : 0, Map.of());
        group.newGauge("ActiveBrokerCount", () -> active.getAsBoolean() ? activeBrokers : 0, Map.of());
    }

    /** Recomputes the counts from the controller's state; on the controller's event thread only. */
    void update(ControllerContext context, PartitionStateMachine partitionStates, Set<String> topicsBeingDeleted) {
        if (!active.getAsBoolean()) {
            return;
        }
        int offline = 0;
        int imbalance = 0;
        int withLeader = 0;
        for (TopicPartition tp : context.allPartitions()) {
            if (context.leadership(tp).isPresent()) {
                withLeader++;
            }
            if (topicsBeingDeleted.contains(tp.topic())) {
                continue;
            }
            if (partitionStates.state(tp) == PartitionStateMachine.State.OFFLINE) {
                offline++;
            }
            List<Integer> replicas = context.replicas(tp);
            if (context.leadership(tp).isPresent() && !replicas.isEmpty() && context.leader(tp) != replicas.get(0)) {
                imbalance++;
            }
        }
        offlinePartitions = offline;
        preferredReplicaImbalance = imbalance;
        globalTopics = context.allTopics().size();
        globalPartitions = withLeader;
        topicsToDelete = topicsBeingDeleted.size();
        activeBrokers = context.liveBrokerIds().size();
    }
}
