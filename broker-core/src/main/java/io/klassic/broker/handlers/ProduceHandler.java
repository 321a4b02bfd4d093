package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.CloseConnectionException;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.KafkaStorageException;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.types.MemoryRecords;
import io.klassic.protocol.types.Records;
import io.klassic.protocol.types.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produce (0): advertised from v0 (librdkafka stops compressing otherwise), served from v3 (record batch v2);
 * older versions close the connection. Each partition's batches are validated and appended by the partition
 * leader; acks=all waits in the produce purgatory ({@link DelayedProduce}) until the high watermark passes the
 * appended records, after a NOT_ENOUGH_REPLICAS refusal up front when the ISR is below {@code min.insync.replicas};
 * acks=0 gets no response at all, and an acks=0 request that fails closes the connection, as Kafka does. Each
 * partition's append is counted in the BrokerTopicMetrics by {@link Partition#appendRecordsToLeader}. Thread-safe.
 */
public final class ProduceHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);

    private final ReplicaManager replicaManager;
    private final MetadataCache cache;
    private final int defaultMinInSyncReplicas;

    public ProduceHandler(ReplicaManager replicaManager, MetadataCache cache, int defaultMinInSyncReplicas) {
        this.replicaManager = replicaManager;
        this.cache = cache;
        this.defaultMinInSyncReplicas = defaultMinInSyncReplicas;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        if (context.apiVersion() < 3) {
            throw new CloseConnectionException("Produce v" + context.apiVersion()
                    + " (message format v0/v1) is not supported; use v3 or later");
        }
        short acks = request.getShort("Acks");
        if (acks != 0 && acks != 1 && acks != -1) {
            return CompletableFuture.completedFuture(errorResponse(context, request, Errors.INVALID_REQUIRED_ACKS.code()));
        }
        if (request.getString("TransactionalId") != null) {
            return CompletableFuture.completedFuture(errorResponse(context, request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
        }
        Struct response = ApiKeys.PRODUCE.response().newStruct();
        List<DelayedProduce.Pending> pending = new ArrayList<>();
        boolean anyError = false;
        for (Struct topicData : request.getStructs("TopicData")) {
            String topic = topicData.getString("Name");
            Struct topicResponse = response.add("Responses");
            topicResponse.set("Name", topic);
            for (Struct partitionData : topicData.getStructs("PartitionData")) {
                int index = partitionData.getInt("Index");
                Struct p = topicResponse.add("PartitionResponses");
                p.set("Index", index);
                Errors error = append(new TopicPartition(topic, index), partitionData.getRecords("Records"), acks, p, pending);
                anyError |= error != Errors.NONE;
            }
        }
        response.set("ThrottleTimeMs", 0);
        if (acks == 0) {
            if (anyError) {
                throw new CloseConnectionException("an acks=0 produce request failed");
            }
            return CompletableFuture.completedFuture(null);
        }
        if (acks == -1 && !pending.isEmpty()) {
            // acks=all: answer once the high watermark of every appended partition passes the appended records.
            CompletableFuture<Struct> future = new CompletableFuture<>();
            DelayedProduce delayed = new DelayedProduce(replicaManager, pending, response, future);
            replicaManager.producePurgatory().tryCompleteElseWatch(delayed, pending.stream().map(DelayedProduce.Pending::tp).distinct().toList(),
                    Math.max(0, request.getInt("TimeoutMs")));
            return future;
        }
        return CompletableFuture.completedFuture(response);
    }

    private Errors append(TopicPartition tp, Records records, short acks, Struct p, List<DelayedProduce.Pending> pending) {
        Errors error;
        Partition partition = replicaManager.partition(tp);
        if (partition == null) {
            error = cache.contains(tp.topic()) && cache.partition(tp.topic(), tp.partition()).isPresent()
                    ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            // Not hosted here: counted for all topics only, so that no topic's metrics appear for a wrong or unknown partition.
            replicaManager.brokerTopicStats().allTopicsStats().recordAppend(error, 0, records == null ? 0 : records.sizeInBytes());
            return fail(p, error, null);
        }
        if (!(records instanceof MemoryRecords memory)) {
            partition.topicMetrics().recordAppend(Errors.CORRUPT_MESSAGE, 0, 0);
            return fail(p, Errors.CORRUPT_MESSAGE, "The request carries no record batches");
        }
        Partition.AppendResult result;
        try {
            result = partition.appendRecordsToLeader(memory.buffer(), acks, minInSyncReplicas(partition));
        } catch (KafkaStorageException e) {
            log.error("Error appending to {}", tp, e);
            return fail(p, Errors.KAFKA_STORAGE_ERROR, e.getMessage());
        }
        if (result.error() != Errors.NONE) {
            p.set("LogStartOffset", result.logStartOffset());
            return fail(p, result.error(), result.errorMessage());
        }
        p.set("ErrorCode", Errors.NONE.code());
        p.set("BaseOffset", result.baseOffset());
        p.set("LogAppendTimeMs", result.logAppendTime());
        p.set("LogStartOffset", result.logStartOffset());
        if (acks == -1) {
            pending.add(new DelayedProduce.Pending(tp, result.lastOffset() + 1, minInSyncReplicas(partition), p));
        }
        replicaManager.onAppend(tp);
        return Errors.NONE;
    }

    private int minInSyncReplicas(Partition partition) {
        int configured = partition.log().config().minInSyncReplicas();
        return configured > 0 ? configured : defaultMinInSyncReplicas;
    }

    private static Errors fail(Struct p, Errors error, String message) {
        p.set("ErrorCode", error.code());
        p.set("BaseOffset", -1L);
        p.set("LogAppendTimeMs", -1L);
        p.set("ErrorMessage", message);
        return error;
    }

    @Override
    public Struct errorResponse(RequestContext context, Struct request, short errorCode) {
        Struct response = ApiKeys.PRODUCE.response().newStruct();
        for (Struct topicData : request.getStructs("TopicData")) {
            Struct topicResponse = response.add("Responses");
            topicResponse.set("Name", topicData.getString("Name"));
            for (Struct partitionData : topicData.getStructs("PartitionData")) {
                Struct p = topicResponse.add("PartitionResponses");
                p.set("Index", partitionData.getInt("Index"));
                fail(p, Errors.forCode(errorCode), null);
            }
        }
        return response;
    }
}
