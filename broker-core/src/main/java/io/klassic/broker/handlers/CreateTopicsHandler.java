package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.TopicManager;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics (19), v2-4: per topic, -1 partitions or replication factor take the broker defaults
 * ({@code num.partitions}, {@code default.replication.factor}, v4+); manual assignments and configs are checked;
 * {@code validate_only} checks without creating. A topic named twice in one request fails with INVALID_REQUEST.
 * Thread-safe.
 */
public final class CreateTopicsHandler implements ApiHandler {
    private final TopicManager topicManager;
    private final int numPartitions;
    private final int defaultReplicationFactor;

    public CreateTopicsHandler(TopicManager topicManager, int numPartitions, int defaultReplicationFactor) {
        this.topicManager = topicManager;
        this.numPartitions = numPartitions;
        this.defaultReplicationFactor = defaultReplicationFactor;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean validateOnly = request.getBool("validateOnly");
        Struct response = ApiKeys.CREATE_TOPICS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (Struct topic : request.getStructs("Topics")) {
            if (!seen.add(topic.getString("Name"))) {
                duplicates.add(topic.getString("Name"));
            }
        }
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Name");
            Struct t = response.add("Topics");
            t.set("Name", name);
            if (duplicates.contains(name)) {
                t.set("ErrorCode", Errors.INVALID_REQUEST.code());
                t.set("ErrorMessage", "Create topics request from client `" + context.clientId() + "` contains multiple entries for the following topics: " + name);
                continue;
            }
            int partitions = topic.getInt("NumPartitions");
            int replicationFactor = topic.getShort("ReplicationFactor");
            Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
            for (Struct a : topic.getStructs("Assignments")) {
                assignment.put(a.getInt("PartitionIndex"), new ArrayList<>(a.<Integer>getList("BrokerIds")));
            }
            if (!assignment.isEmpty() && (partitions != -1 || replicationFactor != -1)) {
                t.set("ErrorCode", Errors.INVALID_REQUEST.code());
                t.set("ErrorMessage", "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.");
                continue;
            }
            Map<String, String> configs = new HashMap<>();
            for (Struct c : topic.getStructs("Configs")) {
                configs.put(c.getString("Name"), c.getString("Value"));
            }
            TopicManager.Result result = topicManager.createTopic(name,
                    partitions == -1 ? numPartitions : partitions,
                    replicationFactor == -1 ? defaultReplicationFactor : replicationFactor,
                    assignment, configs, validateOnly);
            t.set("ErrorCode", result.error().code());
            t.set("ErrorMessage", result.message());
        }
        return CompletableFuture.completedFuture(response);
    }
}
