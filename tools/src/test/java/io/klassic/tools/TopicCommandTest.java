package io.klassic.tools;

import io.klassic.tools.cli.ToolVersion;
import org.junit.jupiter.api.Test;

import static io.klassic.tools.ToolRun.topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line of kafka-topics.sh: usage, errors and exit codes, without any broker. */
class TopicCommandTest {

    private static final String B = "--bootstrap-server";
    /** Nothing listens there; the cases below fail before any request is sent. */
    private static final String NOWHERE = "localhost:1";
    private static final String NL = System.lineSeparator();

    private static void assertUsage(ToolRun run, String message) {
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(message + NL + "Option "), run.err());
        assertTrue(run.err().contains(NL + "--zookeeper <String: hosts> "), run.err());
    }

    private static void assertParseError(ToolRun run, String message) {
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith(message + NL), run.err());
        assertTrue(run.err().contains("Exception: " + message), run.err());
        assertTrue(run.err().contains("\tat io.klassic.tools."), run.err());
    }

    private static void assertCommandError(ToolRun run, String message) {
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("Error while executing topic command : " + message + NL, run.out());
    }

    @Test
    void noArgumentsOrHelpPrintTheHelpScreenAndExitWithOne() {
        assertUsage(topics(), "Create, delete, describe, or change a topic.");
        assertUsage(topics("--help"), "This tool helps to create, delete, describe, or change a topic.");
    }

    @Test
    void versionPrintsTheVersionAndExitsWithZero() {
        ToolRun run = topics("--version");
        assertEquals(0, run.exitCode());
        assertEquals(ToolVersion.version() + NL, run.out());
        assertNotEquals("unknown", ToolVersion.version());
    }

    @Test
    void unparsableCommandLinesPrintTheErrorAndItsStackTrace() {
        assertParseError(topics("--foo"), "foo is not a recognized option");
        assertParseError(topics(B), "Option bootstrap-server requires an argument");
        assertParseError(topics("--list"), "--bootstrap-server must be specified");
        assertParseError(topics(B, NOWHERE, "--zookeeper", "localhost:2181", "--list"),
                "Only one of --bootstrap-server or --zookeeper must be specified");
    }

    @Test
    void exactlyOneActionIsRequired() {
        String message = "Command must include exactly one action: --list, --describe, --create, --alter or --delete";
        assertUsage(topics(B, NOWHERE), message);
        assertUsage(topics(B, NOWHERE, "--list", "--create", "--topic", "t"), message);
    }

    @Test
    void missingArgumentsAreReportedWithTheHelpScreen() {
        assertUsage(topics(B, NOWHERE, "--create"), "Missing required argument \"[topic]\"");
        assertUsage(topics(B, NOWHERE, "--delete"), "Missing required argument \"[topic]\"");
        assertUsage(topics(B, NOWHERE, "--alter", "--topic", "t"), "Missing required argument \"[partitions]\"");
        assertUsage(topics("--zookeeper", "localhost:2181", "--create", "--topic", "t"),
                "Missing required argument \"[partitions]\"");
        assertUsage(topics("--zookeeper", "localhost:2181", "--create", "--topic", "t", "--partitions", "1"),
                "Missing required argument \"[replication-factor]\"");
        assertUsage(topics(B, NOWHERE, "--describe", "--if-exists"), "--topic or --topic-id is required to describe a topic");
    }

    @Test
    void optionsThatDoNotGoWithTheActionAreRejected() {
        assertUsage(topics(B, NOWHERE, "--describe", "--partitions", "3"),
                "Option \"[partitions]\" can't be used with option \"[describe]\"");
        assertUsage(topics(B, NOWHERE, "--create", "--topic", "t", "--replica-assignment", "0", "--partitions", "2"),
                "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"");
        assertUsage(topics(B, NOWHERE, "--describe", "--topic", "t", "--if-not-exists"),
                "Option \"[if-not-exists]\" can't be used with option \"[describe]\"");
        assertUsage(topics(B, NOWHERE, "--create", "--topic", "t", "--exclude-internal"),
                "Option \"[exclude-internal]\" can't be used with option \"[create]\"");
        assertUsage(topics(B, NOWHERE, "--describe", "--under-replicated-partitions", "--topics-with-overrides"),
                "Option \"[under-replicated-partitions]\" can't be used with option \"[topics-with-overrides]\"");
        assertUsage(topics(B, NOWHERE, "--alter", "--topic", "t", "--partitions", "2", "--delete-config", "x"),
                "Option \"[delete-config]\" can't be used with option \"[bootstrap-server]\"");
        assertUsage(topics(B, NOWHERE, "--alter", "--topic", "t", "--partitions", "2", "--config", "a=b"),
                "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (the "
                        + "kafka-configs CLI supports altering topic configs with a --bootstrap-server option)");
        assertUsage(topics("--zookeeper", "localhost:2181", "--list", "--topic-id", "abc"),
                "Option \"[topic-id]\" can't be used with option \"[zookeeper]\"");
    }

    @Test
    void badValuesFailTheCommandBeforeAnyRequest() {
        assertCommandError(topics(B, NOWHERE, "--create", "--topic", "t", "--partitions", "0"),
                "The partitions must be greater than 0");
        assertCommandError(topics(B, NOWHERE, "--create", "--topic", "t", "--replication-factor", "0"),
                "The replication factor must be between 1 and 32767 inclusive");
        assertCommandError(topics(B, NOWHERE, "--create", "--topic", "t", "--replication-factor", "40000"),
                "The replication factor must be between 1 and 32767 inclusive");
        assertCommandError(topics(B, NOWHERE, "--create", "--topic", "t", "--partitions", "x"),
                "Cannot parse argument 'x' of option partitions");
        assertCommandError(topics(B, NOWHERE, "--create", "--topic", "t", "--config", "foo"),
                "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".");
        assertCommandError(topics(B, NOWHERE, "--create", "--topic", "t", "--replica-assignment", "0:0"),
                "Partition replica lists may not contain duplicate entries: 0");
    }
}
