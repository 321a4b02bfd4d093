package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.zk.ControllerStore;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.TopicStore;
import io.klassic.zk.Versioned;
import io.klassic.zk.ZkException;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replicas going online and offline:
 * <ul>
 *   <li><b>online</b> (a broker started, or this controller was elected): the broker is sent the leader and ISR of
 *       every partition it hosts, so it becomes leader or follower of each;</li>
 *   <li><b>offline</b> (a broker died, or is shutting down as a follower): the replica leaves the ISR, except that
 *       the ISR never becomes empty (its last member stays, so that it can come back as a clean leader); a partition
 *       whose leader went offline and got no new leader gets leader -1. The state znode is rewritten with a bumped
 *       leader epoch, and the partition's other live replicas are told.</li>
 * </ul>
 * Replica state changes (OnlineReplica, OfflineReplica) go to the state change log. Not thread-safe: the controller's
 * event thread only.
 */
final class ReplicaStateMachine {
    private static final Logger log = LoggerFactory.getLogger(ReplicaStateMachine.class);
    private static final int MAX_ATTEMPTS = 3;

    private final int controllerId;
    private final ControllerContext context;
    private final ControllerStore store;
    private final TopicStore topics;

    ReplicaStateMachine(int controllerId, ControllerContext context, ControllerStore store, TopicStore topics) {
        this.controllerId = controllerId;
        this.context = context;
        this.store = store;
        this.topics = topics;
    }

    /** Sends the brokers the leadership of every partition they host (except those of {@code excludedTopics}). */
    void onReplicasOnline(Collection<Integer> brokers, Set<String> excludedTopics, ControllerBrokerRequestBatch batch) {
        StateChangeLogger stateChangeLog = StateChangeLogger.controller(controllerId, context.epoch());
        for (int broker : brokers) {
            for (TopicPartition tp : context.partitionsOnBroker(broker)) {
                if (!excludedTopics.contains(tp.topic()) && context.leadership(tp).isPresent()) {
                    batch.addLeaderAndIsr(context, List.of(broker), tp, false);
                    stateChangeLog.trace("Changed state of replica {} for partition {} to OnlineReplica", broker, tp);
                }
            }
        }
    }

    /** Takes the replicas of {@code brokers} out of the ISR of {@code partitions}. */
    void onReplicasOffline(Set<Integer> brokers, Collection<TopicPartition> partitions, ControllerBrokerRequestBatch batch) {
        StateChangeLogger stateChangeLog = StateChangeLogger.controller(controllerId, context.epoch());
        if (stateChangeLog.isTraceEnabled()) {
            for (TopicPartition tp : partitions) {
                for (int replica : context.replicas(tp)) {
                    if (brokers.contains(replica)) {
                        stateChangeLog.trace("Changed state of replica {} for partition {} to OfflineReplica", replica, tp);
                    }
                }
            }
        }
        List<TopicPartition> remaining = new ArrayList<>(partitions);
        for (int attempt = 0; attempt < MAX_ATTEMPTS && !remaining.isEmpty(); attempt++) {
            List<TopicPartition> retry = new ArrayList<>();
            for (TopicPartition tp : remaining) {
                Optional<Versioned<LeaderIsrAndControllerEpoch>> current = context.leadership(tp);
                if (current.isEmpty() || current.get().value().controllerEpoch() > context.epoch()) {
                    continue;
                }
                LeaderIsrAndControllerEpoch state = current.get().value();
                List<Integer> isr = state.isr().stream().filter(r -> !brokers.contains(r)).toList();
                if (isr.isEmpty() && !state.isr().isEmpty()) {
                    int keep = state.isr().contains(state.leader()) ? state.leader() : state.isr().get(0);
                    isr = List.of(keep);
                }
                int leader = brokers.contains(state.leader()) ? LeaderIsrAndControllerEpoch.NO_LEADER : state.leader();
                if (isr.equals(state.isr()) && leader == state.leader()) {
                    continue;
                }
                LeaderIsrAndControllerEpoch next = new LeaderIsrAndControllerEpoch(leader, state.leaderEpoch() + 1, isr, context.epoch());
                try {
                    int version = store.updatePartitionState(context.epochZkVersion(), tp.topic(), tp.partition(), next, current.get().zkVersion());
                    context.putLeadership(tp, new Versioned<>(next, version));
                    stateChangeLog.info("Partition {} state changed to (Leader:{},ISR:{},LeaderEpoch:{},ZkVersion:{},ControllerEpoch:{}) after "
                            + "removing replicas {} from the ISR as part of transition to OfflineReplica", tp, leader, isr, next.leaderEpoch(), version,
                            next.controllerEpoch(), brokers);
                    log.info("[Controller id={}] Replicas {} of {} are offline: leader {}, ISR {} (leader epoch {})", controllerId,
                            brokers, tp, leader, isr, next.leaderEpoch());
                    List<Integer> others = context.replicas(tp).stream().filter(r -> !brokers.contains(r)).toList();
                    batch.addLeaderAndIsr(context, others, tp, false);
                } catch (ZkException e) {
                    if (e.code() == KeeperException.Code.BADVERSION) {
                        topics.partitionState(tp.topic(), tp.partition()).ifPresent(fresh -> context.putLeadership(tp, fresh));
                        retry.add(tp);
                    } else if (e.code() != KeeperException.Code.NONODE) {
                        throw e;
                    }
                }
            }
            remaining = retry;
        }
        if (!remaining.isEmpty()) {
            log.warn("[Controller id={}] Could not remove replicas {} from the ISR of {}: their state kept changing.", controllerId, brokers, remaining);
        }
    }
}
