package io.klassic.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our command-line tools ({@code bin/}) against a real 3-broker cluster, each side by side with Apache Kafka 3.9.1's
 * own tool of the same name pointed at the same cluster (see {@link ApacheKafka}): the same flags must give the same
 * output and exit code. Where Apache's tool prints rows in hash order (consumer-group tables) the rows are compared as
 * sets; everything else is compared line for line.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ToolsIT {
    private static final int BROKERS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;
    private static String bootstrap;

    @BeforeAll
    static void startCluster() {
        ApacheKafka.lib();
        cluster = ClusterHarness.builder().brokers(BROKERS)
                .zookeeperConfig("tickTime", "500")
                .brokerConfig("zookeeper.session.timeout.ms", "6000")
                .brokerConfig("replica.lag.time.max.ms", "4000")
                .brokerConfig("offsets.topic.replication.factor", "3")
                .brokerConfig("group.initial.rebalance.delay.ms", "0")
                .start();
        bootstrap = cluster.bootstrapServers();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void restartStoppedBrokers() {
        cluster.restartStoppedBrokers();
    }

    // ------------------------------------------------------------------------------------------------ kafka-topics

    @Test
    void kafkaTopicsCreatesListsDescribesAltersAndDeletesAsApacheKafkasDoes() {
        String ours = Clients.uniqueTopic("topics-ours");
        String theirs = Clients.uniqueTopic("topics-apache");
        ExternalCommand.Result created = succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create",
                "--topic", ours, "--partitions", "3", "--replication-factor", "3", "--config", "retention.ms=3600000"));
        assertEquals("Created topic " + ours + ".", created.stdout().strip(), created::describe);
        ExternalCommand.Result createdByApache = succeed(apache(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create",
                "--topic", theirs, "--partitions", "3", "--replication-factor", "3", "--config", "retention.ms=3600000"));
        assertEquals("Created topic " + theirs + ".", createdByApache.stdout().strip(), createdByApache::describe);

        // an existing topic: an error and exit code 1 from both, silence and 0 with --if-not-exists
        ExternalCommand.Result again = klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create", "--topic", theirs);
        ExternalCommand.Result againApache = apache(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create", "--topic", ours);
        assertEquals(againApache.exitCode(), again.exitCode(), again.describe() + "\n" + againApache.describe());
        assertNotEquals(0, again.exitCode(), again::describe);
        assertTrue(again.stdout().contains("Topic '" + theirs + "' already exists."), again::describe);
        assertEquals("", succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create", "--if-not-exists",
                "--topic", theirs)).stdout().strip());

        awaitSameOutput(new String[]{"kafka-topics.sh", "--bootstrap-server", bootstrap, "--describe", "--topic", ours + "," + theirs},
                out -> out.lines().filter(l -> l.contains("Isr: ")).count() == 6
                        && out.lines().filter(l -> l.contains("Isr: ")).allMatch(l -> l.matches(".*Isr: \\d+,\\d+,\\d+\t.*")));
        assertSameLines(succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--list")),
                succeed(apache(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--list")));

        // --alter --partitions by each tool on the other's topic, then both describe the same
        succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--alter", "--topic", theirs, "--partitions", "4"));
        succeed(apache(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--alter", "--topic", ours, "--partitions", "5"));
        String describedAfterAlter = awaitSameOutput(
                new String[]{"kafka-topics.sh", "--bootstrap-server", bootstrap, "--describe", "--topic", ours + "," + theirs},
                out -> out.contains(ours + "\tPartitionCount: 5") && out.contains(theirs + "\tPartitionCount: 4")
                        && out.lines().filter(l -> l.contains("Isr: ")).count() == 9);

        // --zookeeper reads the same assignment straight from ZooKeeper
        ExternalCommand.Result viaZk = succeed(klassic(null, "kafka-topics.sh", "--zookeeper", cluster.zkConnect(), "--describe",
                "--topic", ours));
        assertEquals(partitionLines(describedAfterAlter, ours), partitionLines(viaZk.stdout(), ours), viaZk::describe);

        // one broker down: the same under-replicated partitions from both tools, nothing unavailable with RF 3
        cluster.killBroker(2);
        String underReplicated = awaitSameOutput(new String[]{"kafka-topics.sh", "--bootstrap-server", bootstrap(0), "--describe",
                "--under-replicated-partitions", "--topic", ours}, out -> out.lines().filter(l -> l.contains("Isr: ")).count() == 5);
        assertTrue(underReplicated.lines().noneMatch(l -> l.matches(".*Isr: [\\d,]*2[\\d,]*\t.*")), underReplicated);
        awaitSameOutput(new String[]{"kafka-topics.sh", "--bootstrap-server", bootstrap(0), "--describe", "--unavailable-partitions",
                "--topic", ours}, String::isBlank);
        cluster.startBroker(2);
        awaitSameOutput(new String[]{"kafka-topics.sh", "--bootstrap-server", bootstrap, "--describe", "--under-replicated-partitions",
                "--topic", ours + "," + theirs}, String::isBlank);

        succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--delete", "--topic", ours));
        succeed(apache(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--delete", "--topic", theirs));
        Wait.until(() -> {
            String listed = klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--list").stdout();
            return listed.lines().noneMatch(l -> l.equals(ours) || l.equals(theirs));
        }, WAIT, "both topics deleted");
    }

    // ------------------------------------------------------------------------------------------------ console tools

    @Test
    void consoleProducersAndConsumersInteroperateWithApacheKafkas() {
        String topic = Clients.uniqueTopic("console");
        succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "1",
                "--replication-factor", "3"));
        succeed(klassic(lines("k1:v1", "k2:v2", "k3:v3"), "kafka-console-producer.sh", "--bootstrap-server", bootstrap, "--topic", topic,
                "--property", "parse.key=true", "--property", "key.separator=:", "--compression-codec", "gzip",
                "--request-required-acks", "all"));
        succeed(apache(lines("a1:x1", "a2:x2"), "kafka-console-producer.sh", "--bootstrap-server", bootstrap, "--topic", topic,
                "--property", "parse.key=true", "--property", "key.separator=:"));

        String[] all = {"kafka-console-consumer.sh", "--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning",
                "--max-messages", "5", "--property", "print.key=true", "--property", "print.partition=true",
                "--property", "print.offset=true", "--property", "print.timestamp=true", "--property", "key.separator=|"};
        ExternalCommand.Result ours = succeed(klassic(null, all));
        ExternalCommand.Result theirs = succeed(apache(null, all));
        assertEquals(theirs.stdout(), ours.stdout(), ours.describe() + "\n" + theirs.describe());
        List<String> printed = ours.stdout().lines().toList();
        assertEquals(5, printed.size(), ours::describe);
        assertTrue(Pattern.matches("CreateTime:\\d+\\|Partition:0\\|Offset:0\\|k1\\|v1", printed.get(0)), printed.get(0));
        assertTrue(printed.get(4).endsWith("|Offset:4|a2|x2"), printed.get(4));
        assertTrue(ours.stderr().contains("Processed a total of 5 messages"), ours::describe);

        String[] some = {"kafka-console-consumer.sh", "--bootstrap-server", bootstrap, "--topic", topic, "--partition", "0",
                "--offset", "2", "--max-messages", "2"};
        ExternalCommand.Result oursFromOffset = succeed(klassic(null, some));
        assertEquals(succeed(apache(null, some)).stdout(), oursFromOffset.stdout());
        assertEquals(List.of("v3", "x1"), oursFromOffset.stdout().lines().toList(), oursFromOffset::describe);

        // no --max-messages: --timeout-ms ends both after the last record, with the same exit code
        String[] timed = {"kafka-console-consumer.sh", "--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning",
                "--timeout-ms", "3000"};
        ExternalCommand.Result oursTimed = klassic(null, timed);
        ExternalCommand.Result theirsTimed = apache(null, timed);
        assertEquals(theirsTimed.exitCode(), oursTimed.exitCode(), oursTimed.describe() + "\n" + theirsTimed.describe());
        assertEquals(theirsTimed.stdout(), oursTimed.stdout());
        assertTrue(oursTimed.stderr().contains("Processed a total of 5 messages"), oursTimed::describe);
    }

    @Test
    void ctrlCStopsTheConsoleConsumerWithItsCountAsApacheKafkasDoes() throws Exception {
        String topic = Clients.uniqueTopic("ctrl-c");
        succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "2",
                "--replication-factor", "1"));
        succeed(klassic(lines("one", "two", "three"), "kafka-console-producer.sh", "--bootstrap-server", bootstrap, "--topic", topic));
        Interrupted ours = interruptAfter(3, command(ClusterHarness.repositoryRoot().resolve("bin/kafka-console-consumer.sh").toString()),
                topic);
        Interrupted theirs = interruptAfter(3, ApacheKafka.command("kafka-console-consumer.sh"), topic);
        assertEquals(theirs.exitCode, ours.exitCode, ours + "\n" + theirs);
        assertTrue(ours.stderr.contains("Processed a total of 3 messages"), ours::toString);
        assertEquals(3, ours.stdout.lines().count(), ours::toString);
    }

    // ------------------------------------------------------------------------------------------------ groups

    @Test
    void kafkaConsumerGroupsListsDescribesResetsAndDeletesAsApacheKafkasDoes() {
        String topic = Clients.uniqueTopic("groups");
        String group = "group-" + topic;
        produceAndCommit(topic, group, 3, 10);

        assertSameLines(succeed(klassic(null, "kafka-consumer-groups.sh", "--bootstrap-server", bootstrap, "--list")),
                succeed(apache(null, "kafka-consumer-groups.sh", "--bootstrap-server", bootstrap, "--list")));
        for (String[] view : new String[][]{{"--offsets"}, {"--members"}, {"--members", "--verbose"}, {"--state"}}) {
            List<String> describe = new ArrayList<>(List.of("kafka-consumer-groups.sh", "--bootstrap-server", bootstrap, "--describe",
                    "--group", group));
            describe.addAll(List.of(view));
            String[] args = describe.toArray(String[]::new);
            assertSameLines(succeed(klassic(null, args)), succeed(apache(null, args)));
        }
        String described = succeed(klassic(null, "kafka-consumer-groups.sh", "--bootstrap-server", bootstrap, "--describe",
                "--group", group)).stdout();
        assertEquals(3, described.lines().filter(l -> l.startsWith(group + " ") && l.matches(".*\\s10\\s+10\\s+0\\s.*")).count(), described);

        // each reset runs with our tool and --execute; Apache's --dry-run of the same reset must print the same plan
        // (compared word by word: Apache Kafka 3.9.1 prints the rows of this table without line breaks between them,
        // which earlier Kafka releases did not; ours keeps a row per line)
        String[][] resets = {{"--to-earliest"}, {"--to-latest"}, {"--to-offset", "3"}, {"--shift-by", "-1"}};
        long[] expected = {0, 10, 3, 2};
        for (int i = 0; i < resets.length; i++) {
            List<String> args = new ArrayList<>(List.of("kafka-consumer-groups.sh", "--bootstrap-server", bootstrap, "--reset-offsets",
                    "--group", group, "--topic", topic));
            args.addAll(List.of(resets[i]));
            List<String> dryRun = new ArrayList<>(args);
            dryRun.add("--dry-run");
            ExternalCommand.Result plan = succeed(apache(null, dryRun.toArray(String[]::new)));
            args.add("--execute");
            ExternalCommand.Result executed = succeed(klassic(null, args.toArray(String[]::new)));
            assertEquals(sortedWords(plan.stdout()), sortedWords(executed.stdout()), executed.describe() + "\n" + plan.describe());
            assertEquals(3, executed.stdout().lines().filter(l -> l.startsWith(group + " ")).count(), executed::describe);
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[i], committed.get(new TopicPartition(topic, p)).offset(), String.join(" ", resets[i]) + ": " + committed);
            }
        }

        ExternalCommand.Result deleted = succeed(klassic(null, "kafka-consumer-groups.sh", "--bootstrap-server", bootstrap, "--delete",
                "--group", group));
        assertTrue(deleted.stdout().contains("Deletion of requested consumer groups ('" + group + "') was successful."), deleted::describe);
        assertTrue(succeed(apache(null, "kafka-consumer-groups.sh", "--bootstrap-server", bootstrap, "--list")).stdout().lines()
                .noneMatch(group::equals));
    }

    // ------------------------------------------------------------------------------------------------ configs, perf, api versions

    @Test
    void kafkaConfigsAltersAndDescribesTopicConfigsAsApacheKafkasDoes() {
        String topic = Clients.uniqueTopic("configs");
        succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "1",
                "--replication-factor", "3"));
        ExternalCommand.Result altered = succeed(klassic(null, "kafka-configs.sh", "--bootstrap-server", bootstrap, "--alter",
                "--entity-type", "topics", "--entity-name", topic, "--add-config", "retention.ms=86400000,cleanup.policy=compact"));
        assertEquals("Completed updating config for topic " + topic + ".", altered.stdout().strip(), altered::describe);
        String[] describe = {"kafka-configs.sh", "--bootstrap-server", bootstrap, "--describe", "--entity-type", "topics",
                "--entity-name", topic};
        ExternalCommand.Result ours = succeed(klassic(null, describe));
        assertEquals(succeed(apache(null, describe)).stdout(), ours.stdout());
        assertTrue(ours.stdout().contains("cleanup.policy=compact sensitive=false") && ours.stdout().contains("retention.ms=86400000"),
                ours::describe);

        succeed(apache(null, "kafka-configs.sh", "--bootstrap-server", bootstrap, "--alter", "--entity-type", "topics",
                "--entity-name", topic, "--delete-config", "cleanup.policy"));
        ExternalCommand.Result afterDelete = succeed(klassic(null, describe));
        assertEquals(succeed(apache(null, describe)).stdout(), afterDelete.stdout());
        assertTrue(!afterDelete.stdout().contains("cleanup.policy") && afterDelete.stdout().contains("retention.ms=86400000"),
                afterDelete::describe);
    }

    @Test
    void perfToolsAndApiVersionsPrintKafkasLines() {
        String topic = Clients.uniqueTopic("perf");
        succeed(klassic(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--create", "--topic", topic, "--partitions", "2",
                "--replication-factor", "3"));
        ExternalCommand.Result produced = succeed(klassic(null, "kafka-producer-perf-test.sh", "--topic", topic, "--num-records", "20000",
                "--record-size", "100", "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all"));
        List<String> producerLines = produced.stdout().lines().toList();
        assertTrue(Pattern.matches("20000 records sent, [\\d.]+ records/sec \\([\\d.]+ MB/sec\\), [\\d.]+ ms avg latency, [\\d.]+ ms max "
                        + "latency, \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99.9th\\.", producerLines.get(producerLines.size() - 1)),
                produced::describe);

        ExternalCommand.Result consumed = succeed(klassic(null, "kafka-consumer-perf-test.sh", "--bootstrap-server", bootstrap,
                "--topic", topic, "--messages", "20000", "--timeout", "60000"));
        List<String> consumerLines = consumed.stdout().lines().toList();
        assertEquals("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
                + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec", consumerLines.get(0), consumed::describe);
        String[] figures = consumerLines.get(1).split(", ");
        assertEquals(10, figures.length, consumed::describe);
        assertEquals("20000", figures[4], consumed::describe);
        assertEquals("1.9073", figures[2], consumed::describe);

        ExternalCommand.Result versions = succeed(klassic(null, "kafka-broker-api-versions.sh", "--bootstrap-server", bootstrap));
        for (int id = 0; id < BROKERS; id++) {
            String header = "127.0.0.1:" + cluster.brokerPort(id) + " (id: " + id + " rack: null) -> (";
            assertTrue(versions.stdout().contains(header), versions::describe);
        }
        assertTrue(versions.stdout().contains("\tProduce(0): 0 to 9 [usable: 9],"), versions::describe);
        assertTrue(versions.stdout().contains("\tFetch(1): 4 to 11 [usable: 11],"), versions::describe);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String bootstrap(int id) {
        return cluster.bootstrapServers(id);
    }

    private static ExternalCommand.Result klassic(byte[] stdin, String... args) {
        List<String> command = command(ClusterHarness.repositoryRoot().resolve("bin").resolve(args[0]).toString());
        command.addAll(List.of(args).subList(1, args.length));
        return ExternalCommand.run(command, stdin, Map.of("KAFKA_HEAP_OPTS", "-Xmx256m", "LOG_DIR",
                cluster.tempDir().resolve("logs-tools").toString()), cluster.tempDir().resolve("tools"), Duration.ofMinutes(2));
    }

    private static ExternalCommand.Result apache(byte[] stdin, String... args) {
        return ApacheKafka.run(cluster.tempDir().resolve("tools"), stdin, args[0], List.of(args).subList(1, args.length)
                .toArray(String[]::new));
    }

    private static List<String> command(String first) {
        List<String> command = new ArrayList<>();
        command.add(first);
        return command;
    }


    private static ExternalCommand.Result succeed(ExternalCommand.Result result) {
        assertEquals(0, result.exitCode(), result::describe);
        return result;
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameLines(ExternalCommand.Result ours, ExternalCommand.Result theirs) {
        assertEquals(sortedLines(theirs.stdout()), sortedLines(ours.stdout()),
                "ours:\n" + ours.describe() + "\nApache Kafka's:\n" + theirs.describe());
    }

    /**
     * Waits until our tool and Apache's print the same lines for {@code args} (in any order: Apache's kafka-topics prints
     * several topics in hash order) and they satisfy {@code done}; returns ours.
     */
    private static String awaitSameOutput(String[] args, java.util.function.Predicate<String> done) {
        String[] last = new String[2];
        Wait.until(() -> {
            last[0] = succeed(klassic(null, args)).stdout();
            last[1] = succeed(apache(null, args)).stdout();
            return sortedLines(last[0]).equals(sortedLines(last[1])) && done.test(last[0]);
        }, WAIT, () -> String.join(" ", args) + "\nours:\n" + last[0] + "\nApache Kafka's:\n" + last[1]);
        return last[0];
    }

    private static List<String> sortedWords(String output) {
        return java.util.Arrays.stream(output.strip().split("\\s+")).sorted().toList();
    }

    private static List<String> sortedLines(String output) {
        return output.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).sorted().toList();
    }

    private static List<String> partitionLines(String describe, String topic) {
        return describe.lines().filter(l -> l.startsWith("\tTopic: " + topic + "\t"))
                .map(l -> l.replaceAll("\tElr: .*$", "")).toList();
    }

    private static void produceAndCommit(String topic, String group, int partitions, int perPartition) {
        try (Admin admin = Clients.admin(bootstrap)) {
            Clients.createTopic(admin, topic, partitions, (short) 3);
        }
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"))) {
            consumer.subscribe(List.of(topic));
            int[] seen = {0};
            Wait.until(() -> {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                seen[0] += records.count();
                return seen[0] >= partitions * perPartition;
            }, WAIT, () -> "consumed " + seen[0]);
            consumer.commitSync();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        try (Admin admin = Clients.admin(bootstrap)) {
            return Clients.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "listConsumerGroupOffsets");
        }
    }

    /** What a console consumer left after SIGINT: exit code and outputs. */
    private record Interrupted(int exitCode, String stdout, String stderr) {
    }

    /** Starts a console consumer on {@code topic}, waits for {@code count} printed records, sends it SIGINT (ctrl-C). */
    private static Interrupted interruptAfter(int count, List<String> consumer, String topic) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(cluster.tempDir().resolve("ctrl-c"));
        Path out = Files.createTempFile(dir, "consumer-", ".stdout");
        Path err = Files.createTempFile(dir, "consumer-", ".stderr");
        List<String> command = new ArrayList<>(consumer);
        command.addAll(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("KAFKA_HEAP_OPTS", "-Xmx256m");
        builder.environment().put("LOG_DIR", cluster.tempDir().resolve("logs-tools").toString());
        Process process = builder.start();
        try {
            Wait.until(() -> readQuietly(out).lines().count() >= count, WAIT, () -> "records printed: " + readQuietly(out));
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGINT");
            return new Interrupted(process.exitValue(), readQuietly(out), readQuietly(err));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
