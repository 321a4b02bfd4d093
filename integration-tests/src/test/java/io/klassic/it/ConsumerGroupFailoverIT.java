package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consumer groups on three brokers with {@code offsets.topic.replication.factor=3} (RELIABILITY.md T12): the broker
 * coordinating a group that consumes and commits is killed with {@code kill -9}; the coordinator moves with the
 * leadership of the group's {@code __consumer_offsets} partition, the group goes on consuming, its committed offsets
 * never go backwards and lose nothing the coordinator acknowledged, every record is read at least once, and a
 * restarted consumer resumes from them. And a zombie member (frozen with {@code kill -STOP} until the group moved
 * on without it) has its late commit refused: kafka-clients raises CommitFailedException and the offsets stay.
 *
 * <p>Not thread-safe: JUnit runs one test at a time; the members consume on their own threads or JVMs.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ConsumerGroupFailoverIT {
    private static final int BROKERS = 3;
    private static final int PARTITIONS = 6;
    private static final int PER_PARTITION = 50;
    private static final String RANGE = ConsumerGroupScenarios.RANGE;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Members notice a dead coordinator and a dead member quickly; polls are never far apart (100 ms). */
    private static final Map<String, String> FAST_SESSION = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500");

    private static ClusterHarness cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", "6000")
                .brokerConfig("replica.lag.time.max.ms", "4000")
                .brokerConfig("offsets.topic.replication.factor", "3")
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
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void killingTheCoordinatorMovesTheGroupWithItsCommittedOffsets() throws Exception {
        String topic = Clients.uniqueTopic("coordinator-failover");
        String group = "group-" + topic;
        Clients.createTopic(admin, topic, PARTITIONS, (short) BROKERS);
        produce(topic, PER_PARTITION);
        List<GroupMember> members = new ArrayList<>();
        LoadProducer load = new LoadProducer(topic);
        Thread loadThread = new Thread(load, "coordinator-failover-producer");
        loadThread.setDaemon(true);
        Integer killed = null;
        try (CommittedOffsetsMonitor monitor = new CommittedOffsetsMonitor(cluster.bootstrapServers(), group)) {
            GroupMember four = new InJvmGroupMember("four", cluster.bootstrapServers(), group, topic, RANGE, GroupMember.Commit.SYNC, FAST_SESSION);
            members.add(four);
            ChildJvmGroupMember three = new ChildJvmGroupMember("three", cluster.bootstrapServers(), group, topic, RANGE, GroupMember.Commit.SYNC,
                    FAST_SESSION, cluster.tempDir().resolve("members"));
            members.add(three);
            assertEquals(ChildJvmGroupMember.CLIENTS_VERSION, three.clientsVersion(), three::describe);
            ConsumerGroupScenarios.awaitSplit(members, topic, PARTITIONS);
            loadThread.start();
            Map<TopicPartition, Long> firstRecords = partitions(topic).stream().collect(Collectors.toMap(tp -> tp, tp -> (long) PER_PARTITION));
            awaitAcknowledged(members, firstRecords, "before the coordinator is killed");

            int coordinator = coordinatorOf(group);
            assertEquals(offsetsPartitionLeader(group), coordinator, "the coordinator is the leader of the group's __consumer_offsets partition");
            Map<TopicPartition, Long> endsAtKill = endOffsets(topic);
            Map<TopicPartition, Long> acknowledgedAtKill = acknowledged(members);
            int readsAtKill = monitor.reads();
            long kill = System.nanoTime();
            cluster.killBroker(coordinator);
            killed = coordinator;

            // The group goes on: past what was produced when the coordinator died, read and committed through the new one.
            awaitAcknowledged(members, endsAtKill, "after the coordinator was killed");
            long consumingMs = ConsumerGroupScenarios.millisSince(kill);
            int[] moved = new int[1];
            // Asked only now: an Admin call that finds the coordinator while the dead broker still leads the partition (until
            // its ZooKeeper session expires) then waits for that node until default.api.timeout.ms, since kafka-clients'
            // AdminApiDriver does not look the coordinator up again when its node leaves the metadata (so with Apache Kafka).
            Wait.until(() -> {
                moved[0] = coordinatorOf(group);
                return moved[0] != coordinator;
            }, WAIT, "the group's coordinator did not move away from the killed broker " + coordinator);
            long movedMs = ConsumerGroupScenarios.millisSince(kill);
            assertNotEquals(coordinator, moved[0]);
            assertEquals(offsetsPartitionLeader(group), moved[0], "the new coordinator is the new leader of the group's __consumer_offsets partition");
            System.out.println("[coordinator failover] broker " + coordinator + " killed: the group read and committed past the kill point after "
                    + consumingMs + " ms; Admin found the new coordinator, broker " + moved[0] + ", after " + movedMs + " ms"
                    + " (zookeeper.session.timeout.ms=6000, session.timeout.ms=6000)");

            cluster.startBroker(coordinator);
            killed = null;
            load.stop();
            loadThread.join(60_000);
            Map<TopicPartition, Long> ends = endOffsets(topic);
            awaitAcknowledged(members, ends, "after the producer stopped");
            for (GroupMember m : members) {
                m.assertHealthy();
            }
            for (GroupMember m : members) {
                m.close();
            }
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
            for (TopicPartition tp : ends.keySet()) {
                OffsetAndMetadata offset = committed.get(tp);
                assertEquals(ends.get(tp), offset == null ? -1 : offset.offset(), "committed offset of " + tp + ": " + committed);
                assertTrue(offset.offset() >= acknowledgedAtKill.getOrDefault(tp, 0L), "the commits acknowledged before the kill are kept");
            }
            ConsumerGroupScenarios.assertAcknowledgedCommitsKept(members, committed);
            Wait.until(() -> monitor.reads() > readsAtKill + 1, WAIT, "the committed offsets were not read again after the failover");
            assertEquals(List.of(), monitor.backwards(), "committed offsets went backwards");
            assertAtLeastOnce(members, ends);
            System.out.println("[coordinator failover] committed offsets read " + monitor.reads() + " times (" + monitor.failedReads()
                    + " reads failed while the coordinator moved), never backwards; end offsets " + new TreeMap<>(byPartition(ends)));

            // A consumer of the restarted group resumes from the committed offsets.
            produce(topic, 10);
            GroupMember restarted = new InJvmGroupMember("restarted", cluster.bootstrapServers(), group, topic, RANGE, GroupMember.Commit.SYNC,
                    FAST_SESSION);
            members.add(restarted);
            Map<TopicPartition, Long> newEnds = endOffsets(topic);
            awaitAcknowledged(List.of(restarted), newEnds, "by the restarted consumer");
            for (TopicPartition tp : ends.keySet()) {
                long first = restarted.consumed().stream().filter(c -> c.partition().equals(tp)).mapToLong(GroupMember.Consumed::offset).min().orElse(-1);
                assertEquals(committed.get(tp).offset(), first, "the restarted consumer must resume " + tp + " at its committed offset");
            }
            restarted.close();
            restarted.assertHealthy();
        } finally {
            load.stop();
            for (GroupMember m : members) {
                ConsumerGroupScenarios.closeQuietly(m);
            }
            if (killed != null) {
                cluster.startBroker(killed);
            }
        }
    }

    @Test
    void aZombieMembersLateCommitIsRejected() {
        String topic = Clients.uniqueTopic("zombie");
        String group = "group-" + topic;
        Clients.createTopic(admin, topic, PARTITIONS, (short) BROKERS);
        produce(topic, PER_PARTITION);
        List<GroupMember> members = new ArrayList<>();
        try {
            // The zombie-to-be never leaves on its own while it is frozen: its poll timeout is far away.
            Map<String, String> zombieSettings = new HashMap<>(FAST_SESSION);
            zombieSettings.put("max.poll.interval.ms", "120000");
            ChildJvmGroupMember zombie = new ChildJvmGroupMember("zombie", cluster.bootstrapServers(), group, topic, RANGE, GroupMember.Commit.SYNC,
                    zombieSettings, cluster.tempDir().resolve("members"));
            members.add(zombie);
            assertEquals(ChildJvmGroupMember.CLIENTS_VERSION, zombie.clientsVersion(), zombie::describe);
            Map<TopicPartition, Long> firstRecords = partitions(topic).stream().collect(Collectors.toMap(tp -> tp, tp -> (long) PER_PARTITION));
            awaitAcknowledged(List.of(zombie), firstRecords, "by the first member");
            GroupMember survivor = new InJvmGroupMember("survivor", cluster.bootstrapServers(), group, topic, RANGE, GroupMember.Commit.SYNC,
                    FAST_SESSION);
            members.add(survivor);
            ConsumerGroupScenarios.awaitSplit(members, topic, PARTITIONS);
            Set<TopicPartition> zombiePartitions = zombie.assignment();
            String zombieGeneration = zombie.generation();

            // Frozen between two polls, past its session timeout: the coordinator removes it and the survivor takes over.
            zombie.hold();
            zombie.pause();
            long frozen = System.nanoTime();
            ConsumerGroupScenarios.awaitSplit(List.of(survivor), topic, PARTITIONS);
            long handOverMs = ConsumerGroupScenarios.millisSince(frozen);
            produce(topic, 10);
            Map<TopicPartition, Long> ends = endOffsets(topic);
            awaitAcknowledged(List.of(survivor), ends.entrySet().stream().filter(e -> zombiePartitions.contains(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "by the survivor");
            Map<TopicPartition, OffsetAndMetadata> before = committedOffsets(group);

            // The zombie wakes up and commits what it had read, late: offsets behind the survivor's.
            Map<Integer, Long> late = new HashMap<>();
            zombiePartitions.forEach(tp -> late.put(tp.partition(), (long) PER_PARTITION));
            zombie.sendCommit(late, "zombie");
            zombie.resume();
            String answer = zombie.awaitAnswer();
            System.out.println("[zombie] member " + zombieGeneration + " frozen; its partitions " + zombiePartitions + " moved after " + handOverMs
                    + " ms; its late commit was answered: " + answer);
            assertTrue(answer.startsWith("COMMIT_FAILED org.apache.kafka.clients.consumer.CommitFailedException"),
                    "a zombie's late commit must fail with CommitFailedException: " + answer + "\n" + zombie.describe());
            // Usually the commit reaches the coordinator before the zombie's heartbeat thread, waking up too, learns that it
            // was removed (then the client refuses the commit itself). The client logs the coordinator's answer: it must be
            // UNKNOWN_MEMBER_ID (the zombie was removed) or ILLEGAL_GENERATION, as Kafka answers.
            String refusal = zombie.stderr().lines().filter(l -> l.contains("Offset commit failed on partition")).findFirst().orElse(null);
            System.out.println("[zombie] the coordinator's answer, as kafka-clients 3.9.1 logged it: "
                    + (refusal == null ? "none (the client refused the commit before asking)" : refusal));
            if (refusal != null) {
                assertTrue(refusal.endsWith("The coordinator is not aware of this member.") || refusal.endsWith("Specified group generation id is not valid."),
                        "the coordinator must refuse a zombie's commit with UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION: " + refusal);
            }

            Map<TopicPartition, OffsetAndMetadata> after = committedOffsets(group);
            for (TopicPartition tp : zombiePartitions) {
                assertEquals(before.get(tp), after.get(tp), "the zombie's late commit must leave the committed offset of " + tp + " alone");
                assertTrue(after.get(tp).offset() > PER_PARTITION && !"zombie".equals(after.get(tp).metadata()), "committed " + after.get(tp));
            }
            zombie.close();
            survivor.assertHealthy();
            survivor.close();
        } finally {
            for (GroupMember m : members) {
                ConsumerGroupScenarios.closeQuietly(m);
            }
        }
    }

    // ---- helpers

    private static List<TopicPartition> partitions(String topic) {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    /** The group's coordinator as Admin.describeConsumerGroups reports it (FindCoordinator); retried while it moves. */
    private static int coordinatorOf(String group) {
        try {
            return Clients.await(admin.describeConsumerGroups(List.of(group)).all(), "describeConsumerGroups").get(group).coordinator().id();
        } catch (AssertionError e) {
            throw new IllegalStateException("describeConsumerGroups failed: " + e.getMessage(), e);
        }
    }

    /** The leader of the group's partition of __consumer_offsets: abs(groupId.hashCode()) % partition count, as Kafka. */
    private static int offsetsPartitionLeader(String group) {
        int[] leader = new int[1];
        Wait.until(() -> {
            TopicDescription offsets = Clients.await(admin.describeTopics(List.of("__consumer_offsets")).allTopicNames(), "describeTopics")
                    .get("__consumer_offsets");
            int partition = (group.hashCode() & 0x7fffffff) % offsets.partitions().size();
            var l = offsets.partitions().get(partition).leader();
            leader[0] = l == null ? -1 : l.id();
            return leader[0] >= 0;
        }, WAIT, "the group's __consumer_offsets partition has no leader");
        return leader[0];
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        Wait.until(() -> {
            try {
                committed.putAll(ConsumerGroupScenarios.committedOffsetsOf(admin, group));
                return true;
            } catch (AssertionError e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, WAIT, "could not read the committed offsets of " + group);
        return committed;
    }

    private static Map<TopicPartition, Long> acknowledged(List<GroupMember> members) {
        Map<TopicPartition, Long> merged = new HashMap<>();
        members.forEach(m -> m.acknowledgedCommits().forEach((tp, o) -> merged.merge(tp, o, Math::max)));
        return merged;
    }

    /** Waits until, per partition, the members together had commits acknowledged up to at least {@code targets}. */
    private static void awaitAcknowledged(List<GroupMember> members, Map<TopicPartition, Long> targets, String when) {
        Wait.until(() -> {
            members.forEach(GroupMember::assertHealthy);
            Map<TopicPartition, Long> merged = acknowledged(members);
            return targets.entrySet().stream().allMatch(e -> merged.getOrDefault(e.getKey(), -1L) >= e.getValue());
        }, WAIT, () -> "commits " + when + " did not reach " + new TreeMap<>(byPartition(targets)) + ": acknowledged "
                + new TreeMap<>(byPartition(acknowledged(members))));
    }

    /** Every offset below the end offsets was read by some member (at least once). */
    private static void assertAtLeastOnce(List<GroupMember> members, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Set<Long>> read = new HashMap<>();
        members.forEach(m -> m.consumed().forEach(c -> read.computeIfAbsent(c.partition(), k -> new HashSet<>()).add(c.offset())));
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            Set<Long> offsets = read.getOrDefault(end.getKey(), Set.of());
            List<Long> missing = new ArrayList<>();
            for (long o = 0; o < end.getValue() && missing.size() < 20; o++) {
                if (!offsets.contains(o)) {
                    missing.add(o);
                }
            }
            assertEquals(List.of(), missing, "offsets of " + end.getKey() + " nobody read (first 20)");
        }
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(cluster.bootstrapServers())) {
            return new HashMap<>(consumer.endOffsets(partitions(topic), Duration.ofSeconds(60)));
        }
    }

    private static void produce(String topic, int perPartition) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), Map.of("linger.ms", "0"))) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    /** Sends a record to every partition every 20 ms (acks=all, idempotent) until stopped, 3 minutes at most. */
    private static final class LoadProducer implements Runnable {
        private final String topic;
        private final AtomicBoolean running = new AtomicBoolean(true);

        LoadProducer(String topic) {
            this.topic = topic;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            Map<String, String> settings = Map.of("linger.ms", "0", "delivery.timeout.ms", "120000", "max.block.ms", "60000");
            try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), settings)) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                int i = 0;
                while (running.get() && System.nanoTime() < deadline) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        producer.send(new ProducerRecord<>(topic, p, null, ("load-" + i).getBytes(StandardCharsets.UTF_8)));
                    }
                    i++;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                producer.flush();
            }
        }
    }
}
