package io.klassic.broker.controller;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Kafka's leader election rules, as pure functions of a partition's replicas (in preference order), its ISR and
 * which brokers are online:
 * <ul>
 *   <li><b>offline</b> (the leader died, or a new partition): the first replica that is online and in the ISR;
 *       the new ISR is the online part of the old one. Only with unclean leader election enabled, and no ISR member
 *       online, the first online replica, with itself as the ISR (records only it has may be lost);</li>
 *   <li><b>preferred</b>: the first replica, if it is online and in the ISR; the ISR is unchanged;</li>
 *   <li><b>controlled shutdown</b>: the first replica online, in the ISR and not shutting down; the shutting-down
 *       brokers leave the ISR.</li>
 * </ul>
 * Stateless.
 */
public final class PartitionLeaderElection {
    /** A successful election: the new leader and ISR. */
    public record Result(int leader, List<Integer> isr) {
        public Result {
            isr = List.copyOf(isr);
        }
    }

    private PartitionLeaderElection() {
    }

    public static Optional<Result> offline(List<Integer> replicas, List<Integer> isr, IntPredicate online, boolean uncleanEnabled) {
        for (int replica : replicas) {
            if (online.test(replica) && isr.contains(replica)) {
                return Optional.of(new Result(replica, isr.stream().filter(online::test).toList()));
            }
        }
        if (uncleanEnabled) {
            for (int replica : replicas) {
                if (online.test(replica)) {
                    return Optional.of(new Result(replica, List.of(replica)));
                }
            }
        }
        return Optional.empty();
    }

    public static Optional<Result> preferred(List<Integer> replicas, List<Integer> isr, IntPredicate online) {
        if (replicas.isEmpty()) {
            return Optional.empty();
        }
        int preferred = replicas.get(0);
        if (online.test(preferred) && isr.contains(preferred)) {
            return Optional.of(new Result(preferred, isr));
        }
        return Optional.empty();
    }

    public static Optional<Result> controlledShutdown(List<Integer> replicas, List<Integer> isr, IntPredicate online, Set<Integer> shuttingDown) {
        List<Integer> newIsr = isr.stream().filter(r -> !shuttingDown.contains(r)).toList();
        for (int replica : replicas) {
            if (online.test(replica) && newIsr.contains(replica)) {
                return Optional.of(new Result(replica, newIsr));
            }
        }
        return Optional.empty();
    }
}
