package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.KafkaStorageException;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

/**
 * DeleteRecords (21), v0-2: for each partition the leader moves its log start offset up to the given offset (-1:
 * the high watermark), then the answer waits ({@link DelayedDeleteRecords}) until every live replica's log start
 * offset has followed, and carries the low watermark. Per partition, as Kafka: UNKNOWN_TOPIC_OR_PARTITION when the
 * metadata has no such partition, INVALID_TOPIC_EXCEPTION for internal topics, NOT_LEADER_OR_FOLLOWER when this
 * broker does not lead it, POLICY_VIOLATION without {@code cleanup.policy=delete}, OFFSET_OUT_OF_RANGE for an offset
 * above the high watermark (or below -1), REQUEST_TIMED_OUT when {@code timeout_ms} passes first; the low watermark
 * is -1 with any error but the time-out. A partition named twice counts once, with its last offset. Thread-safe.
 */
public final class DeleteRecordsHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(DeleteRecordsHandler.class);
    private static final Set<String> INTERNAL_TOPICS = Set.of("__consumer_offsets", "__transaction_state");

    private final ReplicaManager replicaManager;
    private final MetadataCache cache;
    private final IntPredicate aliveBroker;

    public DeleteRecordsHandler(ReplicaManager replicaManager, MetadataCache cache) {
        this.replicaManager = replicaManager;
        this.cache = cache;
        this.aliveBroker = id -> cache.broker(id).isPresent();
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (Struct topic : request.getStructs("Topics")) {
            for (Struct partition : topic.getStructs("Partitions")) {
                offsets.put(new TopicPartition(topic.getString("Name"), partition.getInt("PartitionIndex")), partition.getLong("Offset"));
            }
        }
        Struct response = ApiKeys.DELETE_RECORDS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        Map<String, Struct> topics = new LinkedHashMap<>();
        List<DelayedDeleteRecords.Pending> pending = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
            TopicPartition tp = entry.getKey();
            Struct p = topics.computeIfAbsent(tp.topic(), name -> response.add("Topics").set("Name", name)).add("Partitions");
            p.set("PartitionIndex", tp.partition());
            Partition.DeleteRecordsResult result = deleteRecordsOnLocalLog(tp, entry.getValue());
            if (result.error() == Errors.NONE) {
                p.set("LowWatermark", result.lowWatermark());
                p.set("ErrorCode", Errors.REQUEST_TIMED_OUT.code());
                pending.add(new DelayedDeleteRecords.Pending(tp, result.requestedOffset(), p));
            } else {
                p.set("LowWatermark", -1L);
                p.set("ErrorCode", result.error().code());
            }
        }
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<Struct> future = new CompletableFuture<>();
        DelayedDeleteRecords delayed = new DelayedDeleteRecords(replicaManager, aliveBroker, pending, response, future);
        replicaManager.deleteRecordsPurgatory().tryCompleteElseWatch(delayed,
                pending.stream().map(DelayedDeleteRecords.Pending::tp).toList(), Math.max(0, request.getInt("TimeoutMs")));
        return future;
    }

    private Partition.DeleteRecordsResult deleteRecordsOnLocalLog(TopicPartition tp, long offset) {
        if (cache.partition(tp.topic(), tp.partition()).isEmpty()) {
            return Partition.DeleteRecordsResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (INTERNAL_TOPICS.contains(tp.topic())) {
            return Partition.DeleteRecordsResult.failed(Errors.INVALID_TOPIC_EXCEPTION);
        }
        Partition partition = replicaManager.hostedPartition(tp);
        if (partition == null) {
            return Partition.DeleteRecordsResult.failed(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        try {
            return partition.deleteRecordsOnLeader(offset, replicaManager.brokerId(), aliveBroker);
        } catch (KafkaStorageException e) {
            log.error("Error deleting records of {} before offset {}", tp, offset, e);
            return Partition.DeleteRecordsResult.failed(Errors.KAFKA_STORAGE_ERROR);
        }
    }

    @Override
    public Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        Struct response = ApiKeys.DELETE_RECORDS.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        for (Struct topic : request.getStructs("Topics")) {
            Struct t = response.add("Topics").set("Name", topic.getString("Name"));
            for (Struct partition : topic.getStructs("Partitions")) {
                t.add("Partitions").set("PartitionIndex", partition.getInt("PartitionIndex")).set("LowWatermark", -1L).set("ErrorCode", errorCode);
            }
        }
        return response;
    }
}
