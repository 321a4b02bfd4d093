package io.klassic.zk;

import java.util.Set;

/**
 * {@code /admin/preferred_replica_election}: a request (written by the old
 * {@code kafka-preferred-replica-election.sh --zookeeper}) that the controller move the leadership of the listed
 * partitions back to their preferred (first) replica; the controller deletes it when done:
 *
 * <pre>
 * {"version":1,"partitions":[{"topic":"t","partition":0}]}
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PreferredReplicaElectionZNode {

    public static final String PATH = "/admin/preferred_replica_election";

    private PreferredReplicaElectionZNode() {
    }

    public static byte[] encode(Set<TopicAndPartition> partitions) {
        return PartitionListJson.encode(partitions);
    }

    public static Set<TopicAndPartition> decode(byte[] data) {
        return PartitionListJson.decode(data, PATH);
    }
}
