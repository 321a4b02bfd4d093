package io.klassic.tools.topic;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplicaPlacementTest {

    /** Apache Kafka's documented example: 5 brokers, 10 partitions, replication factor 3, start index 0. */
    @Test
    void placesReplicasRoundRobinWithAGrowingFollowerShift() {
        Map<Integer, List<Integer>> a = ReplicaPlacement.assignReplicasToBrokers(List.of(0, 1, 2, 3, 4), 10, 3, 0, 0, 0);
        assertEquals(Map.of(
                0, List.of(0, 1, 2), 1, List.of(1, 2, 3), 2, List.of(2, 3, 4), 3, List.of(3, 4, 0), 4, List.of(4, 0, 1),
                5, List.of(0, 2, 3), 6, List.of(1, 3, 4), 7, List.of(2, 4, 0), 8, List.of(3, 0, 1), 9, List.of(4, 1, 2)),
                a);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), List.copyOf(a.keySet()));
    }

    @Test
    void brokerIdsAreUsedInIdOrderWhateverTheirValues() {
        Map<Integer, List<Integer>> a = ReplicaPlacement.assignReplicasToBrokers(List.of(12, 5, 7), 3, 2, 1, 0, 0);
        assertEquals(Map.of(0, List.of(7, 12), 1, List.of(12, 5), 2, List.of(5, 7)), a);
    }

    @Test
    void continuesFromAStartPartitionForAddedPartitions() {
        Map<Integer, List<Integer>> a = ReplicaPlacement.assignReplicasToBrokers(List.of(0, 1), 2, 1, 0, 0, 2);
        assertEquals(Map.of(2, List.of(0), 3, List.of(1)), a);
    }

    @Test
    void randomPlacementsAreValid() {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            Map<Integer, List<Integer>> a = ReplicaPlacement.assignReplicasToBrokers(List.of(1, 2, 3, 4), 7, 3, random);
            assertEquals(7, a.size());
            a.values().forEach(r -> {
                assertEquals(3, r.size());
                assertEquals(3, new HashSet<>(r).size());
            });
        }
    }

    @Test
    void rejectsImpossiblePlacementsWithKafkasMessages() {
        assertEquals("Replication factor: 3 larger than available brokers: 1.",
                assertThrows(IllegalArgumentException.class,
                        () -> ReplicaPlacement.assignReplicasToBrokers(List.of(0), 1, 3, 0, 0, 0)).getMessage());
        assertEquals("Number of partitions must be larger than 0.", assertThrows(IllegalArgumentException.class,
                () -> ReplicaPlacement.assignReplicasToBrokers(List.of(0), 0, 1, 0, 0, 0)).getMessage());
        assertEquals("Replication factor must be larger than 0.", assertThrows(IllegalArgumentException.class,
                () -> ReplicaPlacement.assignReplicasToBrokers(List.of(0), 1, 0, 0, 0, 0)).getMessage());
    }
}
