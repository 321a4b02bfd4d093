package io.klassic.zk;

import java.util.List;

/**
 * A partition's leadership as held by {@code /brokers/topics/<t>/partitions/<p>/state}: the leader broker
 * ({@code -1} for none), the leader epoch (bumped on every leader change), the in-sync replicas and the
 * epoch of the controller that wrote it.
 *
 * <p>Immutable and thread-safe.
 */
public record LeaderIsrAndControllerEpoch(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {

    /** Kafka's {@code LeaderAndIsr.NoLeader}. */
    public static final int NO_LEADER = -1;

    public LeaderIsrAndControllerEpoch {
        isr = List.copyOf(isr);
    }
}
