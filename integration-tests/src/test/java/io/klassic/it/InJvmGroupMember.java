package io.klassic.it;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@link GroupMember} running kafka-clients 4.x on its own thread of the test JVM. After each poll that returned
 * records it commits, as asked ({@link GroupMember.Commit}), the offset after the last record it read of each
 * partition it owns, as {@code commitSync()}/{@code commitAsync()} would. {@link #crash()} closes the consumer with
 * {@code REMAIN_IN_GROUP}, so that the coordinator only notices through the session timeout.
 *
 * <p>Thread-safe: the consumer is touched only by the member's own thread; the rest is concurrent.
 */
final class InJvmGroupMember implements GroupMember {
    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Commit commit;
    private final Thread thread;
    private final GroupMemberProgress progress = new GroupMemberProgress();
    /** Offset after the last record read, per owned partition: what the next commit sends. Member thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean leaveOnClose = true;

    InJvmGroupMember(String name, String bootstrap, String groupId, String topic, String assignor, Commit commit,
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
            progress.subscribed(System.nanoTime());
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (commit == Commit.SYNC || commit == Commit.ASYNC) {
                        commitSync();
                    }
                    progress.revoked(partitions);
                    nextOffsets.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    progress.assigned(partitions, System.nanoTime());
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    progress.revoked(partitions);
                    nextOffsets.keySet().removeAll(partitions);
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    progress.consumed(tp, record.offset(), now);
                    nextOffsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
                }
                if (!records.isEmpty()) {
                    if (commit == Commit.SYNC) {
                        commitSync();
                    } else if (commit == Commit.ASYNC) {
                        Map<TopicPartition, OffsetAndMetadata> offsets = ownedNextOffsets();
                        consumer.commitAsync(offsets, (committed, e) -> {
                            if (e == null) {
                                acknowledge(committed);
                            } else {
                                progress.commitRefused();
                            }
                        });
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

    private Map<TopicPartition, OffsetAndMetadata> ownedNextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(nextOffsets);
        offsets.keySet().retainAll(consumer.assignment());
        return offsets;
    }

    /**
     * Commits what was consumed; a commit refused because a rebalance is under way (or the generation moved on) is
     * what applications see in normal operation: the records are committed by a later commit, or read again by the
     * partition's next owner.
     */
    private void commitSync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = ownedNextOffsets();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            acknowledge(offsets);
        } catch (RebalanceInProgressException | CommitFailedException e) {
            progress.commitRefused();
        }
    }

    private void acknowledge(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> progress.acknowledged(tp, offset.offset()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GroupMemberProgress progress() {
        return progress;
    }

    @Override
    public void assertHealthy() {
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

    @Override
    public void crash() {
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
