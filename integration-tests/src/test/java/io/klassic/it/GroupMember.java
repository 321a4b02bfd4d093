package io.klassic.it;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/**
 * One member of a consumer group in the group tests, whichever client runs it: a kafka-clients 4.x consumer on a
 * thread of the test JVM ({@link InJvmGroupMember}) or a kafka-clients 3.9 consumer in a child JVM
 * ({@link ChildJvmGroupMember}). Each {@code subscribe()}s to one topic and polls on its own, keeps its current
 * assignment (from its rebalance listener), every record it read and the offsets the coordinator acknowledged, with
 * the test JVM's {@link System#nanoTime()} of each event so that members of both kinds can be compared.
 *
 * <p>Implementations are thread-safe: the test thread reads while the member consumes.
 */
interface GroupMember extends AutoCloseable {
    /** How the member commits the offsets it consumed: after each non-empty poll, and in onPartitionsRevoked for SYNC and ASYNC. */
    enum Commit { SYNC, ASYNC, AUTO, NONE }

    /** One record read: its partition, its offset, and when the test JVM learnt of it. */
    record Consumed(TopicPartition partition, long offset, long receivedNanos) {
    }

    String name();

    /** What the member did so far; the accessors below read it. */
    GroupMemberProgress progress();

    /** The partitions the member owns now. */
    default Set<TopicPartition> assignment() {
        return progress().assignment();
    }

    /** Every record the member read, in the order read. */
    default List<Consumed> consumed() {
        return progress().consumed();
    }

    /** When the member subscribed (just before its first poll, which joins the group); 0 until then. */
    default long subscribedNanos() {
        return progress().subscribedNanos();
    }

    /** When the member last got partitions (onPartitionsAssigned); 0 until then. */
    default long lastAssignmentNanos() {
        return progress().lastAssignmentNanos();
    }

    /** When the member last read a record; 0 until then. */
    default long lastRecordNanos() {
        return progress().lastRecordNanos();
    }

    /** Per partition, the highest offset the coordinator acknowledged for one of this member's commits. */
    default Map<TopicPartition, Long> acknowledgedCommits() {
        return progress().acknowledgedCommits();
    }

    /** How many commits were refused because the group was rebalancing or had moved on (normal around rebalances). */
    default int commitsRefused() {
        return progress().commitsRefused();
    }

    /** Fails the test with what went wrong in the member, if anything did. */
    void assertHealthy();

    /** Closes the consumer, which revokes its partitions (committing them) and leaves the group with a LeaveGroup. */
    @Override
    void close();

    /** Ends the member without a LeaveGroup: the coordinator notices only when its session times out. */
    void crash();
}
