package io.klassic.broker.replica;

import io.klassic.broker.controller.BlockingChannel;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.Log;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.ApiKeys;
import io.klassic.protocol.Errors;
import io.klassic.protocol.record.RecordBatches;
import io.klassic.protocol.types.MemoryRecords;
import io.klassic.protocol.types.Records;
import io.klassic.protocol.types.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * One replica fetcher: fetches its partitions from one leader broker with this broker's replica id. A partition
 * starts out truncating: the fetcher asks the leader (OffsetForLeaderEpoch v3) for the end offset of the latest
 * leader epoch in the local log and truncates to where the two logs agree (KIP-101; to the high watermark only when
 * the local log has no epoch or the leader does not know it); then it fetches (Fetch v11) from its log end offset,
 * appends as follower, takes {@code min(leader high watermark, log end offset)} as its high watermark and moves its
 * log start offset up to the leader's (records deleted on the leader go here too); its own log start offset rides
 * in every fetch, for the leader's low watermark. Errors
 * back a partition (or, on a connection failure, every partition) off for {@code replica.fetch.backoff.ms}.
 * Responses are applied under the thread's lock, so once {@link #removePartition} returns the partition's log is
 * not touched any more. The bytes fetched count in ReplicationBytesInPerSec. Thread-safe.
 */
final class ReplicaFetcherThread extends Thread {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherThread.class);
    private static final short FETCH_VERSION = 11;
    private static final short OFFSET_FOR_LEADER_EPOCH_VERSION = 3;

    /** A partition's fetch state: truncating first, then fetching from {@code fetchOffset}. */
    private static final class FetchState {
        final int leaderEpoch;
        boolean truncating = true;
        long delayedUntilMs;

        FetchState(int leaderEpoch) {
            this.leaderEpoch = leaderEpoch;
        }
    }

    private final int leaderId;
    private final ReplicaFetcherConfig config;
    private final ReplicaManager replicaManager;
    private final IntFunction<Optional<InetSocketAddress>> endpoints;
    private final Map<TopicPartition, FetchState> partitions = new LinkedHashMap<>();
    private volatile boolean running = true;
    private volatile BlockingChannel channel;

    ReplicaFetcherThread(String name, int leaderId, ReplicaFetcherConfig config, ReplicaManager replicaManager,
                         IntFunction<Optional<InetSocketAddress>> endpoints) {
        super(name);
        setDaemon(true);
        this.leaderId = leaderId;
        this.config = config;
        this.replicaManager = replicaManager;
        this.endpoints = endpoints;
    }

    synchronized void addPartition(TopicPartition tp, int leaderEpoch) {
        partitions.put(tp, new FetchState(leaderEpoch));
        notifyAll();
    }

    synchronized void removePartition(TopicPartition tp) {
        partitions.remove(tp);
    }

    synchronized int partitionCount() {
        return partitions.size();
    }

    void shutdown() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        BlockingChannel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void run() {
        log.info("[{}] Starting, fetching from broker {}", getName(), leaderId);
        while (running) {
            try {
                doWork();
            } catch (IOException e) {
                log.warn("[{}] Error talking to leader {}: {}; backing off {} ms", getName(), leaderId, e.getMessage(), config.fetchBackoffMs());
                closeChannel();
                backoff(config.fetchBackoffMs());
            } catch (RuntimeException e) {
                if (running) {
                    log.error("[{}] Unexpected error; backing off {} ms", getName(), config.fetchBackoffMs(), e);
                    backoff(config.fetchBackoffMs());
                }
            }
        }
        closeChannel();
        log.info("[{}] Stopped", getName());
    }

    private void doWork() throws IOException {
        Map<TopicPartition, FetchState> truncating = new LinkedHashMap<>();
        Map<TopicPartition, FetchState> fetching = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        long nextDelay = Long.MAX_VALUE;
        synchronized (this) {
            for (Map.Entry<TopicPartition, FetchState> e : partitions.entrySet()) {
                if (e.getValue().delayedUntilMs > now) {
                    nextDelay = Math.min(nextDelay, e.getValue().delayedUntilMs - now);
                } else if (e.getValue().truncating) {
                    truncating.put(e.getKey(), e.getValue());
                } else {
                    fetching.put(e.getKey(), e.getValue());
                }
            }
            if (truncating.isEmpty() && fetching.isEmpty()) {
                waitQuietly(nextDelay == Long.MAX_VALUE ? config.fetchBackoffMs() : nextDelay);
                return;
            }
        }
        BlockingChannel c = connect();
        if (!truncating.isEmpty()) {
            truncate(c, truncating);
        }
        if (!fetching.isEmpty()) {
            fetch(c, fetching);
        }
    }

    private BlockingChannel connect() throws IOException {
        BlockingChannel c = channel;
        if (c != null && c.isConnected()) {
            return c;
        }
        InetSocketAddress address = endpoints.apply(leaderId)
                .orElseThrow(() -> new IOException("No known address of broker " + leaderId));
        c = new BlockingChannel(address.getHostString(), address.getPort(), config.socketTimeoutMs(),
                "broker-" + config.brokerId() + "-fetcher-" + getName());
        c.connect();
        channel = c;
        return c;
    }

    private void truncate(BlockingChannel c, Map<TopicPartition, FetchState> truncating) throws IOException {
        Struct request = ApiKeys.OFFSET_FOR_LEADER_EPOCH.request().newStruct();
        request.set("ReplicaId", config.brokerId());
        Map<TopicPartition, OptionalInt> asked = new LinkedHashMap<>();
        Map<String, Struct> topics = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, FetchState> e : truncating.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition partition = replicaManager.hostedPartition(tp);
            if (partition == null) {
                continue;
            }
            OptionalInt latest = partition.log().latestEpoch();
            asked.put(tp, latest);
            Struct topic = topics.computeIfAbsent(tp.topic(), t -> request.add("Topics").set("Topic", t));
            Struct p = topic.add("Partitions");
            p.set("Partition", tp.partition());
            p.set("CurrentLeaderEpoch", e.getValue().leaderEpoch);
            p.set("LeaderEpoch", latest.orElse(-1));
        }
        if (asked.isEmpty()) {
            return;
        }
        Struct response = c.sendAndReceive(ApiKeys.OFFSET_FOR_LEADER_EPOCH, OFFSET_FOR_LEADER_EPOCH_VERSION, request);
        synchronized (this) {
            for (Struct topic : response.getStructs("Topics")) {
                for (Struct p : topic.getStructs("Partitions")) {
                    TopicPartition tp = new TopicPartition(topic.getString("Topic"), p.getInt("Partition"));
                    FetchState state = partitions.get(tp);
                    Partition partition = replicaManager.hostedPartition(tp);
                    if (state == null || state != truncating.get(tp) || partition == null) {
                        continue;
                    }
                    Errors error = Errors.forCode(p.getShort("ErrorCode"));
                    if (error != Errors.NONE) {
                        log.info("[{}] OffsetForLeaderEpoch of {} failed with {}; retrying in {} ms", getName(), tp, error, config.fetchBackoffMs());
                        state.delayedUntilMs = System.currentTimeMillis() + config.fetchBackoffMs();
                        continue;
                    }
                    Log localLog = partition.log();
                    long target = truncationOffset(localLog, asked.getOrDefault(tp, OptionalInt.empty()), p.getInt("LeaderEpoch"), p.getLong("EndOffset"));
                    if (target < localLog.logEndOffset()) {
                        log.info("[{}] Truncating {} from log end offset {} to {} (leader epoch {} ends at {} on leader {})", getName(), tp,
                                localLog.logEndOffset(), target, p.getInt("LeaderEpoch"), p.getLong("EndOffset"), leaderId);
                        replicaManager.truncateTo(tp, target);
                    }
                    state.truncating = false;
                }
            }
        }
    }

    /**
     * Where a follower's log agrees with its leader's (KIP-101): for the follower's latest epoch, the leader's end
     * offset of it, capped at the follower's log end; when the leader's answer names an older epoch, also capped at
     * the follower's own end offset of that epoch; the high watermark when either side knows no epoch.
     */
    static long truncationOffset(Log localLog, OptionalInt localLatestEpoch, int leaderEpoch, long leaderEndOffset) {
        long logEndOffset = localLog.logEndOffset();
        if (localLatestEpoch.isEmpty() || leaderEndOffset < 0) {
            return Math.min(localLog.highWatermark(), logEndOffset);
        }
        if (leaderEpoch == localLatestEpoch.getAsInt()) {
            return Math.min(leaderEndOffset, logEndOffset);
        }
        long localEnd = localLog.endOffsetForEpoch(leaderEpoch).map(e -> e.endOffset()).orElse(logEndOffset);
        return Math.min(Math.min(leaderEndOffset, localEnd), logEndOffset);
    }

    private void fetch(BlockingChannel c, Map<TopicPartition, FetchState> fetching) throws IOException {
        Struct request = ApiKeys.FETCH.request().newStruct();
        request.set("ReplicaId", config.brokerId());
        request.set("MaxWaitMs", config.fetchWaitMaxMs());
        request.set("MinBytes", config.fetchMinBytes());
        request.set("MaxBytes", config.fetchResponseMaxBytes());
        request.set("IsolationLevel", (byte) 0);
        request.set("SessionId", 0);
        request.set("SessionEpoch", -1);
        request.set("ForgottenTopicsData", new ArrayList<>());
        request.set("RackId", "");
        Map<TopicPartition, Long> fetchOffsets = new LinkedHashMap<>();
        Struct topic = null;
        for (Map.Entry<TopicPartition, FetchState> e : fetching.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition partition = replicaManager.hostedPartition(tp);
            if (partition == null) {
                continue;
            }
            if (topic == null || !topic.getString("Topic").equals(tp.topic())) {
                topic = request.add("Topics").set("Topic", tp.topic());
            }
            long offset = partition.log().logEndOffset();
            fetchOffsets.put(tp, offset);
            Struct p = topic.add("Partitions");
            p.set("Partition", tp.partition());
            p.set("CurrentLeaderEpoch", e.getValue().leaderEpoch);
            p.set("FetchOffset", offset);
            p.set("LogStartOffset", partition.log().logStartOffset());
            p.set("PartitionMaxBytes", config.fetchMaxBytes());
        }
        if (fetchOffsets.isEmpty()) {
            return;
        }
        Struct response = c.sendAndReceive(ApiKeys.FETCH, FETCH_VERSION, request);
        Errors topLevel = Errors.forCode(response.getShort("ErrorCode"));
        if (topLevel != Errors.NONE) {
            throw new IOException("Fetch from broker " + leaderId + " failed with " + topLevel);
        }
        synchronized (this) {
            for (Struct t : response.getStructs("Responses")) {
                for (Struct p : t.getStructs("Partitions")) {
                    TopicPartition tp = new TopicPartition(t.getString("Topic"), p.getInt("PartitionIndex"));
                    FetchState state = partitions.get(tp);
                    Partition partition = replicaManager.hostedPartition(tp);
                    Long fetchOffset = fetchOffsets.get(tp);
                    if (state == null || state != fetching.get(tp) || partition == null || fetchOffset == null
                            || partition.log().logEndOffset() != fetchOffset) {
                        continue;
                    }
                    handlePartition(tp, state, partition, p);
                }
            }
        }
    }

    private void handlePartition(TopicPartition tp, FetchState state, Partition partition, Struct p) {
        Errors error = Errors.forCode(p.getShort("ErrorCode"));
        Log localLog = partition.log();
        switch (error) {
            case NONE -> {
                Records records = p.getRecords("Records");
                if (records instanceof MemoryRecords memory && memory.sizeInBytes() > 0) {
                    ByteBuffer buffer = memory.buffer().duplicate();
                    int whole = RecordBatches.sizeOfWholeBatches(buffer.duplicate());
                    if (whole > 0) {
                        buffer.limit(buffer.position() + whole);
                        localLog.appendAsFollower(buffer.slice());
                    }
                    replicaManager.brokerTopicStats().updateReplicationBytesIn(memory.sizeInBytes());
                }
                localLog.updateHighWatermark(Math.min(p.getLong("HighWatermark"), localLog.logEndOffset()));
                // The leader's log start offset is never above its high watermark, nor above this fetch offset (else
                // the answer is OFFSET_OUT_OF_RANGE): it is at most the new local high watermark; capped all the same.
                localLog.maybeIncrementLogStartOffset(Math.min(p.getLong("LogStartOffset"), localLog.highWatermark()));
            }
            case OFFSET_OUT_OF_RANGE -> {
                long leaderStart = p.getLong("LogStartOffset");
                if (leaderStart >= 0 && localLog.logEndOffset() < leaderStart) {
                    log.info("[{}] {} is behind the leader's log start offset {}: restarting it there", getName(), tp, leaderStart);
                    replicaManager.truncateFullyAndStartAt(tp, leaderStart);
                } else {
                    // Ahead of the leader: find where the logs agree again.
                    state.truncating = true;
                }
            }
            default -> {
                log.info("[{}] Fetch of {} failed with {}; retrying in {} ms", getName(), tp, error, config.fetchBackoffMs());
                state.delayedUntilMs = System.currentTimeMillis() + config.fetchBackoffMs();
            }
        }
    }

    private void backoff(long ms) {
        synchronized (this) {
            waitQuietly(ms);
        }
    }

    private void waitQuietly(long ms) {
        if (!running || ms <= 0) {
            return;
        }
        try {
            wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeChannel() {
        BlockingChannel c = channel;
        channel = null;
        if (c != null) {
            c.close();
        }
    }
}
