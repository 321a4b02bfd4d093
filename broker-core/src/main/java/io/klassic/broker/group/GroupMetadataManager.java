package io.klassic.broker.group;

import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.Partition;
import io.klassic.broker.server.PartitionState;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.FetchDataInfo;
import io.klassic.log.Log;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import io.klassic.protocol.group.GroupMetadataCodec;
import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.RecordBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The groups this broker coordinates and their durable form in {@code __consumer_offsets} (record formats in
 * {@link GroupMetadataCodec}). A group lives in partition {@code abs(groupId.hashCode()) % partitionCount}; when
 * this broker becomes leader of a partition, the partition is read from its log start to its end, on the loader
 * executor, and its groups and offsets are rebuilt (its groups answer COORDINATOR_LOAD_IN_PROGRESS meanwhile); when
 * it stops leading it, the groups are dropped. Writes append one record batch to the partition's leader with
 * acks=all, as Kafka does, and call back once the high watermark passes the batch (at once when this broker is the
 * only in-sync replica), or when {@code offsets.commit.timeout.ms} runs out, from the produce purgatory: no thread
 * waits. Thread-safe: the cache and partition states are concurrent maps; groups are changed only under their own
 * monitor, which callbacks take again when they complete later on another thread.
 */
public final class GroupMetadataManager {
    public static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final Logger log = LoggerFactory.getLogger(GroupMetadataManager.class);

    /** What the coordinator does when a group is loaded from or dropped with its partition. */
    public interface GroupLifecycle {
        void onGroupLoaded(GroupMetadata group);

        void onGroupUnloaded(GroupMetadata group);
    }

    private enum Status { LOADING, LOADED }

    private final int brokerId;
    private final GroupConfig config;
    private final ReplicaManager replicaManager;
    private final MetadataCache metadataCache;
    private final CoordinatorScheduler scheduler;
    private final Executor loader;
    private final Map<String, GroupMetadata> groups = new ConcurrentHashMap<>();
    private final Map<Integer, Status> partitions = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> epochs = new ConcurrentHashMap<>();
    private volatile GroupLifecycle lifecycle;
    private volatile boolean active;

    public GroupMetadataManager(int brokerId, GroupConfig config, ReplicaManager replicaManager, MetadataCache metadataCache,
                                CoordinatorScheduler scheduler, Executor loader) {
        this.brokerId = brokerId;
        this.config = config;
        this.replicaManager = replicaManager;
        this.metadataCache = metadataCache;
        this.scheduler = scheduler;
        this.loader = loader;
    }

    void setLifecycle(GroupLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    void setActive(boolean active) {
        this.active = active;
    }

    public boolean isActive() {
        return active;
    }

    /**
     * Why this broker cannot serve a request for {@code groupId} now, or null when it can: INVALID_GROUP_ID (null,
     * or empty unless {@code allowEmptyGroupId}, which Kafka allows for OffsetCommit, OffsetFetch, DescribeGroups and
     * DeleteGroups), COORDINATOR_NOT_AVAILABLE while starting or stopping, COORDINATOR_LOAD_IN_PROGRESS while its
     * partition loads, NOT_COORDINATOR when another broker leads its partition.
     */
    public Errors validateGroupStatus(String groupId, boolean allowEmptyGroupId) {
        if (groupId == null || (!allowEmptyGroupId && groupId.isEmpty())) {
            return Errors.INVALID_GROUP_ID;
        }
        if (!active) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (isGroupLoading(groupId)) {
            return Errors.COORDINATOR_LOAD_IN_PROGRESS;
        }
        if (!isGroupLocal(groupId)) {
            return Errors.NOT_COORDINATOR;
        }
        return null;
    }

    public GroupConfig config() {
        return config;
    }

    /** The number of partitions of {@code __consumer_offsets}: the topic's, once it exists, else the configured one. */
    public int partitionCount() {
        return metadataCache.partitions(OFFSETS_TOPIC).map(Collection::size).filter(n -> n > 0).orElse(config.offsetsTopicNumPartitions());
    }

    /** The {@code __consumer_offsets} partition of a group: Kafka's {@code Utils.abs(groupId.hashCode()) % partitions}. */
    public int partitionFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % partitionCount();
    }

    public boolean isGroupLocal(String groupId) {
        return partitions.get(partitionFor(groupId)) == Status.LOADED;
    }

    public boolean isGroupLoading(String groupId) {
        return partitions.get(partitionFor(groupId)) == Status.LOADING;
    }

    public boolean isLoading() {
        return partitions.containsValue(Status.LOADING);
    }

    /** The partitions whose groups this broker serves or is loading. */
    public Set<Integer> ownedPartitions() {
        return new HashSet<>(partitions.keySet());
    }

    public GroupMetadata group(String groupId) {
        return groups.get(groupId);
    }

    /** Adds {@code group} unless a group of that id exists; returns the group in the cache. */
    public GroupMetadata addGroup(GroupMetadata group) {
        GroupMetadata existing = groups.putIfAbsent(group.groupId(), group);
        return existing == null ? group : existing;
    }

    public Collection<GroupMetadata> currentGroups() {
        return groups.values();
    }

    // ---- leadership of __consumer_offsets partitions

    /** This broker leads {@code partition} of the offsets topic from {@code leaderEpoch} on: load its groups. */
    public void onBecomingLeader(int partition, int leaderEpoch) {
        epochs.put(partition, leaderEpoch);
        partitions.put(partition, Status.LOADING);
        log.info("[GroupMetadataManager broker={}] Scheduling loading of offsets and group metadata from {}-{} for epoch {}",
                brokerId, OFFSETS_TOPIC, partition, leaderEpoch);
        loader.execute(() -> loadPartition(partition, leaderEpoch));
    }

    /** This broker no longer leads {@code partition}: its groups answer NOT_COORDINATOR at once and are dropped. */
    public void onResigningLeadership(int partition) {
        epochs.remove(partition);
        partitions.remove(partition);
        log.info("[GroupMetadataManager broker={}] Scheduling unloading of offsets and group metadata from {}-{}", brokerId, OFFSETS_TOPIC, partition);
        loader.execute(() -> unloadPartition(partition));
    }

    private boolean isCurrent(int partition, int epoch) {
        Integer current = epochs.get(partition);
        return current != null && current == epoch;
    }

    private void loadPartition(int partition, int epoch) {
        long start = scheduler.milliseconds();
        TopicPartition tp = new TopicPartition(OFFSETS_TOPIC, partition);
        try {
            Partition leader = replicaManager.partition(tp);
            if (leader == null || !isCurrent(partition, epoch)) {
                return;
            }
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new HashMap<>();
            Map<String, GroupMetadataCodec.StoredGroup> stored = new HashMap<>();
            Set<String> removed = new HashSet<>();
            readPartition(leader.log(), offsets, stored, removed);
            if (!isCurrent(partition, epoch)) {
                return;
            }
            Set<String> ids = new HashSet<>(stored.keySet());
            ids.addAll(offsets.keySet());
            long now = scheduler.milliseconds();
            int loadedGroups = 0;
            for (String groupId : ids) {
                GroupMetadataCodec.StoredGroup value = stored.get(groupId);
                GroupMetadata group = value != null ? GroupMetadata.fromStored(groupId, value, now) : new GroupMetadata(groupId, GroupState.EMPTY, now);
                synchronized (group) {
                    offsets.getOrDefault(groupId, Map.of()).forEach(group::putOffset);
                }
                GroupMetadata previous = groups.put(groupId, group);
                if (previous != null && previous != group) {
                    dropGroup(previous);
                }
                GroupLifecycle l = lifecycle;
                if (l != null) {
                    synchronized (group) {
                        l.onGroupLoaded(group);
                    }
                }
                loadedGroups++;
            }
            if (isCurrent(partition, epoch)) {
                partitions.replace(partition, Status.LOADING, Status.LOADED);
            }
            log.info("[GroupMetadataManager broker={}] Finished loading offsets and group metadata from {} in {} milliseconds: {} groups",
                    brokerId, tp, scheduler.milliseconds() - start, loadedGroups);
        } catch (RuntimeException e) {
            log.error("[GroupMetadataManager broker={}] Error loading offsets from {}; its groups stay unavailable until leadership changes",
                    brokerId, tp, e);
        }
    }

    private void readPartition(Log partitionLog, Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets,
                               Map<String, GroupMetadataCodec.StoredGroup> stored, Set<String> removed) {
        long offset = partitionLog.logStartOffset();
        long end = partitionLog.logEndOffset();
        while (offset < end) {
            FetchDataInfo info = partitionLog.read(offset, config.offsetsLoadBufferSize(), end, true);
            ByteBuffer buffer;
            try {
                buffer = info.records().readAll();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Could not read " + partitionLog.topicPartition() + " at offset " + offset, e);
            }
            if (!buffer.hasRemaining()) {
                break;
            }
            long before = offset;
            for (RecordBatch batch : RecordBatches.iterate(buffer)) {
                if (!batch.isControlBatch() && !batch.isTransactional()) {
                    Iterator<Record> records = batch.records();
                    while (records.hasNext()) {
                        applyRecord(records.next(), offsets, stored, removed);
                    }
                }
                offset = batch.nextOffset();
            }
            if (offset == before) {
                break;
            }
        }
    }

    private void applyRecord(Record record, Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets,
                             Map<String, GroupMetadataCodec.StoredGroup> stored, Set<String> removed) {
        if (!record.hasKey()) {
            log.warn("Skipping a record without key at offset {} of {}", record.offset(), OFFSETS_TOPIC);
            return;
        }
        GroupMetadataCodec.Key key;
        try {
            key = GroupMetadataCodec.readKey(record.key().duplicate());
        } catch (IllegalArgumentException e) {
            log.debug("Skipping the record at offset {} of {}: {}", record.offset(), OFFSETS_TOPIC, e.getMessage());
            return;
        }
        ByteBuffer value = record.value() == null ? null : record.value().duplicate();
        try {
            if (key instanceof GroupMetadataCodec.OffsetKey offsetKey) {
                OffsetAndMetadata committed = OffsetAndMetadata.fromStored(GroupMetadataCodec.readOffsetCommitValue(value));
                Map<TopicPartition, OffsetAndMetadata> groupOffsets = offsets.computeIfAbsent(offsetKey.group(), g -> new HashMap<>());
                if (committed == null) {
                    groupOffsets.remove(new TopicPartition(offsetKey.topic(), offsetKey.partition()));
                    if (groupOffsets.isEmpty()) {
                        offsets.remove(offsetKey.group());
                    }
                } else {
                    groupOffsets.put(new TopicPartition(offsetKey.topic(), offsetKey.partition()), committed);
                }
            } else {
                GroupMetadataCodec.StoredGroup group = GroupMetadataCodec.readGroupMetadataValue(value);
                if (group == null) {
                    stored.remove(key.group());
                    removed.add(key.group());
                } else {
                    stored.put(key.group(), group);
                    removed.remove(key.group());
                }
            }
        } catch (IllegalArgumentException e) {
            log.warn("Skipping the record at offset {} of {}: {}", record.offset(), OFFSETS_TOPIC, e.getMessage());
        }
    }

    private void unloadPartition(int partition) {
        int count = 0;
        for (GroupMetadata group : new ArrayList<>(groups.values())) {
            if (partitionFor(group.groupId()) == partition && !partitions.containsKey(partition) && groups.remove(group.groupId(), group)) {
                dropGroup(group);
                count++;
            }
        }
        log.info("[GroupMetadataManager broker={}] Unloaded {} groups of {}-{}", brokerId, count, OFFSETS_TOPIC, partition);
    }

    private void dropGroup(GroupMetadata group) {
        GroupLifecycle l = lifecycle;
        synchronized (group) {
            if (l != null) {
                l.onGroupUnloaded(group);
            }
        }
    }

    // ---- writes

    /**
     * Appends the group's metadata with {@code assignment} (member id to assignment bytes); the caller holds the
     * group's monitor. {@code callback} gets the outcome, under the group's monitor, once every in-sync replica has
     * the record (Kafka's mapping: COORDINATOR_NOT_AVAILABLE for the retriable errors and a timeout, NOT_COORDINATOR
     * when this broker no longer leads the partition, UNKNOWN_SERVER_ERROR for a record too large).
     */
    public void storeGroup(GroupMetadata group, Map<String, byte[]> assignment, Consumer<Errors> callback) {
        byte[] key = GroupMetadataCodec.groupMetadataKey(group.groupId());
        byte[] value = GroupMetadataCodec.groupMetadataValue(group.toStored(assignment));
        List<byte[][]> records = new ArrayList<>();
        records.add(new byte[][] {key, value});
        append(partitionFor(group.groupId()), records, error -> {
            Errors mapped = switch (error) {
                case NONE -> Errors.NONE;
                case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT -> Errors.COORDINATOR_NOT_AVAILABLE;
                case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
                case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.UNKNOWN_SERVER_ERROR;
                default -> error;
            };
            synchronized (group) {
                callback.accept(mapped);
            }
        });
    }

    /**
     * Appends committed offsets in one batch and, once every in-sync replica has them, makes them the group's; the
     * caller holds the group's monitor. {@code callback} gets the outcome under the group's monitor (Kafka's mapping:
     * COORDINATOR_NOT_AVAILABLE for the retriable errors and a timeout, NOT_COORDINATOR when this broker no longer
     * leads the partition, INVALID_COMMIT_OFFSET_SIZE for a batch too large).
     */
    public void storeOffsets(GroupMetadata group, Map<TopicPartition, OffsetAndMetadata> offsets, Consumer<Errors> callback) {
        if (offsets.isEmpty()) {
            callback.accept(Errors.NONE);
            return;
        }
        List<byte[][]> records = new ArrayList<>(offsets.size());
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            records.add(new byte[][] {GroupMetadataCodec.offsetCommitKey(group.groupId(), e.getKey().topic(), e.getKey().partition()),
                    GroupMetadataCodec.offsetCommitValue(e.getValue().toStored())});
        }
        Map<TopicPartition, OffsetAndMetadata> toStore = new HashMap<>(offsets);
        append(partitionFor(group.groupId()), records, error -> {
            Errors mapped = switch (error) {
                case NONE -> Errors.NONE;
                case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT -> Errors.COORDINATOR_NOT_AVAILABLE;
                case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
                case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
                default -> error;
            };
            synchronized (group) {
                if (mapped == Errors.NONE && !group.is(GroupState.DEAD)) {
                    toStore.forEach(group::putOffset);
                }
                callback.accept(mapped);
            }
        });
    }

    /**
     * Removes offsets of {@code groups} ({@code selector} picks them, under each group's monitor), marks an Empty
     * group without offsets Dead, drops Dead groups from the cache, and appends the tombstones. Returns how many
     * offsets were removed.
     */
    public int cleanupGroupMetadata(Collection<GroupMetadata> targets, Function<GroupMetadata, Collection<TopicPartition>> selector) {
        int removedOffsets = 0;
        long now = scheduler.milliseconds();
        for (GroupMetadata group : targets) {
            List<byte[][]> tombstones = new ArrayList<>();
            int partition;
            synchronized (group) {
                partition = partitionFor(group.groupId());
                for (TopicPartition tp : new ArrayList<>(selector.apply(group))) {
                    if (group.offset(tp) != null) {
                        group.removeOffset(tp);
                        tombstones.add(new byte[][] {GroupMetadataCodec.offsetCommitKey(group.groupId(), tp.topic(), tp.partition()), null});
                    }
                }
                removedOffsets += tombstones.size();
                if (group.is(GroupState.EMPTY) && !group.hasOffsets()) {
                    log.info("[GroupMetadataManager broker={}] Group {} transitioned to Dead in generation {}", brokerId, group.groupId(), group.generationId());
                    group.transitionTo(GroupState.DEAD, now);
                }
                if (group.is(GroupState.DEAD)) {
                    groups.remove(group.groupId(), group);
                    tombstones.add(new byte[][] {GroupMetadataCodec.groupMetadataKey(group.groupId()), null});
                }
                if (!tombstones.isEmpty() && partitions.get(partition) == Status.LOADED) {
                    int count = tombstones.size();
                    int p = partition;
                    append(partition, tombstones, error -> {
                        if (error != Errors.NONE) {
                            log.warn("[GroupMetadataManager broker={}] Failed to write {} tombstones of group {} to {}-{}: {}",
                                    brokerId, count, group.groupId(), OFFSETS_TOPIC, p, error);
                        }
                    });
                }
            }
        }
        return removedOffsets;
    }

    /** Expires committed offsets past {@code offsets.retention.minutes} (see {@link GroupMetadata#expiredOffsets}). */
    public int cleanupExpiredOffsets() {
        long start = scheduler.milliseconds();
        List<GroupMetadata> targets = new ArrayList<>();
        for (GroupMetadata group : groups.values()) {
            if (isGroupLocal(group.groupId())) {
                targets.add(group);
            }
        }
        int removed = cleanupGroupMetadata(targets, g -> g.expiredOffsets(scheduler.milliseconds(), config.offsetsRetentionMs()));
        if (removed > 0) {
            log.info("[GroupMetadataManager broker={}] Removed {} expired offsets in {} milliseconds.", brokerId, removed, scheduler.milliseconds() - start);
        }
        return removed;
    }

    /**
     * Appends records (key, value-or-null) to a partition of the offsets topic this broker leads, with acks=all, and
     * calls {@code callback} with the append's error, or, once appended, with the outcome of waiting for the high
     * watermark (see {@link DelayedGroupAppend}); the callback runs on this thread when the outcome is known at once.
     */
    private void append(int partition, List<byte[][]> records, Consumer<Errors> callback) {
        TopicPartition tp = new TopicPartition(OFFSETS_TOPIC, partition);
        Partition leader = replicaManager.partition(tp);
        if (leader == null || !partitions.containsKey(partition)) {
            callback.accept(Errors.NOT_LEADER_OR_FOLLOWER);
            return;
        }
        Optional<PartitionState> state = Optional.ofNullable(leader.state());
        if (state.isPresent() && state.get().leader() != brokerId) {
            callback.accept(Errors.NOT_LEADER_OR_FOLLOWER);
            return;
        }
        int minInSyncReplicas = Math.max(1, leader.log().config().minInSyncReplicas());
        long now = scheduler.milliseconds();
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        for (byte[][] record : records) {
            builder.append(now, record[0], record[1]);
        }
        Partition.AppendResult result;
        try {
            result = leader.appendRecordsToLeader(builder.build(), -1, minInSyncReplicas);
        } catch (RuntimeException e) {
            log.error("[GroupMetadataManager broker={}] Appending {} records to {} failed", brokerId, records.size(), tp, e);
            callback.accept(Errors.KAFKA_STORAGE_ERROR);
            return;
        }
        if (result.error() != Errors.NONE) {
            log.warn("[GroupMetadataManager broker={}] Appending {} records to {} failed: {} {}", brokerId, records.size(), tp,
                    result.error(), result.errorMessage() == null ? "" : result.errorMessage());
            callback.accept(result.error());
            return;
        }
        replicaManager.onAppend(tp);
        DelayedGroupAppend delayed = new DelayedGroupAppend(replicaManager, tp, result.lastOffset() + 1, minInSyncReplicas, callback);
        replicaManager.producePurgatory().tryCompleteElseWatch(delayed, List.of(tp), config.offsetsCommitTimeoutMs());
    }
}
