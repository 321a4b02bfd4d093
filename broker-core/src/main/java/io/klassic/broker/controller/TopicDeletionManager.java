package io.klassic.broker.controller;

import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.ControllerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deletes the topics marked in {@code /admin/delete_topics}, as Kafka's controller does:
 * <ol>
 *   <li>every live broker gets UpdateMetadata with leader -2 for the topic's partitions, so they stop serving it;</li>
 *   <li>every replica gets StopReplica with delete=true; a topic with a replica on a dead broker waits (it is
 *       "ineligible") until that broker is back;</li>
 *   <li>when every replica has answered without error, the topic's znodes are deleted (fenced) and it leaves the
 *       controller's context. A replica that answered with an error is asked again on the next attempt.</li>
 * </ol>
 * With {@code delete.topic.enable=false} the markers are removed and nothing is deleted.
 * Replica deletion state changes go to the state change log at TRACE. Not thread-safe: the controller's event thread only.
 */
final class TopicDeletionManager {
    private static final Logger log = LoggerFactory.getLogger(TopicDeletionManager.class);

    private enum ReplicaDeletion {
        STARTED("ReplicaDeletionStarted"), SUCCESSFUL("ReplicaDeletionSuccessful"), INELIGIBLE("ReplicaDeletionIneligible");

        private final String kafkaName;

        ReplicaDeletion(String kafkaName) {
            this.kafkaName = kafkaName;
        }

        @Override
        public String toString() {
            return kafkaName;
        }
    }

    private void logTransition(int replica, TopicPartition tp, ReplicaDeletion from, ReplicaDeletion to) {
        StateChangeLogger stateChangeLog = StateChangeLogger.controller(controllerId, context.epoch());
        stateChangeLog.trace("Changed state of replica {} for partition {} from {} to {}", replica, tp, from == null ? "OfflineReplica" : from, to);
    }

    private final int controllerId;
    private final boolean deleteEnabled;
    private final ControllerContext context;
    private final ControllerStore store;
    private final PartitionStateMachine partitionStateMachine;
    private final Set<String> topicsToBeDeleted = new TreeSet<>();
    private final Map<TopicPartition, Map<Integer, ReplicaDeletion>> replicaStates = new HashMap<>();

    TopicDeletionManager(int controllerId, boolean deleteEnabled, ControllerContext context, ControllerStore store,
                         PartitionStateMachine partitionStateMachine) {
        this.controllerId = controllerId;
        this.deleteEnabled = deleteEnabled;
        this.context = context;
        this.store = store;
        this.partitionStateMachine = partitionStateMachine;
    }

    Set<String> topicsToBeDeleted() {
        return topicsToBeDeleted;
    }

    boolean isQueued(String topic) {
        return topicsToBeDeleted.contains(topic);
    }

    void clear() {
        topicsToBeDeleted.clear();
        replicaStates.clear();
    }

    /** Queues the marked topics; a marker for a topic that does not exist (or any, when deletion is off) is removed. */
    void enqueue(Collection<String> marked) {
        for (String topic : marked) {
            if (!deleteEnabled) {
                log.info("[Controller id={}] Removing the deletion marker of topic {}: delete.topic.enable is false.", controllerId, topic);
                store.deleteTopicDeletionMarker(context.epochZkVersion(), topic);
            } else if (!context.hasTopic(topic)) {
                log.info("[Controller id={}] Removing the deletion marker of topic {}: the topic does not exist.", controllerId, topic);
                store.deleteTopicDeletionMarker(context.epochZkVersion(), topic);
            } else if (topicsToBeDeleted.add(topic)) {
                log.info("[Controller id={}] Topic {} is queued for deletion.", controllerId, topic);
            }
        }
    }

    /** Replicas whose deletion was under way on brokers that died must be asked again when they are back. */
    void onBrokersFailed(Set<Integer> dead) {
        for (Map<Integer, ReplicaDeletion> replicas : replicaStates.values()) {
            replicas.replaceAll((broker, state) -> dead.contains(broker) && state == ReplicaDeletion.STARTED ? ReplicaDeletion.INELIGIBLE : state);
        }
    }

    /** A StopReplica response of a deletion: successful replicas are done, failed ones are retried later. */
    void onStopReplicaResponse(int broker, Struct response) {
        Errors topLevel = Errors.forCode(response.getShort("ErrorCode"));
        for (Struct p : response.getStructs("PartitionErrors")) {
            TopicPartition tp = new TopicPartition(p.getString("TopicName"), p.getInt("PartitionIndex"));
            Map<Integer, ReplicaDeletion> replicas = replicaStates.get(tp);
            if (replicas == null || !replicas.containsKey(broker)) {
                continue;
            }
            Errors error = topLevel != Errors.NONE ? topLevel : Errors.forCode(p.getShort("ErrorCode"));
            ReplicaDeletion next = error == Errors.NONE ? ReplicaDeletion.SUCCESSFUL : ReplicaDeletion.INELIGIBLE;
            if (error != Errors.NONE) {
                log.warn("[Controller id={}] Broker {} could not delete its replica of {}: {}; will retry.", controllerId, broker, tp, error);
            }
            logTransition(broker, tp, replicas.put(broker, next), next);
        }
        if (topLevel != Errors.NONE) {
            log.warn("[Controller id={}] Broker {} refused a StopReplica request: {}.", controllerId, broker, topLevel);
            replicaStates.values().forEach(replicas -> replicas.replaceAll((b, s) -> b == broker && s == ReplicaDeletion.STARTED ? ReplicaDeletion.INELIGIBLE : s));
        }
    }

    /** Moves every queued topic's deletion as far as it can go now. */
    void resume(ControllerBrokerRequestBatch batch) {
        for (String topic : List.copyOf(topicsToBeDeleted)) {
            if (!context.hasTopic(topic)) {
                finish(topic);
                continue;
            }
            List<TopicPartition> partitions = context.partitions(topic);
            boolean started = partitions.stream().anyMatch(replicaStates::containsKey);
            if (!started) {
                // Step 1: nobody serves the topic any more.
                batch.addUpdateMetadata(context.liveBrokerIds(), partitions);
                partitionStateMachine.markOffline(partitions);
                partitionStateMachine.remove(partitions);
                for (TopicPartition tp : partitions) {
                    Map<Integer, ReplicaDeletion> replicas = new HashMap<>();
                    context.replicas(tp).forEach(r -> {
                        replicas.put(r, ReplicaDeletion.INELIGIBLE);
                        logTransition(r, tp, null, ReplicaDeletion.INELIGIBLE);
                    });
                    replicaStates.put(tp, replicas);
                }
            }
            boolean done = true;
            boolean waitingForDeadBroker = false;
            for (TopicPartition tp : partitions) {
                Map<Integer, ReplicaDeletion> replicas = replicaStates.get(tp);
                for (Map.Entry<Integer, ReplicaDeletion> replica : replicas.entrySet()) {
                    if (replica.getValue() == ReplicaDeletion.SUCCESSFUL) {
                        continue;
                    }
                    done = false;
                    if (replica.getValue() == ReplicaDeletion.INELIGIBLE) {
                        if (context.liveBroker(replica.getKey()).isPresent()) {
                            // Step 2: the replica deletes its data.
                            logTransition(replica.getKey(), tp, replica.setValue(ReplicaDeletion.STARTED), ReplicaDeletion.STARTED);
                            batch.addStopReplica(replica.getKey(), tp, ControllerBrokerRequestBatch.EPOCH_DURING_DELETE, true);
                        } else {
                            waitingForDeadBroker = true;
                        }
                    }
                }
            }
            if (done) {
                // Step 3: the znodes go.
                store.deleteTopic(context.epochZkVersion(), topic);
                finish(topic);
                log.info("[Controller id={}] Deleted topic {}.", controllerId, topic);
            } else if (waitingForDeadBroker) {
                log.info("[Controller id={}] The deletion of topic {} waits for brokers that are down to come back.", controllerId, topic);
            }
        }
    }

    private void finish(String topic) {
        List<TopicPartition> partitions = context.partitions(topic);
        partitions.forEach(replicaStates::remove);
        replicaStates.keySet().removeIf(tp -> tp.topic().equals(topic));
        partitionStateMachine.remove(partitions);
        context.removeTopic(topic);
        topicsToBeDeleted.remove(topic);
    }
}
