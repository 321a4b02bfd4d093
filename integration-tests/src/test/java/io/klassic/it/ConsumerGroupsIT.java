package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups with kafka-clients 4.x (members on threads of the test JVM) against one real broker: the scenarios
 * of {@link ConsumerGroupScenarios} (groups of 1, 2 and 3 members sharing six partitions with the range and
 * cooperative-sticky assignors, hand-over bounds when members leave or die, commitSync and commitAsync, a restarted
 * group resuming, the rebalance cost for a third member), and the admin side: listing, describing and deleting
 * groups and offsets.
 *
 * <p>Not thread-safe: JUnit runs one test at a time.
 */
class ConsumerGroupsIT extends ConsumerGroupScenarios {
    @Override
    GroupMember member(String name, String group, String topic, String assignor, GroupMember.Commit commit, Map<String, String> overrides) {
        return new InJvmGroupMember(name, cluster.bootstrapServers(), group, topic, assignor, commit, overrides);
    }

    @Override
    String clients() {
        return "kafka-clients " + AppInfoParser.getVersion();
    }

    @Test
    void adminListsDescribesAndDeletesGroupsAndOffsets() {
        String topic = Clients.uniqueTopic("group-admin");
        String group = "group-" + topic;
        Clients.createTopic(admin, topic, 2);
        produce(topic, 0, 2, 10);
        GroupMember member = member("a", group, topic, RANGE, GroupMember.Commit.SYNC, FAST_SESSION);
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
}
