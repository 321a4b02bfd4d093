package io.klassic.tools.topic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses {@code --replica-assignment}: partitions separated by {@code ,}, the replicas of one partition (broker
 * ids, the first is the preferred leader) by {@code :}; {@code 0:1,1:2} gives partition 0 replicas [0, 1] and
 * partition 1 replicas [1, 2]. Every partition must have the same number of distinct replicas.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReplicaAssignmentParser {

    private ReplicaAssignmentParser() {
    }

    /**
     * @return partition → replicas, in partition order
     * @throws NumberFormatException    for a broker id that is not a number
     * @throws IllegalArgumentException for duplicate replicas or partitions of different replication factors,
     *                                  with Apache Kafka's messages
     */
    public static Map<Integer, List<Integer>> parse(String assignment) {
        String[] partitions = assignment.split(",");
        Map<Integer, List<Integer>> result = new LinkedHashMap<>();
        for (int p = 0; p < partitions.length; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (String id : partitions[p].split(":")) {
                replicas.add(Integer.parseInt(id.trim()));
            }
            Set<Integer> duplicates = duplicates(replicas);
            if (!duplicates.isEmpty()) {
                throw new IllegalArgumentException("Partition replica lists may not contain duplicate entries: "
                        + duplicates.stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            result.put(p, replicas);
            if (replicas.size() != result.get(0).size()) {
                throw new IllegalArgumentException("Partition " + p + " has different replication factor: "
                        + replicas);
            }
        }
        return result;
    }

    private static Set<Integer> duplicates(List<Integer> ids) {
        Set<Integer> seen = new LinkedHashSet<>();
        Set<Integer> duplicates = new LinkedHashSet<>();
        for (Integer id : ids) {
            if (!seen.add(id)) {
                duplicates.add(id);
            }
        }
        return duplicates;
    }
}
