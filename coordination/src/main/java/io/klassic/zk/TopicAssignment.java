package io.klassic.zk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replica assignment of a topic as held by {@code /brokers/topics/<topic>}: partition → replica broker
 * ids (the first is the preferred leader), plus the replicas being added or removed by a reassignment.
 *
 * <p>Immutable and thread-safe.
 *
 * @param partitions       partition → replicas, sorted by partition
 * @param addingReplicas   partition → replicas being added (usually empty)
 * @param removingReplicas partition → replicas being removed (usually empty)
 * @param topicId          Kafka's topic id (22 base64url characters) if the znode has one (version 3), or null
 */
public record TopicAssignment(Map<Integer, List<Integer>> partitions, Map<Integer, List<Integer>> addingReplicas,
                              Map<Integer, List<Integer>> removingReplicas, String topicId) {

    public TopicAssignment {
        partitions = copy(partitions);
        addingReplicas = copy(addingReplicas);
        removingReplicas = copy(removingReplicas);
    }

    /** An assignment with no reassignment in progress and no topic id. */
    public static TopicAssignment of(Map<Integer, List<Integer>> partitions) {
        return new TopicAssignment(partitions, Map.of(), Map.of(), null);
    }

    private static Map<Integer, List<Integer>> copy(Map<Integer, List<Integer>> map) {
        TreeMap<Integer, List<Integer>> sorted = new TreeMap<>();
        map.forEach((p, r) -> sorted.put(p, List.copyOf(r)));
        return Collections.unmodifiableMap(sorted);
    }
}
