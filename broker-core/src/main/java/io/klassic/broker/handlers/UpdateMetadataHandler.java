package io.klassic.broker.handlers;

import io.klassic.broker.controller.StateChangeLogger;
import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.DelayedOperationPurgatory;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.PartitionState;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.EndPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * UpdateMetadata (6), v0-8, sent by the controller to every broker: the live brokers with their endpoints and the
 * state of some (or all) partitions, which replace those in the {@link MetadataCache}; a partition with leader -2
 * belongs to a topic being deleted and leaves the cache. A request from a controller older than the newest one
 * seen gets STALE_CONTROLLER_EPOCH. Afterwards the requests waiting in the topic purgatory (CreateTopics,
 * DeleteTopics, CreatePartitions) for the changed topics are checked. Endpoints: v0 has one PLAINTEXT host/port, v1-2
 * name the security protocol only, v3+ the listener. What changed goes to the state change log. Thread-safe.
 */
public final class UpdateMetadataHandler implements ApiHandler {
    /** Kafka's {@code LeaderAndIsr.LeaderDuringDelete}. */
    static final int LEADER_DURING_DELETE = -2;

    private final ReplicaManager replicaManager;
    private final MetadataCache cache;
    private final DelayedOperationPurgatory<String> topicPurgatory;
    private final StateChangeLogger stateChangeLogger;

    public UpdateMetadataHandler(ReplicaManager replicaManager, MetadataCache cache, DelayedOperationPurgatory<String> topicPurgatory) {
        this.replicaManager = replicaManager;
        this.cache = cache;
        this.topicPurgatory = topicPurgatory;
        this.stateChangeLogger = StateChangeLogger.broker(replicaManager.brokerId());
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.UPDATE_METADATA;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 8;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        Struct response = ApiKeys.UPDATE_METADATA.response().newStruct();
        int controllerId = request.getInt("ControllerId");
        int controllerEpoch = request.getInt("ControllerEpoch");
        int correlationId = context.header().correlationId();
        if (!replicaManager.maybeUpdateControllerEpoch(controllerEpoch)) {
            stateChangeLogger.warn("Received UpdateMetadata request with correlation id {} from an old controller {} with epoch {}. "
                    + "Latest known controller epoch is {}", correlationId, controllerId, controllerEpoch, replicaManager.controllerEpoch());
            response.set("ErrorCode", Errors.STALE_CONTROLLER_EPOCH.code());
            return CompletableFuture.completedFuture(response);
        }
        List<PartitionState> states = new ArrayList<>();
        List<TopicPartition> deleted = new ArrayList<>();
        if (version < 5) {
            for (Struct p : request.getStructs("UngroupedPartitionStates")) {
                collect(p.getString("TopicName"), p, states, deleted);
            }
        } else {
            for (Struct topic : request.getStructs("TopicStates")) {
                for (Struct p : topic.getStructs("PartitionStates")) {
                    collect(topic.getString("TopicName"), p, states, deleted);
                }
            }
        }
        List<BrokerInfo> brokers = new ArrayList<>();
        for (Struct b : request.getStructs("LiveBrokers")) {
            brokers.add(broker(b, version));
        }
        Set<String> changed = cache.updateMetadata(controllerId, brokers, states, deleted);
        if (stateChangeLogger.isTraceEnabled()) {
            for (PartitionState state : states) {
                stateChangeLogger.trace("Cached leader info {} for partition {} in response to UpdateMetadata request sent by controller {} "
                        + "epoch {} with correlation id {}", state, state.topicPartition(), controllerId, controllerEpoch, correlationId);
            }
            for (TopicPartition tp : deleted) {
                stateChangeLogger.trace("Deleted partition {} from metadata cache in response to UpdateMetadata request sent by controller {} "
                        + "epoch {} with correlation id {}", tp, controllerId, controllerEpoch, correlationId);
            }
        }
        stateChangeLogger.info("Add {} partitions and deleted {} partitions from metadata cache in response to UpdateMetadata request sent "
                + "by controller {} epoch {} with correlation id {}", states.size(), deleted.size(), controllerId, controllerEpoch, correlationId);
        for (String topic : changed) {
            topicPurgatory.checkAndComplete(topic);
        }
        response.set("ErrorCode", Errors.NONE.code());
        return CompletableFuture.completedFuture(response);
    }

    private static void collect(String topic, Struct p, List<PartitionState> states, List<TopicPartition> deleted) {
        int partition = p.getInt("PartitionIndex");
        int leader = p.getInt("Leader");
        if (leader == LEADER_DURING_DELETE) {
            deleted.add(new TopicPartition(topic, partition));
        } else {
            states.add(new PartitionState(topic, partition, leader, p.getInt("LeaderEpoch"), p.<Integer>getList("Replicas"), p.<Integer>getList("Isr")));
        }
    }

    private static BrokerInfo broker(Struct b, short version) {
        int id = b.getInt("Id");
        List<String> endpoints = new ArrayList<>();
        if (version == 0) {
            endpoints.add(new EndPoint("PLAINTEXT", b.getString("V0Host"), b.getInt("V0Port")).connectionString());
        } else {
            for (Struct e : b.getStructs("Endpoints")) {
                String listener = version >= 3 ? e.getString("Listener") : securityProtocolName(e.getShort("SecurityProtocol"));
                endpoints.add(new EndPoint(listener, e.getString("Host"), e.getInt("Port")).connectionString());
            }
        }
        EndPoint first = endpoints.isEmpty() ? new EndPoint("PLAINTEXT", "", -1) : EndPoint.parse(endpoints.get(0));
        return new BrokerInfo(id, first.host(), first.port(), endpoints, version >= 2 ? b.getString("Rack") : null);
    }

    private static String securityProtocolName(short id) {
        return switch (id) {
            case 1 -> "SSL";
            case 2 -> "SASL_PLAINTEXT";
            case 3 -> "SASL_SSL";
            default -> "PLAINTEXT";
        };
    }

    @Override
    public Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        return ApiKeys.UPDATE_METADATA.response().newStruct().set("ErrorCode", errorCode);
    }
}
