package io.klassic.zk;


import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's replica placement for new partitions. Without racks, partition {@code p}'s first replica is broker
 * {@code (start + p) % n} of the sorted broker list, starting at a random broker; its followers follow at a shift
 * that grows by one every {@code n} partitions (also from a random start), so leaders and followers spread evenly.
 * When every broker has a {@code broker.rack}, the same walk runs over a list that alternates racks, and a follower
 * is skipped while its rack (or broker) already holds a replica of the partition, unless every rack (broker) does.
 * Partitions added to an existing topic continue its walk: the start is the first replica of partition 0.
 * The broker's controller path (CreateTopics, CreatePartitions, auto-creation) and {@code kafka-topics.sh --zookeeper}
 * both place replicas here. Stateless; thread-safe.
 */
public final class ReplicaAssignment {
    private ReplicaAssignment() {
    }

    public static Map<Integer, List<Integer>> assign(List<Integer> sortedBrokerIds, int partitions, int replicationFactor, Random random) {
        return assign(sortedBrokerIds, partitions, replicationFactor, random, -1, 0);
    }

    /**
     * Places {@code partitions} partitions numbered from {@code startPartitionId}, without racks.
     *
     * @param fixedStartIndex the index of the first broker to place on, or -1 for a random one
     */
    public static Map<Integer, List<Integer>> assign(List<Integer> sortedBrokerIds, int partitions, int replicationFactor, Random random,
                                                     int fixedStartIndex, int startPartitionId) {
        int n = sortedBrokerIds.size();
        validate(partitions, replicationFactor, n);
        Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
        int startIndex = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(n);
        int nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(n);
        int currentPartition = Math.max(startPartitionId, 0);
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

    /**
     * Places partitions over brokers: rack-aware when every broker has a rack, plain when none has.
     *
     * @throws IllegalArgumentException when only some brokers have a rack, or the replication factor is too large
     */
    public static Map<Integer, List<Integer>> assignToBrokers(List<BrokerInfo> brokers, int partitions, int replicationFactor, Random random,
                                                     int fixedStartBrokerId, int startPartitionId) {
        List<Integer> sortedIds = brokers.stream().map(BrokerInfo::id).sorted().toList();
        long withRack = brokers.stream().filter(b -> b.rack() != null).count();
        if (withRack == 0) {
            int start = -1;
            if (fixedStartBrokerId >= 0) {
                start = 0;
                for (int i = 0; i < sortedIds.size(); i++) {
                    if (sortedIds.get(i) >= fixedStartBrokerId) {
                        start = i;
                        break;
                    }
                }
            }
            return assign(sortedIds, partitions, replicationFactor, random, start, startPartitionId);
        }
        if (withRack != brokers.size()) {
            throw new IllegalArgumentException("Not all brokers have rack information for replica rack aware assignment.");
        }
        Map<Integer, String> rackOf = new TreeMap<>();
        brokers.forEach(b -> rackOf.put(b.id(), b.rack()));
        List<Integer> arranged = rackAlternatedBrokerList(rackOf);
        int start = fixedStartBrokerId < 0 ? -1 : Math.max(0, arranged.indexOf(fixedStartBrokerId));
        return assignRackAware(rackOf, arranged, partitions, replicationFactor, random, start, startPartitionId);
    }

    private static Map<Integer, List<Integer>> assignRackAware(Map<Integer, String> rackOf, List<Integer> arranged, int partitions,
                                                               int replicationFactor, Random random, int fixedStartIndex, int startPartitionId) {
        int numBrokers = arranged.size();
        int numRacks = new HashSet<>(rackOf.values()).size();
        validate(partitions, replicationFactor, numBrokers);
        Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
        int startIndex = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(numBrokers);
        int nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(numBrokers);
        int currentPartition = Math.max(startPartitionId, 0);
        for (int p = 0; p < partitions; p++) {
            if (currentPartition > 0 && currentPartition % numBrokers == 0) {
                nextReplicaShift++;
            }
            int firstReplicaIndex = (currentPartition + startIndex) % numBrokers;
            int leader = arranged.get(firstReplicaIndex);
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(leader);
            Set<String> racksWithReplicas = new HashSet<>(Set.of(rackOf.get(leader)));
            Set<Integer> brokersWithReplicas = new HashSet<>(Set.of(leader));
            int k = 0;
            for (int r = 0; r < replicationFactor - 1; r++) {
                while (true) {
                    int broker = arranged.get(replicaIndex(firstReplicaIndex, nextReplicaShift * numRacks, k, numBrokers));
                    String rack = rackOf.get(broker);
                    k++;
                    if ((!racksWithReplicas.contains(rack) || racksWithReplicas.size() == numRacks)
                            && (!brokersWithReplicas.contains(broker) || brokersWithReplicas.size() == numBrokers)) {
                        replicas.add(broker);
                        racksWithReplicas.add(rack);
                        brokersWithReplicas.add(broker);
                        break;
                    }
                }
            }
            assignment.put(currentPartition, replicas);
            currentPartition++;
        }
        return assignment;
    }

    /** The brokers ordered so that racks alternate: the first of each rack (racks sorted), then the second, ... */
    static List<Integer> rackAlternatedBrokerList(Map<Integer, String> rackOf) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        rackOf.forEach((broker, rack) -> byRack.computeIfAbsent(rack, r -> new ArrayList<>()).add(broker));
        List<Iterator<Integer>> iterators = new ArrayList<>();
        byRack.values().forEach(list -> iterators.add(list.stream().sorted().iterator()));
        List<Integer> result = new ArrayList<>();
        int rackIndex = 0;
        while (result.size() < rackOf.size()) {
            Iterator<Integer> it = iterators.get(rackIndex);
            if (it.hasNext()) {
                result.add(it.next());
            }
            rackIndex = (rackIndex + 1) % iterators.size();
        }
        return result;
    }

    /** Apache Kafka's checks, with its messages. */
    private static void validate(int partitions, int replicationFactor, int brokers) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("Number of partitions must be larger than 0.");
        }
        if (replicationFactor <= 0) {
            throw new IllegalArgumentException("Replication factor must be larger than 0.");
        }
        if (replicationFactor > brokers) {
            throw new IllegalArgumentException("Replication factor: " + replicationFactor + " larger than available brokers: " + brokers + ".");
        }
    }

    private static int replicaIndex(int firstReplicaIndex, int secondReplicaShift, int replicaIndex, int n) {
        int shift = 1 + (secondReplicaShift + replicaIndex) % (n - 1);
        return (firstReplicaIndex + shift) % n;
    }
}
