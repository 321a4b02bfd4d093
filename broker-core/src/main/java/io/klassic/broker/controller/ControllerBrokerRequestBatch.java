package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.EndPoint;
import io.klassic.zk.LeaderIsrAndControllerEpoch;
import io.klassic.zk.Versioned;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Collects what one controller step must tell the brokers, then sends it as one LeaderAndIsr (v4), one
 * UpdateMetadata (v6) and one StopReplica (v3) request per broker, each carrying the controller's id and epoch
 * and the target broker's epoch. Every partition put into a LeaderAndIsr request also goes, as Kafka does, into
 * the UpdateMetadata request of every live broker. In UpdateMetadata, a partition of a topic being deleted
 * carries leader -2 ("leader during delete"), which makes the brokers drop it from their metadata. What is sent goes to
 * the state change log.
 * Not thread-safe: the controller's event thread builds and sends it.
 */
final class ControllerBrokerRequestBatch {
    static final short LEADER_AND_ISR_VERSION = 4;
    static final short UPDATE_METADATA_VERSION = 6;
    static final short STOP_REPLICA_VERSION = 3;
    /** Kafka's {@code LeaderAndIsr.LeaderDuringDelete}. */
    static final int LEADER_DURING_DELETE = -2;
    /** Kafka's {@code LeaderAndIsr.EpochDuringDelete}: a StopReplica that deletes whatever the epoch. */
    static final int EPOCH_DURING_DELETE = -2;

    private record LeaderAndIsrEntry(Versioned<LeaderIsrAndControllerEpoch> state, List<Integer> replicas, boolean isNew) {
    }

    private record StopReplicaEntry(int leaderEpoch, boolean delete) {
    }

    private final int controllerId;
    private final String interBrokerListener;
    private final Map<Integer, Map<TopicPartition, LeaderAndIsrEntry>> leaderAndIsr = new TreeMap<>();
    private final Set<Integer> updateMetadataBrokers = new TreeSet<>();
    private final Set<TopicPartition> updateMetadataPartitions = new HashSet<>();
    private final Map<Integer, Map<TopicPartition, StopReplicaEntry>> stopReplica = new TreeMap<>();

    ControllerBrokerRequestBatch(int controllerId, String interBrokerListener) {
        this.controllerId = controllerId;
        this.interBrokerListener = interBrokerListener;
    }

    boolean isEmpty() {
        return leaderAndIsr.isEmpty() && updateMetadataBrokers.isEmpty() && stopReplica.isEmpty();
    }

    /** Tells {@code brokers} (those live) the partition's leader and ISR; all live brokers get its metadata. */
    void addLeaderAndIsr(ControllerContext context, Collection<Integer> brokers, TopicPartition tp, boolean isNew) {
        Optional<Versioned<LeaderIsrAndControllerEpoch>> state = context.leadership(tp);
        if (state.isEmpty()) {
            return;
        }
        for (int broker : brokers) {
            if (context.liveBroker(broker).isPresent()) {
                LeaderAndIsrEntry previous = leaderAndIsr.computeIfAbsent(broker, b -> new LinkedHashMap<>()).get(tp);
                boolean newFlag = isNew || (previous != null && previous.isNew());
                leaderAndIsr.get(broker).put(tp, new LeaderAndIsrEntry(state.get(), context.replicas(tp), newFlag));
            }
        }
        addUpdateMetadata(context.liveBrokerIds(), List.of(tp));
    }

    /** Sends the metadata of {@code partitions} (possibly none: just the live brokers) to {@code brokers}. */
    void addUpdateMetadata(Collection<Integer> brokers, Collection<TopicPartition> partitions) {
        updateMetadataBrokers.addAll(brokers);
        updateMetadataPartitions.addAll(partitions);
    }

    /** Asks {@code broker} to stop hosting the partition, deleting its data when {@code delete}. */
    void addStopReplica(int broker, TopicPartition tp, int leaderEpoch, boolean delete) {
        stopReplica.computeIfAbsent(broker, b -> new LinkedHashMap<>()).put(tp, new StopReplicaEntry(leaderEpoch, delete));
    }

    /**
     * Sends everything collected and clears the batch.
     *
     * @param topicsBeingDeleted topics whose partitions go out with leader -2
     * @param stopReplicaCallback gets (broker, response) of each StopReplica request
     */
    void send(ControllerContext context, ControllerChannel channel, Set<String> topicsBeingDeleted,
              BiConsumer<Integer, Struct> stopReplicaCallback) {
        StateChangeLogger stateChangeLog = StateChangeLogger.controller(controllerId, context.epoch());
        try {
            for (Map.Entry<Integer, Map<TopicPartition, LeaderAndIsrEntry>> entry : leaderAndIsr.entrySet()) {
                int broker = entry.getKey();
                int becomeLeader = 0;
                for (Map.Entry<TopicPartition, LeaderAndIsrEntry> p : entry.getValue().entrySet()) {
                    LeaderIsrAndControllerEpoch state = p.getValue().state().value();
                    boolean leader = state.leader() == broker;
                    becomeLeader += leader ? 1 : 0;
                    stateChangeLog.trace("Sending {} LeaderAndIsr request {} to broker {} for partition {}", leader ? "become-leader" : "become-follower",
                            PartitionStateMachine.describe(state, p.getValue().state().zkVersion()), broker, p.getKey());
                }
                stateChangeLog.info("Sending LeaderAndIsr request to broker {} with {} become-leader and {} become-follower partitions", broker,
                        becomeLeader, entry.getValue().size() - becomeLeader);
                channel.sendRequest(broker, ApiKeys.LEADER_AND_ISR, LEADER_AND_ISR_VERSION,
                        leaderAndIsrRequest(context, broker, entry.getValue()), null);
            }
            if (!updateMetadataBrokers.isEmpty()) {
                stateChangeLog.info("Sending UpdateMetadata request to brokers {} for {} partitions", updateMetadataBrokers, updateMetadataPartitions.size());
                for (int broker : updateMetadataBrokers) {
                    if (context.liveBroker(broker).isPresent()) {
                        channel.sendRequest(broker, ApiKeys.UPDATE_METADATA, UPDATE_METADATA_VERSION,
                                updateMetadataRequest(context, broker, topicsBeingDeleted), null);
                    }
                }
            }
            for (Map.Entry<Integer, Map<TopicPartition, StopReplicaEntry>> entry : stopReplica.entrySet()) {
                int broker = entry.getKey();
                stateChangeLog.info("Sending StopReplica request for {} partitions to broker {}", entry.getValue().size(), broker);
                channel.sendRequest(broker, ApiKeys.STOP_REPLICA, STOP_REPLICA_VERSION, stopReplicaRequest(context, broker, entry.getValue()),
                        stopReplicaCallback == null ? null : response -> stopReplicaCallback.accept(broker, response));
            }
        } finally {
            leaderAndIsr.clear();
            updateMetadataBrokers.clear();
            updateMetadataPartitions.clear();
            stopReplica.clear();
        }
    }

    private Struct leaderAndIsrRequest(ControllerContext context, int broker, Map<TopicPartition, LeaderAndIsrEntry> partitions) {
        Struct request = ApiKeys.LEADER_AND_ISR.request().newStruct();
        request.set("ControllerId", controllerId);
        request.set("ControllerEpoch", context.epoch());
        request.set("BrokerEpoch", context.brokerEpoch(broker));
        Map<String, Struct> topicStates = new TreeMap<>();
        Set<Integer> leaders = new TreeSet<>();
        for (Map.Entry<TopicPartition, LeaderAndIsrEntry> entry : partitions.entrySet()) {
            TopicPartition tp = entry.getKey();
            LeaderAndIsrEntry e = entry.getValue();
            Struct topic = topicStates.computeIfAbsent(tp.topic(), t -> request.add("TopicStates").set("TopicName", t));
            Struct p = topic.add("PartitionStates");
            LeaderIsrAndControllerEpoch state = e.state().value();
            p.set("TopicName", tp.topic());
            p.set("PartitionIndex", tp.partition());
            p.set("ControllerEpoch", state.controllerEpoch());
            p.set("Leader", state.leader());
            p.set("LeaderEpoch", state.leaderEpoch());
            p.set("Isr", new ArrayList<>(state.isr()));
            p.set("PartitionEpoch", e.state().zkVersion());
            p.set("Replicas", new ArrayList<>(e.replicas()));
            p.set("IsNew", e.isNew());
            if (state.leader() >= 0) {
                leaders.add(state.leader());
            }
        }
        for (int leader : leaders) {
            context.liveBroker(leader).ifPresent(b -> {
                EndPoint endpoint = endpoint(b.info());
                Struct l = request.add("LiveLeaders");
                l.set("BrokerId", leader);
                l.set("HostName", endpoint.host());
                l.set("Port", endpoint.port());
            });
        }
        return request;
    }

    private Struct updateMetadataRequest(ControllerContext context, int broker, Set<String> topicsBeingDeleted) {
        Struct request = ApiKeys.UPDATE_METADATA.request().newStruct();
        request.set("ControllerId", controllerId);
        request.set("ControllerEpoch", context.epoch());
        request.set("BrokerEpoch", context.brokerEpoch(broker));
        Map<String, Struct> topicStates = new TreeMap<>();
        List<TopicPartition> sorted = new ArrayList<>(updateMetadataPartitions);
        sorted.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        for (TopicPartition tp : sorted) {
            Optional<Versioned<LeaderIsrAndControllerEpoch>> leadership = context.leadership(tp);
            boolean deleting = topicsBeingDeleted.contains(tp.topic());
            if (leadership.isEmpty() && !deleting) {
                continue;
            }
            Struct topic = topicStates.computeIfAbsent(tp.topic(), t -> request.add("TopicStates").set("TopicName", t));
            Struct p = topic.add("PartitionStates");
            List<Integer> replicas = context.replicas(tp);
            p.set("TopicName", tp.topic());
            p.set("PartitionIndex", tp.partition());
            if (leadership.isPresent()) {
                LeaderIsrAndControllerEpoch state = leadership.get().value();
                p.set("ControllerEpoch", state.controllerEpoch());
                p.set("Leader", deleting ? LEADER_DURING_DELETE : state.leader());
                p.set("LeaderEpoch", state.leaderEpoch());
                p.set("Isr", new ArrayList<>(state.isr()));
                p.set("ZkVersion", leadership.get().zkVersion());
            } else {
                p.set("ControllerEpoch", context.epoch());
                p.set("Leader", LEADER_DURING_DELETE);
            }
            p.set("Replicas", new ArrayList<>(replicas));
            p.set("OfflineReplicas", new ArrayList<>(replicas.stream().filter(r -> context.liveBroker(r).isEmpty()).toList()));
        }
        for (BrokerInfo live : context.liveBrokerInfos()) {
            Struct b = request.add("LiveBrokers");
            b.set("Id", live.id());
            b.set("V0Host", live.host());
            b.set("V0Port", live.port());
            for (EndPoint endpoint : live.parsedEndpoints()) {
                Struct e = b.add("Endpoints");
                e.set("Port", endpoint.port());
                e.set("Host", endpoint.host());
                e.set("Listener", endpoint.listenerName());
                e.set("SecurityProtocol", securityProtocolId(endpoint.listenerName()));
            }
            b.set("Rack", live.rack());
        }
        return request;
    }

    private Struct stopReplicaRequest(ControllerContext context, int broker, Map<TopicPartition, StopReplicaEntry> partitions) {
        Struct request = ApiKeys.STOP_REPLICA.request().newStruct();
        request.set("ControllerId", controllerId);
        request.set("ControllerEpoch", context.epoch());
        request.set("BrokerEpoch", context.brokerEpoch(broker));
        Map<String, Struct> topicStates = new TreeMap<>();
        for (Map.Entry<TopicPartition, StopReplicaEntry> entry : partitions.entrySet()) {
            TopicPartition tp = entry.getKey();
            Struct topic = topicStates.computeIfAbsent(tp.topic(), t -> request.add("TopicStates").set("TopicName", t));
            Struct p = topic.add("PartitionStates");
            p.set("PartitionIndex", tp.partition());
            p.set("LeaderEpoch", entry.getValue().leaderEpoch());
            p.set("DeletePartition", entry.getValue().delete());
        }
        return request;
    }

    private EndPoint endpoint(BrokerInfo broker) {
        return broker.endpoint(interBrokerListener).orElseGet(() -> broker.parsedEndpoints().isEmpty()
                ? new EndPoint("PLAINTEXT", broker.host(), broker.port()) : broker.parsedEndpoints().get(0));
    }

    /** Kafka's security protocol ids: PLAINTEXT 0, SSL 1, SASL_PLAINTEXT 2, SASL_SSL 3 (by listener name). */
    static short securityProtocolId(String listenerName) {
        return switch (listenerName) {
            case "SSL" -> 1;
            case "SASL_PLAINTEXT" -> 2;
            case "SASL_SSL" -> 3;
            default -> 0;
        };
    }
}
