package io.klassic.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One server (ZooKeeper or a broker) run as a real process through a {@code bin/} script. Its output goes,
 * appended across restarts, to {@code outputFile}; the scripts' own logs go to {@code logDir} (the
 * {@code LOG_DIR} variable). The server's JVM is the script's own process when the script {@code exec}s
 * java, else the java process among its descendants whose command line names one of {@code mainClasses}: signals
 * go to that JVM, so that SIGTERM means a clean shutdown whatever the script does.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class ServerProcess {
    private static final int TAIL_LINES = 100;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path outputFile;
    private final Path logDir;
    private final List<String> mainClasses;
    private Process process;

    ServerProcess(String name, List<String> command, Map<String, String> environment,
                  Path outputFile, Path logDir, List<String> mainClasses) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.outputFile = outputFile;
        this.logDir = logDir;
        this.mainClasses = List.copyOf(mainClasses);
    }

    String name() {
        return name;
    }

    /** Starts the script; the caller waits for readiness. */
    void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(logDir);
            Files.writeString(outputFile, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // A JMX_PORT or CLASSPATH from the developer's shell would clash between servers or mix classes in.
            builder.environment().remove("JMX_PORT");
            builder.environment().remove("CLASSPATH");
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Could not start " + name + " with " + command + ": " + e, e);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The script's exit code; only meaningful once {@link #isAlive()} is false. */
    int exitCode() {
        return process.exitValue();
    }

    /** Fails at once, with the output tail, if the process has exited: for readiness conditions. */
    void assertAlive(String doing) {
        if (process != null && !process.isAlive()) {
            throw new AssertionError(name + " exited with code " + process.exitValue() + " while " + doing
                    + "\n" + tail());
        }
    }

    /** The server's JVM: the script itself if it exec'd java, else its java descendant running a main class. */
    Optional<ProcessHandle> javaProcess() {
        if (process == null) {
            return Optional.empty();
        }
        ProcessHandle root = process.toHandle();
        if (isJava(root)) {
            return Optional.of(root);
        }
        List<ProcessHandle> javas = root.descendants().filter(ServerProcess::isJava).collect(Collectors.toList());
        return javas.stream().filter(this::runsMainClass).findFirst()
                .or(() -> javas.isEmpty() ? Optional.empty() : Optional.of(javas.get(javas.size() - 1)));
    }

    /** SIGTERM to the JVM, then waits for the script to exit; false if it did not within the timeout. */
    boolean stop(Duration timeout) {
        if (!isAlive()) {
            return true;
        }
        ProcessHandle target = javaProcess().orElse(process.toHandle());
        target.destroy();
        return waitForExit(timeout, target);
    }

    /** SIGKILL to the script, the JVM and every descendant; waits until they are gone. */
    void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.toHandle().descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        if (!waitForExit(Duration.ofSeconds(30), all.toArray(new ProcessHandle[0]))) {
            throw new AssertionError("Processes of " + name + " survived SIGKILL for 30 s: " + all);
        }
    }

    /** SIGSTOP (pause = true) or SIGCONT to the JVM. */
    void signalPause(boolean pause) {
        ProcessHandle target = javaProcess()
                .orElseThrow(() -> new AssertionError("No java process found for " + name));
        String signal = pause ? "-STOP" : "-CONT";
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(target.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " " + target.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("Could not run kill " + signal + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while signalling " + name, e);
        }
    }

    /** The last lines of the process output and of the log files the script wrote into LOG_DIR. */
    String tail() {
        StringBuilder out = new StringBuilder();
        String outputTail = tailOf(outputFile);
        out.append(header(outputFile)).append(outputTail);
        try (Stream<Path> files = Files.exists(logDir) ? Files.list(logDir) : Stream.empty()) {
            files.filter(Files::isRegularFile)
                    .filter(ServerProcess::isInterestingLog)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(p -> {
                        String logTail = tailOf(p);
                        // A log that only repeats the console output (server.log usually does) is left out.
                        String last = lastLine(logTail);
                        if (last.isEmpty() || !outputTail.contains(last)) {
                            out.append(header(p)).append(logTail);
                        }
                    });
        } catch (IOException e) {
            out.append("(could not list ").append(logDir).append(": ").append(e).append(")\n");
        }
        return out.toString();
    }

    private boolean waitForExit(Duration timeout, ProcessHandle... others) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (ProcessHandle handle : others) {
                long left = deadline - System.nanoTime();
                if (left <= 0 && handle.isAlive()) {
                    return false;
                }
                handle.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            }
            long left = deadline - System.nanoTime();
            return process.waitFor(Math.max(left, 1), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("Waiting for " + name + " to exit failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + name + " to exit", e);
        }
    }

    private boolean runsMainClass(ProcessHandle handle) {
        Optional<String[]> arguments = handle.info().arguments();
        return arguments.isPresent() && Arrays.stream(arguments.get()).anyMatch(mainClasses::contains);
    }

    /** The scripts' log files worth showing: not GC or request logs, not empty. */
    private static boolean isInterestingLog(Path file) {
        String name = file.getFileName().toString();
        try {
            return name.endsWith(".log") && !name.contains("gc") && !name.contains("request")
                    && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private static String header(Path file) {
        return "==== " + file + " (last " + TAIL_LINES + " lines) ====\n";
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String tailOf(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(missing)\n";
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            StringBuilder out = new StringBuilder();
            for (int i = Math.max(0, lines.length - TAIL_LINES); i < lines.length; i++) {
                out.append(lines[i]).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            return "(unreadable: " + e + ")\n";
        }
    }
}
