package io.klassic.it.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * One consumer group member in a child JVM, driven by the test through its stdin and reporting on its stdout; it
 * runs whatever kafka-clients its classpath holds (3.9 for the tests), so it uses only APIs common to 3.9 and 4.x.
 * The test side is {@code io.klassic.it.ChildJvmGroupMember}.
 *
 * <p>Usage: {@code GroupMemberMain <bootstrap> <group> <topic> <SYNC|ASYNC|AUTO|NONE> [consumer.key=value ...]}.
 * It subscribes to the topic (auto.offset.reset=earliest) and polls every 100 ms; after each poll that returned
 * records it commits (SYNC: {@code commitSync}, ASYNC: {@code commitAsync}, AUTO: enable.auto.commit, NONE: never)
 * the offset after the last record read of each partition it owns, and with SYNC and ASYNC it commits again with
 * {@code commitSync} in onPartitionsRevoked.
 *
 * <p>Stdout, one event per line, the first word naming it (partitions are numbers of the one topic, {@code -} for
 * none):
 * <pre>
 * VERSION &lt;kafka-clients version&gt;        first line
 * SUBSCRIBED                              just before the first poll
 * ASSIGNED|REVOKED|LOST &lt;p,p,...&gt;         from the rebalance listener
 * GENERATION &lt;generation id&gt; &lt;member id&gt;  after each ASSIGNED
 * RECORDS &lt;p&gt;:&lt;first&gt;-&lt;last&gt; ...          offsets read by one poll, as runs of consecutive offsets
 * COMMITTED &lt;p&gt;:&lt;offset&gt; ...              offsets the coordinator acknowledged
 * COMMIT_REFUSED &lt;exception class&gt;        a commit refused by a rebalance (normal around rebalances)
 * HELD                                    answer to HOLD
 * COMMIT_OK | COMMIT_FAILED &lt;exception class&gt; &lt;message&gt;   answer to COMMIT
 * CLOSED                                  the consumer is closed; exit code 0 follows
 * FAIL &lt;exception&gt;                        anything else went wrong; exit code 1 follows (stack trace on stderr)
 * </pre>
 *
 * <p>Stdin, one command per line: {@code HOLD} stops polling (an application stuck between two polls; its
 * heartbeat thread goes on); {@code COMMIT <p>:<offset>:<metadata> ...} commits these offsets with
 * {@code commitSync}, held or not; {@code CLOSE} closes the consumer (leaving the group) and exits. The end of stdin
 * (the test JVM is gone) counts as CLOSE; so does running for longer than {@link #LIFETIME}.
 *
 * <p>The consumer is used only by the main thread (listener and commit callbacks run inside its poll and commit
 * calls); a daemon thread turns stdin into a queue of commands.
 */
public final class GroupMemberMain {
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final String commit;
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    /** Offset after the last record read, per owned partition: what the next commit sends. */
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();

    private GroupMemberMain(KafkaConsumer<byte[], byte[]> consumer, String topic, String commit) {
        this.consumer = consumer;
        this.topic = topic;
        this.commit = commit;
    }

    public static void main(String[] args) {
        if (args.length < 4 || !List.of("SYNC", "ASYNC", "AUTO", "NONE").contains(args[3])) {
            emit("FAIL usage: GroupMemberMain <bootstrap> <group> <topic> <SYNC|ASYNC|AUTO|NONE> [consumer.key=value ...]");
            System.exit(1);
        }
        emit("VERSION " + AppInfoParser.getVersion());
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("group.id", args[1]);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", Boolean.toString(args[3].equals("AUTO")));
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                emit("FAIL bad consumer setting " + args[i] + ": expected key=value");
                System.exit(1);
            }
            props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int exitCode;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            GroupMemberMain member = new GroupMemberMain(consumer, args[2], args[3]);
            member.readCommands();
            member.run();
            exitCode = 0;
        } catch (RuntimeException | InterruptedException e) {
            emit("FAIL " + e);
            e.printStackTrace();
            exitCode = 1;
        }
        if (exitCode == 0) {
            emit("CLOSED");
        }
        System.exit(exitCode);
    }

    private void readCommands() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    commands.add(line.trim());
                }
            } catch (IOException e) {
                System.err.println("Reading stdin failed: " + e);
            }
            commands.add("CLOSE");
        }, "stdin-commands");
        reader.setDaemon(true);
        reader.start();
    }

    /** Polls and serves commands until CLOSE (or the lifetime runs out); the caller's try-with-resources closes. */
    private void run() throws InterruptedException {
        consumer.subscribe(List.of(topic), new Listener());
        emit("SUBSCRIBED");
        long deadline = System.nanoTime() + LIFETIME.toNanos();
        boolean held = false;
        while (System.nanoTime() - deadline < 0) {
            String command = held ? commands.poll(POLL.toMillis(), TimeUnit.MILLISECONDS) : commands.poll();
            if (command != null) {
                if (command.equals("CLOSE")) {
                    return;
                } else if (command.equals("HOLD")) {
                    held = true;
                    emit("HELD");
                } else if (command.startsWith("COMMIT ")) {
                    commitAsAsked(command.substring("COMMIT ".length()));
                } else if (!command.isEmpty()) {
                    throw new IllegalArgumentException("unknown command: " + command);
                }
                continue;
            }
            if (!held) {
                pollOnce();
            }
        }
        System.err.println("Closing after " + LIFETIME.toMinutes() + " minutes without CLOSE");
    }

    private void pollOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("RECORDS");
        for (TopicPartition tp : records.partitions()) {
            long first = -1;
            long last = -1;
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (first >= 0 && record.offset() != last + 1) {
                    line.append(' ').append(tp.partition()).append(':').append(first).append('-').append(last);
                    first = -1;
                }
                if (first < 0) {
                    first = record.offset();
                }
                last = record.offset();
            }
            line.append(' ').append(tp.partition()).append(':').append(first).append('-').append(last);
            nextOffsets.put(tp, new OffsetAndMetadata(last + 1));
        }
        emit(line.toString());
        if (commit.equals("SYNC")) {
            commitSync();
        } else if (commit.equals("ASYNC")) {
            consumer.commitAsync(ownedNextOffsets(), (offsets, e) -> {
                if (e == null) {
                    emit("COMMITTED " + offsets(offsets));
                } else {
                    emit("COMMIT_REFUSED " + e.getClass().getName());
                }
            });
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> ownedNextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(nextOffsets);
        offsets.keySet().retainAll(consumer.assignment());
        return offsets;
    }

    /** Commits what was read; a commit refused by a rebalance is normal: a later commit, or the next owner, covers it. */
    private void commitSync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = ownedNextOffsets();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            emit("COMMITTED " + offsets(offsets));
        } catch (RebalanceInProgressException | CommitFailedException e) {
            emit("COMMIT_REFUSED " + e.getClass().getName());
        }
    }

    /** {@code <p>:<offset>:<metadata> ...}: commits exactly these, and reports the outcome whatever it is. */
    private void commitAsAsked(String arguments) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (String item : arguments.trim().split(" +")) {
            String[] parts = item.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("bad COMMIT item " + item + ": expected <partition>:<offset>:<metadata>");
            }
            offsets.put(new TopicPartition(topic, Integer.parseInt(parts[0])), new OffsetAndMetadata(Long.parseLong(parts[1]), parts[2]));
        }
        try {
            consumer.commitSync(offsets);
            emit("COMMIT_OK");
        } catch (RuntimeException e) {
            emit("COMMIT_FAILED " + e.getClass().getName() + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static String offsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
        StringJoiner joined = new StringJoiner(" ");
        new TreeMap<>(offsets.entrySet().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset())))
                .forEach((p, o) -> joined.add(p + ":" + o));
        return joined.toString();
    }

    private static String partitions(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return "-";
        }
        List<Integer> numbers = new ArrayList<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        numbers.sort(null);
        StringJoiner joined = new StringJoiner(",");
        numbers.forEach(n -> joined.add(Integer.toString(n)));
        return joined.toString();
    }

    private static synchronized void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (commit.equals("SYNC") || commit.equals("ASYNC")) {
                commitSync();
            }
            nextOffsets.keySet().removeAll(partitions);
            emit("REVOKED " + partitions(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            emit("ASSIGNED " + partitions(partitions));
            emit("GENERATION " + consumer.groupMetadata().generationId() + " " + consumer.groupMetadata().memberId());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            nextOffsets.keySet().removeAll(partitions);
            emit("LOST " + partitions(partitions));
        }
    }
}
