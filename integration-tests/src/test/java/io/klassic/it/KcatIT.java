package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** kcat (librdkafka) against one real broker: metadata, keyed produce from stdin, consume to the end. */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KcatIT {
    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(90);

    private static ClusterHarness cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).start();
        admin = Clients.admin(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(10));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void metadataListsBroker0AndTheTopic() {
        String topic = Clients.uniqueTopic("kcat-metadata");
        Clients.createTopic(admin, topic, 2);

        ExternalCommand.Result result = kcat(null, "-L", "-b", cluster.bootstrapServers());

        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stdout().contains("broker 0 at 127.0.0.1:" + cluster.brokerPort(0)), result::describe);
        assertTrue(result.stdout().contains("topic \"" + topic + "\" with 2 partitions"), result::describe);
        assertTrue(result.stdout().contains("partition 0, leader 0, replicas: 0, isrs: 0"), result::describe);
    }

    @Test
    void keyedLinesProducedFromStdinAreConsumedBackInOrder() {
        String topic = Clients.uniqueTopic("kcat-roundtrip");
        Clients.createTopic(admin, topic, 1);
        List<String> lines = IntStream.range(0, 100).mapToObj(i -> "key-" + i + ":value " + i).toList();
        byte[] stdin = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);

        ExternalCommand.Result produced = kcat(stdin, "-P", "-b", cluster.bootstrapServers(), "-t", topic, "-K:");
        assertEquals(0, produced.exitCode(), produced::describe);

        ExternalCommand.Result consumed = kcat(null, "-C", "-b", cluster.bootstrapServers(), "-t", topic,
                "-e", "-f", "%k=%s\n", "-o", "beginning");
        assertEquals(0, consumed.exitCode(), consumed::describe);
        List<String> expected = IntStream.range(0, 100).mapToObj(i -> "key-" + i + "=value " + i).toList();
        assertEquals(expected, consumed.stdout().lines().toList(), consumed::describe);
    }

    private static ExternalCommand.Result kcat(byte[] stdin, String... args) {
        Path kcat = ExternalCommand.onPath("kcat");
        if (kcat == null) {
            fail("kcat not found: apt-get install kcat");
        }
        List<String> command = new ArrayList<>();
        command.add(kcat.toString());
        command.addAll(List.of(args));
        return ExternalCommand.run(command, stdin, Map.of(), cluster.tempDir().resolve("kcat"), KCAT_TIMEOUT);
    }
}
