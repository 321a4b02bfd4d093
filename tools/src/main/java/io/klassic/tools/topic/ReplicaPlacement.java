package io.klassic.tools.topic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Places the replicas of a new topic's partitions on brokers as Apache Kafka does without racks, so that
 * leaders and followers spread evenly:
 *
 * <ul>
 *   <li>brokers are taken in id order; the first replica of partition {@code p} is broker
 *       {@code (p + startIndex) % n};</li>
 *   <li>the other replicas follow it at a distance of {@code 1 + (shift + j) % (n - 1)} brokers for the
 *       {@code j}-th follower, so no broker holds two replicas of a partition;</li>
 *   <li>{@code shift} grows by one each time the partition number passes a multiple of {@code n}, so that the
 *       followers of a broker's leaders do not always land on the same brokers;</li>
 *   <li>{@code startIndex} and the initial {@code shift} are random unless fixed, so that topics do not all
 *       start on the same broker.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe (the random source is only read).
 */
public final class ReplicaPlacement {

    private ReplicaPlacement() {
    }

    /** A placement with a random start index and shift. */
    public static Map<Integer, List<Integer>> assignReplicasToBrokers(List<Integer> brokerIds, int partitions,
                                                                      int replicationFactor, Random random) {
        int n = Math.max(1, brokerIds.size());
        return assignReplicasToBrokers(brokerIds, partitions, replicationFactor, random.nextInt(n),
                random.nextInt(n), 0);
    }

    /**
     * Assigns partitions {@code startPartitionId .. startPartitionId + partitions - 1}.
     *
     * @param brokerIds         the live brokers (any order)
     * @param fixedStartIndex   index (in id order) of the broker that gets the first partition's first replica
     * @param fixedReplicaShift the initial follower shift
     * @return partition → replicas, in partition order
     * @throws IllegalArgumentException with Apache Kafka's messages, for no partitions, a replication factor
     *                                  below 1 or above the number of brokers
     */
    public static Map<Integer, List<Integer>> assignReplicasToBrokers(List<Integer> brokerIds, int partitions,
                                                                      int replicationFactor, int fixedStartIndex,
                                                                      int fixedReplicaShift, int startPartitionId) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("Number of partitions must be larger than 0.");
        }
        if (replicationFactor <= 0) {
            throw new IllegalArgumentException("Replication factor must be larger than 0.");
        }
        if (replicationFactor > brokerIds.size()) {
            throw new IllegalArgumentException("Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokerIds.size() + ".");
        }
        List<Integer> brokers = new ArrayList<>(brokerIds);
        brokers.sort(null);
        int n = brokers.size();
        int startIndex = fixedStartIndex;
        int shift = fixedReplicaShift;
        int partition = Math.max(0, startPartitionId);
        Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
        for (int i = 0; i < partitions; i++, partition++) {
            if (partition > 0 && partition % n == 0) {
                shift++;
            }
            int first = (partition + startIndex) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(brokers.get(first));
            for (int j = 0; j < replicationFactor - 1; j++) {
                replicas.add(brokers.get(followerIndex(first, shift, j, n)));
            }
            assignment.put(partition, replicas);
        }
        return assignment;
    }

    private static int followerIndex(int first, int shift, int follower, int n) {
        int distance = 1 + (shift + follower) % (n - 1);
        return (first + distance) % n;
    }
}
