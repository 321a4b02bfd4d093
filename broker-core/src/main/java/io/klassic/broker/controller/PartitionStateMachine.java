package io.klassic.broker.controller;

import io.klassic.broker.metrics.Meter;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The state of every partition as the controller sees it, and the transitions that elect leaders:
 * <pre>
 *   NEW ──initializeLeaders──▶ ONLINE ◀──electLeaders──▶ OFFLINE ──(topic deleted)──▶ NON_EXISTENT
 * </pre>
 * A new partition's leader is its first online replica and its ISR its online replicas (leader epoch 0, the state
 * znode created). Every later election bumps the leader epoch and rewrites the state znode conditionally on its
 * version (a leader may have changed the ISR meanwhile: then the state is read again and the election redone),
 * fenced by the controller epoch. Each change queues LeaderAndIsr for the partition's live replicas and
 * UpdateMetadata for every live broker in the batch. Each transition goes to the state change log under Kafka's state
 * names (NewPartition, OnlinePartition, OfflinePartition, NonExistentPartition). Not thread-safe: the controller's
 * event thread only.
 */
final class PartitionStateMachine {
    private static final Logger log = LoggerFactory.getLogger(PartitionStateMachine.class);
    private static final int MAX_ATTEMPTS = 3;

    enum State {
        NEW("NewPartition"), ONLINE("OnlinePartition"), OFFLINE("OfflinePartition"), NON_EXISTENT("NonExistentPartition");

        private final String kafkaName;

        State(String kafkaName) {
            this.kafkaName = kafkaName;
        }

        @Override
        public String toString() {
            return kafkaName;
        }
    }

    enum Election { OFFLINE, PREFERRED, CONTROLLED_SHUTDOWN }

    private final int controllerId;
    private final ControllerContext context;
    private final ControllerStore store;
    private final TopicStore topics;
    private final Predicate<String> uncleanLeaderElectionEnabled;
    private final Meter uncleanLeaderElections;
    private final Map<TopicPartition, State> states = new HashMap<>();

    PartitionStateMachine(int controllerId, ControllerContext context, ControllerStore store, TopicStore topics,
                          Predicate<String> uncleanLeaderElectionEnabled, Meter uncleanLeaderElections) {
        this.controllerId = controllerId;
        this.context = context;
        this.store = store;
        this.topics = topics;
        this.uncleanLeaderElectionEnabled = uncleanLeaderElectionEnabled;
        this.uncleanLeaderElections = uncleanLeaderElections;
    }

    private StateChangeLogger stateChangeLog() {
        return StateChangeLogger.controller(controllerId, context.epoch());
    }

    /** A partition state as Kafka's state change log shows a LeaderAndIsr. */
    static String describe(LeaderIsrAndControllerEpoch state, int zkVersion) {
        return "LeaderAndIsr(leader=" + state.leader() + ", leaderEpoch=" + state.leaderEpoch() + ", isr=" + state.isr()
                + ", partitionEpoch=" + zkVersion + ")";
    }

    /** Derives every partition's state from the context: no leadership yet is NEW, a live leader ONLINE. */
    void initialize() {
        states.clear();
        for (TopicPartition tp : context.allPartitions()) {
            Optional<Versioned<LeaderIsrAndControllerEpoch>> leadership = context.leadership(tp);
            if (leadership.isEmpty()) {
                states.put(tp, State.NEW);
            } else if (context.isReplicaOnline(leadership.get().value().leader())
                    || context.shuttingDownBrokers().contains(leadership.get().value().leader())) {
                states.put(tp, State.ONLINE);
            } else {
                states.put(tp, State.OFFLINE);
            }
        }
    }

    void clear() {
        states.clear();
    }

    State state(TopicPartition tp) {
        return states.getOrDefault(tp, State.NON_EXISTENT);
    }

    void markNew(Collection<TopicPartition> partitions) {
        StateChangeLogger stateChangeLog = stateChangeLog();
        for (TopicPartition tp : partitions) {
            stateChangeLog.info("Changed partition {} state from {} to {} with assigned replicas {}", tp, state(tp), State.NEW,
                    joined(context.replicas(tp)));
            states.put(tp, State.NEW);
        }
    }

    void markOffline(Collection<TopicPartition> partitions) {
        StateChangeLogger stateChangeLog = stateChangeLog();
        for (TopicPartition tp : partitions) {
            if (states.containsKey(tp)) {
                stateChangeLog.trace("Changed partition {} state from {} to {}", tp, states.get(tp), State.OFFLINE);
                states.put(tp, State.OFFLINE);
            }
        }
    }

    void remove(Collection<TopicPartition> partitions) {
        StateChangeLogger stateChangeLog = stateChangeLog();
        for (TopicPartition tp : partitions) {
            State previous = states.remove(tp);
            if (previous != null) {
                stateChangeLog.trace("Changed partition {} state from {} to {}", tp, previous, State.NON_EXISTENT);
            }
        }
    }

    private static String joined(List<Integer> replicas) {
        StringBuilder sb = new StringBuilder();
        for (int replica : replicas) {
            sb.append(sb.length() == 0 ? "" : ",").append(replica);
        }
        return sb.toString();
    }

    /** Elects leaders for every NEW or OFFLINE partition except those of {@code excludedTopics}. */
    void triggerOnlinePartitionStateChange(Set<String> excludedTopics, ControllerBrokerRequestBatch batch) {
        List<TopicPartition> fresh = new ArrayList<>();
        List<TopicPartition> offline = new ArrayList<>();
        for (Map.Entry<TopicPartition, State> entry : states.entrySet()) {
            if (excludedTopics.contains(entry.getKey().topic())) {
                continue;
            }
            if (entry.getValue() == State.NEW) {
                fresh.add(entry.getKey());
            } else if (entry.getValue() == State.OFFLINE) {
                offline.add(entry.getKey());
            }
        }
        if (!fresh.isEmpty()) {
            initializeLeaders(fresh, batch);
        }
        if (!offline.isEmpty()) {
            Set<TopicPartition> failed = electLeaders(offline, Election.OFFLINE, batch);
            if (!failed.isEmpty()) {
                log.warn("[Controller id={}] No leader could be elected for {} partitions (no in-sync replica is online): {}",
                        controllerId, failed.size(), failed);
            }
        }
    }

    /** NEW → ONLINE: creates the state znodes with the first online replica as leader. */
    void initializeLeaders(Collection<TopicPartition> partitions, ControllerBrokerRequestBatch batch) {
        StateChangeLogger stateChangeLog = stateChangeLog();
        Map<String, Map<Integer, LeaderIsrAndControllerEpoch>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            states.putIfAbsent(tp, State.NEW);
            List<Integer> replicas = context.replicas(tp);
            List<Integer> online = replicas.stream().filter(context::isReplicaOnline).toList();
            if (online.isEmpty()) {
                log.error("[Controller id={}] Cannot start partition {}: none of its replicas {} is online.", controllerId, tp, replicas);
                stateChangeLog.error("Controller {} epoch {} failed to change state for partition {} from {} to {}: none of its assigned "
                        + "replicas [{}] is alive (live brokers {})", controllerId, context.epoch(), tp, states.get(tp), State.ONLINE,
                        joined(replicas), context.liveBrokerIds());
                continue;
            }
            byTopic.computeIfAbsent(tp.topic(), t -> new LinkedHashMap<>())
                    .put(tp.partition(), new LeaderIsrAndControllerEpoch(online.get(0), 0, online, context.epoch()));
        }
        for (Map.Entry<String, Map<Integer, LeaderIsrAndControllerEpoch>> entry : byTopic.entrySet()) {
            String topic = entry.getKey();
            Map<Integer, Integer> created = store.createPartitionStates(context.epochZkVersion(), topic, entry.getValue());
            for (Map.Entry<Integer, LeaderIsrAndControllerEpoch> p : entry.getValue().entrySet()) {
                TopicPartition tp = new TopicPartition(topic, p.getKey());
                Integer version = created.get(p.getKey());
                State previous = state(tp);
                if (version != null) {
                    context.putLeadership(tp, new Versioned<>(p.getValue(), version));
                    states.put(tp, State.ONLINE);
                    stateChangeLog.info("Changed partition {} from {} to {} with state {}", tp, previous, State.ONLINE, describe(p.getValue(), version));
                } else {
                    // The state exists (written by an earlier controller): adopt it.
                    Optional<Versioned<LeaderIsrAndControllerEpoch>> existing = topics.partitionState(topic, p.getKey());
                    if (existing.isEmpty()) {
                        continue;
                    }
                    context.putLeadership(tp, existing.get());
                    State next = context.isReplicaOnline(existing.get().value().leader()) ? State.ONLINE : State.OFFLINE;
                    states.put(tp, next);
                    stateChangeLog.info("Changed partition {} from {} to {} with state {} (the state written by an earlier controller)", tp, previous,
                            next, describe(existing.get().value(), existing.get().zkVersion()));
                }
                batch.addLeaderAndIsr(context, context.replicas(tp), tp, true);
            }
        }
    }

    /**
     * Elects new leaders with the given rule, writing each new state znode.
     *
     * @return the partitions for which no leader could be elected (they keep their state)
     */
    Set<TopicPartition> electLeaders(Collection<TopicPartition> partitions, Election election, ControllerBrokerRequestBatch batch) {
        StateChangeLogger stateChangeLog = stateChangeLog();
        Set<TopicPartition> failed = new HashSet<>();
        List<TopicPartition> remaining = new ArrayList<>(partitions);
        for (int attempt = 0; attempt < MAX_ATTEMPTS && !remaining.isEmpty(); attempt++) {
            List<TopicPartition> retry = new ArrayList<>();
            for (TopicPartition tp : remaining) {
                Optional<Versioned<LeaderIsrAndControllerEpoch>> current = context.leadership(tp);
                if (current.isEmpty()) {
                    failed.add(tp);
                    continue;
                }
                LeaderIsrAndControllerEpoch state = current.get().value();
                if (state.controllerEpoch() > context.epoch()) {
                    log.warn("[Controller id={}] Not electing a leader for {}: its state was written by a newer controller (epoch {}).",
                            controllerId, tp, state.controllerEpoch());
                    failed.add(tp);
                    continue;
                }
                Optional<PartitionLeaderElection.Result> result = elect(tp, state, election);
                if (result.isEmpty()) {
                    failed.add(tp);
                    continue;
                }
                if (election == Election.PREFERRED && result.get().leader() == state.leader()) {
                    continue;
                }
                LeaderIsrAndControllerEpoch next = new LeaderIsrAndControllerEpoch(result.get().leader(), state.leaderEpoch() + 1,
                        result.get().isr(), context.epoch());
                try {
                    int version = store.updatePartitionState(context.epochZkVersion(), tp.topic(), tp.partition(), next, current.get().zkVersion());
                    context.putLeadership(tp, new Versioned<>(next, version));
                    State previous = state(tp);
                    states.put(tp, State.ONLINE);
                    stateChangeLog.info("Changed partition {} from {} to {} with state {}", tp, previous, State.ONLINE, describe(next, version));
                    if (!state.isr().contains(next.leader())) {
                        // Elected from outside the ISR: an unclean leader election.
                        uncleanLeaderElections.mark();
                    }
                    log.info("[Controller id={}] {} election for {}: leader {} -> {} (leader epoch {}), ISR {}", controllerId,
                            election, tp, state.leader(), next.leader(), next.leaderEpoch(), next.isr());
                    batch.addLeaderAndIsr(context, context.replicas(tp), tp, false);
                } catch (ZkException e) {
                    if (e.code() == KeeperException.Code.BADVERSION) {
                        topics.partitionState(tp.topic(), tp.partition()).ifPresent(fresh -> context.putLeadership(tp, fresh));
                        retry.add(tp);
                    } else if (e.code() == KeeperException.Code.NONODE) {
                        failed.add(tp);
                    } else {
                        throw e;
                    }
                }
            }
            remaining = retry;
        }
        failed.addAll(remaining);
        for (TopicPartition tp : failed) {
            stateChangeLog.error("Controller {} epoch {} failed to change state for partition {} from {} to {}: no leader could be elected "
                    + "under the {} election strategy", controllerId, context.epoch(), tp, state(tp), State.ONLINE, election);
        }
        return failed;
    }

    private Optional<PartitionLeaderElection.Result> elect(TopicPartition tp, LeaderIsrAndControllerEpoch state, Election election) {
        List<Integer> replicas = context.replicas(tp);
        return switch (election) {
            case OFFLINE -> {
                Optional<PartitionLeaderElection.Result> clean = PartitionLeaderElection.offline(replicas, state.isr(), context::isReplicaOnline, false);
                if (clean.isPresent() || !uncleanLeaderElectionEnabled.test(tp.topic())) {
                    yield clean;
                }
                Optional<PartitionLeaderElection.Result> unclean = PartitionLeaderElection.offline(replicas, state.isr(), context::isReplicaOnline, true);
                unclean.ifPresent(r -> log.warn("[Controller id={}] Unclean leader election for {}: {} becomes leader although it is not "
                        + "in the ISR {}; records only the old ISR had are lost.", controllerId, tp, r.leader(), state.isr()));
                yield unclean;
            }
            case PREFERRED -> PartitionLeaderElection.preferred(replicas, state.isr(), context::isReplicaOnline);
            case CONTROLLED_SHUTDOWN -> PartitionLeaderElection.controlledShutdown(replicas, state.isr(),
                    b -> context.liveBroker(b).isPresent(), context.shuttingDownBrokers());
        };
    }
}
