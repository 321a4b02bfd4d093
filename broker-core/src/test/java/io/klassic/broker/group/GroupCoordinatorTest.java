package io.klassic.broker.group;

import io.klassic.broker.metrics.MetricsRegistry;
import io.klassic.broker.server.MetadataCache;
import io.klassic.broker.server.PartitionState;
import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.LogConfig;
import io.klassic.log.LogManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classic group state machine and offset storage of {@link GroupCoordinator}, driven through its public calls
 * with a hand-moved clock, over a real {@code __consumer_offsets} log (one partition) in a temp dir.
 */
class GroupCoordinatorTest {
    private static final String GROUP = "group";
    private static final String TOPIC = "topic";
    /** offsets.commit.timeout.ms of the fixture: short, so that a commit no follower acknowledges times out quickly. */
    private static final int COMMIT_TIMEOUT_MS = 500;
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 30_000;
    private static final int INITIAL_DELAY_MS = 3_000;
    private static final TopicPartition OFFSETS_0 = new TopicPartition(GroupMetadataManager.OFFSETS_TOPIC, 0);

    @TempDir
    Path dir;

    private MockCoordinatorScheduler time;
    private LogManager logManager;
    private ScheduledExecutorService replicaTimer;
    private ReplicaManager replicaManager;
    private GroupMetadataManager manager;
    private GroupCoordinator coordinator;
    private int leaderEpoch;

    @BeforeEach
    void setUp() {
        time = new MockCoordinatorScheduler(1_000_000L);
        logManager = new LogManager(List.of(dir.toFile()), LogConfig.defaults(), time::milliseconds);
        logManager.startup();
        replicaTimer = Executors.newSingleThreadScheduledExecutor();
        replicaManager = new ReplicaManager(0, logManager, replicaTimer, MetricsRegistry.isolated());
        MetadataCache cache = new MetadataCache("cluster");
        cache.putTopic(GroupMetadataManager.OFFSETS_TOPIC, List.of(state()));
        GroupConfig config = new GroupConfig(1, (short) 1, 1024 * 1024, 24 * 3600_000L, 600_000L, 5 * 1024 * 1024, 4096,
                INITIAL_DELAY_MS, 6_000, 300_000, 1000, COMMIT_TIMEOUT_MS);
        manager = new GroupMetadataManager(0, config, replicaManager, cache, time, Runnable::run);
        coordinator = new GroupCoordinator(manager, time);
        replicaManager.addLeadershipListener(coordinator);
        coordinator.startup();
        becomeLeader();
    }

    @AfterEach
    void tearDown() {
        coordinator.shutdown();
        logManager.shutdown();
        replicaTimer.shutdownNow();
    }

    private PartitionState state() {
        return new PartitionState(GroupMetadataManager.OFFSETS_TOPIC, 0, 0, leaderEpoch, List.of(0), List.of(0));
    }

    private void becomeLeader() {
        replicaManager.makeLeader(state(), LogConfig.fromProps(Map.of("cleanup.policy", "compact"), LogConfig.defaults()));
    }

    /** Leadership moves away and back: the groups are dropped, then rebuilt from the log. */
    private void reloadFromLog() {
        replicaManager.stopReplica(OFFSETS_0, false);
        assertNull(manager.group(GROUP));
        leaderEpoch++;
        becomeLeader();
    }

    // ---- joining

    @Test
    void firstJoinV4GetsMemberIdRequiredThenAGenerationAfterTheInitialDelay() {
        JoinGroupResult required = join("", null, true, protocols("range")).get();
        assertEquals(Errors.MEMBER_ID_REQUIRED, required.error());
        assertTrue(required.memberId().startsWith("client-"), required.memberId());

        AtomicReference<JoinGroupResult> joined = join(required.memberId(), null, true, protocols("range"));
        assertEquals(GroupState.PREPARING_REBALANCE, manager.group(GROUP).state());
        time.advance(INITIAL_DELAY_MS - 1);
        assertNull(joined.get(), "a new group waits group.initial.rebalance.delay.ms");
        time.advance(1);
        JoinGroupResult result = joined.get();
        assertEquals(Errors.NONE, result.error());
        assertEquals(1, result.generationId());
        assertEquals("range", result.protocolName());
        assertEquals("consumer", result.protocolType());
        assertEquals(required.memberId(), result.leaderId());
        assertEquals(1, result.members().size());
        assertEquals(GroupState.COMPLETING_REBALANCE, manager.group(GROUP).state());

        SyncGroupResult synced = sync(result.memberId(), 1, Map.of(result.memberId(), bytes("assignment"))).get();
        assertEquals(Errors.NONE, synced.error());
        assertArrayEquals(bytes("assignment"), synced.assignment());
        assertEquals(GroupState.STABLE, manager.group(GROUP).state());
        assertEquals(Errors.NONE, heartbeat(result.memberId(), 1));
    }

    @Test
    void theInitialDelayGrowsWithEachNewMemberUpToTheRebalanceTimeout() {
        AtomicReference<JoinGroupResult> a = join("", null, false, protocols("range"));
        time.advance(2_000);
        AtomicReference<JoinGroupResult> b = join("", null, false, protocols("range"));
        time.advance(1_000);
        assertNull(a.get(), "a member joined during the delay: the delay starts again");
        time.advance(INITIAL_DELAY_MS);
        assertNotNull(a.get());
        assertEquals(1, a.get().generationId());
        assertEquals(1, b.get().generationId());
        assertEquals(2, a.get().members().size() + b.get().members().size(), "one rebalance for both members");
    }

    @Test
    void secondMemberTriggersARebalanceThatWaitsForEveryKnownMember() {
        String a = stableSingleMember();
        AtomicReference<JoinGroupResult> b = join("", null, false, protocols("range"));
        assertEquals(GroupState.PREPARING_REBALANCE, manager.group(GROUP).state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, heartbeat(a, 1));
        assertNull(b.get(), "the join waits for the known member to rejoin");

        AtomicReference<JoinGroupResult> a2 = join(a, null, false, protocols("range"));
        JoinGroupResult leader = a2.get();
        JoinGroupResult follower = b.get();
        assertEquals(2, leader.generationId());
        assertEquals(2, follower.generationId());
        assertEquals(a, leader.leaderId());
        assertEquals(a, follower.leaderId());
        assertEquals(2, leader.members().size(), "the leader gets the member list");
        assertEquals(0, follower.members().size(), "followers do not");

        AtomicReference<SyncGroupResult> followerSync = sync(follower.memberId(), 2, Map.of());
        assertNull(followerSync.get(), "a follower waits for the leader's assignment");
        SyncGroupResult leaderSync = sync(a, 2, Map.of(a, bytes("pa"), follower.memberId(), bytes("pb"))).get();
        assertArrayEquals(bytes("pa"), leaderSync.assignment());
        assertArrayEquals(bytes("pb"), followerSync.get().assignment());
        assertEquals(GroupState.STABLE, manager.group(GROUP).state());
    }

    @Test
    void protocolIsChosenByVoteAmongThoseEveryMemberSupports() {
        AtomicReference<JoinGroupResult> a = join("", null, false, protocols("range", "roundrobin", "sticky"));
        AtomicReference<JoinGroupResult> b = join("", null, false, protocols("roundrobin", "range"));
        AtomicReference<JoinGroupResult> c = join("", null, false, protocols("roundrobin", "range"));
        time.advance(INITIAL_DELAY_MS * 4L);
        assertEquals("roundrobin", a.get().protocolName());
        assertEquals("roundrobin", b.get().protocolName());
        assertEquals("roundrobin", c.get().protocolName());

        JoinGroupResult incompatible = join("", null, false, protocols("sticky")).get();
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, incompatible.error());
        AtomicReference<JoinGroupResult> otherType = new AtomicReference<>();
        coordinator.handleJoinGroup(GROUP, "", null, false, "client", "/h", REBALANCE_MS, SESSION_MS, "connect", protocols("range"), otherType::set);
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, otherType.get().error());
    }

    @Test
    void sessionTimeoutOutsideTheBrokerBoundsIsRejected() {
        AtomicReference<JoinGroupResult> result = new AtomicReference<>();
        coordinator.handleJoinGroup(GROUP, "", null, false, "client", "/h", REBALANCE_MS, 5_999, "consumer", protocols("range"), result::set);
        assertEquals(Errors.INVALID_SESSION_TIMEOUT, result.get().error());
        coordinator.handleJoinGroup(GROUP, "", null, false, "client", "/h", REBALANCE_MS, 300_001, "consumer", protocols("range"), result::set);
        assertEquals(Errors.INVALID_SESSION_TIMEOUT, result.get().error());
        coordinator.handleJoinGroup("", "", null, false, "client", "/h", REBALANCE_MS, SESSION_MS, "consumer", protocols("range"), result::set);
        assertEquals(Errors.INVALID_GROUP_ID, result.get().error());
    }

    // ---- failures and departures

    @Test
    void aMemberWhoseSessionExpiresIsRemovedAndTheOthersRebalance() {
        String[] members = stableTwoMembers();
        String a = members[0];
        String b = members[1];
        for (int i = 0; i < 3; i++) {
            time.advance(SESSION_MS / 4);
            assertEquals(Errors.NONE, heartbeat(b, 2));
        }
        time.advance(SESSION_MS / 4);
        assertFalse(manager.group(GROUP).has(a), "a member without heartbeats for session.timeout.ms is removed");
        assertEquals(GroupState.PREPARING_REBALANCE, manager.group(GROUP).state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, heartbeat(b, 2));
        JoinGroupResult rejoined = join(b, null, false, protocols("range")).get();
        assertEquals(3, rejoined.generationId());
        assertEquals(b, rejoined.leaderId(), "leadership moves to a remaining member");
        assertEquals(Errors.UNKNOWN_MEMBER_ID, heartbeat(a, 2));
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        String[] members = stableTwoMembers();
        AtomicReference<JoinGroupResult> c = join("", null, false, protocols("range"));
        AtomicReference<JoinGroupResult> a = join(members[0], null, false, protocols("range"));
        for (int i = 0; i < 3; i++) {
            time.advance(REBALANCE_MS / 3 - 1);
            assertEquals(Errors.REBALANCE_IN_PROGRESS, heartbeat(members[1], 2), "alive, but does not rejoin");
        }
        assertNull(a.get());
        time.advance(3);
        assertEquals(3, a.get().generationId());
        assertEquals(3, c.get().generationId());
        assertEquals(2, manager.group(GROUP).size());
        assertFalse(manager.group(GROUP).has(members[1]));
    }

    @Test
    void leaveGroupRemovesMembersAndAnEmptyGroupIsStored() {
        String[] members = stableTwoMembers();
        GroupCoordinator.LeaveGroupResult result = coordinator.handleLeaveGroup(GROUP,
                List.of(new GroupCoordinator.MemberIdentity(members[1], null), new GroupCoordinator.MemberIdentity("nobody", null)));
        assertEquals(Errors.NONE, result.error());
        assertEquals(List.of(Errors.NONE, Errors.UNKNOWN_MEMBER_ID), result.memberErrors());
        JoinGroupResult rejoined = join(members[0], null, false, protocols("range")).get();
        assertEquals(3, rejoined.generationId());
        assertEquals(Errors.NONE, sync(members[0], 3, Map.of(members[0], bytes("all"))).get().error());

        coordinator.handleLeaveGroup(GROUP, List.of(new GroupCoordinator.MemberIdentity(members[0], null)));
        GroupMetadata group = manager.group(GROUP);
        assertEquals(GroupState.EMPTY, group.state());
        assertEquals(4, group.generationId());
        reloadFromLog();
        assertEquals(GroupState.EMPTY, manager.group(GROUP).state());
        assertEquals(4, manager.group(GROUP).generationId());
    }

    @Test
    void aFollowerThatNeverSyncsIsRemovedAfterTheRebalanceTimeout() {
        JoinGroupResult[] joined = joinTwo();
        String leader = joined[0].leaderId();
        sync(leader, 1, Map.of());
        assertEquals(GroupState.STABLE, manager.group(GROUP).state());
        String follower = joined[0].memberId().equals(leader) ? joined[1].memberId() : joined[0].memberId();
        for (int i = 0; i < 6; i++) {
            time.advance(REBALANCE_MS / 6);
            heartbeat(leader, 1);
            heartbeat(follower, 1);
        }
        assertEquals(1, manager.group(GROUP).size(), "the member that sent no SyncGroup was removed");
        assertEquals(GroupState.PREPARING_REBALANCE, manager.group(GROUP).state());
    }

    // ---- static membership

    @Test
    void aStaticMemberRejoiningWithoutItsIdKeepsItsAssignmentWithoutARebalance() {
        AtomicReference<JoinGroupResult> joined = join("", "instance-1", false, protocols("range"));
        time.advance(INITIAL_DELAY_MS);
        String oldId = joined.get().memberId();
        assertTrue(oldId.startsWith("instance-1-"), oldId);
        sync(oldId, 1, Map.of(oldId, bytes("mine")));

        JoinGroupResult rejoined = join("", "instance-1", false, protocols("range")).get();
        assertEquals(Errors.NONE, rejoined.error());
        assertNotEquals(oldId, rejoined.memberId());
        assertEquals(1, rejoined.generationId(), "no new generation");
        assertEquals(GroupState.STABLE, manager.group(GROUP).state());
        SyncGroupResult synced = sync(rejoined.memberId(), 1, Map.of()).get();
        assertArrayEquals(bytes("mine"), synced.assignment());
        assertEquals(Errors.FENCED_INSTANCE_ID, coordinator.handleHeartbeat(GROUP, oldId, "instance-1", 1));
        assertEquals(Errors.NONE, coordinator.handleHeartbeat(GROUP, rejoined.memberId(), "instance-1", 1));
    }

    // ---- offsets

    @Test
    void commitsAreCheckedAgainstGenerationAndMember() {
        String[] members = stableTwoMembers();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        assertEquals(Errors.NONE, commit(members[0], 2, tp, 10L));
        assertEquals(Errors.ILLEGAL_GENERATION, commit(members[0], 1, tp, 11L));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, commit("stranger", 2, tp, 12L));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, commit("", -1, tp, 13L), "only members commit for a group with members");
        assertEquals(10L, fetch(tp).offset());

        join("", null, false, protocols("range"));
        assertEquals(Errors.NONE, commit(members[0], 2, tp, 14L), "the current generation may commit while preparing a rebalance");
        join(members[0], null, false, protocols("range"));
        join(members[1], null, false, protocols("range"));
        assertEquals(GroupState.COMPLETING_REBALANCE, manager.group(GROUP).state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, commit(members[0], 3, tp, 15L));
        assertEquals(14L, fetch(tp).offset());
    }

    @Test
    void aCommitIsAnsweredOnlyOnceTheHighWatermarkPassesItElseTimesOutWithCoordinatorNotAvailable() throws Exception {
        // The offsets partition gets a second in-sync replica (broker 1) that has fetched nothing yet.
        leaderEpoch++;
        replicaManager.makeLeader(new PartitionState(GroupMetadataManager.OFFSETS_TOPIC, 0, 0, leaderEpoch, List.of(0, 1), List.of(0, 1)),
                LogConfig.fromProps(Map.of("cleanup.policy", "compact"), LogConfig.defaults()));
        assertTrue(manager.isGroupLocal("simple"));
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        long leo = replicaManager.partition(OFFSETS_0).log().logEndOffset();

        CompletableFuture<Map<TopicPartition, Errors>> committed = coordinator.handleCommitOffsets("simple", "", null, -1,
                Map.of(tp, new OffsetAndMetadata(5L, -1, "", time.milliseconds(), -1L)));
        long appendedEnd = replicaManager.partition(OFFSETS_0).log().logEndOffset();
        assertTrue(appendedEnd > leo, "the commit is in the leader's log");
        assertFalse(committed.isDone(), "the follower has not fetched the commit: no answer yet");
        assertNull(coordinator.admin().fetchOffsets("simple", List.of(tp)).offsets().get(tp), "not committed before the high watermark passes it");

        replicaManager.recordFollowerFetch(OFFSETS_0, 1, leo, 0L, appendedEnd);
        assertFalse(committed.isDone(), "the follower fetched only up to the offsets before the commit");
        replicaManager.recordFollowerFetch(OFFSETS_0, 1, appendedEnd, 0L, appendedEnd);
        assertTrue(committed.isDone(), "completed from the purgatory by the follower's fetch");
        assertEquals(Map.of(tp, Errors.NONE), committed.get());
        assertEquals(5L, coordinator.admin().fetchOffsets("simple", List.of(tp)).offsets().get(tp).offset());

        CompletableFuture<Map<TopicPartition, Errors>> timedOut = coordinator.handleCommitOffsets("simple", "", null, -1,
                Map.of(tp, new OffsetAndMetadata(9L, -1, "", time.milliseconds(), -1L)));
        assertFalse(timedOut.isDone());
        assertEquals(Map.of(tp, Errors.COORDINATOR_NOT_AVAILABLE), timedOut.get(COMMIT_TIMEOUT_MS + 10_000L, TimeUnit.MILLISECONDS),
                "no follower fetch within offsets.commit.timeout.ms");
        assertEquals(5L, coordinator.admin().fetchOffsets("simple", List.of(tp)).offsets().get(tp).offset(), "the timed-out commit is not applied");
    }

    @Test
    void aSimpleConsumerCommitsWithoutAGenerationAndOffsetsSurviveAReload() {
        TopicPartition tp0 = new TopicPartition(TOPIC, 0);
        TopicPartition tp1 = new TopicPartition(TOPIC, 1);
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        offsets.put(tp0, new OffsetAndMetadata(5L, 3, "hello", time.milliseconds(), -1L));
        offsets.put(tp1, new OffsetAndMetadata(7L, -1, "x".repeat(4097), time.milliseconds(), -1L));
        Map<TopicPartition, Errors> errors = coordinator.handleCommitOffsets("simple", "", null, -1, offsets).join();
        assertEquals(Errors.NONE, errors.get(tp0));
        assertEquals(Errors.OFFSET_METADATA_TOO_LARGE, errors.get(tp1));

        GroupAdminOperations.OffsetFetchResult fetched = coordinator.admin().fetchOffsets("simple", List.of(tp0, tp1));
        assertEquals(new OffsetAndMetadata(5L, 3, "hello", time.milliseconds(), -1L), fetched.offsets().get(tp0));
        assertNull(fetched.offsets().get(tp1), "nothing committed");
        assertEquals(Map.of(tp0, fetched.offsets().get(tp0)), coordinator.admin().fetchOffsets("simple", null).offsets());

        reloadFromLog();
        assertEquals(5L, coordinator.admin().fetchOffsets("simple", List.of(tp0)).offsets().get(tp0).offset());
        assertEquals(GroupState.EMPTY, manager.group("simple").state());
        assertNull(coordinator.admin().fetchOffsets("unknown-group", List.of(tp0)).offsets().get(tp0));
    }

    @Test
    void aStableGroupWithItsAssignmentAndOffsetsIsRebuiltFromTheLog() {
        String[] members = stableTwoMembers();
        TopicPartition tp = new TopicPartition(TOPIC, 3);
        assertEquals(Errors.NONE, commit(members[1], 2, tp, 99L));
        reloadFromLog();
        GroupMetadata group = manager.group(GROUP);
        assertEquals(GroupState.STABLE, group.state());
        assertEquals(2, group.generationId());
        assertEquals("range", group.protocolName());
        assertEquals(members[0], group.leaderOrNull());
        assertArrayEquals(bytes("pb"), group.get(members[1]).assignment());
        assertEquals(99L, fetch(tp).offset());
        assertEquals(Errors.NONE, heartbeat(members[0], 2), "members carry on after a coordinator move");
        assertEquals(Errors.NONE, heartbeat(members[1], 2));
        time.advance(SESSION_MS);
        assertEquals(0, manager.group(GROUP).size(), "loaded members get session timeouts too");
        assertEquals(GroupState.EMPTY, manager.group(GROUP).state());
    }

    @Test
    void emptyGroupsLoseTheirOffsetsAfterTheRetentionTime() {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        coordinator.handleCommitOffsets("old", "", null, -1, Map.of(tp, new OffsetAndMetadata(1L, -1, "", time.milliseconds(), -1L))).join();
        time.advance(24 * 3600_000L - 600_001L);
        assertEquals(0, manager.cleanupExpiredOffsets());
        time.advance(600_001L);
        assertNull(manager.group("old"), "expired by the periodic check: no offsets left, the group is gone");
        reloadFromLog();
        assertNull(manager.group("old"), "the tombstones are in the log");
    }

    // ---- admin

    @Test
    void listDescribeAndDeleteGroups() {
        String[] members = stableTwoMembers();
        coordinator.handleCommitOffsets("simple", "", null, -1, Map.of(new TopicPartition(TOPIC, 0),
                new OffsetAndMetadata(1L, -1, "", time.milliseconds(), -1L))).join();
        GroupAdminOperations.ListGroupsResult all = coordinator.admin().listGroups(List.of());
        assertEquals(List.of(new GroupAdminOperations.GroupOverview(GROUP, "consumer", "Stable"),
                new GroupAdminOperations.GroupOverview("simple", "", "Empty")), all.groups());
        assertEquals(List.of("simple"), coordinator.admin().listGroups(List.of("empty")).groups().stream()
                .map(GroupAdminOperations.GroupOverview::groupId).toList());

        GroupAdminOperations.GroupSummary summary = coordinator.admin().describeGroup(GROUP);
        assertEquals("Stable", summary.state());
        assertEquals("range", summary.protocol());
        assertEquals(2, summary.members().size());
        assertArrayEquals(bytes("pa"), summary.members().get(0).assignment());
        assertEquals("Dead", coordinator.admin().describeGroup("nope").state());

        Map<String, Errors> deleted = coordinator.admin().deleteGroups(List.of(GROUP, "simple", "nope"));
        assertEquals(Errors.NON_EMPTY_GROUP, deleted.get(GROUP));
        assertEquals(Errors.NONE, deleted.get("simple"));
        assertEquals(Errors.GROUP_ID_NOT_FOUND, deleted.get("nope"));
        assertNull(manager.group("simple"));
        assertEquals(Errors.NONE, heartbeat(members[0], 2));
        reloadFromLog();
        assertNull(manager.group("simple"), "a deleted group stays deleted after a reload");
        assertNotNull(manager.group(GROUP));
    }

    @Test
    void offsetsOfSubscribedTopicsCannotBeDeleted() {
        String[] members = stableTwoMembers();
        TopicPartition subscribed = new TopicPartition(TOPIC, 0);
        TopicPartition other = new TopicPartition("other", 0);
        commit(members[0], 2, subscribed, 1L);
        commit(members[0], 2, other, 2L);
        GroupAdminOperations.OffsetDeleteResult result = coordinator.admin().deleteOffsets(GROUP, List.of(subscribed, other));
        assertEquals(Errors.NONE, result.error());
        assertEquals(Errors.GROUP_SUBSCRIBED_TO_TOPIC, result.partitionErrors().get(subscribed));
        assertEquals(Errors.NONE, result.partitionErrors().get(other));
        assertNull(fetch(other));
        assertEquals(1L, fetch(subscribed).offset());
        assertEquals(Errors.GROUP_ID_NOT_FOUND, coordinator.admin().deleteOffsets("nope", List.of(other)).error());
    }

    // ---- coordinator status

    @Test
    void groupsOfALoadingPartitionAnswerLoadInProgressAndOfAnotherBrokersPartitionNotCoordinator() {
        String a = stableSingleMember();
        List<Runnable> queued = new ArrayList<>();
        GroupMetadataManager slow = new GroupMetadataManager(0, manager.config(), replicaManager, new MetadataCache("c"), time, queued::add);
        GroupCoordinator other = new GroupCoordinator(slow, time);
        other.startup();
        assertEquals(Errors.NOT_COORDINATOR, other.handleHeartbeat(GROUP, a, null, 1));
        slow.onBecomingLeader(0, leaderEpoch);
        AtomicReference<JoinGroupResult> join = new AtomicReference<>();
        other.handleJoinGroup(GROUP, "", null, false, "c", "/h", REBALANCE_MS, SESSION_MS, "consumer", protocols("range"), join::set);
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, join.get().error());
        assertEquals(Errors.NONE, other.handleHeartbeat(GROUP, a, null, 1), "heartbeats pass while loading");
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, other.admin().listGroups(List.of()).error());
        queued.forEach(Runnable::run);
        assertEquals(Errors.NONE, other.handleHeartbeat(GROUP, a, null, 1));
        assertEquals(GroupState.STABLE, slow.group(GROUP).state());
    }

    @Test
    void losingLeadershipAnswersParkedJoinsWithNotCoordinator() {
        AtomicReference<JoinGroupResult> parked = join("", null, false, protocols("range"));
        replicaManager.stopReplica(OFFSETS_0, false);
        assertEquals(Errors.NOT_COORDINATOR, parked.get().error());
        assertEquals(Errors.NOT_COORDINATOR, heartbeat("anyone", 1));
    }

    // ---- helpers

    private AtomicReference<JoinGroupResult> join(String memberId, String instanceId, boolean requireKnownMemberId,
                                                  List<MemberMetadata.Protocol> protocols) {
        AtomicReference<JoinGroupResult> result = new AtomicReference<>();
        coordinator.handleJoinGroup(GROUP, memberId, instanceId, requireKnownMemberId, "client", "/127.0.0.1", REBALANCE_MS, SESSION_MS,
                "consumer", protocols, result::set);
        return result;
    }

    private AtomicReference<SyncGroupResult> sync(String memberId, int generation, Map<String, byte[]> assignment) {
        AtomicReference<SyncGroupResult> result = new AtomicReference<>();
        coordinator.handleSyncGroup(GROUP, generation, memberId, null, null, null, assignment, result::set);
        return result;
    }

    private Errors heartbeat(String memberId, int generation) {
        return coordinator.handleHeartbeat(GROUP, memberId, null, generation);
    }

    private Errors commit(String memberId, int generation, TopicPartition tp, long offset) {
        return coordinator.handleCommitOffsets(GROUP, memberId, null, generation,
                Map.of(tp, new OffsetAndMetadata(offset, -1, "", time.milliseconds(), -1L))).join().get(tp);
    }

    private OffsetAndMetadata fetch(TopicPartition tp) {
        return coordinator.admin().fetchOffsets(GROUP, List.of(tp)).offsets().get(tp);
    }

    /** A Stable group of one member in generation 1; returns its member id. */
    private String stableSingleMember() {
        AtomicReference<JoinGroupResult> joined = join("", null, false, protocols("range"));
        time.advance(INITIAL_DELAY_MS);
        String id = joined.get().memberId();
        assertEquals(Errors.NONE, sync(id, 1, Map.of(id, bytes("all"))).get().error());
        return id;
    }

    private JoinGroupResult[] joinTwo() {
        AtomicReference<JoinGroupResult> a = join("", null, false, protocols("range"));
        AtomicReference<JoinGroupResult> b = join("", null, false, protocols("range"));
        // The second member extends the new group's initial delay once.
        time.advance(2L * INITIAL_DELAY_MS);
        return new JoinGroupResult[] {a.get(), b.get()};
    }

    /** A Stable group of two members in generation 2 (leader first), with assignments "pa" and "pb". */
    private String[] stableTwoMembers() {
        String a = stableSingleMember();
        AtomicReference<JoinGroupResult> b = join("", null, false, protocols("range"));
        join(a, null, false, protocols("range"));
        String bId = b.get().memberId();
        AtomicReference<SyncGroupResult> followerSync = sync(bId, 2, Map.of());
        sync(a, 2, Map.of(a, bytes("pa"), bId, bytes("pb")));
        assertEquals(Errors.NONE, followerSync.get().error());
        assertEquals(GroupState.STABLE, manager.group(GROUP).state());
        return new String[] {a, bId};
    }

    private static List<MemberMetadata.Protocol> protocols(String... names) {
        List<MemberMetadata.Protocol> list = new ArrayList<>();
        for (String name : names) {
            list.add(new MemberMetadata.Protocol(name, subscription(TOPIC)));
        }
        return list;
    }

    /** A ConsumerProtocol subscription v0: int16 version, int32 topic count, topics, null user data. */
    private static byte[] subscription(String... topics) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(0);
            out.writeInt(topics.length);
            for (String topic : topics) {
                out.writeUTF(topic);
            }
            out.writeInt(-1);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
