package io.klassic.tools.topic;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplicaAssignmentParserTest {

    @Test
    void parsesPartitionsAndReplicasInOrder() {
        Map<Integer, List<Integer>> a = ReplicaAssignmentParser.parse("0:1, 1 : 2,2:0");
        assertEquals(Map.of(0, List.of(0, 1), 1, List.of(1, 2), 2, List.of(2, 0)), a);
        assertEquals(List.of(0, 1, 2), List.copyOf(a.keySet()));
        assertEquals(Map.of(0, List.of(5)), ReplicaAssignmentParser.parse("5"));
    }

    @Test
    void rejectsBadAssignmentsWithKafkasMessages() {
        assertEquals("Partition replica lists may not contain duplicate entries: 0",
                assertThrows(IllegalArgumentException.class, () -> ReplicaAssignmentParser.parse("0:0")).getMessage());
        assertEquals("Partition 1 has different replication factor: [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> ReplicaAssignmentParser.parse("0,0:1")).getMessage());
        assertEquals("For input string: \"x\"",
                assertThrows(NumberFormatException.class, () -> ReplicaAssignmentParser.parse("0,x")).getMessage());
    }
}
