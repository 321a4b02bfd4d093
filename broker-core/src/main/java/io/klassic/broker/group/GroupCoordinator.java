package io.klassic.broker.group;

import io.klassic.broker.server.ReplicaManager;
import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The classic group protocol, as Kafka's GroupCoordinator runs it: JoinGroup (MEMBER_ID_REQUIRED for first joins
 * that ask for it, static members by group instance id, a rebalance that waits for every known member or the
 * rebalance timeout, {@code group.initial.rebalance.delay.ms} for a new group, the protocol chosen by vote, the
 * member list to the leader only), SyncGroup (followers wait for the leader's assignment, which is written to
 * {@code __consumer_offsets} before anyone gets it), Heartbeat (REBALANCE_IN_PROGRESS while rebalancing; a member
 * whose session times out is removed), LeaveGroup and OffsetCommit (generation and member checks). The read and
 * admin side (OffsetFetch, ListGroups, DescribeGroups, DeleteGroups, OffsetDelete) is {@link #admin()}; the
 * rebalance machinery and its timers are {@link GroupRebalancer}.
 *
 * <p>Answers to JoinGroup and SyncGroup arrive through callbacks, possibly later and on the timer thread; the
 * other calls answer at once. Thread-safe: each group is changed only under its own monitor.
 */
public final class GroupCoordinator implements GroupMetadataManager.GroupLifecycle, ReplicaManager.LeadershipListener {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /** Identifies one member in a LeaveGroup request: a member id ("" when unknown) and/or a group instance id. */
    public record MemberIdentity(String memberId, String groupInstanceId) {
    }

    /** The answer to LeaveGroup: a request-level error and one error per member, in request order. */
    public record LeaveGroupResult(Errors error, List<Errors> memberErrors) {
    }

    private final GroupConfig config;
    private final GroupMetadataManager manager;
    private final CoordinatorScheduler scheduler;
    private final GroupAdminOperations admin;
    private final GroupRebalancer rebalancer;

    public GroupCoordinator(GroupMetadataManager manager, CoordinatorScheduler scheduler) {
        this.config = manager.config();
        this.manager = manager;
        this.scheduler = scheduler;
        this.admin = new GroupAdminOperations(manager, scheduler);
        this.rebalancer = new GroupRebalancer(config, manager, scheduler);
        manager.setLifecycle(this);
    }

    public GroupMetadataManager groupManager() {
        return manager;
    }

    public GroupAdminOperations admin() {
        return admin;
    }

    public int partitionFor(String groupId) {
        return manager.partitionFor(groupId);
    }

    /** Starts serving and schedules the periodic expiry of old offsets ({@code offsets.retention.check.interval.ms}). */
    public void startup() {
        manager.setActive(true);
        scheduleOffsetExpiration();
        log.info("[GroupCoordinator] Startup complete.");
    }

    /** Stops serving: parked JoinGroup/SyncGroup requests are answered NOT_COORDINATOR and the timers stop. */
    public void shutdown() {
        manager.setActive(false);
        for (GroupMetadata group : new ArrayList<>(manager.currentGroups())) {
            synchronized (group) {
                if (!group.is(GroupState.DEAD)) {
                    onGroupUnloaded(group);
                }
            }
        }
        scheduler.close();
        log.info("[GroupCoordinator] Shutdown complete.");
    }

    private void scheduleOffsetExpiration() {
        scheduler.schedule(() -> {
            if (!manager.isActive()) {
                return;
            }
            try {
                manager.cleanupExpiredOffsets();
            } finally {
                scheduleOffsetExpiration();
            }
        }, config.offsetsRetentionCheckIntervalMs());
    }

    // ---- leadership of __consumer_offsets

    @Override
    public void onBecomingLeader(TopicPartition tp, int leaderEpoch) {
        if (tp.topic().equals(GroupMetadataManager.OFFSETS_TOPIC)) {
            manager.onBecomingLeader(tp.partition(), leaderEpoch);
        }
    }

    @Override
    public void onResigningLeadership(TopicPartition tp) {
        if (tp.topic().equals(GroupMetadataManager.OFFSETS_TOPIC)) {
            manager.onResigningLeadership(tp.partition());
        }
    }

    @Override
    public void onGroupLoaded(GroupMetadata group) {
        for (MemberMetadata member : group.allMembers()) {
            rebalancer.scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
        }
    }

    @Override
    public void onGroupUnloaded(GroupMetadata group) {
        GroupState previous = group.state();
        group.transitionTo(GroupState.DEAD, scheduler.milliseconds());
        group.setRebalanceTimeout(null);
        group.setSyncTimeout(null);
        group.nextRebalanceId();
        for (MemberMetadata member : group.allMembers()) {
            rebalancer.cancelHeartbeat(member);
            if (previous == GroupState.PREPARING_REBALANCE) {
                group.maybeInvokeJoinCallback(member, JoinGroupResult.error(member.memberId(), Errors.NOT_COORDINATOR));
            } else if (previous == GroupState.STABLE || previous == GroupState.COMPLETING_REBALANCE) {
                group.maybeInvokeSyncCallback(member, SyncGroupResult.error(Errors.NOT_COORDINATOR));
            }
        }
    }

    // ---- JoinGroup

    /**
     * Serves a JoinGroup; {@code callback} gets the answer when the rebalance completes (or at once on error).
     *
     * @param memberId             "" for a member joining for the first time
     * @param requireKnownMemberId JoinGroup v4+ without a group instance id: a first join gets MEMBER_ID_REQUIRED
     */
    public void handleJoinGroup(String groupId, String memberId, String groupInstanceId, boolean requireKnownMemberId, String clientId,
                                String clientHost, int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType,
                                List<MemberMetadata.Protocol> protocols, Consumer<JoinGroupResult> callback) {
        Errors error = manager.validateGroupStatus(groupId, false);
        if (error != null) {
            callback.accept(JoinGroupResult.error(memberId, error));
            return;
        }
        if (sessionTimeoutMs < config.minSessionTimeoutMs() || sessionTimeoutMs > config.maxSessionTimeoutMs()) {
            callback.accept(JoinGroupResult.error(memberId, Errors.INVALID_SESSION_TIMEOUT));
            return;
        }
        boolean isUnknownMember = memberId.isEmpty();
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            if (!isUnknownMember) {
                callback.accept(JoinGroupResult.error(memberId, Errors.UNKNOWN_MEMBER_ID));
                return;
            }
            group = manager.addGroup(new GroupMetadata(groupId, GroupState.EMPTY, scheduler.milliseconds()));
        }
        synchronized (group) {
            List<String> names = protocols.stream().map(MemberMetadata.Protocol::name).toList();
            if (group.is(GroupState.DEAD)) {
                // Deleted or moved away since we looked it up: the member finds the coordinator again and retries.
                callback.accept(JoinGroupResult.error(memberId, Errors.COORDINATOR_NOT_AVAILABLE));
            } else if (!acceptJoiningMember(group, memberId)) {
                if (group.has(memberId)) {
                    rebalancer.removeMemberAndUpdateGroup(group, group.get(memberId), "the group reached its maximum size (group.max.size)");
                }
                callback.accept(JoinGroupResult.error("", Errors.GROUP_MAX_SIZE_REACHED));
            } else if (!group.supportsProtocols(protocolType, names)) {
                callback.accept(JoinGroupResult.error(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL));
            } else if (isUnknownMember) {
                doUnknownJoinGroup(group, groupInstanceId, requireKnownMemberId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
                        protocolType, protocols, callback);
            } else {
                doCurrentMemberJoinGroup(group, memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
                        protocolType, protocols, callback);
            }
            if (group.is(GroupState.PREPARING_REBALANCE)) {
                rebalancer.maybeCompleteJoin(group);
            }
        }
    }

    private boolean acceptJoiningMember(GroupMetadata group, String memberId) {
        return switch (group.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (group.has(memberId) && group.get(memberId).isAwaitingJoin())
                    || countAwaitingJoin(group) < config.maxSize();
            case COMPLETING_REBALANCE, STABLE -> group.has(memberId) || group.size() < config.maxSize();
        };
    }

    private static int countAwaitingJoin(GroupMetadata group) {
        int n = 0;
        for (MemberMetadata m : group.allMembers()) {
            if (m.isAwaitingJoin()) {
                n++;
            }
        }
        return n;
    }

    private void doUnknownJoinGroup(GroupMetadata group, String groupInstanceId, boolean requireKnownMemberId, String clientId, String clientHost,
                                    int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, List<MemberMetadata.Protocol> protocols,
                                    Consumer<JoinGroupResult> callback) {
        String newMemberId = group.generateMemberId(clientId, groupInstanceId);
        if (group.hasStaticMember(groupInstanceId)) {
            updateStaticMemberAndRebalance(group, newMemberId, groupInstanceId, rebalanceTimeoutMs, sessionTimeoutMs, protocols, callback);
        } else if (requireKnownMemberId) {
            group.addPendingMember(newMemberId);
            rebalancer.schedulePendingMemberExpiration(group, newMemberId, sessionTimeoutMs);
            callback.accept(JoinGroupResult.error(newMemberId, Errors.MEMBER_ID_REQUIRED));
        } else {
            addMemberAndRebalance(group, newMemberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
                    protocolType, protocols, callback);
        }
    }

    private void doCurrentMemberJoinGroup(GroupMetadata group, String memberId, String groupInstanceId, String clientId, String clientHost,
                                          int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType,
                                          List<MemberMetadata.Protocol> protocols, Consumer<JoinGroupResult> callback) {
        if (group.isPendingMember(memberId)) {
            addMemberAndRebalance(group, memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
                    protocolType, protocols, callback);
            return;
        }
        Errors error = validateCurrentMember(group, memberId, groupInstanceId, null, null, null, false);
        if (error != null) {
            callback.accept(JoinGroupResult.error(memberId, error));
            return;
        }
        MemberMetadata member = group.get(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(group, member, protocols, rebalanceTimeoutMs, sessionTimeoutMs, callback,
                    "Member " + memberId + " joining group during PreparingRebalance");
            case COMPLETING_REBALANCE -> {
                if (member.matches(protocols)) {
                    // The member lost the JoinGroup answer: give it the current generation again.
                    callback.accept(rebalancer.currentGenerationResult(group, memberId, group.isLeader(memberId)));
                } else {
                    updateMemberAndRebalance(group, member, protocols, rebalanceTimeoutMs, sessionTimeoutMs, callback,
                            "Updating metadata for member " + memberId + " during CompletingRebalance");
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(protocols)) {
                    // A changed subscription, or the leader asking for a new assignment (e.g. new partitions).
                    updateMemberAndRebalance(group, member, protocols, rebalanceTimeoutMs, sessionTimeoutMs, callback,
                            "Leader " + memberId + " re-joining group during Stable or member changed its metadata");
                } else {
                    callback.accept(rebalancer.currentGenerationResult(group, memberId, false));
                }
            }
            case EMPTY, DEAD -> callback.accept(JoinGroupResult.error(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private void addMemberAndRebalance(GroupMetadata group, String memberId, String groupInstanceId, String clientId, String clientHost,
                                       int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType, List<MemberMetadata.Protocol> protocols,
                                       Consumer<JoinGroupResult> callback) {
        MemberMetadata member = new MemberMetadata(memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
                protocolType, protocols);
        member.setNew(true);
        if (group.is(GroupState.PREPARING_REBALANCE) && group.generationId() == 0) {
            group.setNewMemberAdded(true);
        }
        group.add(member, callback);
        // A new member cannot heartbeat before its first JoinGroup is answered; if its client gave up, it is
        // dropped after this timeout instead of its session timeout.
        rebalancer.scheduleHeartbeatExpiration(group, member, GroupConfig.NEW_MEMBER_JOIN_TIMEOUT_MS);
        rebalancer.maybePrepareRebalance(group, "Adding new member " + memberId + " with group instance id " + groupInstanceId);
    }

    private void updateMemberAndRebalance(GroupMetadata group, MemberMetadata member, List<MemberMetadata.Protocol> protocols,
                                          int rebalanceTimeoutMs, int sessionTimeoutMs, Consumer<JoinGroupResult> callback, String reason) {
        group.updateMember(member, protocols, rebalanceTimeoutMs, sessionTimeoutMs, callback);
        rebalancer.maybePrepareRebalance(group, reason);
    }

    /** A static member rejoined without its member id: it takes over its old membership under a new id. */
    private void updateStaticMemberAndRebalance(GroupMetadata group, String newMemberId, String groupInstanceId, int rebalanceTimeoutMs,
                                                int sessionTimeoutMs, List<MemberMetadata.Protocol> protocols, Consumer<JoinGroupResult> callback) {
        String oldMemberId = group.staticMemberId(groupInstanceId);
        log.info("Static member {} of group {} with unknown member id rejoins, assigning new member id {}, while old member id {} will be removed.",
                groupInstanceId, group.groupId(), newMemberId, oldMemberId);
        MemberMetadata old = group.get(oldMemberId);
        group.maybeInvokeJoinCallback(old, JoinGroupResult.error(oldMemberId, Errors.FENCED_INSTANCE_ID));
        group.maybeInvokeSyncCallback(old, SyncGroupResult.error(Errors.FENCED_INSTANCE_ID));
        rebalancer.cancelHeartbeat(old);
        String currentLeader = group.leaderOrNull();
        MemberMetadata member = group.replaceStaticMember(oldMemberId, newMemberId);
        List<MemberMetadata.Protocol> oldProtocols = member.supportedProtocols();
        int oldRebalanceTimeoutMs = member.rebalanceTimeoutMs();
        int oldSessionTimeoutMs = member.sessionTimeoutMs();
        rebalancer.scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
        group.updateMember(member, protocols, rebalanceTimeoutMs, sessionTimeoutMs, callback);
        switch (group.state()) {
            case STABLE -> {
                if (group.selectProtocol().equals(group.protocolName())) {
                    Map<String, byte[]> assignment = new HashMap<>();
                    for (MemberMetadata m : group.allMembers()) {
                        assignment.put(m.memberId(), m.assignment());
                    }
                    manager.storeGroup(group, assignment, error -> {
                        if (error != Errors.NONE) {
                            log.warn("Failed to persist the new member id {} of static member {} of group {}: {}", newMemberId, groupInstanceId,
                                    group.groupId(), error);
                            group.updateMember(member, oldProtocols, oldRebalanceTimeoutMs, oldSessionTimeoutMs, null);
                            MemberMetadata reverted = group.replaceStaticMember(newMemberId, oldMemberId);
                            rebalancer.scheduleHeartbeatExpiration(group, reverted, reverted.sessionTimeoutMs());
                            rebalancer.cancelHeartbeat(member);
                            callback.accept(new JoinGroupResult(List.of(), "", group.generationId(), group.protocolType(), group.protocolName(),
                                    currentLeader, error));
                        } else {
                            // The old leader id is returned so that a rejoining leader does not compute an assignment that a
                            // Stable group would not hand out.
                            group.maybeInvokeJoinCallback(member, new JoinGroupResult(List.of(), newMemberId, group.generationId(),
                                    group.protocolType(), group.protocolName(), currentLeader, Errors.NONE));
                        }
                    });
                } else {
                    rebalancer.maybePrepareRebalance(group, "Group's selected protocol will change because static member " + newMemberId
                            + " with instance id " + groupInstanceId + " joined with a change of protocol");
                }
            }
            case COMPLETING_REBALANCE -> rebalancer.prepareRebalance(group, "Updating metadata for static member " + newMemberId
                    + " with instance id " + groupInstanceId);
            case PREPARING_REBALANCE, EMPTY, DEAD -> {
                // PreparingRebalance: the member's join is parked and completes with the others.
            }
        }
    }

    // ---- SyncGroup

    /** Serves a SyncGroup: the leader's {@code assignment} (member id to bytes) is stored; everyone gets its own part. */
    public void handleSyncGroup(String groupId, int generationId, String memberId, String groupInstanceId, String protocolType,
                                String protocolName, Map<String, byte[]> assignment, Consumer<SyncGroupResult> callback) {
        Errors error = manager.validateGroupStatus(groupId, false);
        if (error == Errors.COORDINATOR_LOAD_IN_PROGRESS) {
            // The rebalance in progress was lost with the old coordinator: the member starts over with JoinGroup.
            callback.accept(SyncGroupResult.error(Errors.REBALANCE_IN_PROGRESS));
            return;
        }
        if (error != null) {
            callback.accept(SyncGroupResult.error(error));
            return;
        }
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            callback.accept(SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID));
            return;
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                callback.accept(SyncGroupResult.error(Errors.COORDINATOR_NOT_AVAILABLE));
                return;
            }
            Errors memberError = validateCurrentMember(group, memberId, groupInstanceId, generationId, protocolType, protocolName, false);
            if (memberError != null) {
                callback.accept(SyncGroupResult.error(memberError));
                return;
            }
            switch (group.state()) {
                case EMPTY -> callback.accept(SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID));
                case PREPARING_REBALANCE -> callback.accept(SyncGroupResult.error(Errors.REBALANCE_IN_PROGRESS));
                case COMPLETING_REBALANCE -> {
                    rebalancer.removePendingSyncMember(group, memberId);
                    group.get(memberId).setAwaitingSync(callback);
                    if (group.isLeader(memberId)) {
                        rebalancer.completeSync(group, memberId, assignment);
                    }
                }
                case STABLE -> {
                    rebalancer.removePendingSyncMember(group, memberId);
                    MemberMetadata member = group.get(memberId);
                    callback.accept(new SyncGroupResult(group.protocolType(), group.protocolName(), member.assignment(), Errors.NONE));
                    rebalancer.scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
                }
                case DEAD -> callback.accept(SyncGroupResult.error(Errors.COORDINATOR_NOT_AVAILABLE));
            }
        }
    }

    // ---- Heartbeat

    public Errors handleHeartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        Errors error = manager.validateGroupStatus(groupId, false);
        if (error == Errors.COORDINATOR_LOAD_IN_PROGRESS) {
            // The group is still loading: let the member carry on.
            return Errors.NONE;
        }
        if (error != null) {
            return error;
        }
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return Errors.COORDINATOR_NOT_AVAILABLE;
            }
            Errors memberError = validateCurrentMember(group, memberId, groupInstanceId, generationId, null, null, false);
            if (memberError != null) {
                return memberError;
            }
            MemberMetadata member = group.get(memberId);
            return switch (group.state()) {
                case EMPTY, DEAD -> Errors.UNKNOWN_MEMBER_ID;
                case COMPLETING_REBALANCE, STABLE -> {
                    rebalancer.scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
                    yield Errors.NONE;
                }
                case PREPARING_REBALANCE -> {
                    rebalancer.scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
                    yield Errors.REBALANCE_IN_PROGRESS;
                }
            };
        }
    }

    /**
     * The checks every request of a member makes: a group instance id registered to another member id is fenced;
     * then the member must exist (unless {@code ignoreMemberId}), and the generation, protocol type and protocol
     * name must match when given.
     */
    private static Errors validateCurrentMember(GroupMetadata group, String memberId, String groupInstanceId, Integer generationId,
                                                String protocolType, String protocolName, boolean ignoreMemberId) {
        if (groupInstanceId != null) {
            String current = group.staticMemberId(groupInstanceId);
            if (current != null && !ignoreMemberId && !current.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        if (!ignoreMemberId && !group.has(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != null && generationId != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (protocolType != null && !protocolType.equals(group.protocolType())) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (protocolName != null && !protocolName.equals(group.protocolName())) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        return null;
    }

    // ---- LeaveGroup

    public LeaveGroupResult handleLeaveGroup(String groupId, List<MemberIdentity> leaving) {
        Errors error = manager.validateGroupStatus(groupId, false);
        if (error != null) {
            return new LeaveGroupResult(error, List.of());
        }
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            return new LeaveGroupResult(Errors.NONE, leaving.stream().map(m -> Errors.UNKNOWN_MEMBER_ID).toList());
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return new LeaveGroupResult(Errors.COORDINATOR_NOT_AVAILABLE, List.of());
            }
            List<Errors> errors = new ArrayList<>();
            for (MemberIdentity identity : leaving) {
                errors.add(leave(group, identity));
            }
            return new LeaveGroupResult(Errors.NONE, errors);
        }
    }

    private Errors leave(GroupMetadata group, MemberIdentity identity) {
        String memberId = identity.memberId() == null ? "" : identity.memberId();
        String instanceId = identity.groupInstanceId();
        if (!memberId.isEmpty() && group.isPendingMember(memberId)) {
            group.removePendingMember(memberId);
            rebalancer.maybeCompleteJoin(group);
            return Errors.NONE;
        }
        boolean byInstanceOnly = memberId.isEmpty();
        if (byInstanceOnly && (instanceId == null || !group.hasStaticMember(instanceId))) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        Errors error = validateCurrentMember(group, memberId, instanceId, null, null, null, byInstanceOnly);
        if (error != null) {
            return error;
        }
        String target = byInstanceOnly ? group.staticMemberId(instanceId) : memberId;
        MemberMetadata member = group.get(target);
        log.info("Member {} has left group {} through explicit LeaveGroup request", target, group.groupId());
        rebalancer.removeMemberAndUpdateGroup(group, member, "removing member " + target + " on LeaveGroup");
        return Errors.NONE;
    }

    // ---- OffsetCommit

    /**
     * Serves an OffsetCommit: members commit with their generation; a non-member may commit with generation -1
     * and an empty member id only while the group is Empty (a "simple" consumer using assign()). The future
     * completes once the offsets are committed to every in-sync replica of the group's {@code __consumer_offsets}
     * partition, or with COORDINATOR_NOT_AVAILABLE after {@code offsets.commit.timeout.ms}.
     */
    public CompletableFuture<Map<TopicPartition, Errors>> handleCommitOffsets(String groupId, String memberId, String groupInstanceId,
                                                                              int generationId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        Errors error = manager.validateGroupStatus(groupId, true);
        if (error != null) {
            offsets.keySet().forEach(tp -> result.put(tp, error));
            return CompletableFuture.completedFuture(result);
        }
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            if (generationId >= 0) {
                offsets.keySet().forEach(tp -> result.put(tp, Errors.ILLEGAL_GENERATION));
                return CompletableFuture.completedFuture(result);
            }
            group = manager.addGroup(new GroupMetadata(groupId, GroupState.EMPTY, scheduler.milliseconds()));
        }
        synchronized (group) {
            Errors commitError = validateOffsetCommit(group, generationId, memberId, groupInstanceId);
            if (commitError == null && group.is(GroupState.COMPLETING_REBALANCE)) {
                // The member knows the new generation from its JoinGroup answer but has no assignment yet.
                commitError = Errors.REBALANCE_IN_PROGRESS;
            }
            if (commitError != null) {
                Errors e = commitError;
                offsets.keySet().forEach(tp -> result.put(tp, e));
                return CompletableFuture.completedFuture(result);
            }
            if (group.has(memberId)) {
                MemberMetadata member = group.get(memberId);
                rebalancer.scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
            }
            Map<TopicPartition, OffsetAndMetadata> valid = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                if (e.getValue().metadata().length() > config.offsetMetadataMaxBytes()) {
                    result.put(e.getKey(), Errors.OFFSET_METADATA_TOO_LARGE);
                } else {
                    valid.put(e.getKey(), e.getValue());
                    result.put(e.getKey(), Errors.NONE);
                }
            }
            // Answered once every in-sync replica has the offsets (or offsets.commit.timeout.ms runs out).
            CompletableFuture<Map<TopicPartition, Errors>> future = new CompletableFuture<>();
            manager.storeOffsets(group, valid, stored -> {
                if (stored != Errors.NONE) {
                    log.warn("Offset commit of group {} for {} partitions failed: {}", groupId, valid.size(), stored);
                    valid.keySet().forEach(tp -> result.put(tp, stored));
                }
                future.complete(result);
            });
            return future;
        }
    }

    private static Errors validateOffsetCommit(GroupMetadata group, int generationId, String memberId, String groupInstanceId) {
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generationId >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            return validateCurrentMember(group, memberId, groupInstanceId, generationId, null, null, false);
        }
        if (!group.is(GroupState.EMPTY)) {
            // Only members commit offsets for a group that has members.
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return null;
    }
}
