package io.klassic.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;

/**
 * A {@link GroupMember} running kafka-clients 3.9 in a child JVM ({@link io.klassic.it.child.GroupMemberMain}; one
 * classpath holds one kafka-clients version): the test drives it with commands on its stdin and follows its stdout
 * line by line on a reader thread, stamping each event with the test JVM's clock (the line protocol is described in
 * GroupMemberMain). {@link #close()} asks it to close (LeaveGroup) and waits for exit code 0; {@link #crash()} is
 * {@code kill -9}; {@link #pause()}/{@link #resume()} are {@code kill -STOP}/{@code -CONT}. Its stderr (the client's
 * warnings, through slf4j-simple) goes to a file in the cluster's temp dir.
 *
 * <p>Thread-safe: the reader thread writes concurrent collections and volatile fields; commands are sent under
 * the stdin stream's monitor.
 */
final class ChildJvmGroupMember implements GroupMember {
    static final String CLIENTS_VERSION = "3.9.1";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
    private static final int KEPT_LINES = 400;

    private final String name;
    private final String topic;
    private final Process process;
    private final OutputStream stdin;
    private final Path stderr;
    private final Thread reader;
    private final GroupMemberProgress progress = new GroupMemberProgress();
    /** The last lines of stdout, for failure messages. */
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    /** Answers to commands (HELD, COMMIT_OK, COMMIT_FAILED ...), in order. */
    private final ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lineCount = new AtomicInteger();
    private volatile String version;
    private volatile String failure;
    private volatile boolean closed;
    private volatile boolean ended;
    private volatile boolean paused;
    private volatile int generationId = -1;
    private volatile String memberId = "";

    /**
     * Starts the child JVM. {@code workDir} receives its stderr; {@code overrides} are consumer settings
     * (partition.assignment.strategy, session.timeout.ms, ...).
     */
    ChildJvmGroupMember(String name, String bootstrap, String groupId, String topic, String assignor, Commit commit,
                        Map<String, String> overrides, Path workDir) {
        this.name = name;
        this.topic = topic;
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path clients = target.resolve("kafka-clients-3");
        if (!Files.isRegularFile(clients.resolve("kafka-clients-" + CLIENTS_VERSION + ".jar"))) {
            throw new AssertionError("missing " + clients + "/kafka-clients-" + CLIENTS_VERSION
                    + ".jar: run the build through Maven (generate-test-resources copies it)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", clients + File.separator + "*" + File.pathSeparator + target.resolve("test-classes"),
                "io.klassic.it.child.GroupMemberMain", bootstrap, groupId, topic, commit.name(),
                "client.id=" + name, "partition.assignment.strategy=" + assignor,
                "request.timeout.ms=30000", "default.api.timeout.ms=60000"));
        overrides.forEach((k, v) -> command.add(k + "=" + v));
        try {
            Files.createDirectories(workDir);
            this.stderr = Files.createTempFile(workDir, "member-" + name + "-", ".stderr");
            this.process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("could not start group member " + name + ": " + command, e);
        }
        this.stdin = process.getOutputStream();
        this.reader = new Thread(this::readStdout, "group-member-" + name + "-stdout");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                long now = System.nanoTime();
                lines.add(line);
                if (lineCount.incrementAndGet() > KEPT_LINES) {
                    lines.poll();
                }
                try {
                    onLine(line, now);
                } catch (RuntimeException e) {
                    failure = "unreadable line \"" + line + "\": " + e;
                }
            }
        } catch (IOException e) {
            if (failure == null && !ended) {
                failure = "reading stdout failed: " + e;
            }
        }
    }

    private void onLine(String line, long now) {
        int space = line.indexOf(' ');
        String event = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space + 1);
        switch (event) {
            case "VERSION" -> version = rest;
            case "SUBSCRIBED" -> progress.subscribed(now);
            case "ASSIGNED" -> progress.assigned(partitions(rest), now);
            case "REVOKED", "LOST" -> progress.revoked(partitions(rest));
            case "GENERATION" -> {
                String[] parts = rest.split(" ", 2);
                generationId = Integer.parseInt(parts[0]);
                memberId = parts.length > 1 ? parts[1] : "";
            }
            case "RECORDS" -> {
                for (String run : rest.split(" ")) {
                    int colon = run.indexOf(':');
                    int dash = run.indexOf('-', colon);
                    TopicPartition tp = new TopicPartition(topic, Integer.parseInt(run.substring(0, colon)));
                    long last = Long.parseLong(run.substring(dash + 1));
                    for (long offset = Long.parseLong(run.substring(colon + 1, dash)); offset <= last; offset++) {
                        progress.consumed(tp, offset, now);
                    }
                }
            }
            case "COMMITTED" -> {
                for (String item : rest.split(" ")) {
                    int colon = item.indexOf(':');
                    progress.acknowledged(new TopicPartition(topic, Integer.parseInt(item.substring(0, colon))),
                            Long.parseLong(item.substring(colon + 1)));
                }
            }
            case "COMMIT_REFUSED" -> progress.commitRefused();
            case "HELD", "COMMIT_OK", "COMMIT_FAILED" -> answers.add(line);
            case "CLOSED" -> closed = true;
            case "FAIL" -> failure = line;
            default -> failure = "unknown event: " + line;
        }
    }

    private List<TopicPartition> partitions(String list) {
        if (list.equals("-")) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(p -> new TopicPartition(topic, Integer.parseInt(p))).toList();
    }

    /** The kafka-clients version the child reported (its first line), waiting for it. */
    String clientsVersion() {
        Wait.until(() -> {
            assertHealthy();
            return version != null;
        }, ANSWER_TIMEOUT, () -> "group member " + name + " did not report its version\n" + describe());
        return version;
    }

    /** The generation and member id of the member's last assignment: {@code <generation> <member id>}. */
    String generation() {
        return generationId + " " + memberId;
    }

    /** Stops polling, as an application stuck between two polls; its heartbeat thread goes on. */
    void hold() {
        String answer = ask("HOLD");
        if (!answer.equals("HELD")) {
            throw new AssertionError("group member " + name + " answered HOLD with " + answer + "\n" + describe());
        }
    }

    /**
     * Sends {@code COMMIT} with these offsets (partition to offset) and {@code metadata} without waiting for the
     * answer, so that the command can be queued while the child is paused; {@link #awaitAnswer()} returns it.
     */
    void sendCommit(Map<Integer, Long> offsets, String metadata) {
        StringBuilder command = new StringBuilder("COMMIT");
        new TreeMap<>(offsets).forEach((p, o) -> command.append(' ').append(p).append(':').append(o).append(':').append(metadata));
        send(command.toString());
    }

    /** Waits for the answer to the oldest command not yet answered: HELD, COMMIT_OK or COMMIT_FAILED ... */
    String awaitAnswer() {
        String[] answer = new String[1];
        Wait.until(() -> {
            answer[0] = answers.poll();
            if (answer[0] != null) {
                return true;
            }
            assertHealthy();
            return false;
        }, ANSWER_TIMEOUT, () -> "group member " + name + " did not answer\n" + describe());
        return answer[0];
    }

    private String ask(String command) {
        send(command);
        return awaitAnswer();
    }

    private void send(String command) {
        synchronized (stdin) {
            try {
                stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                throw new AssertionError("could not send " + command + " to group member " + name + "\n" + describe(), e);
            }
        }
    }

    /** {@code kill -STOP}: every thread of the child stops, its heartbeat thread too. */
    void pause() {
        signal("-STOP");
        paused = true;
    }

    /** {@code kill -CONT}. */
    void resume() {
        signal("-CONT");
        paused = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run kill " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while signalling group member " + name, e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GroupMemberProgress progress() {
        return progress;
    }

    /** Fails on a FAIL line, an unreadable line, or an exit nobody asked for. */
    @Override
    public void assertHealthy() {
        if (failure != null) {
            throw new AssertionError("group member " + name + " failed: " + failure + "\n" + describe());
        }
        if (!ended && !process.isAlive()) {
            throw new AssertionError("group member " + name + " exited with code " + process.exitValue() + "\n" + describe());
        }
    }

    /** Asks the child to close its consumer (LeaveGroup) and waits until it printed CLOSED and exited with 0. */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (paused && process.isAlive()) {
                resume();
            }
            if (process.isAlive()) {
                send("CLOSE");
            }
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("group member " + name + " did not exit within " + EXIT_TIMEOUT.toSeconds() + " s of CLOSE\n" + describe());
            }
            reader.join(EXIT_TIMEOUT.toMillis());
            if (process.exitValue() != 0 || !closed || failure != null) {
                throw new AssertionError("group member " + name + " did not close cleanly (exit code " + process.exitValue() + ")\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while closing group member " + name, e);
        } finally {
            kill();
        }
    }

    /** {@code kill -9} of the child JVM: no LeaveGroup, no last commit, the coordinator notices by the session timeout. */
    @Override
    public void crash() {
        ended = true;
        kill();
    }

    private void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("group member " + name + " survived kill -9 for " + EXIT_TIMEOUT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while killing group member " + name, e);
            }
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // The pipe is gone with the process.
        }
    }

    /** What the child wrote to stderr so far: its client's warnings and errors (slf4j-simple), stack traces. */
    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + stderr + ": " + e + ")";
        }
    }

    /** The child's last stdout lines and its stderr, for failure messages. */
    String describe() {
        String err = stderr();
        if (err.length() > 20_000) {
            err = "..." + err.substring(err.length() - 20_000);
        }
        return "--- group member " + name + " (kafka-clients " + version + ", pid " + process.pid() + ") stdout, last lines ---\n"
                + String.join("\n", lines) + "\n--- stderr ---\n" + err;
    }
}
