package io.klassic.tools.topic;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One partition line of {@code kafka-topics.sh --describe}, tab-separated after a leading tab:
 *
 * <pre>
 * &#9;Topic: t1&#9;Partition: 0&#9;Leader: 0&#9;Replicas: 0,1&#9;Isr: 0,1&#9;Elr: N/A&#9;LastKnownElr: N/A
 * </pre>
 *
 * {@code Leader: none} when the partition has no leader; {@code Adding Replicas} and {@code Removing Replicas}
 * follow the ISR during a reassignment; {@code Elr}/{@code LastKnownElr} (the eligible leader replicas of KRaft
 * clusters) are printed by the {@code --bootstrap-server} path as Apache Kafka 3.9 does, {@code N/A} when the
 * cluster does not report them (always, for a ZooKeeper cluster), and not at all by the {@code --zookeeper}
 * path, as Kafka 2.x did; {@code \tMarkedForDeletion: true} ends the line of a topic being deleted.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic             the topic name
 * @param partition         the partition number
 * @param leader            the leader's broker id, or null for none
 * @param replicas          the replicas' broker ids
 * @param isr               the in-sync replicas' broker ids
 * @param addingReplicas    replicas being added by a reassignment (empty for none)
 * @param removingReplicas  replicas being removed by a reassignment (empty for none)
 * @param printElr          whether to print the Elr and LastKnownElr fields
 * @param elr               the eligible leader replicas, or null when unknown
 * @param lastKnownElr      the last known eligible leader replicas, or null when unknown
 * @param minIsr            the topic's {@code min.insync.replicas}, or null when unknown
 * @param markedForDeletion whether the topic is being deleted
 */
public record PartitionDescription(String topic, int partition, Integer leader, List<Integer> replicas,
                                   List<Integer> isr, List<Integer> addingReplicas, List<Integer> removingReplicas,
                                   boolean printElr, List<Integer> elr, List<Integer> lastKnownElr, Integer minIsr,
                                   boolean markedForDeletion) {

    public boolean hasLeader() {
        return leader != null && leader >= 0;
    }

    /** The replication factor without the replicas a reassignment is removing. */
    public int replicationFactor() {
        return replicas.size() - removingReplicas.size();
    }

    public boolean isUnderReplicated() {
        return replicationFactor() - isr.size() > 0;
    }

    public boolean isUnderMinIsr() {
        return !hasLeader() || (minIsr != null && isr.size() < minIsr);
    }

    public boolean isAtMinIsr() {
        return minIsr != null && minIsr == isr.size();
    }

    public boolean hasUnavailablePartitions(Set<Integer> liveBrokers) {
        return !hasLeader() || !liveBrokers.contains(leader);
    }

    public String line() {
        StringBuilder line = new StringBuilder("\tTopic: ").append(topic);
        line.append("\tPartition: ").append(partition);
        line.append("\tLeader: ").append(hasLeader() ? leader.toString() : "none");
        line.append("\tReplicas: ").append(join(replicas));
        line.append("\tIsr: ").append(join(isr));
        if (!addingReplicas.isEmpty()) {
            line.append("\tAdding Replicas: ").append(join(addingReplicas));
        }
        if (!removingReplicas.isEmpty()) {
            line.append("\tRemoving Replicas: ").append(join(removingReplicas));
        }
        if (printElr) {
            line.append("\tElr: ").append(elr == null ? "N/A" : join(elr));
            line.append("\tLastKnownElr: ").append(lastKnownElr == null ? "N/A" : join(lastKnownElr));
        }
        if (markedForDeletion) {
            line.append("\tMarkedForDeletion: true");
        }
        return line.toString();
    }

    private static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
