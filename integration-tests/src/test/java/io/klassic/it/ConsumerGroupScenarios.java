package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer group scenarios every Java client version must pass against one real broker; a subclass per client
 * says how a {@link GroupMember} is made. Groups of 1, 2 and 3 members subscribed to a 6-partition topic split the
 * partitions (each owned by exactly one member) with the range and cooperative-sticky assignors; a member that
 * leaves hands its partitions over well within the session timeout, one that dies within the session timeout plus
 * one rebalance; commitSync and commitAsync offsets are what a restarted group resumes from; and what a rebalance
 * costs for a third member is measured.
 *
 * <p>Not thread-safe: JUnit runs one test at a time; the members consume on their own threads or JVMs.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class ConsumerGroupScenarios {
    static final int PARTITIONS = 6;
    static final int RECORDS_PER_PARTITION = 50;
    static final String RANGE = "org.apache.kafka.clients.consumer.RangeAssignor";
    static final String COOPERATIVE_STICKY = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
    /** How long the tests wait for a split or for records before giving up (not a bound under test). */
    static final Duration REBALANCE_TIMEOUT = Duration.ofSeconds(60);

    /** Short sessions, so that a dead member is noticed quickly (group.min.session.timeout.ms is 6000). */
    static final int SESSION_TIMEOUT_MS = 6000;
    static final int HEARTBEAT_INTERVAL_MS = 500;
    /** max.poll.interval.ms, which the consumer sends as its rebalance timeout; the members poll every 100 ms. */
    static final int MAX_POLL_INTERVAL_MS = 10_000;
    static final Map<String, String> FAST_SESSION = Map.of("session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS),
            "heartbeat.interval.ms", Integer.toString(HEARTBEAT_INTERVAL_MS), "max.poll.interval.ms", Integer.toString(MAX_POLL_INTERVAL_MS));
    /** Time for a SyncGroup round (its assignment written to __consumer_offsets), the clients' callbacks, this test's 50 ms polling. */
    static final int ROUND_SLACK_MS = 2000;
    /**
     * A member that dies is removed when its session expires, session.timeout.ms after the last heartbeat the
     * coordinator got (so at most that long after the death); the coordinator then starts a rebalance, which the
     * survivors learn of with their next heartbeat and join at their next poll. The join phase ends when every
     * remaining member has rejoined and at the latest when the rebalance timeout (max.poll.interval.ms) runs out;
     * one SyncGroup round follows.
     */
    static final long DEAD_MEMBER_HAND_OVER_BOUND_MS = SESSION_TIMEOUT_MS + HEARTBEAT_INTERVAL_MS + MAX_POLL_INTERVAL_MS + ROUND_SLACK_MS;
    /**
     * A dead member cannot be noticed sooner than its session timeout after its last heartbeat (Kafka does not take
     * a closed connection for a leave); half the session timeout leaves room for a last heartbeat that came late.
     */
    static final long DEAD_MEMBER_HAND_OVER_MIN_MS = SESSION_TIMEOUT_MS / 2;
    /**
     * A member that leaves: its close commits, revokes and sends LeaveGroup, upon which the coordinator starts the
     * rebalance at once; the survivors learn of it with their next heartbeat; one join and one sync round follow.
     * Half the session timeout: a handover that waited for the session to expire fails.
     */
    static final long CLEAN_LEAVE_HAND_OVER_BOUND_MS = SESSION_TIMEOUT_MS / 2;

    static ClusterHarness cluster;
    static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1)
                .brokerConfig("group.initial.rebalance.delay.ms", "0")
                .start();
        admin = Clients.admin(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            admin = null;
            if (cluster != null) {
                cluster.close();
            }
            cluster = null;
        }
    }

    /** A new member of {@code group}, consuming {@code topic}; {@code overrides} are consumer settings. */
    abstract GroupMember member(String name, String group, String topic, String assignor, GroupMember.Commit commit,
                                Map<String, String> overrides);

    /** Which client the members run, for the figures printed. */
    abstract String clients();

    @ParameterizedTest
    @ValueSource(strings = {RANGE, COOPERATIVE_STICKY})
    void groupsOfOneTwoAndThreeShareSixPartitionsAndHandOverWhenMembersGo(String assignor) {
        String label = "[" + clients() + ", " + shortName(assignor) + "]";
        String topic = Clients.uniqueTopic("groups-" + shortName(assignor));
        String group = "group-" + topic;
        Clients.createTopic(admin, topic, PARTITIONS);
        produce(topic, 0);
        List<GroupMember> members = new ArrayList<>();
        try {
            GroupMember first = member("a", group, topic, assignor, GroupMember.Commit.SYNC, FAST_SESSION);
            members.add(first);
            awaitSplit(List.of(first), topic);
            GroupMember second = member("b", group, topic, assignor, GroupMember.Commit.ASYNC, FAST_SESSION);
            members.add(second);
            awaitSplit(List.of(first, second), topic);
            GroupMember third = member("c", group, topic, assignor, GroupMember.Commit.SYNC, FAST_SESSION);
            members.add(third);
            awaitSplit(List.of(first, second, third), topic);
            awaitConsumedAll(members, topic, RECORDS_PER_PARTITION);

            ConsumerGroupDescription description = Clients.await(admin.describeConsumerGroups(List.of(group)).all(), "describeConsumerGroups")
                    .get(group);
            assertEquals(GroupState.STABLE, description.groupState());
            assertEquals(3, description.members().size(), description::toString);

            long leaving = System.nanoTime();
            third.close();
            awaitSplit(List.of(first, second), topic);
            long leaveMs = millisSince(leaving);
            System.out.println(label + " partitions of a member that left handed over after " + leaveMs + " ms (bound "
                    + CLEAN_LEAVE_HAND_OVER_BOUND_MS + " ms, session.timeout.ms=" + SESSION_TIMEOUT_MS + ")");
            assertTrue(leaveMs < CLEAN_LEAVE_HAND_OVER_BOUND_MS, label + " a member that leaves must hand over well within the session timeout: took "
                    + leaveMs + " ms, bound " + CLEAN_LEAVE_HAND_OVER_BOUND_MS + " ms");

            long died = System.nanoTime();
            second.crash();
            awaitSplit(List.of(first), topic);
            long deadMs = millisSince(died);
            System.out.println(label + " partitions of a dead member handed over after " + deadMs + " ms (bounds "
                    + DEAD_MEMBER_HAND_OVER_MIN_MS + "-" + DEAD_MEMBER_HAND_OVER_BOUND_MS + " ms, session.timeout.ms=" + SESSION_TIMEOUT_MS + ")");
            assertTrue(deadMs <= DEAD_MEMBER_HAND_OVER_BOUND_MS, label + " a dead member's partitions must move within the session timeout"
                    + " and one rebalance: took " + deadMs + " ms, bound " + DEAD_MEMBER_HAND_OVER_BOUND_MS + " ms");
            assertTrue(deadMs >= DEAD_MEMBER_HAND_OVER_MIN_MS, label + " a dead member is noticed through its session timeout, not sooner: took "
                    + deadMs + " ms");

            produce(topic, RECORDS_PER_PARTITION);
            awaitConsumedAll(List.of(first), topic, 2 * RECORDS_PER_PARTITION);
            first.close();
            for (GroupMember m : members) {
                m.assertHealthy();
            }
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
            for (int p = 0; p < PARTITIONS; p++) {
                OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
                assertEquals(2L * RECORDS_PER_PARTITION, offset == null ? -1 : offset.offset(), "committed offset of partition " + p + ": " + committed);
            }
            assertAcknowledgedCommitsKept(members, committed);

            // A restarted group resumes where it committed: only the new records are read.
            produce(topic, 2 * RECORDS_PER_PARTITION);
            GroupMember restarted = member("d", group, topic, assignor, GroupMember.Commit.SYNC, FAST_SESSION);
            members.add(restarted);
            awaitSplit(List.of(restarted), topic);
            awaitConsumed(List.of(restarted), topic, 2 * RECORDS_PER_PARTITION, 3 * RECORDS_PER_PARTITION, PARTITIONS);
            long minOffset = restarted.consumed().stream().mapToLong(GroupMember.Consumed::offset).min().orElse(-1);
            assertEquals(2L * RECORDS_PER_PARTITION, minOffset, "the restarted group must resume at the committed offsets");
            assertEquals(PARTITIONS * RECORDS_PER_PARTITION, restarted.consumed().size());
            restarted.close();
            restarted.assertHealthy();
        } finally {
            for (GroupMember m : members) {
                closeQuietly(m);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RANGE, COOPERATIVE_STICKY})
    void rebalanceCostForAThirdMember(String assignor) throws Exception {
        String topic = Clients.uniqueTopic("rebalance-cost");
        String group = "group-" + topic;
        Clients.createTopic(admin, topic, PARTITIONS);
        List<GroupMember> members = new ArrayList<>();
        Thread producerThread = null;
        Producer load = new Producer(topic);
        try {
            producerThread = new Thread(load, "rebalance-cost-producer");
            producerThread.setDaemon(true);
            producerThread.start();
            // Client defaults (session.timeout.ms 45 s, heartbeat.interval.ms 3 s): what users get.
            GroupMember first = member("a", group, topic, assignor, GroupMember.Commit.AUTO, Map.of());
            members.add(first);
            GroupMember second = member("b", group, topic, assignor, GroupMember.Commit.AUTO, Map.of());
            members.add(second);
            awaitSplit(members, topic);
            awaitConsumingAfter(members, System.nanoTime());

            GroupMember third = member("c", group, topic, assignor, GroupMember.Commit.AUTO, Map.of());
            members.add(third);
            Wait.until(() -> {
                third.assertHealthy();
                return third.subscribedNanos() != 0;
            }, REBALANCE_TIMEOUT, "the third member did not subscribe");
            long joined = third.subscribedNanos();
            awaitSplit(members, topic);
            long consumingAgain = awaitConsumingAfter(members, joined);
            long costMs = TimeUnit.NANOSECONDS.toMillis(consumingAgain - joined);
            System.out.println("[" + clients() + ", " + shortName(assignor) + "] rebalance cost for a third member"
                    + " (subscribe to all 3 members consuming again): " + costMs + " ms");
            assertTrue(costMs < 30_000, "rebalance took " + costMs + " ms");
            for (GroupMember m : members) {
                m.assertHealthy();
            }
        } finally {
            load.stop();
            if (producerThread != null) {
                producerThread.join(30_000);
            }
            for (GroupMember m : members) {
                closeQuietly(m);
            }
        }
    }

    // ---- helpers

    static String shortName(String assignor) {
        return assignor.equals(RANGE) ? "range" : assignor.equals(COOPERATIVE_STICKY) ? "cooperative-sticky" : assignor;
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        return committedOffsetsOf(admin, group);
    }

    static Map<TopicPartition, OffsetAndMetadata> committedOffsetsOf(Admin admin, String group) {
        return Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "listConsumerGroupOffsets");
    }

    /** Nothing the coordinator acknowledged to a member is lost: the committed offsets are at least as far. */
    static void assertAcknowledgedCommitsKept(List<GroupMember> members, Map<TopicPartition, OffsetAndMetadata> committed) {
        for (GroupMember m : members) {
            m.acknowledgedCommits().forEach((tp, offset) -> {
                OffsetAndMetadata now = committed.get(tp);
                assertTrue(now != null && now.offset() >= offset, "member " + m.name() + " had offset " + offset + " of " + tp
                        + " acknowledged, but the group's committed offset is " + now);
            });
        }
    }

    static void produce(String topic, int firstValue) {
        produce(topic, firstValue, PARTITIONS, RECORDS_PER_PARTITION);
    }

    static void produce(String topic, int firstValue, int partitions, int perPartition) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("linger.ms", "0"))) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + (firstValue + i)).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    static void awaitSplit(List<GroupMember> members, String topic) {
        awaitSplit(members, topic, PARTITIONS);
    }

    /** Waits until every partition is owned by exactly one member and the members' shares differ by at most one. */
    static void awaitSplit(List<GroupMember> members, String topic, int partitions) {
        Set<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
        Wait.until(() -> {
            members.forEach(GroupMember::assertHealthy);
            Set<TopicPartition> union = new HashSet<>();
            int total = 0;
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (GroupMember m : members) {
                Set<TopicPartition> owned = m.assignment();
                union.addAll(owned);
                total += owned.size();
                min = Math.min(min, owned.size());
                max = Math.max(max, owned.size());
            }
            return union.equals(all) && total == partitions && max - min <= 1;
        }, REBALANCE_TIMEOUT, () -> "partitions of " + topic + " not split among " + members.size() + " members: "
                + members.stream().map(m -> m.name() + "=" + new TreeMap<>(m.assignment().stream()
                .collect(Collectors.toMap(TopicPartition::partition, tp -> 1)))).toList());
    }

    static void awaitConsumedAll(List<GroupMember> members, String topic, int perPartition) {
        awaitConsumedAll(members, topic, perPartition, PARTITIONS);
    }

    static void awaitConsumedAll(List<GroupMember> members, String topic, int perPartition, int partitions) {
        awaitConsumed(members, topic, 0, perPartition, partitions);
    }

    /** Waits until the members together have read every offset in [from, to) of every partition. */
    static void awaitConsumed(List<GroupMember> members, String topic, int from, int to, int partitions) {
        Wait.until(() -> {
            Map<Integer, Set<Long>> seen = new HashMap<>();
            for (GroupMember m : members) {
                m.assertHealthy();
                for (GroupMember.Consumed c : m.consumed()) {
                    seen.computeIfAbsent(c.partition().partition(), k -> new HashSet<>()).add(c.offset());
                }
            }
            for (int p = 0; p < partitions; p++) {
                Set<Long> offsets = seen.getOrDefault(p, Set.of());
                for (long o = from; o < to; o++) {
                    if (!offsets.contains(o)) {
                        return false;
                    }
                }
            }
            return true;
        }, REBALANCE_TIMEOUT, () -> "the members did not read offsets " + from + "-" + (to - 1) + " of every partition of " + topic);
    }

    /** Waits until every member read a record after both {@code since} and its last assignment; returns when. */
    static long awaitConsumingAfter(List<GroupMember> members, long since) {
        Wait.until(() -> members.stream().allMatch(m -> {
            m.assertHealthy();
            long last = m.lastRecordNanos();
            return last > since && last > m.lastAssignmentNanos() && m.lastAssignmentNanos() != 0;
        }), REBALANCE_TIMEOUT, "not every member consumed again");
        return members.stream().mapToLong(m -> firstRecordAfter(m, Math.max(since, m.lastAssignmentNanos()))).max().orElseThrow();
    }

    private static long firstRecordAfter(GroupMember member, long since) {
        return member.consumed().stream().mapToLong(GroupMember.Consumed::receivedNanos).filter(t -> t > since).min().orElse(System.nanoTime());
    }

    static Throwable failureOf(Runnable action) {
        try {
            action.run();
            return null;
        } catch (AssertionError e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    static void closeQuietly(GroupMember member) {
        try {
            member.close();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("Could not close group member " + member.name() + ": " + e);
        }
    }

    /** Sends a record to every partition every 10 ms until stopped (3 minutes at most). */
    static final class Producer implements Runnable {
        private final String topic;
        private volatile boolean running = true;

        Producer(String topic) {
            this.topic = topic;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("linger.ms", "0"))) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                int i = 0;
                while (running && System.nanoTime() < deadline) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        producer.send(new ProducerRecord<>(topic, p, null, ("load-" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    i++;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
        }
    }
}
