package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.TopicPartition;

/**
 * What producers were told (RELIABILITY's history): each acknowledged record's partition, offset and value
 * ({@code <producer>-<seq>}), and the sends that failed; and the checker against the final log: every acknowledged
 * record is there at its offset, no value appears twice, and each producer's values are in send order within a
 * partition.
 *
 * <p>Thread-safe (callbacks run on producer I/O threads).
 */
public final class AckedRecords {
    private final Map<Integer, Map<Long, String>> acked = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    public static byte[] value(String producer, int seq) {
        return (producer + "-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    /** A producer callback that records the outcome of sending {@code value} to {@code partition}. */
    public Callback callback(int partition, byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        return (metadata, exception) -> {
            if (exception == null) {
                String previous = acked.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(metadata.offset(), text);
                if (previous != null) {
                    failures.add(new AssertionError("offset " + metadata.offset() + " of partition " + partition
                            + " acknowledged for " + previous + " and " + text));
                }
                count.incrementAndGet();
            } else {
                failures.add(exception);
            }
        };
    }

    public int count() {
        return count.get();
    }

    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code total} records are acknowledged; fails at once on a failed send. */
    public void awaitCount(int total, Duration timeout) {
        Wait.until(() -> {
            if (!failures.isEmpty()) {
                throw new AssertionError("a send failed: " + failures);
            }
            return count.get() >= total;
        }, timeout, () -> count.get() + " of " + total + " records acknowledged");
    }

    /** Reads every partition of {@code topic} to its end and checks it against what was acknowledged. */
    public void check(ClusterHarness cluster, String topic, int partitions) {
        for (int p = 0; p < partitions; p++) {
            Map<Long, String> read = readPartition(cluster, new TopicPartition(topic, p));
            Map<Long, String> expected = acked.getOrDefault(p, Map.of());
            for (Map.Entry<Long, String> ack : expected.entrySet()) {
                assertEquals(ack.getValue(), read.get(ack.getKey()), "partition " + p + " offset " + ack.getKey());
            }
            Set<String> seen = new HashSet<>();
            Map<String, Integer> lastSeq = new HashMap<>();
            for (String v : read.values()) {
                assertTrue(seen.add(v), "duplicate " + v + " in partition " + p);
                int dash = v.lastIndexOf('-');
                String producer = v.substring(0, dash);
                int seq = Integer.parseInt(v.substring(dash + 1));
                Integer last = lastSeq.put(producer, seq);
                assertTrue(last == null || seq > last, "partition " + p + ": " + v + " after " + producer + "-" + last);
            }
        }
    }

    /** A partition from its beginning to its end offset (high watermark), offset to value. */
    static Map<Long, String> readPartition(ClusterHarness cluster, TopicPartition tp) {
        Map<Long, String> read = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(cluster.bootstrapServers())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            Wait.until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    String previous = read.put(r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                    assertEquals(null, previous, "offset " + r.offset() + " read twice");
                }
                return consumer.position(tp) >= end;
            }, Duration.ofSeconds(60), () -> "read " + tp + " up to " + end + ", have " + read.size());
        }
        return read;
    }
}
