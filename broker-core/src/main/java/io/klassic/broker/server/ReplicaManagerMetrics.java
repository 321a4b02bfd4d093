package io.klassic.broker.server;

import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.Meter;
import io.klassic.broker.metrics.MetricsRegistry;

import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The metrics of {@code kafka.server:type=ReplicaManager}: gauges over the hosted partitions, computed when read
 * (PartitionCount; of the partitions this broker leads: LeaderCount, UnderReplicatedPartitions with fewer in-sync
 * replicas than replicas, UnderMinIsrPartitionCount and AtMinIsrPartitionCount against the topic's
 * {@code min.insync.replicas}), and meters of the ISR changes this broker made as leader (IsrExpandsPerSec,
 * IsrShrinksPerSec, FailedIsrUpdatesPerSec). Thread-safe.
 */
final class ReplicaManagerMetrics implements AlterPartitionListener {
    private final int brokerId;
    private final Supplier<Collection<Partition>> partitions;
    private final Meter isrExpands;
    private final Meter isrShrinks;
    private final Meter failedIsrUpdates;

    ReplicaManagerMetrics(MetricsRegistry registry, int brokerId, Supplier<Collection<Partition>> partitions) {
        this.brokerId = brokerId;
        this.partitions = partitions;
        KafkaMetricsGroup group = new KafkaMetricsGroup(registry, "kafka.server", "ReplicaManager");
        group.newGauge("PartitionCount", () -> partitions.get().size(), Map.of());
        group.newGauge("LeaderCount", () -> countLed(p -> true), Map.of());
        group.newGauge("UnderReplicatedPartitions", () -> countLed(p -> p.isr().size() < p.state().replicas().size()), Map.of());
        group.newGauge("UnderMinIsrPartitionCount", () -> countLed(p -> p.isr().size() < p.log().config().minInSyncReplicas()), Map.of());
        group.newGauge("AtMinIsrPartitionCount", () -> countLed(p -> p.isr().size() == p.log().config().minInSyncReplicas()), Map.of());
        isrExpands = group.newMeter("IsrExpandsPerSec", "expands", Map.of());
        isrShrinks = group.newMeter("IsrShrinksPerSec", "shrinks", Map.of());
        failedIsrUpdates = group.newMeter("FailedIsrUpdatesPerSec", "failedUpdates", Map.of());
    }

    private int countLed(Predicate<Partition> condition) {
        int count = 0;
        for (Partition partition : partitions.get()) {
            if (partition.state().leader() == brokerId && condition.test(partition)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void markIsrExpand() {
        isrExpands.mark();
    }

    @Override
    public void markIsrShrink() {
        isrShrinks.mark();
    }

    @Override
    public void markFailed() {
        failedIsrUpdates.mark();
    }
}
