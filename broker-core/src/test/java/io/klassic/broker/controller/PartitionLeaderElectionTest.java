package io.klassic.broker.controller;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Kafka's election rules: from the ISR in replica order; unclean only when enabled; preferred; controlled shutdown. */
class PartitionLeaderElectionTest {
    private static IntPredicate online(Integer... brokers) {
        Set<Integer> set = Set.of(brokers);
        return set::contains;
    }

    @Test
    void offlineElectionPicksTheFirstOnlineReplicaInTheIsr() {
        assertEquals(Optional.of(new PartitionLeaderElection.Result(2, List.of(3, 2))),
                PartitionLeaderElection.offline(List.of(1, 2, 3), List.of(3, 1, 2), online(2, 3), false), "replica order picks, the ISR keeps its order");
        assertEquals(Optional.empty(), PartitionLeaderElection.offline(List.of(1, 2, 3), List.of(1), online(2, 3), false),
                "no online ISR member and unclean election off");
        assertEquals(Optional.of(new PartitionLeaderElection.Result(2, List.of(2))),
                PartitionLeaderElection.offline(List.of(1, 2, 3), List.of(1), online(2, 3), true), "unclean: first online replica alone");
        assertEquals(Optional.empty(), PartitionLeaderElection.offline(List.of(1, 2), List.of(1), online(), true));
    }

    @Test
    void preferredElectionNeedsThePreferredReplicaOnlineAndInSync() {
        assertEquals(Optional.of(new PartitionLeaderElection.Result(1, List.of(2, 1))),
                PartitionLeaderElection.preferred(List.of(1, 2), List.of(2, 1), online(1, 2)));
        assertEquals(Optional.empty(), PartitionLeaderElection.preferred(List.of(1, 2), List.of(2), online(1, 2)));
        assertEquals(Optional.empty(), PartitionLeaderElection.preferred(List.of(1, 2), List.of(2, 1), online(2)));
    }

    @Test
    void controlledShutdownElectionSkipsAndRemovesShuttingDownBrokers() {
        assertEquals(Optional.of(new PartitionLeaderElection.Result(3, List.of(2, 3))),
                PartitionLeaderElection.controlledShutdown(List.of(1, 2, 3), List.of(1, 2, 3), online(1, 3), Set.of(1)),
                "the first live ISR member that is not shutting down; only shutting-down brokers leave the ISR");
        assertEquals(Optional.empty(), PartitionLeaderElection.controlledShutdown(List.of(1, 2), List.of(1), online(1, 2), Set.of(1)));
    }
}
