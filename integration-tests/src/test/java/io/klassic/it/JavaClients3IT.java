package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kafka-clients 3.9 against one real broker, in a child JVM (one classpath holds one version): the
 * dependency plugin copies kafka-clients 3.9 and its dependencies into {@code target/kafka-clients-3/};
 * {@link io.klassic.it.child.Clients3Main} does the round trip and reports.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JavaClients3IT {
    private static final String CLIENTS3_VERSION = "3.9.1";
    private static final int RECORDS = 100;

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kafkaClients39ProducesAndConsumesInAChildJvm() {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path clients3 = target.resolve("kafka-clients-3");
        assertTrue(Files.isRegularFile(clients3.resolve("kafka-clients-" + CLIENTS3_VERSION + ".jar")),
                "missing " + clients3 + "/kafka-clients-" + CLIENTS3_VERSION
                        + ".jar: run the build through Maven (generate-test-resources copies it)");
        String topic = Clients.uniqueTopic("java3");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Clients.createTopic(admin, topic, 1);
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = clients3 + File.separator + "*" + File.pathSeparator + target.resolve("test-classes");
        ExternalCommand.Result result = ExternalCommand.run(
                List.of(java, "-Xmx256m", "-cp", classpath, "io.klassic.it.child.Clients3Main",
                        cluster.bootstrapServers(), topic, Integer.toString(RECORDS)),
                null, Map.of(), cluster.tempDir().resolve("clients3"), Duration.ofMinutes(3));

        assertEquals(0, result.exitCode(), result::describe);
        List<String> lines = result.stdout().lines().toList();
        assertEquals("kafka-clients " + CLIENTS3_VERSION, lines.get(0),
                () -> "the child must run kafka-clients " + CLIENTS3_VERSION + "\n" + result.describe());
        assertTrue(lines.contains("OK " + (2 * RECORDS)), result::describe);
    }
}
