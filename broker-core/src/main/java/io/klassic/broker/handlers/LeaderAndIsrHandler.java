package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.PartitionState;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.broker.server.TopicManager;
import io.klassic.log.LogConfig;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * LeaderAndIsr (4), v0-7, sent by the controller: makes this broker leader or follower of the listed partitions
 * (see {@link ReplicaManager#becomeLeaderOrFollower}). A request from a controller older than the newest one seen
 * is refused as a whole with STALE_CONTROLLER_EPOCH. Partitions come grouped by topic from v2; the response names
 * topics until v4 and topic ids from v5. Logs created for new partitions take their topic's config from ZooKeeper.
 * Thread-safe.
 */
public final class LeaderAndIsrHandler implements ApiHandler {
    private final ReplicaManager replicaManager;
    private final Function<String, LogConfig> topicConfigs;

    /** @param topicConfigs a topic's effective log config (see {@link TopicManager#topicLogConfig}) */
    public LeaderAndIsrHandler(ReplicaManager replicaManager, Function<String, LogConfig> topicConfigs) {
        this.replicaManager = replicaManager;
        this.topicConfigs = topicConfigs;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.LEADER_AND_ISR;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 7;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        List<PartitionState> states = new ArrayList<>();
        Map<String, UUID> topicIds = new LinkedHashMap<>();
        if (version < 2) {
            for (Struct p : request.getStructs("UngroupedPartitionStates")) {
                states.add(state(p.getString("TopicName"), p));
            }
        } else {
            for (Struct topic : request.getStructs("TopicStates")) {
                String name = topic.getString("TopicName");
                topicIds.put(name, topic.getUuid("TopicId"));
                for (Struct p : topic.getStructs("PartitionStates")) {
                    states.add(state(name, p));
                }
            }
        }
        for (Struct leader : request.getStructs("LiveLeaders")) {
            replicaManager.updateLeaderEndpoint(leader.getInt("BrokerId"), leader.getString("HostName"), leader.getInt("Port"));
        }
        Map<String, LogConfig> configs = new HashMap<>();
        ReplicaManager.ControllerRequestResult result = replicaManager.becomeLeaderOrFollower(context.header().correlationId(), request.getInt("ControllerId"),
                request.getInt("ControllerEpoch"), states, topic -> configs.computeIfAbsent(topic, topicConfigs));

        Struct response = ApiKeys.LEADER_AND_ISR.response().newStruct();
        response.set("ErrorCode", result.error().code());
        Map<String, Struct> topics = new HashMap<>();
        for (Map.Entry<TopicPartition, Errors> entry : result.partitionErrors().entrySet()) {
            TopicPartition tp = entry.getKey();
            Struct error;
            if (version < 5) {
                error = response.add("PartitionErrors");
            } else {
                error = topics.computeIfAbsent(tp.topic(), t -> {
                    Struct topic = response.add("Topics");
                    topic.set("TopicId", topicIds.getOrDefault(t, new UUID(0L, 0L)));
                    return topic;
                }).add("PartitionErrors");
            }
            error.set("TopicName", tp.topic());
            error.set("PartitionIndex", tp.partition());
            error.set("ErrorCode", entry.getValue().code());
        }
        return CompletableFuture.completedFuture(response);
    }

    private static PartitionState state(String topic, Struct p) {
        return new PartitionState(topic, p.getInt("PartitionIndex"), p.getInt("Leader"), p.getInt("LeaderEpoch"),
                p.<Integer>getList("Replicas"), p.<Integer>getList("Isr"), p.getInt("ControllerEpoch"), p.getInt("PartitionEpoch"));
    }

    @Override
    public Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        Struct response = ApiKeys.LEADER_AND_ISR.response().newStruct();
        response.set("ErrorCode", errorCode);
        return response;
    }
}
