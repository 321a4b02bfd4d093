package io.klassic.tools.group;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code kafka-consumer-groups.sh}'s actions through the Admin client: ListGroups, DescribeGroups, OffsetFetch,
 * ListOffsets, OffsetCommit (reset), DeleteGroups. Tables on standard output ({@link GroupFormats}); notes about a
 * group's state ({@code Consumer group 'g' has no active members.}, {@code Error: Consumer group 'g' does not
 * exist.}) on standard error, each after an empty line, as Apache Kafka 3.9 prints them.
 *
 * <p>Not thread-safe; used by the tool's thread.
 */
public final class ConsumerGroupService implements AutoCloseable {

    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Admin admin;
    private final ConsumerGroupCommandOptions opts;
    private final PrintStream out;
    private final PrintStream err;
    private final long timeoutMs;

    public ConsumerGroupService(Admin admin, ConsumerGroupCommandOptions opts, PrintStream out, PrintStream err) {
        this.admin = admin;
        this.opts = opts;
        this.out = out;
        this.err = err;
        this.timeoutMs = opts.timeoutMs();
    }

    public List<String> listGroups() throws Exception {
        return admin.listConsumerGroups().all().get(timeoutMs, TimeUnit.MILLISECONDS).stream()
                .map(ConsumerGroupListing::groupId).sorted().toList();
    }

    private List<String> groupsToActOn() throws Exception {
        return opts.allGroups() ? listGroups() : opts.groups();
    }

    public void describe() throws Exception {
        List<String> groups = groupsToActOn();
        Map<String, ConsumerGroupDescription> descriptions = admin.describeConsumerGroups(groups).all()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        for (String group : groups) {
            ConsumerGroupDescription d = descriptions.get(group);
            GroupState state = d.groupState();
            if (opts.state()) {
                if (printState(group, state)) {
                    Node c = d.coordinator();
                    String coordinator = c == null ? MISSING_COORDINATOR : c.host() + ":" + c.port() + "  (" + c.idString() + ")";
                    out.print(GroupFormats.state(group, coordinator, d.partitionAssignor(), state.toString(),
                            d.members().size()));
                }
            } else if (opts.members()) {
                List<GroupFormats.MemberRow> rows = d.members().stream().map(m -> memberRow(group, m)).toList();
                if (printState(group, state)) {
                    out.print(GroupFormats.members(rows, opts.verbose()));
                }
            } else {
                List<GroupFormats.OffsetRow> rows = offsetRows(group, d);
                if (printState(group, state)) {
                    out.print(GroupFormats.offsets(rows));
                }
            }
        }
    }

    private static final String MISSING_COORDINATOR = "-";

    private static GroupFormats.MemberRow memberRow(String group, MemberDescription m) {
        Map<String, List<Integer>> assignment = new TreeMap<>();
        for (TopicPartition tp : m.assignment().topicPartitions()) {
            assignment.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        return new GroupFormats.MemberRow(group, m.consumerId(), m.groupInstanceId().orElse(""), m.host(), m.clientId(), assignment);
    }

    /** Prints the note about {@code state}; whether the group exists. */
    private boolean printState(String group, GroupState state) {
        switch (state) {
            case DEAD -> err.println(System.lineSeparator() + "Error: Consumer group '" + group + "' does not exist.");
            case EMPTY -> err.println(System.lineSeparator() + "Consumer group '" + group + "' has no active members.");
            case PREPARING_REBALANCE, COMPLETING_REBALANCE, ASSIGNING, RECONCILING ->
                    err.println(System.lineSeparator() + "Warning: Consumer group '" + group + "' is rebalancing.");
            default -> {
            }
        }
        return state != GroupState.DEAD;
    }

    List<GroupFormats.OffsetRow> offsetRows(String group, ConsumerGroupDescription d) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
        Set<TopicPartition> all = new HashSet<>(committed.keySet());
        d.members().forEach(m -> all.addAll(m.assignment().topicPartitions()));
        Map<TopicPartition, Long> logEnd = listOffsets(all, OffsetSpec.latest());
        List<GroupFormats.OffsetRow> rows = new ArrayList<>();
        Set<TopicPartition> assigned = new HashSet<>();
        List<MemberDescription> members = new ArrayList<>(d.members());
        members.sort(Comparator.comparingInt((MemberDescription m) -> -m.assignment().topicPartitions().size())
                .thenComparing(MemberDescription::consumerId));
        for (MemberDescription m : members) {
            List<TopicPartition> tps = m.assignment().topicPartitions().stream().sorted(BY_TOPIC_PARTITION).toList();
            if (tps.isEmpty()) {
                rows.add(new GroupFormats.OffsetRow(group, null, null, null, null, m.consumerId(), m.host(),
                        m.clientId()));
            }
            for (TopicPartition tp : tps) {
                assigned.add(tp);
                OffsetAndMetadata o = committed.get(tp);
                rows.add(new GroupFormats.OffsetRow(group, tp.topic(), tp.partition(), o == null ? null : o.offset(),
                        logEnd.get(tp), m.consumerId(), m.host(), m.clientId()));
            }
        }
        committed.keySet().stream().filter(tp -> !assigned.contains(tp)).sorted(BY_TOPIC_PARTITION).forEach(tp ->
                rows.add(new GroupFormats.OffsetRow(group, tp.topic(), tp.partition(), committed.get(tp).offset(),
                        logEnd.get(tp), null, null, null)));
        return rows;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new TreeMap<>(BY_TOPIC_PARTITION);
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS)
                .forEach((tp, o) -> {
                    if (o != null) {
                        committed.put(tp, o);
                    }
                });
        return committed;
    }

    private Map<TopicPartition, Long> listOffsets(Set<TopicPartition> tps, OffsetSpec spec) throws Exception {
        if (tps.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = tps.stream().collect(Collectors.toMap(tp -> tp, tp -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new TreeMap<>(BY_TOPIC_PARTITION);
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Computes (and with {@code --execute} commits) the new offsets; prints the NEW-OFFSET table. */
    public void resetOffsets() throws Exception {
        List<GroupFormats.ResetRow> rows = new ArrayList<>();
        for (String group : groupsToActOn()) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(timeoutMs, TimeUnit.MILLISECONDS).get(group);
            GroupState state = d.groupState();
            if (state != GroupState.EMPTY && state != GroupState.DEAD) {
                err.println(System.lineSeparator() + "Error: Assignments can only be reset if the group '" + group
                        + "' is inactive, but the current state is " + state + ".");
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
            Set<TopicPartition> partitions = partitionsToReset(committed);
            Map<TopicPartition, Long> earliest = listOffsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = listOffsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> target = new LinkedHashMap<>();
            for (TopicPartition tp : partitions.stream().sorted(BY_TOPIC_PARTITION).toList()) {
                long wanted;
                if (opts.toEarliest()) {
                    wanted = earliest.get(tp);
                } else if (opts.toLatest()) {
                    wanted = latest.get(tp);
                } else if (opts.toOffset().isPresent()) {
                    wanted = opts.toOffset().get();
                } else {
                    OffsetAndMetadata current = committed.get(tp);
                    if (current == null) {
                        throw new IllegalStateException("Expected a valid current offset for topic partition: " + tp);
                    }
                    wanted = current.offset() + opts.shiftBy().orElse(0L);
                }
                long clamped = clamp(wanted, earliest.get(tp), latest.get(tp), tp);
                target.put(tp, new OffsetAndMetadata(clamped));
                rows.add(new GroupFormats.ResetRow(group, tp.topic(), tp.partition(), clamped));
            }
            if (opts.execute()) {
                admin.alterConsumerGroupOffsets(group, target).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
        out.print(GroupFormats.resetOffsets(rows));
    }

    private long clamp(long wanted, long earliest, long latest, TopicPartition tp) {
        if (wanted < earliest) {
            out.println("New offset (" + wanted + ") is lower than earliest offset for topic partition " + tp
                    + ". Value will be set to " + earliest);
            return earliest;
        }
        if (wanted > latest) {
            out.println("New offset (" + wanted + ") is higher than latest offset for topic partition " + tp
                    + ". Value will be set to " + latest);
            return latest;
        }
        return wanted;
    }

    private Set<TopicPartition> partitionsToReset(Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
        if (opts.allTopics()) {
            return committed.keySet();
        }
        Set<TopicPartition> partitions = new HashSet<>();
        List<String> wholeTopics = new ArrayList<>();
        for (String spec : opts.topics()) {
            int colon = spec.indexOf(':');
            if (colon < 0) {
                wholeTopics.add(spec);
                continue;
            }
            String topic = spec.substring(0, colon);
            for (String p : spec.substring(colon + 1).split(",")) {
                try {
                    partitions.add(new TopicPartition(topic, Integer.parseInt(p.trim())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid partition '" + p + "' in --topic " + spec);
                }
            }
        }
        if (!wholeTopics.isEmpty()) {
            Map<String, TopicDescription> described = admin.describeTopics(wholeTopics).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            described.values().forEach(t -> t.partitions().forEach(p ->
                    partitions.add(new TopicPartition(t.name(), p.partition()))));
        }
        return partitions;
    }

    public void deleteGroups() throws Exception {
        List<String> groups = groupsToActOn();
        Map<String, Throwable> failed = new TreeMap<>();
        List<String> deleted = new ArrayList<>();
        var futures = admin.deleteConsumerGroups(groups).deletedGroups();
        for (String group : groups) {
            try {
                futures.get(group).get(timeoutMs, TimeUnit.MILLISECONDS);
                deleted.add(group);
            } catch (java.util.concurrent.ExecutionException e) {
                failed.put(group, e.getCause());
            }
        }
        if (failed.isEmpty()) {
            out.println("Deletion of requested consumer groups (" + quoted(deleted) + ") was successful.");
        } else {
            err.println("Deletion of some consumer groups failed:");
            failed.forEach((g, e) -> err.println("* Group '" + g + "' could not be deleted due to: " + e));
            if (!deleted.isEmpty()) {
                out.println(System.lineSeparator() + "These consumer groups were deleted successfully: "
                        + quoted(deleted));
            }
        }
    }

    private static String quoted(List<String> groups) {
        return groups.stream().map(g -> "'" + g + "'").collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        admin.close();
    }
}
