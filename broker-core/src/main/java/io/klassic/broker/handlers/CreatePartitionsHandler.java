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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * CreatePartitions (37), v0-3: grows each named topic to {@code Count} partitions, placing the new replicas as
 * given or with Kafka's placement (see {@link TopicManager#createPartitions}); {@code ValidateOnly} checks without
 * changing anything. The answer waits up to {@code TimeoutMs} until the controller has elected leaders for the new
 * partitions and this broker's metadata shows them (REQUEST_TIMED_OUT otherwise). Thread-safe.
 */
public final class CreatePartitionsHandler implements ApiHandler {
    private final TopicManager topicManager;
    private final MetadataCache cache;
    private final DelayedOperationPurgatory<String> topicPurgatory;

    public CreatePartitionsHandler(TopicManager topicManager, MetadataCache cache, DelayedOperationPurgatory<String> topicPurgatory) {
        this.topicManager = topicManager;
        this.cache = cache;
        this.topicPurgatory = topicPurgatory;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean validateOnly = request.getBool("ValidateOnly");
        Struct response = ApiKeys.CREATE_PARTITIONS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (Struct topic : request.getStructs("Topics")) {
            if (!seen.add(topic.getString("Name"))) {
                duplicates.add(topic.getString("Name"));
            }
        }
        Map<String, Integer> grown = new LinkedHashMap<>();
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Name");
            Struct r = response.add("Results");
            r.set("Name", name);
            if (duplicates.contains(name)) {
                r.set("ErrorCode", Errors.INVALID_REQUEST.code());
                r.set("ErrorMessage", "Duplicate topic in request.");
                continue;
            }
            List<List<Integer>> assignments = null;
            List<Struct> raw = topic.getStructs("Assignments");
            if (raw != null) {
                assignments = new ArrayList<>();
                for (Struct a : raw) {
                    assignments.add(new ArrayList<>(a.<Integer>getList("BrokerIds")));
                }
            }
            int count = topic.getInt("Count");
            TopicManager.Result result = topicManager.createPartitions(name, count, assignments, validateOnly);
            r.set("ErrorCode", result.error().code());
            r.set("ErrorMessage", result.message());
            if (result.error() == Errors.NONE && !validateOnly) {
                grown.put(name, count);
            }
        }
        BooleanSupplier ready = () -> grown.entrySet().stream().allMatch(e -> MetadataWait.hasLeaders(cache, e.getKey(), e.getValue()));
        return MetadataWait.await(topicPurgatory, grown.keySet(), ready, request.getInt("TimeoutMs")).thenApply(done -> {
            for (Struct r : response.getStructs("Results")) {
                Integer count = grown.get(r.getString("Name"));
                if (count != null && !MetadataWait.hasLeaders(cache, r.getString("Name"), count)) {
                    r.set("ErrorCode", Errors.REQUEST_TIMED_OUT.code());
                    r.set("ErrorMessage", "The partitions were added, but they have no leader yet after the request's timeout.");
                }
            }
            return response;
        });
    }
}
