package io.klassic.tools.consumer;

import io.klassic.tools.ConsoleConsumer;
import io.klassic.tools.ToolRun;
import io.klassic.tools.cli.OptionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleConsumerTest {

    private static final String NL = System.lineSeparator();
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<Properties> consumerProps = new ArrayList<>();

    private ToolRun run(String... args) throws Exception {
        ToolRun.Streams s = new ToolRun.Streams("");
        return s.result(ConsoleConsumer.run(s.io(), args, props -> {
            consumerProps.add(props);
            return consumer;
        }, false));
    }

    private static ConsumerRecord<byte[], byte[]> rec(TopicPartition tp, long offset, String key, String value) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private void topicWithTwoPartitions() {
        consumer.updatePartitions("t", List.of(new PartitionInfo("t", 0, null, null, null),
                new PartitionInfo("t", 1, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(T0, 0L, T1, 0L));
        consumer.updateEndOffsets(Map.of(T0, 1L, T1, 1L));
    }

    @Test
    void withoutGroupAssignsEveryPartitionOfTheTopicAndStopsAtMaxMessages() throws Exception {
        topicWithTwoPartitions();
        consumer.schedulePollTask(() -> {
            consumer.addRecord(rec(T0, 0, "k1", "v1"));
            consumer.addRecord(rec(T1, 0, null, "v2"));
        });
        ToolRun run = run("--bootstrap-server", "h:1", "--topic", "t", "--from-beginning", "--max-messages", "2",
                "--property", "print.partition=true", "--property", "print.key=true");
        assertEquals(0, run.exitCode());
        assertEquals(Set.of("Partition:0\tk1\tv1", "Partition:1\tnull\tv2"), Set.of(run.out().split("\n")));
        assertEquals("Processed a total of 2 messages" + NL, run.err());
        assertEquals(Set.of(T0, T1), consumer.assignment());
        assertTrue(consumer.closed());
        Properties props = consumerProps.get(0);
        assertNull(props.get("group.id"));
        assertEquals("earliest", props.get("auto.offset.reset"));
        assertEquals("console-consumer", props.get("client.id"));
        assertEquals("read_uncommitted", props.get("isolation.level"));
        assertEquals("h:1", props.get("bootstrap.servers"));
    }

    @Test
    void stopsWhenNothingArrivesWithinTheTimeout() throws Exception {
        topicWithTwoPartitions();
        ToolRun run = run("--bootstrap-server", "h:1", "--topic", "t", "--timeout-ms", "100");
        assertEquals(new ToolRun(0, "", "Processed a total of 0 messages" + NL), run);
        assertEquals("latest", consumerProps.get(0).get("auto.offset.reset"));
        assertTrue(consumer.closed());
    }

    @Test
    void waitsForATopicThatHasNoPartitionsYet() throws Exception {
        ToolRun run = run("--bootstrap-server", "h:1", "--topic", "t", "--timeout-ms", "100");
        assertEquals(new ToolRun(0, "", "Processed a total of 0 messages" + NL), run);
        assertTrue(consumer.assignment().isEmpty());
    }

    @Test
    void aPartitionIsAssignedAloneAndPositionedAtTheOffset() throws Exception {
        topicWithTwoPartitions();
        consumer.schedulePollTask(() -> {
            consumer.addRecord(rec(T1, 4, null, "skipped"));
            consumer.addRecord(rec(T1, 5, null, "five"));
        });
        ToolRun run = run("--bootstrap-server", "h:1", "--topic", "t", "--partition", "1", "--offset", "5",
                "--max-messages", "1", "--property", "print.offset=true");
        assertEquals(new ToolRun(0, "Offset:5\tfive\n", "Processed a total of 1 messages" + NL), run);
        assertEquals(Set.of(T1), consumer.assignment());
    }

    @Test
    void aGroupSubscribes() throws Exception {
        topicWithTwoPartitions();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(T0));
            consumer.addRecord(rec(T0, 0, null, "x"));
        });
        ToolRun run = run("--bootstrap-server", "h:1", "--topic", "t", "--group", "g", "--max-messages", "1");
        assertEquals(new ToolRun(0, "x\n", "Processed a total of 1 messages" + NL), run);
        assertEquals(Set.of("t"), consumer.subscription());
        assertEquals("g", consumerProps.get(0).get("group.id"));
    }

    @Test
    void consumerFailuresAreReportedAfterTheCount() throws Exception {
        ToolRun badMax = run("--bootstrap-server", "h:1", "--topic", "t", "--max-messages", "x");
        assertEquals(new ToolRun(1, "", "Processed a total of 0 messages" + NL), badMax);
        assertThrows(OptionException.class, () -> run("--bootstrap-server", "h:1", "--topic", "t", "--partition", "x"),
                "as in Kafka, a bad --partition escapes the tool (Exception in thread \"main\")");
    }

    @Test
    void wakeupEndsAWaitingReceive() throws Exception {
        topicWithTwoPartitions();
        ToolRun.Streams s = new ToolRun.Streams("");
        ConsoleConsumerOptions opts = new ConsoleConsumerOptions().parse(s.io(), "--bootstrap-server", "h:1", "--topic", "t");
        ConsumerWrapper wrapper = new ConsumerWrapper(opts, consumer, -1);
        wrapper.wakeup();
        assertThrows(WakeupException.class, wrapper::receive);
        wrapper.close();
        assertTrue(consumer.closed());
    }

    private ToolRun usage(String... args) throws Exception {
        ToolRun run = run(args);
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(consumerProps.isEmpty(), "no consumer is made for a bad command line");
        return run;
    }

    private void assertUsage(String message, String... args) throws Exception {
        ToolRun run = usage(args);
        assertTrue(run.err().startsWith(message + NL + "Option "), run.err());
    }

    @Test
    void badCommandLinesPrintTheProblemAndTheHelpScreen() throws Exception {
        assertUsage("This tool helps to read data from Kafka topics and outputs it to standard output.");
        assertUsage("Missing required argument \"[bootstrap-server]\"", "--topic", "t");
        assertUsage("Exactly one of --include/--topic is required. ", "--bootstrap-server", "h:1");
        assertUsage("Exactly one of --include/--topic is required. ", "--bootstrap-server", "h:1", "--topic", "t",
                "--include", "t.*");
        assertUsage("The partition is required when offset is specified.", "--bootstrap-server", "h:1", "--topic", "t",
                "--offset", "3");
        assertUsage("The topic is required when partition is specified.", "--bootstrap-server", "h:1", "--include", "t",
                "--partition", "0");
        assertUsage("Options from-beginning and offset cannot be specified together.", "--bootstrap-server", "h:1",
                "--topic", "t", "--partition", "0", "--offset", "3", "--from-beginning");
        assertUsage("The provided offset value 'foo' is incorrect. Valid values are 'earliest', 'latest', or a "
                + "non-negative long.", "--bootstrap-server", "h:1", "--topic", "t", "--partition", "0", "--offset", "foo");
        assertUsage("The provided offset value '-1' is incorrect. Valid values are 'earliest', 'latest', or a "
                + "non-negative long.", "--bootstrap-server", "h:1", "--topic", "t", "--partition", "0", "--offset", "-1");
        assertUsage("The group ids provided in different places (directly using '--group', via '--consumer-property', "
                + "or via '--consumer.config') do not match. Detected group ids: 'g', 'h'", "--bootstrap-server", "h:1",
                "--topic", "t", "--group", "g", "--consumer-property", "group.id=h");
        assertUsage("Options group and partition cannot be specified together.", "--bootstrap-server", "h:1",
                "--topic", "t", "--group", "g", "--partition", "0");
        assertUsage("foo is not a recognized option", "--bootstrap-server", "h:1", "--topic", "t", "--foo");
        assertUsage("Option topic requires an argument", "--bootstrap-server", "h:1", "--topic");
    }

    @Test
    void fromBeginningConflictsWithAnotherOffsetReset() throws Exception {
        ToolRun run = usage("--bootstrap-server", "h:1", "--topic", "t", "--from-beginning", "--consumer-property",
                "auto.offset.reset=latest");
        assertEquals("Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one "
                + "option" + NL, run.err());
    }

    @Test
    void consumerConfigFileAndPropertiesMakeTheConsumerProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("consumer.properties");
        Files.writeString(file, "group.id=g\nclient.id=mine\nisolation.level=read_committed\n");
        ToolRun.Streams s = new ToolRun.Streams("");
        ConsoleConsumerOptions opts = new ConsoleConsumerOptions().parse(s.io(), "--bootstrap-server", "h:1",
                "--include", "t.*", "--consumer.config", file.toString(), "--consumer-property", "max.poll.records=5");
        Properties p = opts.consumerProps();
        assertEquals("g", p.get("group.id"));
        assertEquals("mine", p.get("client.id"));
        assertEquals("read_committed", p.get("isolation.level"), "a property wins over the option's default");
        assertEquals("5", p.get("max.poll.records"));
        assertEquals("latest", p.get("auto.offset.reset"));
        assertFalse(opts.fromBeginning());
        assertEquals(-1, opts.maxMessages());
        assertEquals("read_committed", new ConsoleConsumerOptions().parse(s.io(), "--bootstrap-server", "h:1",
                "--topic", "t", "--isolation-level", "read_committed").consumerProps().get("isolation.level"));
    }
}
