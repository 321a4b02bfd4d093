package io.klassic.it;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One member of a consumer group for the group tests: a kafka-clients 4.x {@code KafkaConsumer} that
 * {@code subscribe()}s and polls on its own thread, keeps its current assignment (from the rebalance
 * listener), every record it read, and when it last got an assignment and a record. After each poll it
 * commits as asked ({@link Commit}). {@link #close()} closes the consumer (LeaveGroup); {@link #crash()}
 * closes it without leaving the group, so that the coordinator only notices through the session timeout.
 *
 * <p>Thread-safe: the consumer is touched only by the member's own thread; the rest is concurrent.
 */
final class GroupMember implements AutoCloseable {
    /** How the member commits the offsets it consumed. */
    enum Commit { SYNC, ASYNC, AUTO, NONE }

    record Consumed(TopicPartition partition, long offset, long receivedNanos) {
    }

    final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Commit commit;
    private final Thread thread;
    private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Consumed> consumed = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean leaveOnClose = true;
    private volatile long lastAssignmentNanos;
    private volatile long lastRecordNanos;
    private volatile int rebalances;
    private volatile int commitsRefused;

    GroupMember(String name, String bootstrap, String groupId, String topic, String assignor, Commit commit,
                Map<String, String> overrides) {
        this.name = name;
        this.commit = commit;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, Boolean.toString(commit == Commit.AUTO));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        props.putAll(overrides);
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(() -> run(topic), "group-member-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (commit == Commit.SYNC || commit == Commit.ASYNC) {
                        commitSync();
                    }
                    assignment.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assignment.addAll(partitions);
                    lastAssignmentNanos = System.nanoTime();
                    rebalances++;
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    assignment.removeAll(partitions);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    consumed.add(new Consumed(new TopicPartition(record.topic(), record.partition()), record.offset(), now));
                    lastRecordNanos = now;
                }
                if (!records.isEmpty()) {
                    if (commit == Commit.SYNC) {
                        commitSync();
                    } else if (commit == Commit.ASYNC) {
                        consumer.commitAsync();
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                failure.set(e);
            }
        } finally {
            try {
                if (leaveOnClose) {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(30)));
                } else {
                    consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                            .withTimeout(Duration.ofSeconds(5)));
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /**
     * Commits what was consumed; a commit refused because a rebalance is under way (or the generation moved on) is
     * what applications see in normal operation: the records are committed by a later commit, or read again by the
     * partition's next owner.
     */
    private void commitSync() {
        try {
            consumer.commitSync();
        } catch (RebalanceInProgressException | CommitFailedException e) {
            commitsRefused++;
        }
    }

    int commitsRefused() {
        return commitsRefused;
    }

    Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    List<Consumed> consumed() {
        return List.copyOf(consumed);
    }

    long lastAssignmentNanos() {
        return lastAssignmentNanos;
    }

    long lastRecordNanos() {
        return lastRecordNanos;
    }

    int rebalances() {
        return rebalances;
    }

    /** Fails the test with the exception the member's thread hit, if any. */
    void assertHealthy() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("group member " + name + " failed: " + t, t);
        }
    }

    /** Closes the consumer, which leaves the group, and waits for the member's thread. */
    @Override
    public void close() {
        stop(true);
    }

    /** Stops the member without a LeaveGroup: the coordinator notices only when the session times out. */
    void crash() {
        stop(false);
    }

    private void stop(boolean leave) {
        if (!thread.isAlive()) {
            return;
        }
        leaveOnClose = leave;
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("group member " + name + " did not stop within 60 s");
        }
    }
}
