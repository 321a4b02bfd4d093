package io.klassic.tools.consumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console consumer's source of records, one at a time, in one of three modes:
 *
 * <ul>
 *   <li>{@code --partition}: that partition alone is assigned and positioned at {@code --offset} (earliest,
 *       latest or an offset);</li>
 *   <li>a group id: the topic ({@code --topic}) or the matching topics ({@code --include}) are subscribed to,
 *       and the group coordinator hands out partitions and committed positions;</li>
 *   <li>no group: every partition of the topic (or of the matching topics, internal ones excepted) is assigned
 *       directly, starting where {@code auto.offset.reset} says; the partition list is refreshed every few seconds
 *       so that new partitions and topics are picked up, and waited for while there is none.</li>
 * </ul>
 *
 * {@link #receive()} fails with {@link TimeoutException} when no record arrives within {@code --timeout-ms};
 * {@link #wakeup()} (from the shutdown hook) makes it throw {@link WakeupException}.
 *
 * <p>Not thread-safe, except {@link #wakeup()}, which may be called from any thread.
 */
public final class ConsumerWrapper implements AutoCloseable {

    /** How often the no-group mode looks for new partitions. */
    static final long REFRESH_INTERVAL_MS = 5_000;
    private static final long WAIT_SLICE_MS = 100;

    private final Consumer<byte[], byte[]> consumer;
    private final long timeoutMs;
    private final String topic;
    private final Pattern include;
    private final boolean autoAssign;
    private final boolean excludeInternalTopics;
    private volatile boolean wokenUp;
    private Iterator<ConsumerRecord<byte[], byte[]>> records = Collections.emptyIterator();
    private long nextRefreshNs = System.nanoTime();

    /**
     * @param timeoutMs how long {@link #receive()} waits for a record; negative for ever
     */
    public ConsumerWrapper(ConsoleConsumerOptions opts, Consumer<byte[], byte[]> consumer, long timeoutMs) {
        this.consumer = consumer;
        this.timeoutMs = timeoutMs < 0 ? Long.MAX_VALUE : timeoutMs;
        this.topic = opts.topicArg().orElse(null);
        this.include = opts.includedTopicsArg().map(ConsumerWrapper::includePattern).orElse(null);
        this.excludeInternalTopics = !"false".equalsIgnoreCase(
                opts.consumerProps().getProperty("exclude.internal.topics", "true").trim());
        if (opts.partitionArg().isPresent()) {
            autoAssign = false;
            TopicPartition tp = new TopicPartition(topic, opts.partitionArg().getAsInt());
            consumer.assign(List.of(tp));
            long offset = opts.offsetArg();
            if (offset == ConsoleConsumerOptions.EARLIEST) {
                consumer.seekToBeginning(List.of(tp));
            } else if (offset == ConsoleConsumerOptions.LATEST) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        } else if (opts.groupId().isPresent()) {
            autoAssign = false;
            if (topic != null) {
                consumer.subscribe(List.of(topic));
            } else {
                consumer.subscribe(include);
            }
        } else {
            autoAssign = true;
        }
    }

    /** Kafka's reading of an include list: ',' separates alternatives, spaces and surrounding quotes go. */
    static Pattern includePattern(String raw) {
        return Pattern.compile(raw.trim().replace(',', '|').replace(" ", "")
                .replaceAll("^[\"']+", "").replaceAll("[\"']+$", ""));
    }

    /**
     * The next record.
     *
     * @throws TimeoutException when none arrives within the timeout
     * @throws WakeupException  after {@link #wakeup()}
     */
    public ConsumerRecord<byte[], byte[]> receive() {
        long start = System.nanoTime();
        while (!records.hasNext()) {
            if (wokenUp) {
                throw new WakeupException();
            }
            long remainingMs = remainingMs(start);
            if (remainingMs <= 0) {
                throw new TimeoutException();
            }
            if (autoAssign) {
                maybeRefreshAssignment(remainingMs);
                if (consumer.assignment().isEmpty()) {
                    pause(Math.min(remainingMs, WAIT_SLICE_MS));
                    continue;
                }
                records = consumer.poll(Duration.ofMillis(Math.min(remainingMs, REFRESH_INTERVAL_MS))).iterator();
            } else {
                records = consumer.poll(Duration.ofMillis(remainingMs)).iterator();
            }
        }
        return records.next();
    }

    private long remainingMs(long startNs) {
        if (timeoutMs == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return timeoutMs - (System.nanoTime() - startNs) / 1_000_000;
    }

    private void maybeRefreshAssignment(long remainingMs) {
        long now = System.nanoTime();
        if (now - nextRefreshNs < 0 && !consumer.assignment().isEmpty()) {
            return;
        }
        nextRefreshNs = now + REFRESH_INTERVAL_MS * 1_000_000;
        Duration wait = Duration.ofMillis(Math.max(1, Math.min(remainingMs, REFRESH_INTERVAL_MS)));
        Set<TopicPartition> wanted = new HashSet<>();
        try {
            if (topic != null) {
                addAll(wanted, consumer.partitionsFor(topic, wait));
            } else {
                for (Map.Entry<String, List<PartitionInfo>> e : consumer.listTopics(wait).entrySet()) {
                    boolean internal = io.klassic.tools.topic.TopicFilter.isInternal(e.getKey());
                    if (include.matcher(e.getKey()).matches() && !(excludeInternalTopics && internal)) {
                        addAll(wanted, e.getValue());
                    }
                }
            }
        } catch (TimeoutException e) {
            return; // no metadata yet: keep the current assignment, try again later
        }
        if (!wanted.isEmpty() && !consumer.assignment().containsAll(wanted)) {
            wanted.addAll(consumer.assignment());
            consumer.assign(wanted);
        }
    }

    private static void addAll(Set<TopicPartition> into, List<PartitionInfo> partitions) {
        if (partitions != null) {
            for (PartitionInfo p : partitions) {
                into.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /** Makes a blocked or later {@link #receive()} throw {@link WakeupException}; safe from any thread. */
    public void wakeup() {
        wokenUp = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
