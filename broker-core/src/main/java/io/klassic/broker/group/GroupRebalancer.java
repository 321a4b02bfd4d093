package io.klassic.broker.group;

import io.klassic.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rebalance machinery of the group coordinator: preparing a rebalance (with {@code group.initial.rebalance.delay.ms}
 * for a new group), completing the join phase when every member has rejoined or the rebalance timeout passed,
 * storing and handing out the leader's assignment, and the timers that remove members whose session expired, that
 * never sent SyncGroup, or that were given a member id and never joined. Every method is called with the group's
 * monitor held (timer tasks take it themselves); thread-safe on those terms.
 */
final class GroupRebalancer {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupConfig config;
    private final GroupMetadataManager manager;
    private final CoordinatorScheduler scheduler;

    GroupRebalancer(GroupConfig config, GroupMetadataManager manager, CoordinatorScheduler scheduler) {
        this.config = config;
        this.manager = manager;
        this.scheduler = scheduler;
    }

    JoinGroupResult currentGenerationResult(GroupMetadata group, String memberId, boolean withMembers) {
        return new JoinGroupResult(withMembers ? group.currentMemberMetadata() : List.of(), memberId, group.generationId(),
                group.protocolType(), group.protocolName(), group.leaderOrNull(), Errors.NONE);
    }

    void maybePrepareRebalance(GroupMetadata group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        }
    }

    void prepareRebalance(GroupMetadata group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(group, Errors.REBALANCE_IN_PROGRESS);
        }
        group.setSyncTimeout(null);
        boolean initialRebalance = group.is(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE, scheduler.milliseconds());
        long rebalanceId = group.nextRebalanceId();
        log.info("Preparing to rebalance group {} in state {} with old generation {} ({}-{}) (reason: {})", group.groupId(), group.state(),
                group.generationId(), GroupMetadataManager.OFFSETS_TOPIC, manager.partitionFor(group.groupId()), reason);
        if (initialRebalance) {
            int delay = config.initialRebalanceDelayMs();
            group.setInitialDelayActive(true);
            scheduleInitialJoin(group, rebalanceId, delay, Math.max(group.rebalanceTimeoutMs() - delay, 0));
        } else {
            group.setInitialDelayActive(false);
            group.setRebalanceTimeout(scheduler.schedule(() -> onRebalanceTimeout(group, rebalanceId), group.rebalanceTimeoutMs()));
            maybeCompleteJoin(group);
        }
    }

    /**
     * A new group waits {@code group.initial.rebalance.delay.ms} for more members, again each time one joined, up to
     * its rebalance timeout, so that consumers starting together get one rebalance instead of one each.
     */
    private void scheduleInitialJoin(GroupMetadata group, long rebalanceId, long delayMs, long remainingMs) {
        group.setRebalanceTimeout(scheduler.schedule(() -> {
            synchronized (group) {
                if (group.rebalanceId() != rebalanceId || !group.is(GroupState.PREPARING_REBALANCE)) {
                    return;
                }
                if (group.newMemberAdded() && remainingMs != 0) {
                    group.setNewMemberAdded(false);
                    long nextDelay = Math.min(config.initialRebalanceDelayMs(), remainingMs);
                    scheduleInitialJoin(group, rebalanceId, nextDelay, Math.max(remainingMs - delayMs, 0));
                } else {
                    completeJoin(group);
                }
            }
        }, delayMs));
    }

    private void onRebalanceTimeout(GroupMetadata group, long rebalanceId) {
        synchronized (group) {
            if (group.rebalanceId() == rebalanceId && group.is(GroupState.PREPARING_REBALANCE)) {
                completeJoin(group);
            }
        }
    }

    void maybeCompleteJoin(GroupMetadata group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.initialDelayActive() && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    /** Ends the join phase: drops dynamic members that did not rejoin, starts the next generation and answers every JoinGroup. */
    private void completeJoin(GroupMetadata group) {
        group.setRebalanceTimeout(null);
        group.setInitialDelayActive(false);
        group.nextRebalanceId();
        for (MemberMetadata member : group.notYetRejoinedMembers()) {
            if (!member.isStaticMember()) {
                log.info("Member {} of group {} did not rejoin in time; removing it from the group", member.memberId(), group.groupId());
                cancelHeartbeat(member);
                group.maybeInvokeSyncCallback(member, SyncGroupResult.error(Errors.REBALANCE_IN_PROGRESS));
                group.remove(member.memberId());
            }
        }
        if (group.is(GroupState.DEAD)) {
            return;
        }
        if (!group.maybeElectNewJoinedLeader() && group.size() > 0) {
            // Only static members that have not rejoined are left: wait another rebalance timeout for them.
            log.error("Group {} could not complete rebalance because no members rejoined", group.groupId());
            long rebalanceId = group.rebalanceId();
            group.setRebalanceTimeout(scheduler.schedule(() -> onRebalanceTimeout(group, rebalanceId), group.rebalanceTimeoutMs()));
            return;
        }
        group.initNextGeneration(scheduler.milliseconds());
        if (group.is(GroupState.EMPTY)) {
            log.info("Group {} with generation {} is now empty ({}-{})", group.groupId(), group.generationId(),
                    GroupMetadataManager.OFFSETS_TOPIC, manager.partitionFor(group.groupId()));
            manager.storeGroup(group, Map.of(), error -> {
                if (error != Errors.NONE) {
                    log.warn("Failed to write empty metadata for group {}: {}", group.groupId(), error.message());
                }
            });
            return;
        }
        log.info("Stabilized group {} generation {} ({}-{}) with {} members", group.groupId(), group.generationId(),
                GroupMetadataManager.OFFSETS_TOPIC, manager.partitionFor(group.groupId()), group.size());
        for (MemberMetadata member : new ArrayList<>(group.allMembers())) {
            boolean leader = group.isLeader(member.memberId());
            group.maybeInvokeJoinCallback(member, currentGenerationResult(group, member.memberId(), leader));
            scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
            member.setNew(false);
            group.addPendingSyncMember(member.memberId());
        }
        int generation = group.generationId();
        group.setSyncTimeout(scheduler.schedule(() -> onExpirePendingSync(group, generation), group.rebalanceTimeoutMs()));
    }

    /** Members that got the JoinGroup answer but sent no SyncGroup within the rebalance timeout are removed. */
    private void onExpirePendingSync(GroupMetadata group, int generation) {
        synchronized (group) {
            if (generation != group.generationId() || group.pendingSyncMembers().isEmpty()
                    || !(group.is(GroupState.COMPLETING_REBALANCE) || group.is(GroupState.STABLE))) {
                return;
            }
            List<String> pending = new ArrayList<>(group.pendingSyncMembers());
            log.info("Group {} did not receive SyncGroup from {} in generation {}; removing them", group.groupId(), pending, generation);
            for (String memberId : pending) {
                if (group.has(memberId)) {
                    MemberMetadata member = group.get(memberId);
                    cancelHeartbeat(member);
                    group.maybeInvokeSyncCallback(member, SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID));
                    group.remove(memberId);
                }
            }
            maybePrepareRebalance(group, "Removing " + pending + " on pending sync request expiration");
        }
    }

    void completeSync(GroupMetadata group, String leaderId, Map<String, byte[]> leaderAssignment) {
        log.info("Assignment received from leader {} for group {} for generation {}. The group has {} members.", leaderId, group.groupId(),
                group.generationId(), group.size());
        Map<String, byte[]> assignment = new LinkedHashMap<>();
        for (String memberId : group.allMemberIds()) {
            assignment.put(memberId, leaderAssignment.getOrDefault(memberId, new byte[0]));
        }
        int generation = group.generationId();
        // The outcome comes under the group's monitor once every in-sync replica has the assignment.
        manager.storeGroup(group, assignment, error -> {
            if (!group.is(GroupState.COMPLETING_REBALANCE) || generation != group.generationId()) {
                return;
            }
            if (error != Errors.NONE) {
                resetAndPropagateAssignmentError(group, error);
                maybePrepareRebalance(group, "Error " + error + " when storing the group assignment during SyncGroup (member: " + leaderId + ")");
                return;
            }
            for (MemberMetadata member : group.allMembers()) {
                member.setAssignment(assignment.get(member.memberId()));
            }
            propagateAssignment(group, Errors.NONE);
            group.transitionTo(GroupState.STABLE, scheduler.milliseconds());
        });
    }

    void removePendingSyncMember(GroupMetadata group, String memberId) {
        if (group.removePendingSyncMember(memberId) && group.pendingSyncMembers().isEmpty()) {
            group.setSyncTimeout(null);
        }
    }

    private void resetAndPropagateAssignmentError(GroupMetadata group, Errors error) {
        for (MemberMetadata member : group.allMembers()) {
            member.setAssignment(new byte[0]);
        }
        propagateAssignment(group, error);
    }

    private void propagateAssignment(GroupMetadata group, Errors error) {
        for (MemberMetadata member : group.allMembers()) {
            SyncGroupResult result = error == Errors.NONE
                    ? new SyncGroupResult(group.protocolType(), group.protocolName(), member.assignment(), Errors.NONE)
                    : SyncGroupResult.error(error);
            if (group.maybeInvokeSyncCallback(member, result)) {
                // A session that expired while the member waited was ignored: start a fresh one.
                scheduleHeartbeatExpiration(group, member, member.sessionTimeoutMs());
            }
        }
    }

    void scheduleHeartbeatExpiration(GroupMetadata group, MemberMetadata member, long timeoutMs) {
        cancelHeartbeat(member);
        member.setHeartbeatSatisfied(false);
        CoordinatorScheduler.Timeout[] self = new CoordinatorScheduler.Timeout[1];
        self[0] = scheduler.schedule(() -> onHeartbeatExpiration(group, member, self[0]), timeoutMs);
        member.setHeartbeatTimeout(self[0]);
    }

    void cancelHeartbeat(MemberMetadata member) {
        CoordinatorScheduler.Timeout timeout = member.heartbeatTimeout();
        if (timeout != null) {
            timeout.cancel();
            member.setHeartbeatTimeout(null);
        }
    }

    private void onHeartbeatExpiration(GroupMetadata group, MemberMetadata member, CoordinatorScheduler.Timeout timeout) {
        synchronized (group) {
            if (group.is(GroupState.DEAD) || member.heartbeatTimeout() != timeout || !group.has(member.memberId())
                    || group.get(member.memberId()) != member) {
                return;
            }
            member.setHeartbeatTimeout(null);
            if (!member.hasSatisfiedHeartbeat()) {
                log.info("Member {} in group {} has failed, removing it from the group", member.memberId(), group.groupId());
                removeMemberAndUpdateGroup(group, member, "removing member " + member.memberId() + " on heartbeat expiration");
            }
        }
    }

    void schedulePendingMemberExpiration(GroupMetadata group, String memberId, long timeoutMs) {
        scheduler.schedule(() -> {
            synchronized (group) {
                if (group.removePendingMember(memberId)) {
                    log.debug("Pending member {} in group {} did not join in time; removing it", memberId, group.groupId());
                    maybeCompleteJoin(group);
                }
            }
        }, timeoutMs);
    }

    void removeMemberAndUpdateGroup(GroupMetadata group, MemberMetadata member, String reason) {
        // A new member may time out with its JoinGroup still parked: answer it, so that a live client rejoins.
        group.maybeInvokeJoinCallback(member, JoinGroupResult.error(member.memberId(), Errors.UNKNOWN_MEMBER_ID));
        group.maybeInvokeSyncCallback(member, SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID));
        cancelHeartbeat(member);
        group.remove(member.memberId());
        switch (group.state()) {
            case DEAD, EMPTY -> {
            }
            case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalance(group, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
        }
    }
}
