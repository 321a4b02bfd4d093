package io.klassic.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README tells the truth: its client snippets (Java, kafka-python, confluent-kafka) run as written against a
 * real broker (only {@code localhost:9092} is replaced by the test cluster's address), and {@code bin/quickstart-demo.sh},
 * the first of its two commands for a fresh machine, brings records through. The snippets share topic demo1 and run in
 * the README's order.
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadmeIT {
    private static final Pattern CODE_BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1).brokerConfig("group.initial.rebalance.delay.ms", "0").start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void pythonSnippetsRunAsWritten() throws IOException {
        List<String> snippets = snippets("python");
        assertEquals(2, snippets.size(), "the README's Python snippets: kafka-python, then confluent-kafka");
        // Debian's python3, where apt-get puts python3-kafka and python3-confluent-kafka (not a pyenv shim on the PATH)
        String python = "/usr/bin/python3";

        ExternalCommand.Result kafkaPython = runPython(python, snippets.get(0), "kafka-python.py");
        for (int i = 0; i < 3; i++) {
            assertTrue(kafkaPython.stdout().contains(" hello " + i + "\n"), kafkaPython::describe);
        }
        ExternalCommand.Result confluent = runPython(python, snippets.get(1), "confluent-kafka.py");
        assertTrue(Pattern.compile("(?m)^demo1\\[0\\]@3$").matcher(confluent.stdout()).find(), confluent::describe);
        assertTrue(confluent.stdout().contains("hello 0"), "my-group-2 reads demo1 from the beginning:\n" + confluent.describe());
    }

    @Test
    @Order(2)
    void javaSnippetCompilesAndRunsAsWritten() throws Exception {
        List<String> snippets = snippets("java");
        assertEquals(1, snippets.size(), "the README's Java snippet");
        Path dir = Files.createDirectories(cluster.tempDir().resolve("readme-java"));
        String source = """
                import java.time.Duration;
                import java.util.List;
                import java.util.Properties;
                import org.apache.kafka.clients.consumer.*;
                import org.apache.kafka.clients.producer.*;
                import org.apache.kafka.common.serialization.*;

                public class ReadmeSnippet {
                    public static void main(String[] args) throws Exception {
                """ + snippets.get(0).replace("localhost:9092", cluster.bootstrapServers()) + """
                    }
                }
                """;
        Path file = dir.resolve("ReadmeSnippet.java");
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String classpath = System.getProperty("java.class.path");
        int compiled = compiler.run(null, errors, errors, "-cp", classpath, "-d", dir.toString(), file.toString());
        assertEquals(0, compiled, () -> errors.toString(StandardCharsets.UTF_8) + "\n" + source);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ExternalCommand.Result run = ExternalCommand.run(List.of(java, "-cp", dir + ":" + classpath,
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "ReadmeSnippet"), null, Map.of(), dir, Duration.ofMinutes(2));
        assertEquals(0, run.exitCode(), run::describe);
        Matcher written = Pattern.compile("written to demo1-0 at offset (\\d+)").matcher(run.stdout());
        assertTrue(written.find(), run::describe);
        assertTrue(run.stdout().contains("demo1-0@" + written.group(1) + " key=value"), run::describe);
    }

    @Test
    @Order(3)
    void quickstartDemoBringsRecordsThrough() {
        Path demo = ClusterHarness.repositoryRoot().resolve("bin/quickstart-demo.sh");
        ExternalCommand.Result run = ExternalCommand.run(List.of(demo.toString()), null, Map.of("KAFKA_HEAP_OPTS", "-Xmx256m"),
                cluster.tempDir().resolve("quickstart-demo"), Duration.ofMinutes(3));
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().contains("Created topic quickstart-events."), run::describe);
        int first = run.stdout().indexOf("first event");
        int fifth = run.stdout().indexOf("fifth event");
        assertTrue(first >= 0 && fifth > first, run::describe);
        assertTrue(run.stderr().contains("Processed a total of 5 messages"), run::describe);
    }

    private static List<String> snippets(String language) throws IOException {
        String readme = Files.readString(ClusterHarness.repositoryRoot().resolve("README.md"));
        List<String> snippets = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(readme);
        while (block.find()) {
            if (block.group(1).equals(language)) {
                snippets.add(block.group(2));
            }
        }
        return snippets;
    }

    private static ExternalCommand.Result runPython(String python, String snippet, String name) throws IOException {
        Path dir = Files.createDirectories(cluster.tempDir().resolve("readme-python"));
        Path script = dir.resolve(name);
        Files.writeString(script, snippet.replace("localhost:9092", cluster.bootstrapServers()));
        ExternalCommand.Result result = ExternalCommand.run(List.of(python, script.toString()), null, Map.of(), dir,
                Duration.ofMinutes(2));
        assertEquals(0, result.exitCode(), result::describe);
        return result;
    }
}
