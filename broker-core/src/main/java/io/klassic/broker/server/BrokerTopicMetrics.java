package io.klassic.broker.server;

import io.klassic.broker.metrics.KafkaMetricsGroup;
import io.klassic.broker.metrics.Meter;
import io.klassic.protocol.Errors;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The meters of {@code kafka.server:type=BrokerTopicMetrics}, either of one topic ({@code ,topic=<t>}) or of all
 * topics (no topic tag, which alone has ReplicationBytesInPerSec and ReplicationBytesOutPerSec, as in Kafka). A
 * topic's metrics also mark the all-topics ones, so a caller resolves a topic's metrics once (a {@link Partition} keeps
 * them) and marks them per batch or per fetched partition, reading the clock once. As in Kafka, a produce or fetch
 * fails in the Failed*RequestsPerSec sense only on an unexpected error, not on NOT_LEADER_OR_FOLLOWER,
 * UNKNOWN_TOPIC_OR_PARTITION, a record too large, a corrupt message or a storage error. Thread-safe.
 */
public final class BrokerTopicMetrics {
    public static final String MESSAGES_IN_PER_SEC = "MessagesInPerSec";
    public static final String BYTES_IN_PER_SEC = "BytesInPerSec";
    public static final String BYTES_OUT_PER_SEC = "BytesOutPerSec";
    public static final String BYTES_REJECTED_PER_SEC = "BytesRejectedPerSec";
    public static final String REPLICATION_BYTES_IN_PER_SEC = "ReplicationBytesInPerSec";
    public static final String REPLICATION_BYTES_OUT_PER_SEC = "ReplicationBytesOutPerSec";
    public static final String FAILED_PRODUCE_REQUESTS_PER_SEC = "FailedProduceRequestsPerSec";
    public static final String FAILED_FETCH_REQUESTS_PER_SEC = "FailedFetchRequestsPerSec";
    public static final String TOTAL_PRODUCE_REQUESTS_PER_SEC = "TotalProduceRequestsPerSec";
    public static final String TOTAL_FETCH_REQUESTS_PER_SEC = "TotalFetchRequestsPerSec";

    private static final List<String> PER_TOPIC = List.of(MESSAGES_IN_PER_SEC, BYTES_IN_PER_SEC, BYTES_OUT_PER_SEC, BYTES_REJECTED_PER_SEC,
            FAILED_PRODUCE_REQUESTS_PER_SEC, FAILED_FETCH_REQUESTS_PER_SEC, TOTAL_PRODUCE_REQUESTS_PER_SEC, TOTAL_FETCH_REQUESTS_PER_SEC);

    private final KafkaMetricsGroup group;
    private final Map<String, String> tags;
    private final LongSupplier clock;
    /** The all-topics metrics a topic's metrics also mark; null for the all-topics metrics themselves. */
    private final BrokerTopicMetrics allTopics;
    private final Meter messagesIn;
    private final Meter bytesIn;
    private final Meter bytesOut;
    private final Meter bytesRejected;
    private final Meter failedProduce;
    private final Meter failedFetch;
    private final Meter totalProduce;
    private final Meter totalFetch;
    private final Meter replicationBytesIn;
    private final Meter replicationBytesOut;

    /** The metrics of {@code topic}, or of all topics when {@code allTopics} is null (and {@code topic} too). */
    BrokerTopicMetrics(KafkaMetricsGroup group, LongSupplier clock, String topic, BrokerTopicMetrics allTopics) {
        this.group = group;
        this.clock = clock;
        this.allTopics = allTopics;
        this.tags = topic == null ? Map.of() : Map.of("topic", topic);
        messagesIn = group.newMeter(MESSAGES_IN_PER_SEC, "messages", tags);
        bytesIn = group.newMeter(BYTES_IN_PER_SEC, "bytes", tags);
        bytesOut = group.newMeter(BYTES_OUT_PER_SEC, "bytes", tags);
        bytesRejected = group.newMeter(BYTES_REJECTED_PER_SEC, "bytes", tags);
        failedProduce = group.newMeter(FAILED_PRODUCE_REQUESTS_PER_SEC, "requests", tags);
        failedFetch = group.newMeter(FAILED_FETCH_REQUESTS_PER_SEC, "requests", tags);
        totalProduce = group.newMeter(TOTAL_PRODUCE_REQUESTS_PER_SEC, "requests", tags);
        totalFetch = group.newMeter(TOTAL_FETCH_REQUESTS_PER_SEC, "requests", tags);
        replicationBytesIn = topic == null ? group.newMeter(REPLICATION_BYTES_IN_PER_SEC, "bytes", tags) : null;
        replicationBytesOut = topic == null ? group.newMeter(REPLICATION_BYTES_OUT_PER_SEC, "bytes", tags) : null;
    }

    /**
     * A leader's append of one partition's batches (a produce or a group coordinator write): {@code error} NONE when
     * {@code records} records of {@code bytes} bytes were appended.
     */
    public void recordAppend(Errors error, int records, int bytes) {
        long now = clock.getAsLong();
        for (BrokerTopicMetrics m = this; m != null; m = m.allTopics) {
            m.totalProduce.mark(1, now);
            if (error == Errors.NONE) {
                m.bytesIn.mark(bytes, now);
                m.messagesIn.mark(records, now);
            } else {
                if (error == Errors.MESSAGE_TOO_LARGE || error == Errors.RECORD_LIST_TOO_LARGE) {
                    m.bytesRejected.mark(bytes, now);
                }
                if (isUnexpectedProduceError(error)) {
                    m.failedProduce.mark(1, now);
                }
            }
        }
    }

    /**
     * One partition of a fetch response: {@code bytes} of records sent to a consumer (BytesOutPerSec) or a follower
     * (ReplicationBytesOutPerSec); {@code failed} when reading it failed unexpectedly.
     */
    public void recordFetch(int bytes, boolean fromFollower, boolean failed) {
        long now = clock.getAsLong();
        for (BrokerTopicMetrics m = this; m != null; m = m.allTopics) {
            m.totalFetch.mark(1, now);
            if (failed) {
                m.failedFetch.mark(1, now);
            }
            if (bytes > 0) {
                if (!fromFollower) {
                    m.bytesOut.mark(bytes, now);
                } else if (m.replicationBytesOut != null) {
                    m.replicationBytesOut.mark(bytes, now);
                }
            }
        }
    }

    /** Bytes a follower fetched from its leader (all-topics metrics only). */
    void recordReplicationBytesIn(long bytes) {
        if (replicationBytesIn != null) {
            replicationBytesIn.mark(bytes);
        }
    }

    static boolean isUnexpectedProduceError(Errors error) {
        return switch (error) {
            case NONE, UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, CORRUPT_MESSAGE,
                 KAFKA_STORAGE_ERROR -> false;
            default -> true;
        };
    }

    /** Unregisters this topic's meters. */
    void close() {
        for (String name : PER_TOPIC) {
            group.removeMetric(name, tags);
        }
        if (allTopics == null) {
            group.removeMetric(REPLICATION_BYTES_IN_PER_SEC, tags);
            group.removeMetric(REPLICATION_BYTES_OUT_PER_SEC, tags);
        }
    }
}
