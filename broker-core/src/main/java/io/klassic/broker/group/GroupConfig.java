package io.klassic.broker.group;

import io.klassic.broker.KafkaConfig;

/**
 * The broker settings the group coordinator uses, under Kafka's keys: {@code offsets.topic.num.partitions},
 * {@code offsets.topic.replication.factor}, {@code offsets.topic.segment.bytes}, {@code offsets.retention.minutes},
 * {@code offsets.retention.check.interval.ms}, {@code offsets.load.buffer.size}, {@code offset.metadata.max.bytes},
 * {@code group.initial.rebalance.delay.ms}, {@code group.min.session.timeout.ms},
 * {@code group.max.session.timeout.ms}, {@code group.max.size}, {@code offsets.commit.timeout.ms} (how long a write to
 * {@code __consumer_offsets} waits for every in-sync replica). Immutable.
 */
public record GroupConfig(int offsetsTopicNumPartitions, short offsetsTopicReplicationFactor, int offsetsTopicSegmentBytes,
                          long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs, int offsetsLoadBufferSize,
                          int offsetMetadataMaxBytes, int initialRebalanceDelayMs, int minSessionTimeoutMs,
                          int maxSessionTimeoutMs, int maxSize, int offsetsCommitTimeoutMs) {
    /** Kafka's default of {@code offsets.commit.timeout.ms}. */
    public static final int DEFAULT_OFFSETS_COMMIT_TIMEOUT_MS = 5000;
    /** How long a new member's first JoinGroup may stay parked before the member is dropped (Kafka's constant). */
    public static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

    public GroupConfig {
        if (offsetsTopicNumPartitions < 1) {
            throw new IllegalArgumentException("Invalid value " + offsetsTopicNumPartitions
                    + " for configuration offsets.topic.num.partitions: must be at least 1");
        }
        if (offsetsTopicReplicationFactor < 1) {
            throw new IllegalArgumentException("Invalid value " + offsetsTopicReplicationFactor
                    + " for configuration offsets.topic.replication.factor: must be at least 1");
        }
        if (offsetsRetentionMs < 1) {
            throw new IllegalArgumentException("Invalid value for configuration offsets.retention.minutes: must be at least 1");
        }
        if (minSessionTimeoutMs > maxSessionTimeoutMs) {
            throw new IllegalArgumentException("group.min.session.timeout.ms (" + minSessionTimeoutMs
                    + ") must not be larger than group.max.session.timeout.ms (" + maxSessionTimeoutMs + ")");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("Invalid value " + maxSize + " for configuration group.max.size: must be at least 1");
        }
        if (offsetsCommitTimeoutMs < 1) {
            throw new IllegalArgumentException("Invalid value " + offsetsCommitTimeoutMs
                    + " for configuration offsets.commit.timeout.ms: must be at least 1");
        }
    }

    /** The settings with the default {@code offsets.commit.timeout.ms}. */
    public GroupConfig(int offsetsTopicNumPartitions, short offsetsTopicReplicationFactor, int offsetsTopicSegmentBytes,
                       long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs, int offsetsLoadBufferSize,
                       int offsetMetadataMaxBytes, int initialRebalanceDelayMs, int minSessionTimeoutMs,
                       int maxSessionTimeoutMs, int maxSize) {
        this(offsetsTopicNumPartitions, offsetsTopicReplicationFactor, offsetsTopicSegmentBytes, offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs, offsetsLoadBufferSize, offsetMetadataMaxBytes, initialRebalanceDelayMs,
                minSessionTimeoutMs, maxSessionTimeoutMs, maxSize, DEFAULT_OFFSETS_COMMIT_TIMEOUT_MS);
    }

    public static GroupConfig from(KafkaConfig config) {
        return new GroupConfig(
                config.getInt("offsets.topic.num.partitions"),
                ((Number) config.get("offsets.topic.replication.factor")).shortValue(),
                config.getInt("offsets.topic.segment.bytes"),
                config.getInt("offsets.retention.minutes") * 60_000L,
                config.getLong("offsets.retention.check.interval.ms"),
                config.getInt("offsets.load.buffer.size"),
                config.getInt("offset.metadata.max.bytes"),
                config.getInt("group.initial.rebalance.delay.ms"),
                config.getInt("group.min.session.timeout.ms"),
                config.getInt("group.max.session.timeout.ms"),
                config.getInt("group.max.size"),
                config.getInt("offsets.commit.timeout.ms"));
    }
}
