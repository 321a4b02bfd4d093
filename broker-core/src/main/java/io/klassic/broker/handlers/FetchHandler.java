package io.klassic.broker.handlers;

import io.klassic.broker.network.ApiHandler;
import io.klassic.broker.network.RequestContext;
import io.klassic.broker.server.BrokerTopicMetrics;
import io.klassic.broker.server.DelayedOperation;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.FetchDataInfo;
import io.klassic.log.KafkaStorageException;
import io.klassic.log.OffsetOutOfRangeException;
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
 * Fetch (1), v4-11. Reads each requested partition from its segment files (the response carries file regions,
 * sent zero-copy), consumers up to the high watermark and followers up to the log end; the last stable offset
 * is the high watermark (no transactions). When fewer than {@code min_bytes} are available the request waits in
 * the purgatory until an append brings enough or {@code max_wait_ms} passes. At least one whole batch is returned
 * even when larger than the size limits. A follower's fetch (replica id >= 0) tells the leader the follower's log
 * end offset (its fetch offset), which moves the ISR and the high watermark, and its log start offset. Fetch
 * sessions are not kept: every answer carries session id 0, so clients send full requests. The response sent (not
 * the reads a waiting fetch retries) is counted in the BrokerTopicMetrics: each partition in
 * TotalFetchRequestsPerSec, its bytes in BytesOutPerSec (consumers) or ReplicationBytesOutPerSec (followers), an
 * unexpected read error in FailedFetchRequestsPerSec. Thread-safe.
 */
public final class FetchHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);
    private final ReplicaManager replicaManager;
    private final MetadataCache cache;

    public FetchHandler(ReplicaManager replicaManager, MetadataCache cache) {
        this.replicaManager = replicaManager;
        this.cache = cache;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.FETCH;
    }

    @Override
    public short minVersion() {
        return 4;
    }

    @Override
    public short maxVersion() {
        return 11;
    }

    private record FetchPartition(TopicPartition tp, long fetchOffset, long logStartOffset, int maxBytes, int currentLeaderEpoch) {
    }

    /**
     * A read of every requested partition: the response, its total record bytes, whether a partition failed, and per
     * requested partition the topic's metrics (null when not led here), the bytes read and whether it failed unexpectedly.
     */
    private record ReadResult(Struct response, int bytes, boolean hasError, BrokerTopicMetrics[] metrics, int[] sizes, boolean[] failed) {
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean follower = request.getInt("ReplicaId") >= 0;
        int maxWaitMs = request.getInt("MaxWaitMs");
        int minBytes = request.getInt("MinBytes");
        int maxBytes = request.getInt("MaxBytes");
        if (request.getInt("SessionId") != 0) {
            Struct response = ApiKeys.FETCH.response().newStruct();
            response.set("ErrorCode", Errors.FETCH_SESSION_ID_NOT_FOUND.code());
            return CompletableFuture.completedFuture(response);
        }
        List<FetchPartition> fetches = new ArrayList<>();
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Topic");
            for (Struct partition : topic.getStructs("Partitions")) {
                fetches.add(new FetchPartition(new TopicPartition(name, partition.getInt("Partition")), partition.getLong("FetchOffset"),
                        partition.getLong("LogStartOffset"), partition.getInt("PartitionMaxBytes"), partition.getInt("CurrentLeaderEpoch")));
            }
        }
        int replicaId = request.getInt("ReplicaId");
        if (follower) {
            // The fetch offset is the follower's log end offset: the leader moves its ISR and high watermark by it; the
            // follower's log start offset (v5+) moves the low watermark that DeleteRecords waits for.
            for (FetchPartition fetch : fetches) {
                Partition partition = replicaManager.partition(fetch.tp());
                if (partition != null && (fetch.currentLeaderEpoch() < 0 || fetch.currentLeaderEpoch() == partition.leaderEpoch())) {
                    replicaManager.recordFollowerFetch(fetch.tp(), replicaId, fetch.fetchOffset(), fetch.logStartOffset(),
                            partition.log().logEndOffset());
                }
            }
        }
        ReadResult first = readAll(fetches, maxBytes, follower);
        if (maxWaitMs <= 0 || fetches.isEmpty() || first.bytes() >= minBytes || first.hasError()) {
            return CompletableFuture.completedFuture(recordMetrics(first, follower));
        }
        CompletableFuture<Struct> future = new CompletableFuture<>();
        DelayedOperation delayed = new DelayedOperation() {
            private volatile ReadResult last = first;

            @Override
            public boolean tryComplete() {
                ReadResult result = readAll(fetches, maxBytes, follower);
                last = result;
                if (result.bytes() >= minBytes || result.hasError()) {
                    return forceComplete();
                }
                return false;
            }

            @Override
            protected void onComplete() {
                ReadResult result = last;
                if (result.bytes() < minBytes) {
                    result = readAll(fetches, maxBytes, follower);
                }
                future.complete(recordMetrics(result, follower));
            }
        };
        replicaManager.fetchPurgatory().tryCompleteElseWatch(delayed, fetches.stream().map(FetchPartition::tp).distinct().toList(), maxWaitMs);
        return future;
    }

    /** Counts the response about to be sent in the BrokerTopicMetrics; returns it. */
    private Struct recordMetrics(ReadResult result, boolean follower) {
        BrokerTopicMetrics allTopics = replicaManager.brokerTopicStats().allTopicsStats();
        for (int i = 0; i < result.sizes().length; i++) {
            BrokerTopicMetrics metrics = result.metrics()[i];
            (metrics != null ? metrics : allTopics).recordFetch(result.sizes()[i], follower, result.failed()[i]);
        }
        return result.response();
    }

    private ReadResult readAll(List<FetchPartition> fetches, int maxBytes, boolean follower) {
        Struct response = ApiKeys.FETCH.response().newStruct();
        response.set("ThrottleTimeMs", 0);
        response.set("ErrorCode", Errors.NONE.code());
        response.set("SessionId", 0);
        int remaining = maxBytes;
        int total = 0;
        boolean hasError = false;
        BrokerTopicMetrics[] metrics = new BrokerTopicMetrics[fetches.size()];
        int[] sizes = new int[fetches.size()];
        boolean[] failed = new boolean[fetches.size()];
        Struct topicResponse = null;
        for (int i = 0; i < fetches.size(); i++) {
            FetchPartition fetch = fetches.get(i);
            if (topicResponse == null || !topicResponse.getString("Topic").equals(fetch.tp().topic())) {
                topicResponse = response.add("Responses");
                topicResponse.set("Topic", fetch.tp().topic());
            }
            Struct p = topicResponse.add("Partitions");
            p.set("PartitionIndex", fetch.tp().partition());
            p.set("AbortedTransactions", new ArrayList<>());
            p.set("PreferredReadReplica", -1);
            p.set("Records", MemoryRecords.EMPTY);
            Partition partition = replicaManager.partition(fetch.tp());
            Errors error = Errors.NONE;
            if (partition == null) {
                error = cache.partition(fetch.tp().topic(), fetch.tp().partition()).isPresent()
                        ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            } else if (fetch.currentLeaderEpoch() >= 0 && fetch.currentLeaderEpoch() < partition.leaderEpoch()) {
                error = Errors.FENCED_LEADER_EPOCH;
            } else if (fetch.currentLeaderEpoch() > partition.leaderEpoch()) {
                error = Errors.UNKNOWN_LEADER_EPOCH;
            }
            if (partition != null) {
                metrics[i] = partition.topicMetrics();
            }
            if (error == Errors.NONE) {
                p.set("HighWatermark", partition.highWatermark());
                p.set("LastStableOffset", partition.highWatermark());
                p.set("LogStartOffset", partition.log().logStartOffset());
                try {
                    FetchDataInfo info = partition.read(fetch.fetchOffset(), Math.min(fetch.maxBytes(), Math.max(remaining, 0)), !follower, total == 0);
                    Records records = info.records();
                    int size = records.sizeInBytes();
                    p.set("Records", records);
                    sizes[i] = size;
                    total += size;
                    remaining -= size;
                } catch (OffsetOutOfRangeException e) {
                    error = Errors.OFFSET_OUT_OF_RANGE;
                } catch (KafkaStorageException e) {
                    error = Errors.KAFKA_STORAGE_ERROR;
                } catch (RuntimeException e) {
                    log.error("Error reading {} from offset {}", fetch.tp(), fetch.fetchOffset(), e);
                    error = Errors.UNKNOWN_SERVER_ERROR;
                    failed[i] = true;
                }
            }
            if (error != Errors.NONE) {
                hasError = true;
                p.set("HighWatermark", partition == null ? -1L : partition.highWatermark());
                p.set("LastStableOffset", partition == null ? -1L : partition.highWatermark());
                p.set("LogStartOffset", partition == null ? -1L : partition.log().logStartOffset());
            }
            p.set("ErrorCode", error.code());
        }
        return new ReadResult(response, total, hasError, metrics, sizes, failed);
    }
}
