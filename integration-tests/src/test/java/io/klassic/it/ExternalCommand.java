package io.klassic.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program (kcat, python3, a child JVM) to completion with a deadline. Its stdout and stderr
 * go to files (no pipe can fill up and block it); stdin is the given bytes or empty. A program still
 * running at the deadline is killed with its descendants and the call fails with what it printed.
 *
 * <p>Stateless; thread-safe.
 */
public final class ExternalCommand {
    /** What a finished program left: its exit code and output. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** The command, exit code and both outputs, for assertion messages. */
        public String describe() {
            return "command: " + String.join(" ", command) + "\nexit code: " + exitCode
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private ExternalCommand() {
    }

    /** Runs {@code command} in {@code workDir} with {@code stdin}; its outputs are kept under workDir. */
    public static Result run(List<String> command, byte[] stdin, Map<String, String> environment,
                             Path workDir, Duration timeout) {
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "cmd-", ".stdout");
            Path err = Files.createTempFile(workDir, "cmd-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                if (stdin != null) {
                    try (OutputStream in = process.getOutputStream()) {
                        in.write(stdin);
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                    throw new AssertionError("Still running after " + timeout.toSeconds() + " s, killed:\n"
                            + new Result(command, -1, read(out), read(err)).describe());
                }
                return new Result(command, process.exitValue(), read(out), read(err));
            } finally {
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new AssertionError("Could not run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + command, e);
        }
    }

    /** The executable named {@code name} on PATH, or null. */
    public static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
