package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.DelayedOperationPurgatory;
import io.klassic.broker.server.MetadataCache;
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
import java.util.function.BooleanSupplier;

/**
 * CreateTopics (19), v2-4: per topic, -1 partitions or replication factor take the broker defaults
 * ({@code num.partitions}, {@code default.replication.factor}, v4+); manual assignments and configs are checked;
 * {@code validate_only} checks without creating. A topic named twice in one request fails with INVALID_REQUEST.
 * The topics' znodes are written (see {@link TopicManager}); then, as Kafka does, the answer waits up to the
 * request's {@code timeoutMs} until the controller has elected a leader for every new partition and this broker's
 * metadata shows it; a topic still without leaders then gets REQUEST_TIMED_OUT (it is created nonetheless).
 * Thread-safe.
 */
public final class CreateTopicsHandler implements ApiHandler {
    private final TopicManager topicManager;
    private final MetadataCache cache;
    private final DelayedOperationPurgatory<String> topicPurgatory;
    private final int numPartitions;
    private final int defaultReplicationFactor;

    public CreateTopicsHandler(TopicManager topicManager, MetadataCache cache, DelayedOperationPurgatory<String> topicPurgatory,
                               int numPartitions, int defaultReplicationFactor) {
        this.topicManager = topicManager;
        this.cache = cache;
        this.topicPurgatory = topicPurgatory;
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
        Map<String, Integer> created = new LinkedHashMap<>();
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
            int partitionCount = assignment.isEmpty() ? (partitions == -1 ? numPartitions : partitions) : assignment.size();
            TopicManager.Result result = topicManager.createTopic(name, partitionCount,
                    replicationFactor == -1 ? defaultReplicationFactor : replicationFactor,
                    assignment, configs, validateOnly);
            t.set("ErrorCode", result.error().code());
            t.set("ErrorMessage", result.message());
            if (result.error() == Errors.NONE && !validateOnly) {
                created.put(name, partitionCount);
            }
        }
        BooleanSupplier allReady = () -> created.entrySet().stream().allMatch(e -> MetadataWait.hasLeaders(cache, e.getKey(), e.getValue()));
        return MetadataWait.await(topicPurgatory, created.keySet(), allReady, request.getInt("timeoutMs")).thenApply(ready -> {
            for (Struct t : response.getStructs("Topics")) {
                Integer count = created.get(t.getString("Name"));
                if (count != null && !MetadataWait.hasLeaders(cache, t.getString("Name"), count)) {
                    t.set("ErrorCode", Errors.REQUEST_TIMED_OUT.code());
                    t.set("ErrorMessage", "The topic was created, but its partitions have no leader yet after the request's timeout.");
                }
            }
            return response;
        });
    }
}
