package io.klassic.tools.group;

import io.klassic.tools.ConsumerGroupCommand;
import io.klassic.tools.ToolRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kafka-consumer-groups.sh: command line checks, exit codes and Kafka's table layouts. */
class ConsumerGroupCommandTest {

    private static final String NL = System.lineSeparator();
    private static final String B = "--bootstrap-server";

    private static ToolRun groups(String... args) {
        ToolRun.Streams s = new ToolRun.Streams("");
        return s.result(ConsumerGroupCommand.mainNoExit(s.io(), args));
    }

    private static void assertUsage(ToolRun run, String message) {
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith(message + NL + "Option "), run.err());
        assertTrue(run.err().contains("--reset-offsets"), run.err());
    }

    @Test
    void usageProblemsPrintTheHelpScreenAndExitWithOne() {
        assertUsage(groups(), "List all consumer groups, describe a consumer group, delete consumer group info, "
                + "or reset consumer group offsets.");
        assertUsage(groups(B, "localhost:1"),
                "Command must include exactly one action: --list, --describe, --delete, --reset-offsets");
        assertUsage(groups("--list"), "Missing required argument \"[bootstrap-server]\"");
        assertUsage(groups(B, "localhost:1", "--describe"),
                "Option [describe] takes exactly one of these options: [all-groups], [group]");
        assertUsage(groups(B, "localhost:1", "--describe", "--group", "g", "--members", "--state"),
                "Option [describe] takes at most one of these options: [members], [offsets], [state]");
        assertUsage(groups(B, "localhost:1", "--reset-offsets", "--group", "g", "--topic", "t"),
                "Option [reset-offsets] takes exactly one of these options: [to-earliest], [to-latest], [to-offset], "
                        + "[to-current], [shift-by]");
        assertUsage(groups(B, "localhost:1", "--reset-offsets", "--group", "g", "--to-earliest"),
                "Option [reset-offsets] takes one of these options: [all-topics], [topic]");
        assertUsage(groups(B, "localhost:1", "--delete", "--group", "g", "--topic", "t"),
                "Option \"[delete]\" can't be used with option \"[topic]\"");
        assertUsage(groups(B, "localhost:1", "--list", "--to-earliest"),
                "Option \"[to-earliest]\" can't be used with option \"[list]\"");
    }

    @Test
    void resetWithoutExecuteWarnsThatNothingWillChange() {
        ToolRun.Streams s = new ToolRun.Streams("");
        ConsumerGroupCommandOptions opts = new ConsumerGroupCommandOptions().parse(s.io(), B, "localhost:1",
                "--reset-offsets", "--group", "g", "--topic", "t", "--to-earliest");
        ToolRun run = s.result(0);
        assertEquals(ConsumerGroupCommandOptions.NO_EXECUTE_WARNING + NL, run.err());
        assertTrue(!opts.execute() && opts.toEarliest() && opts.topics().equals(List.of("t")));
    }

    @Test
    void unknownOptionsPrintTheParserError() {
        ToolRun run = groups("--foo");
        assertEquals(1, run.exitCode());
        assertEquals("foo is not a recognized option" + NL, run.err());
    }

    @Test
    void offsetsTableHasKafkasColumnsAndDashesForMissingValues() {
        String table = GroupFormats.offsets(List.of(
                new GroupFormats.OffsetRow("g", "t", 0, 4L, 10L, "consumer-1-abc", "/127.0.0.1", "consumer-1"),
                new GroupFormats.OffsetRow("g", "t", 1, null, 3L, null, null, null)));
        assertEquals(NL
                + "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID" + NL
                + "g               t               0          4               10              6               consumer-1-abc  /127.0.0.1      consumer-1" + NL
                + "g               t               1          -               3               -               -               -               -" + NL,
                table);
    }

    @Test
    void columnsWidenForLongValues() {
        String table = GroupFormats.offsets(List.of(
                new GroupFormats.OffsetRow("a-rather-long-group", "t", 0, 1L, 1L, null, null, null)));
        assertTrue(table.contains(NL + "GROUP               TOPIC "), table);
        assertTrue(table.contains(NL + "a-rather-long-group t "), table);
    }

    @Test
    void membersStateAndResetTables() {
        assertEquals(NL
                + "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     " + NL
                + "g               c-1             /127.0.0.1      c               2               " + NL,
                GroupFormats.members(List.of(new GroupFormats.MemberRow("g", "c-1", "", "/127.0.0.1", "c",
                        Map.of("t", List.of(0, 1)))), false));
        // --verbose: each topic's partitions in string order (10 before 2), as Apache Kafka 3.9 prints them; a static
        // member adds the GROUP-INSTANCE-ID column
        assertEquals(NL
                + "GROUP           CONSUMER-ID     GROUP-INSTANCE-ID HOST            CLIENT-ID       #PARTITIONS     ASSIGNMENT" + NL
                + "g               c-1             static-1          /127.0.0.1      c               4               (0,10,2), (5)" + NL
                + "g               c-2                               /127.0.0.1      c               0               -" + NL,
                GroupFormats.members(List.of(
                        new GroupFormats.MemberRow("g", "c-1", "static-1", "/127.0.0.1", "c",
                                new java.util.TreeMap<>(Map.of("t", List.of(2, 10, 0), "u", List.of(5)))),
                        new GroupFormats.MemberRow("g", "c-2", "", "/127.0.0.1", "c", Map.of())), true));
        assertEquals(NL
                + "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     " + NL,
                GroupFormats.members(List.of(), false), "no members: the header alone");
        assertEquals(NL
                + "GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS" + NL
                + "g                         127.0.0.1:9092  (0)       range                Stable          1" + NL,
                GroupFormats.state("g", "127.0.0.1:9092  (0)", "range", "Stable", 1));
        assertEquals(NL
                + "GROUP                          TOPIC                          PARTITION  NEW-OFFSET     " + NL
                + "g                              t                              0          5              " + NL,
                GroupFormats.resetOffsets(List.of(new GroupFormats.ResetRow("g", "t", 0, 5))));
        assertEquals(NL, GroupFormats.resetOffsets(List.of()));
    }
}
