package io.klassic.broker.handlers;

import io.klassic.broker.group.GroupConfig;
import io.klassic.broker.group.GroupCoordinator;
import io.klassic.broker.group.GroupMetadataManager;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator (10), v0-4 (v4 batches keys): the coordinator of a group is the leader of its partition of
 * {@code __consumer_offsets}, found with the endpoint of the listener the request came in on. The first request
 * creates {@code __consumer_offsets} (compacted, {@code offsets.topic.num.partitions} partitions,
 * {@code offsets.topic.replication.factor} replicas); with fewer live brokers than that replication factor the
 * answer is COORDINATOR_NOT_AVAILABLE until enough brokers are up, as in Kafka. Transaction keys get
 * COORDINATOR_NOT_AVAILABLE: this broker has no transaction coordinator. Thread-safe.
 */
public final class FindCoordinatorHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(FindCoordinatorHandler.class);
    private static final byte GROUP_KEY_TYPE = 0;
    private static final byte TRANSACTION_KEY_TYPE = 1;

    private record Coordinator(Errors error, String message, int nodeId, String host, int port) {
        static Coordinator error(Errors error, String message) {
            return new Coordinator(error, message, -1, "", -1);
        }
    }

    private final GroupCoordinator coordinator;
    private final MetadataCache cache;
    private final TopicManager topicManager;
    private final GroupConfig config;

    public FindCoordinatorHandler(GroupCoordinator coordinator, MetadataCache cache, TopicManager topicManager, GroupConfig config) {
        this.coordinator = coordinator;
        this.cache = cache;
        this.topicManager = topicManager;
        this.config = config;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.FIND_COORDINATOR;
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
        byte keyType = version >= 1 ? request.getByte("KeyType") : GROUP_KEY_TYPE;
        Struct response = ApiKeys.FIND_COORDINATOR.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        if (version >= 4) {
            List<String> keys = request.getList("CoordinatorKeys");
            for (String key : keys) {
                Coordinator c = find(key, keyType, context.listenerName());
                Struct entry = response.add("Coordinators");
                entry.set("Key", key);
                entry.set("NodeId", c.nodeId());
                entry.set("Host", c.host());
                entry.set("Port", c.port());
                entry.set("ErrorCode", c.error().code());
                entry.set("ErrorMessage", c.message());
            }
        } else {
            Coordinator c = find(request.getString("Key"), keyType, context.listenerName());
            response.set("ErrorCode", c.error().code());
            response.set("ErrorMessage", c.message());
            response.set("NodeId", c.nodeId());
            response.set("Host", c.host());
            response.set("Port", c.port());
        }
        return CompletableFuture.completedFuture(response);
    }

    private Coordinator find(String key, byte keyType, String listenerName) {
        if (keyType == TRANSACTION_KEY_TYPE) {
            return Coordinator.error(Errors.COORDINATOR_NOT_AVAILABLE, "This broker has no transaction coordinator.");
        }
        if (keyType != GROUP_KEY_TYPE) {
            return Coordinator.error(Errors.INVALID_REQUEST, "Unknown coordinator key type " + keyType + ".");
        }
        if (key == null) {
            return Coordinator.error(Errors.INVALID_REQUEST, "The group id must not be null.");
        }
        if (!cache.contains(GroupMetadataManager.OFFSETS_TOPIC)) {
            Coordinator error = createOffsetsTopic();
            if (error != null) {
                return error;
            }
        }
        int partition = coordinator.partitionFor(key);
        Optional<PartitionState> state = cache.partition(GroupMetadataManager.OFFSETS_TOPIC, partition);
        if (state.isEmpty() || state.get().leader() < 0) {
            return Coordinator.error(Errors.COORDINATOR_NOT_AVAILABLE, null);
        }
        Optional<BrokerInfo> leader = cache.broker(state.get().leader());
        Optional<EndPoint> endpoint = leader.flatMap(b -> b.endpoint(listenerName));
        if (endpoint.isEmpty()) {
            return Coordinator.error(Errors.COORDINATOR_NOT_AVAILABLE, null);
        }
        return new Coordinator(Errors.NONE, null, leader.get().id(), endpoint.get().host(), endpoint.get().port());
    }

    /** Creates {@code __consumer_offsets}; returns the error to answer, or null when the topic now exists. */
    private Coordinator createOffsetsTopic() {
        int alive = cache.aliveBrokers().size();
        short replicationFactor = config.offsetsTopicReplicationFactor();
        if (alive < replicationFactor) {
            String message = "Number of alive brokers '" + alive + "' does not meet the required replication factor '" + replicationFactor
                    + "' for the offsets topic (configured via 'offsets.topic.replication.factor'). This error can be ignored if the cluster"
                    + " is starting up and not all brokers are up yet.";
            log.info(message);
            return Coordinator.error(Errors.COORDINATOR_NOT_AVAILABLE, message);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", "compact");
        configs.put("compression.type", "producer");
        configs.put("segment.bytes", Integer.toString(config.offsetsTopicSegmentBytes()));
        TopicManager.Result result = topicManager.createTopic(GroupMetadataManager.OFFSETS_TOPIC, config.offsetsTopicNumPartitions(),
                replicationFactor, null, configs, false);
        if (result.error() != Errors.NONE && result.error() != Errors.TOPIC_ALREADY_EXISTS) {
            log.warn("Could not create {}: {} {}", GroupMetadataManager.OFFSETS_TOPIC, result.error(), result.message());
            return Coordinator.error(Errors.COORDINATOR_NOT_AVAILABLE, result.message());
        }
        return null;
    }
}
