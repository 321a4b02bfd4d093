package io.klassic.it;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;

/**
 * What one {@link GroupMember} did, as the test JVM learnt it, with the test JVM's {@link System#nanoTime()} of
 * each event: when it subscribed, the partitions it owns and when it last got some, every record it read, the
 * commits the coordinator acknowledged (highest offset per partition) and how many it refused. The member records
 * (from its consumer thread, or from the reader of a child JVM's output); tests read through {@link GroupMember}.
 *
 * <p>Thread-safe.
 */
final class GroupMemberProgress {
    private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<GroupMember.Consumed> consumed = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Long> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger commitsRefused = new AtomicInteger();
    private volatile long subscribedNanos;
    private volatile long lastAssignmentNanos;
    private volatile long lastRecordNanos;

    void subscribed(long nanos) {
        subscribedNanos = nanos;
    }

    void assigned(Collection<TopicPartition> partitions, long nanos) {
        assignment.addAll(partitions);
        lastAssignmentNanos = nanos;
    }

    /** Partitions revoked or lost. */
    void revoked(Collection<TopicPartition> partitions) {
        assignment.removeAll(partitions);
    }

    void consumed(TopicPartition partition, long offset, long nanos) {
        consumed.add(new GroupMember.Consumed(partition, offset, nanos));
        lastRecordNanos = nanos;
    }

    /** The coordinator acknowledged a commit of {@code offset} (the next offset to read) for {@code partition}. */
    void acknowledged(TopicPartition partition, long offset) {
        acknowledged.merge(partition, offset, Math::max);
    }

    void commitRefused() {
        commitsRefused.incrementAndGet();
    }

    Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    List<GroupMember.Consumed> consumed() {
        return List.copyOf(consumed);
    }

    long subscribedNanos() {
        return subscribedNanos;
    }

    long lastAssignmentNanos() {
        return lastAssignmentNanos;
    }

    long lastRecordNanos() {
        return lastRecordNanos;
    }

    Map<TopicPartition, Long> acknowledgedCommits() {
        return Map.copyOf(acknowledged);
    }

    int commitsRefused() {
        return commitsRefused.get();
    }
}
