package io.klassic.tools.topic;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptionFormatTest {

    private static PartitionDescription partition(Integer leader, List<Integer> replicas, List<Integer> isr,
                                                  boolean printElr, Integer minIsr) {
        return new PartitionDescription("t1", 0, leader, replicas, isr, List.of(), List.of(), printElr, null, null,
                minIsr, false);
    }

    @Test
    void topicLineAsKafkaPrintsIt() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", "compact");
        configs.put("retention.ms", "1000");
        assertEquals("Topic: t1\tTopicId: M2EjgCMgREiFXXwY8UI6-w\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: "
                        + "cleanup.policy=compact,retention.ms=1000",
                new TopicDescription("t1", "M2EjgCMgREiFXXwY8UI6-w", 2, 1, configs, false).line());
        assertEquals("Topic: t1\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: ",
                new TopicDescription("t1", null, 1, 3, Map.of(), false).line());
        assertEquals("Topic: t1\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: \tMarkedForDeletion: true",
                new TopicDescription("t1", null, 1, 3, Map.of(), true).line());
    }

    @Test
    void partitionLineOfKafka39AndOfKafka2() {
        assertEquals("\tTopic: t1\tPartition: 0\tLeader: 0\tReplicas: 0,1\tIsr: 0,1\tElr: N/A\tLastKnownElr: N/A",
                partition(0, List.of(0, 1), List.of(0, 1), true, null).line());
        assertEquals("\tTopic: t1\tPartition: 0\tLeader: none\tReplicas: 2\tIsr: ",
                partition(null, List.of(2), List.of(), false, null).line());
        assertEquals("\tTopic: t1\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1\tAdding Replicas: 3\t"
                        + "Removing Replicas: 2\tElr: 2\tLastKnownElr: \tMarkedForDeletion: true",
                new PartitionDescription("t1", 0, 1, List.of(1, 2, 3), List.of(1), List.of(3), List.of(2), true,
                        List.of(2), List.of(), null, true).line());
    }

    @Test
    void partitionStatesForTheReports() {
        PartitionDescription healthy = partition(0, List.of(0, 1), List.of(0, 1), true, 2);
        assertFalse(healthy.isUnderReplicated());
        assertFalse(healthy.isUnderMinIsr());
        assertTrue(healthy.isAtMinIsr());
        assertFalse(healthy.hasUnavailablePartitions(Set.of(0, 1)));
        assertTrue(healthy.hasUnavailablePartitions(Set.of(1)));

        PartitionDescription shrunk = partition(1, List.of(0, 1), List.of(1), true, 2);
        assertTrue(shrunk.isUnderReplicated());
        assertTrue(shrunk.isUnderMinIsr());
        assertFalse(shrunk.isAtMinIsr());

        PartitionDescription leaderless = partition(null, List.of(0), List.of(), true, null);
        assertTrue(leaderless.isUnderMinIsr());
        assertTrue(leaderless.hasUnavailablePartitions(Set.of(0)));
        assertFalse(partition(-1, List.of(0), List.of(), true, null).hasLeader());
    }
}
