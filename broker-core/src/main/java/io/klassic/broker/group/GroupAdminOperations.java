package io.klassic.broker.group;

import io.klassic.log.TopicPartition;
import io.klassic.protocol.Errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group coordinator's read and admin side: OffsetFetch, ListGroups, DescribeGroups, DeleteGroups and
 * OffsetDelete, with Kafka's answers (-1 and "" for a partition without a committed offset, a Dead summary for an
 * unknown group, NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND, GROUP_SUBSCRIBED_TO_TOPIC). Deletions write tombstones to
 * {@code __consumer_offsets}. Thread-safe: groups are read and changed under their own monitor.
 */
public final class GroupAdminOperations {
    /** A committed offset, or null when the partition has none, per requested partition. */
    public record OffsetFetchResult(Errors error, Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    /** One group of a ListGroups answer. */
    public record GroupOverview(String groupId, String protocolType, String state) {
    }

    public record ListGroupsResult(Errors error, List<GroupOverview> groups) {
    }

    /** One member of a DescribeGroups answer (metadata and assignment are empty unless the group is Stable). */
    public record MemberSummary(String memberId, String groupInstanceId, String clientId, String clientHost, byte[] metadata, byte[] assignment) {
    }

    /** A DescribeGroups answer for one group. */
    public record GroupSummary(Errors error, String state, String protocolType, String protocol, List<MemberSummary> members) {
        static GroupSummary dead(Errors error) {
            return new GroupSummary(error, GroupState.DEAD.displayName(), "", "", List.of());
        }
    }

    /** An OffsetDelete answer: a group-level error, else one error per partition. */
    public record OffsetDeleteResult(Errors error, Map<TopicPartition, Errors> partitionErrors) {
    }

    private final GroupMetadataManager manager;
    private final CoordinatorScheduler scheduler;

    GroupAdminOperations(GroupMetadataManager manager, CoordinatorScheduler scheduler) {
        this.manager = manager;
        this.scheduler = scheduler;
    }

    /** The committed offsets of {@code partitions}, or of every partition with one when {@code partitions} is null. */
    public OffsetFetchResult fetchOffsets(String groupId, List<TopicPartition> partitions) {
        Errors error = manager.validateGroupStatus(groupId, true);
        if (error != null) {
            return new OffsetFetchResult(error, Map.of());
        }
        Map<TopicPartition, OffsetAndMetadata> result = new LinkedHashMap<>();
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            if (partitions != null) {
                partitions.forEach(tp -> result.put(tp, null));
            }
            return new OffsetFetchResult(Errors.NONE, result);
        }
        synchronized (group) {
            if (partitions == null) {
                if (!group.is(GroupState.DEAD)) {
                    result.putAll(group.allOffsets());
                }
            } else {
                for (TopicPartition tp : partitions) {
                    result.put(tp, group.is(GroupState.DEAD) ? null : group.offset(tp));
                }
            }
        }
        return new OffsetFetchResult(Errors.NONE, result);
    }

    /** The groups this broker coordinates, optionally only those in {@code states} (display names, case-insensitive). */
    public ListGroupsResult listGroups(Collection<String> states) {
        if (!manager.isActive()) {
            return new ListGroupsResult(Errors.COORDINATOR_NOT_AVAILABLE, List.of());
        }
        // An unknown state name matches no group; an empty filter matches every group.
        boolean filtered = states != null && !states.isEmpty();
        List<GroupState> wanted = new ArrayList<>();
        if (filtered) {
            for (String name : states) {
                GroupState state = GroupState.parse(name);
                if (state != null) {
                    wanted.add(state);
                }
            }
        }
        Errors error = manager.isLoading() ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NONE;
        List<GroupOverview> groups = new ArrayList<>();
        for (GroupMetadata group : manager.currentGroups()) {
            if (!manager.isGroupLocal(group.groupId())) {
                continue;
            }
            synchronized (group) {
                if (group.is(GroupState.DEAD) || (filtered && !wanted.contains(group.state()))) {
                    continue;
                }
                groups.add(new GroupOverview(group.groupId(), group.protocolType() == null ? "" : group.protocolType(),
                        group.state().displayName()));
            }
        }
        groups.sort((a, b) -> a.groupId().compareTo(b.groupId()));
        return new ListGroupsResult(error, groups);
    }

    public GroupSummary describeGroup(String groupId) {
        Errors error = manager.validateGroupStatus(groupId, true);
        if (error != null) {
            return GroupSummary.dead(error);
        }
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            return GroupSummary.dead(Errors.NONE);
        }
        synchronized (group) {
            boolean stable = group.is(GroupState.STABLE);
            List<MemberSummary> members = new ArrayList<>();
            for (MemberMetadata m : group.allMembers()) {
                byte[] metadata = stable ? m.metadata(group.protocolName()) : new byte[0];
                byte[] assignment = stable ? m.assignment() : new byte[0];
                members.add(new MemberSummary(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(), metadata, assignment));
            }
            return new GroupSummary(Errors.NONE, group.state().displayName(), group.protocolType() == null ? "" : group.protocolType(),
                    stable ? group.protocolName() : "", members);
        }
    }

    /** Deletes Empty groups with their offsets; NON_EMPTY_GROUP for groups with members, GROUP_ID_NOT_FOUND for unknown ones. */
    public Map<String, Errors> deleteGroups(Collection<String> groupIds) {
        Map<String, Errors> result = new LinkedHashMap<>();
        List<GroupMetadata> eligible = new ArrayList<>();
        for (String groupId : groupIds) {
            Errors error = manager.validateGroupStatus(groupId, true);
            if (error != null) {
                result.put(groupId, error);
                continue;
            }
            GroupMetadata group = manager.group(groupId);
            if (group == null) {
                result.put(groupId, Errors.GROUP_ID_NOT_FOUND);
                continue;
            }
            synchronized (group) {
                switch (group.state()) {
                    case DEAD -> result.put(groupId, Errors.GROUP_ID_NOT_FOUND);
                    case EMPTY -> {
                        group.transitionTo(GroupState.DEAD, scheduler.milliseconds());
                        eligible.add(group);
                        result.put(groupId, Errors.NONE);
                    }
                    default -> result.put(groupId, Errors.NON_EMPTY_GROUP);
                }
            }
        }
        if (!eligible.isEmpty()) {
            manager.cleanupGroupMetadata(eligible, g -> new ArrayList<>(g.allOffsets().keySet()));
        }
        return result;
    }

    /**
     * Deletes committed offsets of a group: any of an Empty group; of a consumer group with members, only those of
     * topics no member subscribes to (the others get GROUP_SUBSCRIBED_TO_TOPIC); NON_EMPTY_GROUP for other groups
     * with members.
     */
    public OffsetDeleteResult deleteOffsets(String groupId, List<TopicPartition> partitions) {
        Errors error = manager.validateGroupStatus(groupId, false);
        if (error != null) {
            return new OffsetDeleteResult(error, Map.of());
        }
        GroupMetadata group = manager.group(groupId);
        if (group == null) {
            return new OffsetDeleteResult(Errors.GROUP_ID_NOT_FOUND, Map.of());
        }
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        List<TopicPartition> eligible = new ArrayList<>();
        synchronized (group) {
            switch (group.state()) {
                case DEAD -> {
                    return new OffsetDeleteResult(Errors.GROUP_ID_NOT_FOUND, Map.of());
                }
                case EMPTY -> eligible.addAll(partitions);
                default -> {
                    if (!group.isConsumerGroup()) {
                        return new OffsetDeleteResult(Errors.NON_EMPTY_GROUP, Map.of());
                    }
                    for (TopicPartition tp : partitions) {
                        if (group.isSubscribedToTopic(tp.topic())) {
                            errors.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                        } else {
                            eligible.add(tp);
                        }
                    }
                }
            }
        }
        for (TopicPartition tp : eligible) {
            errors.put(tp, Errors.NONE);
        }
        Set<TopicPartition> toDelete = Set.copyOf(eligible);
        manager.cleanupGroupMetadata(List.of(group), g -> toDelete);
        Map<TopicPartition, Errors> ordered = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            ordered.put(tp, errors.get(tp));
        }
        return new OffsetDeleteResult(Errors.NONE, ordered);
    }
}
