package io.klassic.broker.group;

import io.klassic.log.TopicPartition;
import io.klassic.protocol.group.GroupMetadataCodec;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One classic group as its coordinator holds it: the {@link GroupState} machine, the generation, the chosen
 * protocol, the leader, the members (with the static members' instance ids and the members that were given an id
 * by MEMBER_ID_REQUIRED but have not joined yet), the members that still owe a SyncGroup, and the group's committed
 * offsets. Every access happens while holding the group's monitor ({@code synchronized (group)}); the class itself
 * does no locking and is not thread-safe.
 */
public final class GroupMetadata {
    /** The protocol type of Kafka's consumers, whose metadata is a subscription in ConsumerProtocol format. */
    public static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private GroupState state;
    private long currentStateTimestamp;
    private String protocolType;
    private String protocolName;
    private int generationId;
    private String leaderId;
    private final Map<String, MemberMetadata> members = new LinkedHashMap<>();
    private final Set<String> pendingMembers = new LinkedHashSet<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<String, Integer> supportedProtocols = new HashMap<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private int numMembersAwaitingJoin;
    private boolean newMemberAdded;
    private Set<String> subscribedTopics;
    private CoordinatorScheduler.Timeout rebalanceTimeout;
    private CoordinatorScheduler.Timeout syncTimeout;
    private long rebalanceId;
    private boolean initialDelayActive;

    public GroupMetadata(String groupId, GroupState initialState, long now) {
        this.groupId = groupId;
        this.state = initialState;
        this.currentStateTimestamp = now;
    }

    public String groupId() {
        return groupId;
    }

    public GroupState state() {
        return state;
    }

    public boolean is(GroupState s) {
        return state == s;
    }

    public long currentStateTimestamp() {
        return currentStateTimestamp;
    }

    void setCurrentStateTimestamp(long timestamp) {
        this.currentStateTimestamp = timestamp;
    }

    /** Empty, Stable and CompletingRebalance groups can start a rebalance; the others are rebalancing or dead. */
    boolean canRebalance() {
        return GroupState.PREPARING_REBALANCE.validPreviousStates().contains(state);
    }

    void transitionTo(GroupState target, long now) {
        if (!target.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " should be in one of " + target.validPreviousStates()
                    + " before moving to " + target + ", but it is " + state + ".");
        }
        state = target;
        currentStateTimestamp = now;
    }

    public String protocolType() {
        return protocolType;
    }

    void setProtocolType(String protocolType) {
        this.protocolType = protocolType;
    }

    public String protocolName() {
        return protocolName;
    }

    public int generationId() {
        return generationId;
    }

    public String leaderOrNull() {
        return leaderId;
    }

    public boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    public boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    public MemberMetadata get(String memberId) {
        MemberMetadata member = members.get(memberId);
        if (member == null) {
            throw new IllegalArgumentException("Group " + groupId + " has no member " + memberId + ".");
        }
        return member;
    }

    public Collection<MemberMetadata> allMembers() {
        return members.values();
    }

    public Set<String> allMemberIds() {
        return members.keySet();
    }

    public int size() {
        return members.size();
    }

    public boolean isConsumerGroup() {
        return CONSUMER_PROTOCOL_TYPE.equals(protocolType);
    }

    // ---- membership

    /** Adds a member that is joining; the first member sets the protocol type and becomes leader. */
    void add(MemberMetadata member, Consumer<JoinGroupResult> joinCallback) {
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        members.put(member.memberId(), member);
        for (String name : member.protocolNames()) {
            supportedProtocols.merge(name, 1, Integer::sum);
        }
        if (member.isStaticMember()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        member.setAwaitingJoin(joinCallback);
        if (joinCallback != null) {
            numMembersAwaitingJoin++;
        }
        pendingMembers.remove(member.memberId());
    }

    /** Removes a member (its parked requests must have been answered); a leaving leader hands over to another member. */
    void remove(String memberId) {
        MemberMetadata member = members.remove(memberId);
        if (member == null) {
            return;
        }
        for (String name : member.protocolNames()) {
            supportedProtocols.merge(name, -1, Integer::sum);
        }
        if (member.isAwaitingJoin()) {
            numMembersAwaitingJoin--;
        }
        if (member.isStaticMember() && memberId.equals(staticMembers.get(member.groupInstanceId()))) {
            staticMembers.remove(member.groupInstanceId());
        }
        pendingSyncMembers.remove(memberId);
        if (isLeader(memberId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    void updateMember(MemberMetadata member, List<MemberMetadata.Protocol> protocols, int rebalanceTimeoutMs, int sessionTimeoutMs,
                      Consumer<JoinGroupResult> joinCallback) {
        for (String name : member.protocolNames()) {
            supportedProtocols.merge(name, -1, Integer::sum);
        }
        member.setSupportedProtocols(protocols);
        member.updateTimeouts(rebalanceTimeoutMs, sessionTimeoutMs);
        for (String name : member.protocolNames()) {
            supportedProtocols.merge(name, 1, Integer::sum);
        }
        if (joinCallback != null && !member.isAwaitingJoin()) {
            numMembersAwaitingJoin++;
        } else if (joinCallback == null && member.isAwaitingJoin()) {
            numMembersAwaitingJoin--;
        }
        member.setAwaitingJoin(joinCallback);
    }

    /** Answers the member's parked JoinGroup, if any. */
    void maybeInvokeJoinCallback(MemberMetadata member, JoinGroupResult result) {
        Consumer<JoinGroupResult> callback = member.awaitingJoin();
        if (callback != null) {
            member.setAwaitingJoin(null);
            numMembersAwaitingJoin--;
            callback.accept(result);
        }
    }

    /** Answers the member's parked SyncGroup, if any; returns whether there was one. */
    boolean maybeInvokeSyncCallback(MemberMetadata member, SyncGroupResult result) {
        Consumer<SyncGroupResult> callback = member.awaitingSync();
        if (callback != null) {
            member.setAwaitingSync(null);
            callback.accept(result);
            return true;
        }
        return false;
    }

    void addPendingMember(String memberId) {
        pendingMembers.add(memberId);
    }

    boolean isPendingMember(String memberId) {
        return pendingMembers.contains(memberId);
    }

    boolean removePendingMember(String memberId) {
        return pendingMembers.remove(memberId);
    }

    public int numPending() {
        return pendingMembers.size();
    }

    boolean hasStaticMember(String groupInstanceId) {
        return groupInstanceId != null && staticMembers.containsKey(groupInstanceId);
    }

    String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    /** Gives a static member a new member id, keeping its assignment and leadership; returns the new member. */
    MemberMetadata replaceStaticMember(String oldMemberId, String newMemberId) {
        MemberMetadata old = members.remove(oldMemberId);
        if (old == null) {
            throw new IllegalArgumentException("Cannot replace unknown member " + oldMemberId + " of group " + groupId + ".");
        }
        if (old.isAwaitingJoin()) {
            numMembersAwaitingJoin--;
        }
        MemberMetadata replacement = old.withMemberId(newMemberId);
        members.put(newMemberId, replacement);
        staticMembers.put(old.groupInstanceId(), newMemberId);
        if (isLeader(oldMemberId)) {
            leaderId = newMemberId;
        }
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        return replacement;
    }

    /** Every known member has rejoined and no member is still due with the id it was given. */
    boolean hasAllMembersJoined() {
        return members.size() == numMembersAwaitingJoin && pendingMembers.isEmpty();
    }

    List<MemberMetadata> notYetRejoinedMembers() {
        List<MemberMetadata> out = new ArrayList<>();
        for (MemberMetadata m : members.values()) {
            if (!m.isAwaitingJoin()) {
                out.add(m);
            }
        }
        return out;
    }

    /** If the leader has not rejoined, makes a member that has the leader; false when no member has rejoined. */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId == null) {
            return false;
        }
        MemberMetadata leader = members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return true;
        }
        for (MemberMetadata m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId();
                return true;
            }
        }
        return false;
    }

    /** The largest rebalance timeout of the members: how long a rebalance waits for members to rejoin. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (MemberMetadata m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    String generateMemberId(String clientId, String groupInstanceId) {
        return (groupInstanceId == null ? clientId : groupInstanceId) + "-" + UUID.randomUUID();
    }

    // ---- protocols

    /** Whether a member with this protocol type and these protocols may join: the type must match and one protocol be common. */
    boolean supportsProtocols(String memberProtocolType, List<String> memberProtocols) {
        if (members.isEmpty()) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        if (!memberProtocolType.equals(protocolType)) {
            return false;
        }
        for (String name : memberProtocols) {
            if (supportedProtocols.getOrDefault(name, 0) == members.size()) {
                return true;
            }
        }
        return false;
    }

    private Set<String> candidateProtocols() {
        Set<String> candidates = new LinkedHashSet<>();
        for (Map.Entry<String, Integer> e : supportedProtocols.entrySet()) {
            if (e.getValue() == members.size()) {
                candidates.add(e.getKey());
            }
        }
        return candidates;
    }

    /** The protocol every member supports that most members prefer (ties: the earliest vote wins). */
    String selectProtocol() {
        if (members.isEmpty()) {
            throw new IllegalStateException("Cannot select a protocol for group " + groupId + " without members.");
        }
        Set<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (MemberMetadata m : members.values()) {
            votes.merge(m.vote(candidates), 1, Integer::sum);
        }
        String best = null;
        int bestVotes = -1;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    /** Starts the next generation: CompletingRebalance with a chosen protocol, or Empty when no member is left. */
    void initNextGeneration(long now) {
        generationId++;
        if (!members.isEmpty()) {
            protocolName = selectProtocol();
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.COMPLETING_REBALANCE, now);
        } else {
            protocolName = null;
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.EMPTY, now);
        }
        pendingSyncMembers.clear();
    }

    /** The leader's member list: each member's id, instance id and metadata for the chosen protocol. */
    List<JoinGroupResult.Member> currentMemberMetadata() {
        List<JoinGroupResult.Member> list = new ArrayList<>();
        for (MemberMetadata m : members.values()) {
            list.add(new JoinGroupResult.Member(m.memberId(), m.groupInstanceId(), m.metadata(protocolName)));
        }
        return list;
    }

    void addPendingSyncMember(String memberId) {
        pendingSyncMembers.add(memberId);
    }

    boolean removePendingSyncMember(String memberId) {
        return pendingSyncMembers.remove(memberId);
    }

    Set<String> pendingSyncMembers() {
        return pendingSyncMembers;
    }

    // ---- the consumer protocol's subscriptions

    /**
     * The topics the members subscribe to, when the group is a consumer group whose subscriptions parse
     * (ConsumerProtocol subscription: int16 version, int32 topic count, int16-length topic names, ...); null when
     * unknown, which makes every topic count as subscribed.
     */
    private Set<String> computeSubscribedTopics() {
        if (!isConsumerGroup() || protocolName == null) {
            return members.isEmpty() && isConsumerGroup() ? Set.of() : null;
        }
        Set<String> topics = new HashSet<>();
        for (MemberMetadata m : members.values()) {
            List<String> subscription = parseSubscriptionTopics(m.metadata(protocolName));
            if (subscription == null) {
                return null;
            }
            topics.addAll(subscription);
        }
        return topics;
    }

    static List<String> parseSubscriptionTopics(byte[] metadata) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(metadata);
            short version = buffer.getShort();
            if (version < 0) {
                return null;
            }
            int count = buffer.getInt();
            if (count < 0 || count > buffer.remaining() / 2) {
                return null;
            }
            List<String> topics = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                short length = buffer.getShort();
                if (length < 0) {
                    return null;
                }
                byte[] bytes = new byte[length];
                buffer.get(bytes);
                topics.add(new String(bytes, StandardCharsets.UTF_8));
            }
            return topics;
        } catch (BufferUnderflowException e) {
            return null;
        }
    }

    boolean isSubscribedToTopic(String topic) {
        return subscribedTopics == null || subscribedTopics.contains(topic);
    }

    // ---- offsets

    public OffsetAndMetadata offset(TopicPartition tp) {
        return offsets.get(tp);
    }

    public Map<TopicPartition, OffsetAndMetadata> allOffsets() {
        return offsets;
    }

    public boolean hasOffsets() {
        return !offsets.isEmpty();
    }

    void putOffset(TopicPartition tp, OffsetAndMetadata offset) {
        offsets.put(tp, offset);
    }

    void removeOffset(TopicPartition tp) {
        offsets.remove(tp);
    }

    /**
     * The offsets past {@code offsets.retention.minutes}: for an Empty group, every offset once the group has been
     * empty that long (counted from the later of the commit and the group becoming empty); for a consumer group
     * with members, the offsets of topics no member subscribes to any more, counted from their commit. An offset
     * committed with an explicit expire timestamp expires then.
     */
    List<TopicPartition> expiredOffsets(long now, long retentionMs) {
        List<TopicPartition> expired = new ArrayList<>();
        boolean empty = is(GroupState.EMPTY);
        boolean activeConsumerGroup = isConsumerGroup() && subscribedTopics != null && !empty;
        if (!empty && !activeConsumerGroup) {
            return expired;
        }
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            OffsetAndMetadata offset = e.getValue();
            if (activeConsumerGroup && subscribedTopics.contains(e.getKey().topic())) {
                continue;
            }
            boolean isExpired;
            if (offset.hasExpireTimestamp()) {
                isExpired = now >= offset.expireTimestamp();
            } else {
                long base = empty && currentStateTimestamp >= 0 ? Math.max(currentStateTimestamp, offset.commitTimestamp()) : offset.commitTimestamp();
                isExpired = now - base >= retentionMs;
            }
            if (isExpired) {
                expired.add(e.getKey());
            }
        }
        return expired;
    }

    // ---- persistence

    /** What {@code __consumer_offsets} keeps of this group, with {@code assignment} as the members' assignments. */
    GroupMetadataCodec.StoredGroup toStored(Map<String, byte[]> assignment) {
        List<GroupMetadataCodec.StoredMember> stored = new ArrayList<>();
        for (MemberMetadata m : members.values()) {
            byte[] subscription = protocolName == null ? new byte[0] : m.metadata(protocolName);
            stored.add(new GroupMetadataCodec.StoredMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), subscription, assignment.getOrDefault(m.memberId(), new byte[0])));
        }
        return new GroupMetadataCodec.StoredGroup(protocolType == null ? "" : protocolType, generationId, protocolName, leaderId,
                currentStateTimestamp, stored);
    }

    /** Rebuilds a group from its stored metadata: Empty without members, else Stable with the stored assignment. */
    static GroupMetadata fromStored(String groupId, GroupMetadataCodec.StoredGroup stored, long now) {
        GroupState state = stored.members().isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
        GroupMetadata group = new GroupMetadata(groupId, state, stored.currentStateTimestamp() >= 0 ? stored.currentStateTimestamp() : now);
        group.protocolType = stored.protocolType() == null || stored.protocolType().isEmpty() ? null : stored.protocolType();
        group.generationId = stored.generation();
        group.protocolName = stored.protocol();
        group.leaderId = stored.leader();
        for (GroupMetadataCodec.StoredMember m : stored.members()) {
            List<MemberMetadata.Protocol> protocols = stored.protocol() == null ? List.of()
                    : List.of(new MemberMetadata.Protocol(stored.protocol(), m.subscription()));
            MemberMetadata member = new MemberMetadata(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), stored.protocolType(), protocols);
            member.setAssignment(m.assignment());
            group.add(member, null);
        }
        if (group.leaderId != null && !group.members.containsKey(group.leaderId)) {
            group.leaderId = group.members.isEmpty() ? null : group.members.keySet().iterator().next();
        }
        group.subscribedTopics = group.computeSubscribedTopics();
        return group;
    }

    // ---- timers owned by the coordinator

    /** A new id for the rebalance being prepared; timers of an earlier rebalance see a different id and do nothing. */
    long nextRebalanceId() {
        return ++rebalanceId;
    }

    long rebalanceId() {
        return rebalanceId;
    }

    /** True while a new group waits out {@code group.initial.rebalance.delay.ms}: its join does not complete early. */
    boolean initialDelayActive() {
        return initialDelayActive;
    }

    void setInitialDelayActive(boolean active) {
        this.initialDelayActive = active;
    }

    boolean newMemberAdded() {
        return newMemberAdded;
    }

    void setNewMemberAdded(boolean added) {
        this.newMemberAdded = added;
    }

    void setRebalanceTimeout(CoordinatorScheduler.Timeout timeout) {
        if (rebalanceTimeout != null) {
            rebalanceTimeout.cancel();
        }
        rebalanceTimeout = timeout;
    }

    void setSyncTimeout(CoordinatorScheduler.Timeout timeout) {
        if (syncTimeout != null) {
            syncTimeout.cancel();
        }
        syncTimeout = timeout;
    }

    @Override
    public String toString() {
        return "GroupMetadata(groupId=" + groupId + ", generation=" + generationId + ", protocolType=" + protocolType
                + ", state=" + state + ", members=" + members.keySet() + ")";
    }
}
