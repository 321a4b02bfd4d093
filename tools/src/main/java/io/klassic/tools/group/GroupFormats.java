package io.klassic.tools.group;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tables of {@code kafka-consumer-groups.sh}, laid out as Apache Kafka 3.9 prints them: each line, header
 * included, starts with a line break, and a final line break ends the table; columns are left-aligned and padded.
 *
 * <pre>
 *
 * GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
 * g               t               0          4               10              6               -               -               -
 * </pre>
 *
 * The GROUP, TOPIC, CONSUMER-ID and HOST columns are at least 15 wide and as wide as their widest value; missing
 * values print as {@code -}.
 *
 * <p>Stateless and thread-safe.
 */
public final class GroupFormats {

    public static final String MISSING = "-";

    private GroupFormats() {
    }

    /** One row of the offsets table; absent values are null. */
    public record OffsetRow(String group, String topic, Integer partition, Long currentOffset, Long logEndOffset,
                            String consumerId, String host, String clientId) {
        Long lag() {
            return currentOffset == null || logEndOffset == null ? null : logEndOffset - currentOffset;
        }
    }

    /**
     * One row of the members table; {@code groupInstanceId} is empty for a dynamic member, {@code assignment} the
     * partition numbers per topic.
     */
    public record MemberRow(String group, String consumerId, String groupInstanceId, String host, String clientId,
                            Map<String, List<Integer>> assignment) {
        int partitions() {
            return assignment.values().stream().mapToInt(List::size).sum();
        }
    }

    public static String offsets(List<OffsetRow> rows) {
        int g = 15, t = 15, c = 15, h = 15;
        for (OffsetRow r : rows) {
            g = Math.max(g, r.group().length());
            t = Math.max(t, orMissing(r.topic()).length());
            c = Math.max(c, orMissing(r.consumerId()).length());
            h = Math.max(h, orMissing(r.host()).length());
        }
        String format = "%n%-" + g + "s %-" + t + "s %-10s %-15s %-15s %-15s %-" + c + "s %-" + h + "s %s";
        StringBuilder out = new StringBuilder(String.format(format, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET",
                "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"));
        for (OffsetRow r : rows) {
            out.append(String.format(format, r.group(), orMissing(r.topic()), orMissing(r.partition()),
                    orMissing(r.currentOffset()), orMissing(r.logEndOffset()), orMissing(r.lag()),
                    orMissing(r.consumerId()), orMissing(r.host()), orMissing(r.clientId())));
        }
        return out.append(System.lineSeparator()).toString();
    }

    /**
     * The members table as Apache Kafka 3.9 prints it: a GROUP-INSTANCE-ID column only when some member is static,
     * and with {@code verbose} an ASSIGNMENT column of each topic's partitions, {@code (0,1,2)}, in string order.
     */
    public static String members(List<MemberRow> rows, boolean verbose) {
        int g = 15, c = 15, i = 17, h = 15, l = 15;
        boolean withInstanceId = false;
        for (MemberRow r : rows) {
            g = Math.max(g, r.group().length());
            c = Math.max(c, r.consumerId().length());
            if (!r.groupInstanceId().isEmpty()) {
                withInstanceId = true;
                i = Math.max(i, r.groupInstanceId().length());
            }
            h = Math.max(h, r.host().length());
            l = Math.max(l, r.clientId().length());
        }
        String format = withInstanceId
                ? "%-" + g + "s %-" + c + "s %-" + i + "s %-" + h + "s %-" + l + "s %-15s "
                : "%-" + g + "s %-" + c + "s %-" + h + "s %-" + l + "s %-15s ";
        StringBuilder out = new StringBuilder(System.lineSeparator());
        out.append(withInstanceId
                ? String.format(format, "GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS")
                : String.format(format, "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"));
        if (verbose) {
            out.append("ASSIGNMENT");
        }
        out.append(System.lineSeparator());
        for (MemberRow r : rows) {
            out.append(withInstanceId
                    ? String.format(format, r.group(), r.consumerId(), r.groupInstanceId(), r.host(), r.clientId(), r.partitions())
                    : String.format(format, r.group(), r.consumerId(), r.host(), r.clientId(), r.partitions()));
            if (verbose) {
                out.append(assignment(r.assignment()));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String assignment(Map<String, List<Integer>> assignment) {
        if (assignment.values().stream().allMatch(List::isEmpty)) {
            return MISSING;
        }
        return assignment.values().stream()
                .map(partitions -> partitions.stream().map(String::valueOf).sorted().collect(Collectors.joining(",", "(", ")")))
                .sorted().collect(Collectors.joining(", "));
    }

    /** {@code coordinator} is {@code host:port  (id)}. */
    public static String state(String group, String coordinator, String assignmentStrategy, String state, int members) {
        int width = Math.max(25, coordinator.length());
        String format = "%n%-" + width + "s %-25s %-20s %-15s %s";
        return String.format(format, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS")
                + String.format(format, group, coordinator, assignmentStrategy, state, members)
                + System.lineSeparator();
    }

    /** One row per partition: group, topic, partition, new offset. */
    public record ResetRow(String group, String topic, int partition, long newOffset) {
    }

    public static String resetOffsets(List<ResetRow> rows) {
        String format = "%n%-30s %-30s %-10s %-15s";
        StringBuilder out = new StringBuilder();
        if (!rows.isEmpty()) {
            out.append(String.format(format, "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        }
        for (ResetRow r : rows) {
            out.append(String.format(format, r.group(), r.topic(), r.partition(), r.newOffset()));
        }
        return out.append(System.lineSeparator()).toString();
    }

    private static String orMissing(Object o) {
        return o == null ? MISSING : o.toString();
    }
}
