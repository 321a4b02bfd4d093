package io.klassic.tools.topic;

import java.util.Set;

/**
 * What {@code --describe} prints, from the report options: with none, every topic line and every partition
 * line; with {@code --under-replicated-partitions}, {@code --under-min-isr-partitions},
 * {@code --at-min-isr-partitions} or {@code --unavailable-partitions}, only the partition lines that match any
 * of them (no topic lines); with {@code --topics-with-overrides}, only the topic lines of topics that have
 * configuration overrides (no partition lines).
 *
 * <p>Immutable and thread-safe.
 *
 * @param opts        the command line
 * @param liveBrokers the ids of the live brokers (for {@code --unavailable-partitions})
 */
public record DescribeOptions(TopicCommandOptions opts, Set<Integer> liveBrokers) {

    public boolean describeConfigs() {
        return !(opts.reportUnavailablePartitions() || opts.reportUnderReplicatedPartitions()
                || opts.reportUnderMinIsrPartitions() || opts.reportAtMinIsrPartitions());
    }

    public boolean describePartitions() {
        return !opts.reportOverriddenConfigs();
    }

    public boolean shouldPrintPartition(PartitionDescription partition) {
        return describeConfigs()
                || (opts.reportUnderReplicatedPartitions() && partition.isUnderReplicated())
                || (opts.reportUnderMinIsrPartitions() && partition.isUnderMinIsr())
                || (opts.reportAtMinIsrPartitions() && partition.isAtMinIsr())
                || (opts.reportUnavailablePartitions() && partition.hasUnavailablePartitions(liveBrokers));
    }

    /** Whether the topic line is printed, given whether the topic has configuration overrides. */
    public boolean shouldPrintTopic(boolean hasOverrides) {
        return describeConfigs() && (!opts.reportOverriddenConfigs() || hasOverrides);
    }
}
