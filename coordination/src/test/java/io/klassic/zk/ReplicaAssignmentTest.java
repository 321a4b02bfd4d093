package io.klassic.zk;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Kafka's replica placement: leaders spread evenly, distinct replicas, racks covered, partitions added continue the walk. */
class ReplicaAssignmentTest {
    private static BrokerInfo broker(int id, String rack) {
        return new BrokerInfo(id, "h", 9000 + id, List.of("PLAINTEXT://h:" + (9000 + id)), rack);
    }

    @Test
    void withoutRacksLeadersAndReplicasSpreadEvenly() {
        for (long seed = 0; seed < 20; seed++) {
            Map<Integer, List<Integer>> assignment = ReplicaAssignment.assignToBrokers(
                    List.of(broker(0, null), broker(1, null), broker(2, null)), 6, 3, new Random(seed), -1, 0);
            assertEquals(6, assignment.size());
            Map<Integer, Integer> leaders = new HashMap<>();
            for (List<Integer> replicas : assignment.values()) {
                assertEquals(3, new HashSet<>(replicas).size(), "distinct replicas " + replicas);
                leaders.merge(replicas.get(0), 1, Integer::sum);
            }
            assertEquals(Map.of(0, 2, 1, 2, 2, 2), leaders);
        }
    }

    @Test
    void withRacksEveryPartitionCoversEveryRack() {
        List<BrokerInfo> brokers = List.of(broker(0, "a"), broker(1, "a"), broker(2, "b"), broker(3, "b"), broker(4, "c"), broker(5, "c"));
        for (long seed = 0; seed < 20; seed++) {
            Map<Integer, List<Integer>> assignment = ReplicaAssignment.assignToBrokers(brokers, 12, 3, new Random(seed), -1, 0);
            for (List<Integer> replicas : assignment.values()) {
                Set<String> racks = new HashSet<>();
                replicas.forEach(r -> racks.add(brokers.get(r).rack()));
                assertEquals(Set.of("a", "b", "c"), racks, "replicas " + replicas + " cover every rack");
            }
        }
        assertEquals(List.of(0, 2, 4, 1, 3, 5), ReplicaAssignment.rackAlternatedBrokerList(Map.of(0, "a", 1, "a", 2, "b", 3, "b", 4, "c", 5, "c")));
    }

    @Test
    void someBrokersWithoutRackIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplicaAssignment.assignToBrokers(List.of(broker(0, "a"), broker(1, null)), 1, 1, new Random(), -1, 0));
        assertEquals("Not all brokers have rack information for replica rack aware assignment.", e.getMessage());
    }

    @Test
    void addedPartitionsContinueFromPartitionZero() {
        List<BrokerInfo> brokers = IntStream.range(0, 3).mapToObj(i -> broker(i, null)).toList();
        Map<Integer, List<Integer>> added = ReplicaAssignment.assignToBrokers(brokers, 2, 2, new Random(1), 1, 3);
        assertEquals(Set.of(3, 4), added.keySet());
        // The walk starts at partition 0's first replica (broker 1): partition 3 leads on (3 + 1) % 3 = 1, partition 4 on 2.
        assertEquals(1, added.get(3).get(0));
        assertEquals(2, added.get(4).get(0));
    }

    /** Apache Kafka's documented example: 5 brokers, 10 partitions, replication factor 3, start index 0. */
    @Test
    void placesReplicasRoundRobinWithAGrowingFollowerShift() {
        Map<Integer, List<Integer>> a = ReplicaAssignment.assign(List.of(0, 1, 2, 3, 4), 10, 3, new Random(), 0, 0);
        assertEquals(Map.of(
                0, List.of(0, 1, 2), 1, List.of(1, 2, 3), 2, List.of(2, 3, 4), 3, List.of(3, 4, 0), 4, List.of(4, 0, 1),
                5, List.of(0, 2, 3), 6, List.of(1, 3, 4), 7, List.of(2, 4, 0), 8, List.of(3, 0, 1), 9, List.of(4, 1, 2)),
                a);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), List.copyOf(a.keySet()));
    }

    @Test
    void brokerIdsAreUsedInIdOrderWhateverTheirValues() {
        Map<Integer, List<Integer>> a = ReplicaAssignment.assignToBrokers(
                List.of(broker(12, null), broker(5, null), broker(7, null)), 3, 2, new Random(), 7, 0);
        // sorted 5, 7, 12; the walk starts at 7, and a fixed start fixes the follower shift too (as in Kafka)
        assertEquals(Map.of(0, List.of(7, 5), 1, List.of(12, 7), 2, List.of(5, 12)), a);
    }

    @Test
    void rejectsImpossiblePlacementsWithKafkasMessages() {
        assertEquals("Replication factor: 3 larger than available brokers: 1.", assertThrows(IllegalArgumentException.class,
                () -> ReplicaAssignment.assign(List.of(0), 1, 3, new Random(), 0, 0)).getMessage());
        assertEquals("Number of partitions must be larger than 0.", assertThrows(IllegalArgumentException.class,
                () -> ReplicaAssignment.assign(List.of(0), 0, 1, new Random(), 0, 0)).getMessage());
        assertEquals("Replication factor must be larger than 0.", assertThrows(IllegalArgumentException.class,
                () -> ReplicaAssignment.assign(List.of(0), 1, 0, new Random(), 0, 0)).getMessage());
        assertEquals("Replication factor: 3 larger than available brokers: 2.", assertThrows(IllegalArgumentException.class,
                () -> ReplicaAssignment.assignToBrokers(List.of(broker(0, "a"), broker(1, "b")), 1, 3, new Random(), -1, 0)).getMessage());
    }
}
