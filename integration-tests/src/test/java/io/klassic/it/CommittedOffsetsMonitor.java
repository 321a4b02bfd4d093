package io.klassic.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a group's committed offsets while a test breaks things: every 200 ms, on its own thread with its own
 * Admin client, it reads them (OffsetFetch through the group's current coordinator) and records any partition whose
 * committed offset is lower than one read before. Reads that fail (the coordinator is moving) are counted and
 * retried. Runs until {@link #close()}, for 10 minutes at most.
 *
 * <p>Thread-safe: the watching thread writes concurrent collections; the test thread reads them.
 */
final class CommittedOffsetsMonitor implements AutoCloseable {
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private final String group;
    private final Admin admin;
    private final Thread thread;
    private final Map<TopicPartition, Long> highest = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> backwards = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger failedReads = new AtomicInteger();
    private volatile boolean running = true;

    CommittedOffsetsMonitor(String bootstrap, String group) {
        this.group = group;
        this.admin = Clients.admin(bootstrap);
        this.thread = new Thread(this::run, "committed-offsets-" + group);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long deadline = System.nanoTime() + LIFETIME.toNanos();
        while (running && System.nanoTime() - deadline < 0) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(Clients.CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                committed.forEach((tp, offset) -> {
                    if (offset == null) {
                        return;
                    }
                    Long before = highest.get(tp);
                    if (before != null && offset.offset() < before) {
                        backwards.add(tp + " went from " + before + " back to " + offset.offset());
                    }
                    highest.merge(tp, offset.offset(), Math::max);
                });
                reads.incrementAndGet();
            } catch (ExecutionException | TimeoutException e) {
                failedReads.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LockSupport.parkNanos(PERIOD_NANOS);
        }
    }

    /** Every committed offset seen to go backwards; empty when none did. */
    List<String> backwards() {
        return List.copyOf(backwards);
    }

    /** The highest committed offset read per partition. */
    Map<TopicPartition, Long> highest() {
        return Map.copyOf(highest);
    }

    /** How many reads succeeded. */
    int reads() {
        return reads.get();
    }

    /** How many reads failed (a coordinator moving, a broker down). */
    int failedReads() {
        return failedReads.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Clients.CLIENT_TIMEOUT.toMillis() + 15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(10));
    }
}
