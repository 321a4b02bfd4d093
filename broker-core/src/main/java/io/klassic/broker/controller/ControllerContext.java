package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.ControllerStore.RegisteredBroker;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.Versioned;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the active controller knows of the cluster, rebuilt from ZooKeeper when it is elected: its epoch and the
 * version of {@code /controller_epoch} that fences its writes, the live brokers with their epochs, the brokers
 * shutting down, every topic's replica assignment, and each partition's leader, ISR and state znode version.
 * Not thread-safe: only the controller's event thread touches it.
 */
public final class ControllerContext {
    private int epoch;
    private int epochZkVersion;
    private final Map<Integer, RegisteredBroker> liveBrokers = new TreeMap<>();
    private final Set<Integer> shuttingDownBrokers = new TreeSet<>();
    private final Map<String, SortedMap<Integer, List<Integer>>> assignments = new TreeMap<>();
    private final Map<TopicPartition, Versioned<LeaderIsrAndControllerEpoch>> leadership = new TreeMap<>(
            (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));

    public int epoch() {
        return epoch;
    }

    public int epochZkVersion() {
        return epochZkVersion;
    }

    void setEpoch(int epoch, int epochZkVersion) {
        this.epoch = epoch;
        this.epochZkVersion = epochZkVersion;
    }

    void clear() {
        liveBrokers.clear();
        shuttingDownBrokers.clear();
        assignments.clear();
        leadership.clear();
        epoch = 0;
        epochZkVersion = 0;
    }

    // ------------------------------------------------------------------------------------------------ brokers

    public Collection<RegisteredBroker> liveBrokers() {
        return liveBrokers.values();
    }

    public Set<Integer> liveBrokerIds() {
        return liveBrokers.keySet();
    }

    public Optional<RegisteredBroker> liveBroker(int id) {
        return Optional.ofNullable(liveBrokers.get(id));
    }

    void addLiveBroker(RegisteredBroker broker) {
        liveBrokers.put(broker.id(), broker);
    }

    void removeLiveBroker(int id) {
        liveBrokers.remove(id);
        shuttingDownBrokers.remove(id);
    }

    public List<BrokerInfo> liveBrokerInfos() {
        return liveBrokers.values().stream().map(RegisteredBroker::info).toList();
    }

    public Set<Integer> shuttingDownBrokers() {
        return shuttingDownBrokers;
    }

    /** A replica counts as online when its broker is live and not shutting down. */
    public boolean isReplicaOnline(int brokerId) {
        return liveBrokers.containsKey(brokerId) && !shuttingDownBrokers.contains(brokerId);
    }

    /** The broker's epoch (its registration's creation zxid), or -1 when it is not live. */
    public long brokerEpoch(int brokerId) {
        RegisteredBroker broker = liveBrokers.get(brokerId);
        return broker == null ? -1L : broker.epoch();
    }

    // ------------------------------------------------------------------------------------------------- topics

    public Set<String> allTopics() {
        return assignments.keySet();
    }

    public boolean hasTopic(String topic) {
        return assignments.containsKey(topic);
    }

    /** partition → replicas of a topic (empty when unknown). */
    public SortedMap<Integer, List<Integer>> assignment(String topic) {
        SortedMap<Integer, List<Integer>> map = assignments.get(topic);
        return map == null ? new TreeMap<>() : map;
    }

    public List<Integer> replicas(TopicPartition tp) {
        List<Integer> replicas = assignment(tp.topic()).get(tp.partition());
        return replicas == null ? List.of() : replicas;
    }

    void putAssignment(String topic, Map<Integer, List<Integer>> partitions) {
        SortedMap<Integer, List<Integer>> map = assignments.computeIfAbsent(topic, t -> new TreeMap<>());
        partitions.forEach((p, r) -> map.put(p, List.copyOf(r)));
    }

    void removeTopic(String topic) {
        SortedMap<Integer, List<Integer>> removed = assignments.remove(topic);
        if (removed != null) {
            for (Integer partition : removed.keySet()) {
                leadership.remove(new TopicPartition(topic, partition));
            }
        }
    }

    public List<TopicPartition> partitions(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (Integer p : assignment(topic).keySet()) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    public List<TopicPartition> allPartitions() {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : assignments.keySet()) {
            out.addAll(partitions(topic));
        }
        return out;
    }

    /** The partitions with a replica on the broker. */
    public Set<TopicPartition> partitionsOnBroker(int brokerId) {
        Set<TopicPartition> out = new HashSet<>();
        for (Map.Entry<String, SortedMap<Integer, List<Integer>>> topic : assignments.entrySet()) {
            for (Map.Entry<Integer, List<Integer>> partition : topic.getValue().entrySet()) {
                if (partition.getValue().contains(brokerId)) {
                    out.add(new TopicPartition(topic.getKey(), partition.getKey()));
                }
            }
        }
        return out;
    }

    // --------------------------------------------------------------------------------------------- leadership

    public Optional<Versioned<LeaderIsrAndControllerEpoch>> leadership(TopicPartition tp) {
        return Optional.ofNullable(leadership.get(tp));
    }

    void putLeadership(TopicPartition tp, Versioned<LeaderIsrAndControllerEpoch> state) {
        leadership.put(tp, state);
    }

    public int leader(TopicPartition tp) {
        Versioned<LeaderIsrAndControllerEpoch> state = leadership.get(tp);
        return state == null ? LeaderIsrAndControllerEpoch.NO_LEADER : state.value().leader();
    }

    /** The partitions whose leader is the broker. */
    public Set<TopicPartition> partitionsLedBy(int brokerId) {
        Set<TopicPartition> out = new HashSet<>();
        leadership.forEach((tp, state) -> {
            if (state.value().leader() == brokerId) {
                out.add(tp);
            }
        });
        return out;
    }
}
