package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kafka-clients 3.9 against one real broker, in a child JVM (one classpath holds one version): the
 * dependency plugin copies kafka-clients 3.9 and its dependencies into {@code target/kafka-clients-3/};
 * {@link io.klassic.it.child.Clients3Main} does the work and reports. The same matrix as
 * {@link JavaClients4IT}: every {@link JavaClients4IT.ProducerSetup} (default idempotent acks=all, acks=0, acks=1,
 * gzip, snappy, lz4, zstd) produces keyed records with headers, read back and checked record by record, each in a
 * child of its own; and the AdminClient's createTopics, describeTopics, listOffsets and deleteTopics. A failure shows
 * the child's {@code FAIL} line, stack trace and output.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JavaClients3IT {
    private static final String CLIENTS3_VERSION = "3.9.1";
    private static final int RECORDS = 200;

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

    @ParameterizedTest
    @EnumSource(JavaClients4IT.ProducerSetup.class)
    void recordsComeBackInOrderWithKeysValuesHeadersAndTimestamps(JavaClients4IT.ProducerSetup setup) {
        String topic = Clients.uniqueTopic("java3-" + setup.name().toLowerCase());
        List<String> args = new ArrayList<>(List.of("roundtrip", cluster.bootstrapServers(), topic, setup.name(), Integer.toString(RECORDS)));
        new TreeMap<>(setup.config).forEach((key, value) -> args.add(key + "=" + value));
        runChild(args, "OK " + setup.name() + " " + RECORDS);
    }

    @Test
    void adminClientCreatesDescribesListsOffsetsAndDeletesTopics() {
        runChild(List.of("admin", cluster.bootstrapServers(), Clients.uniqueTopic("java3-admin")), "OK admin");
    }

    /** Runs Clients3Main with {@code args} in a child JVM on kafka-clients 3.9 and expects it to print {@code okLine} and exit 0. */
    private static void runChild(List<String> args, String okLine) {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path clients3 = target.resolve("kafka-clients-3");
        assertTrue(Files.isRegularFile(clients3.resolve("kafka-clients-" + CLIENTS3_VERSION + ".jar")),
                "missing " + clients3 + "/kafka-clients-" + CLIENTS3_VERSION
                        + ".jar: run the build through Maven (generate-test-resources copies it)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = clients3 + File.separator + "*" + File.pathSeparator + target.resolve("test-classes");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, "io.klassic.it.child.Clients3Main"));
        command.addAll(args);
        ExternalCommand.Result result = ExternalCommand.run(command, null, Map.of(),
                cluster.tempDir().resolve("clients3-" + args.get(0)), Duration.ofMinutes(3));

        List<String> lines = result.stdout().lines().toList();
        assertTrue(!lines.isEmpty() && lines.get(0).equals("kafka-clients " + CLIENTS3_VERSION),
                () -> "the child must run kafka-clients " + CLIENTS3_VERSION + "\n" + result.describe());
        String failure = lines.stream().filter(line -> line.startsWith("FAIL ")).findFirst().orElse("");
        assertEquals(0, result.exitCode(), () -> "kafka-clients " + CLIENTS3_VERSION + " " + failure + "\n" + result.describe());
        assertTrue(lines.contains(okLine), () -> "no '" + okLine + "' from the child\n" + result.describe());
    }
}
