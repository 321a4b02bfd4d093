package io.klassic.tools.producer;

import io.klassic.tools.ConsoleProducer;
import io.klassic.tools.ToolRun;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleProducerTest {

    private static final String NL = System.lineSeparator();

    private static Properties producerProps(String... args) throws IOException {
        ToolRun.Streams s = new ToolRun.Streams("");
        return new ConsoleProducerOptions().parse(s.io(), args).producerProps();
    }

    private static ToolRun usage(String... args) {
        ToolRun.Streams s = new ToolRun.Streams("");
        return s.result(ConsoleProducer.run(s.io(), args, p -> new MockProducer<>(), false));
    }

    @Test
    void producerPropertiesFollowKafkasDefaultsAndPrecedence() throws IOException {
        Properties p = producerProps("--bootstrap-server", "h:9092", "--topic", "t");
        assertEquals("h:9092", p.get("bootstrap.servers"));
        assertEquals("none", p.get("compression.type"));
        assertEquals("console-producer", p.get("client.id"));
        assertEquals("-1", p.get("acks"));
        assertEquals("1000", p.get("linger.ms"));
        assertEquals("1500", p.get("request.timeout.ms"));
        assertEquals("3", p.get("retries"));
        assertEquals("16384", p.get("batch.size"));
        assertEquals("org.apache.kafka.common.serialization.ByteArraySerializer", p.get("key.serializer"));

        Properties overridden = producerProps("--broker-list", "b:1", "--topic", "t", "--producer-property", "acks=1",
                "--producer-property", "linger.ms=5", "--producer-property", "client.id=me", "--timeout", "7",
                "--compression-codec", "--max-partition-memory-bytes", "100");
        assertEquals("b:1", overridden.get("bootstrap.servers"));
        assertEquals("1", overridden.get("acks"), "a property wins over an option's default");
        assertEquals("7", overridden.get("linger.ms"), "an explicit option wins over a property");
        assertEquals("me", overridden.get("client.id"));
        assertEquals("gzip", overridden.get("compression.type"), "a bare --compression-codec means gzip");
        assertEquals("100", overridden.get("batch.size"));

        assertEquals("0", producerProps("--bootstrap-server", "h:1", "--broker-list", "ignored:2", "--topic", "t",
                "--request-required-acks", "0", "--producer-property", "acks=all").get("acks"));
        assertEquals("zstd", producerProps("--bootstrap-server", "h:1", "--topic", "t", "--compression-codec", "zstd")
                .get("compression.type"));
    }

    @Test
    void producerConfigFileIsOverriddenByProducerProperties(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("producer.properties");
        Files.writeString(file, "acks=1\nlinger.ms=5\nretries=9\n");
        Properties p = producerProps("--bootstrap-server", "h:1", "--topic", "t", "--producer.config", file.toString(),
                "--producer-property", "retries=2");
        assertEquals("1", p.get("acks"));
        assertEquals("5", p.get("linger.ms"));
        assertEquals("2", p.get("retries"));
    }

    @Test
    void badCommandLinesPrintTheProblemAndTheHelpScreen() {
        for (String[] args : List.of(new String[] {}, new String[] {"--topic", "t"})) {
            ToolRun run = usage(args);
            assertEquals(1, run.exitCode());
            assertTrue(run.err().startsWith("Missing required option(s) [bootstrap-server]" + NL + "Option "), run.err());
        }
        assertTrue(usage("--bootstrap-server", "h:1").err().startsWith("Missing required argument \"[topic]\"" + NL));
        assertTrue(usage("--bootstrap-server", "h:1", "--topic", "t", "--foo").err()
                .startsWith("foo is not a recognized option" + NL + "Option "));
        assertTrue(usage("--bootstrap-server", "h", "--topic", "t").err()
                .startsWith("Please provide valid host:port like host1:9091,host2:9092" + NL + " " + NL + "Option "));
        ToolRun help = usage("--help");
        assertEquals(1, help.exitCode());
        assertTrue(help.err().startsWith("This tool helps to read data from standard input and publish it to Kafka."
                + NL + "Option "));
        assertTrue(help.err().contains("--compression-codec [String:"), help.err());
        ToolRun version = usage("--version");
        assertEquals(0, version.exitCode());
        assertEquals(io.klassic.tools.cli.ToolVersion.version() + NL, version.out());
    }

    private static ToolRun produce(String input, MockProducer<byte[], byte[]> producer, String... args) {
        ToolRun.Streams s = new ToolRun.Streams(input);
        return s.result(ConsoleProducer.run(s.io(), args, p -> producer, false));
    }

    @Test
    void sendsOneRecordPerLineAndClosesTheProducerAtTheEnd() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        ToolRun run = produce("k1:v1\nk2:v2\n", producer, "--bootstrap-server", "h:1", "--topic", "t",
                "--property", "parse.key=true", "--property", "key.separator=:");
        assertEquals(new ToolRun(0, "", ""), run);
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(2, sent.size());
        assertEquals("k2", new String(sent.get(1).key(), StandardCharsets.UTF_8));
        assertEquals("v2", new String(sent.get(1).value(), StandardCharsets.UTF_8));
        assertTrue(producer.closed());
    }

    @Test
    void aLineThatDoesNotParseEndsTheToolAfterTheEarlierRecordsWereSent() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        ToolRun run = produce("k1:v1\nnokey\nk3:v3\n", producer, "--bootstrap-server", "h:1", "--topic", "t",
                "--property", "parse.key=true", "--property", "key.separator=:");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("org.apache.kafka.common.KafkaException: No key separator found on line number "
                + "2: 'nokey'"), run.err());
        assertEquals(1, producer.history().size());
        assertTrue(producer.closed());
    }

    @Test
    void syncModeWaitsForEachSendAndFailsOnAFailedOne() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<ToolRun> run = executor.submit(() -> produce("a\nb\n", producer, "--bootstrap-server", "h:1",
                    "--topic", "t", "--sync"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (producer.history().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, producer.history().size(), "the second send waits for the first");
            assertTrue(producer.completeNext());
            while (producer.history().size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(producer.errorNext(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("gone")));
            ToolRun result = run.get(10, TimeUnit.SECONDS);
            assertEquals(1, result.exitCode());
            assertTrue(result.err().contains("NotLeaderOrFollowerException: gone"), result.err());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void asyncSendsDoNotWaitForAcknowledgementsAndTheirFailuresDoNotEndTheTool() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        ToolRun run = produce("a\nb\n", producer, "--bootstrap-server", "h:1", "--topic", "t");
        assertEquals(new ToolRun(0, "", ""), run);
        assertEquals(2, producer.history().size(), "both sent although none was acknowledged");
        assertNull(producer.history().get(0).key());
        assertTrue(producer.errorNext(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("gone")),
                "the failed send's callback runs (and logs) without throwing");
    }
}
