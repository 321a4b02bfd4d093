package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.PartitionState;
import io.klassic.broker.server.TopicManager;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import io.klassic.zk.BrokerInfo;
import io.klassic.zk.EndPoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata (3), v0-7: brokers with the endpoint of the listener the request came in on, the cluster id, the
 * controller, and topics with their partitions. In v0 an empty topic list means every topic; from v1 null means
 * every topic and empty means none. Unknown topics are created when {@code auto.create.topics.enable} is on and
 * the request allows it (always before v4), answered with LEADER_NOT_AVAILABLE so that clients retry. Thread-safe.
 */
public final class MetadataHandler implements ApiHandler {
    private final MetadataCache cache;
    private final TopicManager topicManager;
    private final boolean autoCreate;
    private final int numPartitions;
    private final int defaultReplicationFactor;

    public MetadataHandler(MetadataCache cache, TopicManager topicManager, boolean autoCreate, int numPartitions, int defaultReplicationFactor) {
        this.cache = cache;
        this.topicManager = topicManager;
        this.autoCreate = autoCreate;
        this.numPartitions = numPartitions;
        this.defaultReplicationFactor = defaultReplicationFactor;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.METADATA;
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
        List<Struct> requested = request.getStructs("Topics");
        boolean allTopics = requested == null || (version == 0 && requested.isEmpty());
        boolean allowAutoCreate = version < 4 || request.getBool("AllowAutoTopicCreation");

        Struct response = ApiKeys.METADATA.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (BrokerInfo broker : cache.aliveBrokers()) {
            Optional<EndPoint> endpoint = broker.endpoint(context.listenerName());
            if (endpoint.isEmpty()) {
                continue;
            }
            Struct b = response.add("Brokers");
            b.set("NodeId", broker.id());
            b.set("Host", endpoint.get().host());
            b.set("Port", endpoint.get().port());
            b.set("Rack", broker.rack());
        }
        response.set("ClusterId", cache.clusterId());
        response.set("ControllerId", cache.controllerId());

        List<String> names = new ArrayList<>();
        if (allTopics) {
            names.addAll(cache.topicNames());
        } else {
            for (Struct topic : requested) {
                names.add(topic.getString("Name"));
            }
        }
        for (String name : names) {
            Struct t = response.add("Topics");
            t.set("Name", name);
            t.set("IsInternal", name.equals("__consumer_offsets") || name.equals("__transaction_state"));
            Optional<Collection<PartitionState>> partitions = cache.partitions(name);
            if (partitions.isEmpty()) {
                t.set("ErrorCode", unknownTopicError(name, allowAutoCreate).code());
                continue;
            }
            t.set("ErrorCode", Errors.NONE.code());
            for (PartitionState state : partitions.get()) {
                Struct p = t.add("Partitions");
                boolean leaderAlive = state.leader() >= 0 && cache.broker(state.leader()).isPresent();
                p.set("ErrorCode", (leaderAlive ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE).code());
                p.set("PartitionIndex", state.partition());
                p.set("LeaderId", leaderAlive ? state.leader() : -1);
                p.set("LeaderEpoch", state.leaderEpoch());
                p.set("ReplicaNodes", new ArrayList<>(state.replicas()));
                p.set("IsrNodes", new ArrayList<>(state.isr()));
                List<Integer> offline = state.replicas().stream().filter(r -> cache.broker(r).isEmpty()).toList();
                p.set("OfflineReplicas", new ArrayList<>(offline));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private Errors unknownTopicError(String name, boolean allowAutoCreate) {
        if (!autoCreate || !allowAutoCreate) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        TopicManager.Result result = topicManager.createTopic(name, numPartitions, defaultReplicationFactor, null, java.util.Map.of(), false);
        if (result.error() == Errors.NONE || result.error() == Errors.TOPIC_ALREADY_EXISTS) {
            return Errors.LEADER_NOT_AVAILABLE;
        }
        if (result.error() == Errors.INVALID_TOPIC_EXCEPTION) {
            return Errors.INVALID_TOPIC_EXCEPTION;
        }
        return Errors.LEADER_NOT_AVAILABLE;
    }
}
