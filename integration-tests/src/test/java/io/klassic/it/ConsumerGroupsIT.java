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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer groups with kafka-clients 4.x against one real broker: groups of 1, 2 and 3 members subscribed to a
 * 6-partition topic split the partitions (each owned by exactly one member) with the range and
 * cooperative-sticky assignors; a member that leaves or crashes hands its partitions over; commitSync and
 * commitAsync offsets are what a restarted group resumes from; and what a rebalance costs is measured.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsumerGroupsIT {
    private static final int PARTITIONS = 6;
    private static final int RECORDS_PER_PARTITION = 50;
    private static final Duration REBALANCE_TIMEOUT = Duration.ofSeconds(60);
    /** Short sessions so that a crashed member is noticed quickly (group.min.session.timeout.ms is 6000). */
    private static final Map<String, String> FAST_SESSION = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500");

    private static ClusterHarness cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1)
                .brokerConfig("group.initial.rebalance.delay.ms", "0")
                .start();
        admin = Clients.admin(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void groupsOfOneTwoAndThreeShareSixPartitionsAndHandOverWhenMembersGo(String assignor) {
        String topic = Clients.uniqueTopic("groups-" + assignor);
        String group = "group-" + topic;
        Clients.createTopic(admin, topic, PARTITIONS);
        produce(topic, 0);
        String className = assignor.equals("range") ? "org.apache.kafka.clients.consumer.RangeAssignor"
                : "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
        List<GroupMember> members = new ArrayList<>();
        try {
            GroupMember first = member("a", group, topic, className, GroupMember.Commit.SYNC);
            members.add(first);
            awaitSplit(List.of(first), topic);
            GroupMember second = member("b", group, topic, className, GroupMember.Commit.ASYNC);
            members.add(second);
            awaitSplit(List.of(first, second), topic);
            GroupMember third = member("c", group, topic, className, GroupMember.Commit.SYNC);
            members.add(third);
            awaitSplit(List.of(first, second, third), topic);
            awaitConsumedAll(members, topic, RECORDS_PER_PARTITION);

            ConsumerGroupDescription description = Clients.await(admin.describeConsumerGroups(List.of(group)).all(), "describeConsumerGroups")
                    .get(group);
            assertEquals(GroupState.STABLE, description.groupState());
            assertEquals(3, description.members().size(), description::toString);

            third.close();
            awaitSplit(List.of(first, second), topic);
            long crashed = System.nanoTime();
            second.crash();
            awaitSplit(List.of(first), topic);
            long handOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed);
            System.out.println("[" + assignor + "] partitions of a crashed member handed over after " + handOverMs + " ms (session.timeout.ms=6000)");
            assertTrue(handOverMs < 30_000, "a crashed member's partitions must move within about its session timeout, took " + handOverMs + " ms");

            produce(topic, RECORDS_PER_PARTITION);
            awaitConsumedAll(List.of(first), topic, 2 * RECORDS_PER_PARTITION);
            first.close();
            for (GroupMember m : members) {
                m.assertHealthy();
            }
            Map<TopicPartition, OffsetAndMetadata> committed = Clients.await(
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "listConsumerGroupOffsets");
            for (int p = 0; p < PARTITIONS; p++) {
                OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
                assertEquals(2L * RECORDS_PER_PARTITION, offset == null ? -1 : offset.offset(), "committed offset of partition " + p + ": " + committed);
            }

            // A restarted group resumes where it committed: only the new records are read.
            produce(topic, 2 * RECORDS_PER_PARTITION);
            GroupMember restarted = member("d", group, topic, className, GroupMember.Commit.SYNC);
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
    @ValueSource(strings = {"org.apache.kafka.clients.consumer.RangeAssignor", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"})
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
            GroupMember first = new GroupMember("a", cluster.bootstrapServers(), group, topic, assignor, GroupMember.Commit.AUTO, Map.of());
            members.add(first);
            GroupMember second = new GroupMember("b", cluster.bootstrapServers(), group, topic, assignor, GroupMember.Commit.AUTO, Map.of());
            members.add(second);
            awaitSplit(members, topic);
            awaitConsumingAfter(members, System.nanoTime());

            long joined = System.nanoTime();
            GroupMember third = new GroupMember("c", cluster.bootstrapServers(), group, topic, assignor, GroupMember.Commit.AUTO, Map.of());
            members.add(third);
            awaitSplit(members, topic);
            long consumingAgain = awaitConsumingAfter(members, joined);
            long costMs = TimeUnit.NANOSECONDS.toMillis(consumingAgain - joined);
            System.out.println("[" + assignor + "] rebalance cost for a third member (subscribe to all 3 members consuming again): " + costMs + " ms");
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

    @Test
    void adminListsDescribesAndDeletesGroupsAndOffsets() {
        String topic = Clients.uniqueTopic("group-admin");
        String group = "group-" + topic;
        Clients.createTopic(admin, topic, 2);
        produce(topic, 0, 2, 10);
        GroupMember member = member("a", group, topic, "org.apache.kafka.clients.consumer.RangeAssignor", GroupMember.Commit.SYNC);
        try {
            awaitSplit(List.of(member), topic, 2);
            awaitConsumedAll(List.of(member), topic, 10, 2);
            Set<String> listed = Clients.await(admin.listConsumerGroups().all(), "listConsumerGroups").stream()
                    .map(g -> g.groupId()).collect(Collectors.toSet());
            assertTrue(listed.contains(group), "listed groups " + listed);
            ConsumerGroupDescription description = Clients.await(admin.describeConsumerGroups(List.of(group)).all(), "describe").get(group);
            assertEquals(1, description.members().size());
            assertEquals(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)), description.members().iterator().next().assignment().topicPartitions());
            assertEquals("range", description.partitionAssignor());

            Throwable nonEmpty = failureOf(() -> Clients.await(admin.deleteConsumerGroups(List.of(group)).all(), "deleteConsumerGroups"));
            assertTrue(String.valueOf(nonEmpty).contains("GroupNotEmpty"), "deleting a group with members: " + nonEmpty);
            Throwable subscribed = failureOf(() -> Clients.await(admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 0))).all(),
                    "deleteConsumerGroupOffsets"));
            assertTrue(String.valueOf(subscribed).contains("GroupSubscribedToTopic"), "deleting offsets of a subscribed topic: " + subscribed);
        } finally {
            closeQuietly(member);
        }
        // Empty now: offsets of one partition can go, then the whole group.
        Clients.await(admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 0))).all(), "deleteConsumerGroupOffsets");
        Map<TopicPartition, OffsetAndMetadata> left = Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "listConsumerGroupOffsets");
        assertEquals(Set.of(new TopicPartition(topic, 1)), left.keySet(), "offsets left: " + left);
        Clients.await(admin.deleteConsumerGroups(List.of(group)).all(), "deleteConsumerGroups");
        Set<String> after = Clients.await(admin.listConsumerGroups().all(), "listConsumerGroups").stream()
                .map(g -> g.groupId()).collect(Collectors.toSet());
        assertTrue(!after.contains(group), "a deleted group must not be listed: " + after);
        Throwable gone = failureOf(() -> Clients.await(admin.deleteConsumerGroups(List.of(group)).all(), "deleteConsumerGroups"));
        assertTrue(String.valueOf(gone).contains("GroupIdNotFound"), "deleting a deleted group: " + gone);
    }

    // ---- helpers

    private static GroupMember member(String name, String group, String topic, String assignor, GroupMember.Commit commit) {
        return new GroupMember(name, cluster.bootstrapServers(), group, topic, assignor, commit, FAST_SESSION);
    }

    private static void produce(String topic, int firstValue) {
        produce(topic, firstValue, PARTITIONS, RECORDS_PER_PARTITION);
    }

    private static void produce(String topic, int firstValue, int partitions, int perPartition) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("linger.ms", "0"))) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + (firstValue + i)).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    private static void awaitSplit(List<GroupMember> members, String topic) {
        awaitSplit(members, topic, PARTITIONS);
    }

    /** Waits until every partition is owned by exactly one member and the members' shares differ by at most one. */
    private static void awaitSplit(List<GroupMember> members, String topic, int partitions) {
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
                + members.stream().map(m -> m.name + "=" + new TreeMap<>(m.assignment().stream()
                .collect(Collectors.toMap(TopicPartition::partition, tp -> 1)))).toList());
    }

    private static void awaitConsumedAll(List<GroupMember> members, String topic, int perPartition) {
        awaitConsumedAll(members, topic, perPartition, PARTITIONS);
    }

    private static void awaitConsumedAll(List<GroupMember> members, String topic, int perPartition, int partitions) {
        awaitConsumed(members, topic, 0, perPartition, partitions);
    }

    /** Waits until the members together have read every offset in [from, to) of every partition. */
    private static void awaitConsumed(List<GroupMember> members, String topic, int from, int to, int partitions) {
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
    private static long awaitConsumingAfter(List<GroupMember> members, long since) {
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

    private static Throwable failureOf(Runnable action) {
        try {
            action.run();
            return null;
        } catch (AssertionError e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private static void closeQuietly(GroupMember member) {
        try {
            member.close();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("Could not close group member " + member.name + ": " + e);
        }
    }

    /** Sends a record to every partition every 10 ms until stopped. */
    private static final class Producer implements Runnable {
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
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
        }
    }
}
