package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.broker.server.ReplicaManager.StopReplicaPartition;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * StopReplica (5), v0-4, sent by the controller: this broker stops hosting the listed partitions, deleting their
 * data when asked (topic deletion), see {@link ReplicaManager#stopReplicas}. Until v2 one delete flag covers the
 * request; from v3 each partition has its own flag and the leader epoch it was sent for (-2 for a deletion, which
 * applies whatever the epoch). A stale controller gets STALE_CONTROLLER_EPOCH. Thread-safe.
 */
public final class StopReplicaHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public StopReplicaHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.STOP_REPLICA;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        Map<TopicPartition, StopReplicaPartition> stops = new LinkedHashMap<>();
        if (version == 0) {
            boolean delete = request.getBool("DeletePartitions");
            for (Struct p : request.getStructs("UngroupedPartitions")) {
                stops.put(new TopicPartition(p.getString("TopicName"), p.getInt("PartitionIndex")), new StopReplicaPartition(-1, delete));
            }
        } else if (version <= 2) {
            boolean delete = request.getBool("DeletePartitions");
            for (Struct topic : request.getStructs("Topics")) {
                for (Integer partition : topic.<Integer>getList("PartitionIndexes")) {
                    stops.put(new TopicPartition(topic.getString("Name"), partition), new StopReplicaPartition(-1, delete));
                }
            }
        } else {
            for (Struct topic : request.getStructs("TopicStates")) {
                for (Struct p : topic.getStructs("PartitionStates")) {
                    stops.put(new TopicPartition(topic.getString("TopicName"), p.getInt("PartitionIndex")),
                            new StopReplicaPartition(p.getInt("LeaderEpoch"), p.getBool("DeletePartition")));
                }
            }
        }
        ReplicaManager.ControllerRequestResult result = replicaManager.stopReplicas(context.header().correlationId(), request.getInt("ControllerId"),
                request.getInt("ControllerEpoch"), stops);
        Struct response = ApiKeys.STOP_REPLICA.response().newStruct();
        response.set("ErrorCode", result.error().code());
        for (Map.Entry<TopicPartition, Errors> entry : result.partitionErrors().entrySet()) {
            Struct p = response.add("PartitionErrors");
            p.set("TopicName", entry.getKey().topic());
            p.set("PartitionIndex", entry.getKey().partition());
            p.set("ErrorCode", entry.getValue().code());
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        return ApiKeys.STOP_REPLICA.response().newStruct().set("ErrorCode", errorCode);
    }
}
