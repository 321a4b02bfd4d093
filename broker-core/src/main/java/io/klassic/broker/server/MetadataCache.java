package io.klassic.broker.server;

import io.klassic.log.TopicPartition;
import io.klassic.zk.BrokerInfo;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's view of the cluster, from which it answers Metadata: live brokers with their endpoints, the
 * controller, and every topic's partitions (leader, epoch, replicas, ISR). Fed by the controller's UpdateMetadata
 * requests ({@link #updateMetadata}), so every broker can answer for the whole cluster. Each topic's partitions are
 * replaced as a whole (copy on write), so a reader never sees half an update of a topic. Thread-safe.
 */
public final class MetadataCache {
    private final String clusterId;
    private final Map<String, SortedMap<Integer, PartitionState>> topics = new ConcurrentHashMap<>();
    private volatile Map<Integer, BrokerInfo> brokers = Map.of();
    private volatile int controllerId = -1;

    public MetadataCache(String clusterId) {
        this.clusterId = clusterId;
    }

    public String clusterId() {
        return clusterId;
    }

    public int controllerId() {
        return controllerId;
    }

    public void setControllerId(int controllerId) {
        this.controllerId = controllerId;
    }

    public void setBrokers(Collection<BrokerInfo> live) {
        TreeMap<Integer, BrokerInfo> map = new TreeMap<>();
        for (BrokerInfo broker : live) {
            map.put(broker.id(), broker);
        }
        this.brokers = Collections.unmodifiableMap(map);
    }

    public Collection<BrokerInfo> aliveBrokers() {
        return brokers.values();
    }

    public Optional<BrokerInfo> broker(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    public void putTopic(String topic, List<PartitionState> partitions) {
        TreeMap<Integer, PartitionState> map = new TreeMap<>();
        for (PartitionState state : partitions) {
            map.put(state.partition(), state);
        }
        topics.put(topic, Collections.unmodifiableSortedMap(map));
    }

    /**
     * Applies an UpdateMetadata request: the live brokers and the controller are replaced; the given partition
     * states replace those held; the {@code deleted} partitions (sent with leader -2: their topic is being deleted)
     * are removed, and a topic left without partitions disappears.
     *
     * @return the topics whose partitions changed
     */
    public synchronized Set<String> updateMetadata(int controllerId, Collection<BrokerInfo> liveBrokers,
                                                   Collection<PartitionState> states, Collection<TopicPartition> deleted) {
        setBrokers(liveBrokers);
        this.controllerId = controllerId;
        Map<String, TreeMap<Integer, PartitionState>> changed = new HashMap<>();
        for (PartitionState state : states) {
            changed.computeIfAbsent(state.topic(), this::copyOf).put(state.partition(), state);
        }
        for (TopicPartition tp : deleted) {
            changed.computeIfAbsent(tp.topic(), this::copyOf).remove(tp.partition());
        }
        for (Map.Entry<String, TreeMap<Integer, PartitionState>> entry : changed.entrySet()) {
            if (entry.getValue().isEmpty()) {
                topics.remove(entry.getKey());
            } else {
                topics.put(entry.getKey(), Collections.unmodifiableSortedMap(entry.getValue()));
            }
        }
        return new HashSet<>(changed.keySet());
    }

    private TreeMap<Integer, PartitionState> copyOf(String topic) {
        SortedMap<Integer, PartitionState> current = topics.get(topic);
        return current == null ? new TreeMap<>() : new TreeMap<>(current);
    }

    public void removeTopic(String topic) {
        topics.remove(topic);
    }

    public boolean contains(String topic) {
        return topics.containsKey(topic);
    }

    /** The partitions of a topic in partition order, or empty when the topic is unknown. */
    public Optional<Collection<PartitionState>> partitions(String topic) {
        SortedMap<Integer, PartitionState> map = topics.get(topic);
        return map == null ? Optional.empty() : Optional.of(map.values());
    }

    public Optional<PartitionState> partition(String topic, int partition) {
        SortedMap<Integer, PartitionState> map = topics.get(topic);
        return map == null ? Optional.empty() : Optional.ofNullable(map.get(partition));
    }

    public List<String> topicNames() {
        return topics.keySet().stream().sorted().toList();
    }
}
