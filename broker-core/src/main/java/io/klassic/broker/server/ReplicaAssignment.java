package io.klassic.broker.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Kafka's replica placement for a new topic (without racks): partition {@code p}'s first replica is broker
 * {@code (start + p) % n}, starting at a random broker; its followers follow at a shift that grows by one every
 * {@code n} partitions (also from a random start), so leaders and followers spread evenly. Stateless.
 */
public final class ReplicaAssignment {
    private ReplicaAssignment() {
    }

    public static Map<Integer, List<Integer>> assign(List<Integer> sortedBrokerIds, int partitions, int replicationFactor, Random random) {
        int n = sortedBrokerIds.size();
        if (replicationFactor > n) {
            throw new IllegalArgumentException("Replication factor: " + replicationFactor + " larger than available brokers: " + n + ".");
        }
        Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
        int startIndex = random.nextInt(n);
        int nextReplicaShift = random.nextInt(n);
        int currentPartition = 0;
        for (int p = 0; p < partitions; p++) {
            if (currentPartition > 0 && currentPartition % n == 0) {
                nextReplicaShift++;
            }
            int firstReplicaIndex = (currentPartition + startIndex) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(sortedBrokerIds.get(firstReplicaIndex));
            for (int j = 0; j < replicationFactor - 1; j++) {
                replicas.add(sortedBrokerIds.get(replicaIndex(firstReplicaIndex, nextReplicaShift, j, n)));
            }
            assignment.put(currentPartition, replicas);
            currentPartition++;
        }
        return assignment;
    }

    private static int replicaIndex(int firstReplicaIndex, int secondReplicaShift, int replicaIndex, int n) {
        int shift = 1 + (secondReplicaShift + replicaIndex) % (n - 1);
        return (firstReplicaIndex + shift) % n;
    }
}
