package io.klassic.tools.dumplog;

import io.klassic.tools.ToolRun;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Apache Kafka 3.9.1's own {@code kafka.tools.DumpLogSegments} in a child JVM, from the jars the kafka-oracle
 * module copies to {@code kafka-oracle/target/lib}, with its logging at WARN and UTF-8 output. Stateless and
 * thread-safe.
 */
final class ApacheDumpLog {
    private ApacheDumpLog() {
    }

    static ToolRun run(File workDir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", oracleLib() + File.separator + "*",
            "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider", "-Dslf4j.internal.verbosity=WARN",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
            "kafka.tools.DumpLogSegments"));
        command.addAll(args);
        File out = File.createTempFile("kafka-dump-log", ".out", workDir);
        File err = File.createTempFile("kafka-dump-log", ".err", workDir);
        Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("Apache Kafka's DumpLogSegments did not finish within 120 s: " + args);
            }
            return new ToolRun(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    private static Path oracleLib() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path lib = d.resolve("kafka-oracle").resolve("target").resolve("lib");
            if (Files.isDirectory(lib)) {
                return lib;
            }
        }
        throw new AssertionError("kafka-oracle/target/lib was not found above " + dir
            + "; build the kafka-oracle module first (mvn -pl tools -am test does).");
    }
}
