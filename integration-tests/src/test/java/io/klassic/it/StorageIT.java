package io.klassic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The storage engine seen through a real broker and real clients: compaction keeps exactly the latest
 * value of every key and drops tombstones after {@code delete.retention.ms}; time retention deletes whole
 * old segments and moves the log start offset, from which {@code auto.offset.reset} consumers continue; a
 * {@code kill -9} in the middle of writing (plus a torn write appended to the active segment) loses no
 * acknowledged record, serves nothing corrupt, and the log continues at the right offset.
 *
 * <p>The broker runs its retention check and cleaner with test-sized intervals (see {@link #startCluster()}).
 */
@ExtendWith(DumpClusterLogsOnFailure.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StorageIT {
    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(60);

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder().brokers(1)
                .brokerConfig("log.initial.task.delay.ms", "100")
                .brokerConfig("log.retention.check.interval.ms", "300")
                .brokerConfig("log.segment.delete.delay.ms", "200")
                .brokerConfig("log.cleaner.backoff.ms", "200")
                .brokerConfig("log.cleaner.threads", "1")
                .brokerConfig("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024))
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---------------------------------------------------------------- compaction

    @Test
    void compactedTopicKeepsLatestValuePerKeyAndDropsTombstones() throws Exception {
        String topic = Clients.uniqueTopic("compacted");
        createTopic(topic, Map.of(
                "cleanup.policy", "compact",
                "segment.bytes", "4096",
                "min.cleanable.dirty.ratio", "0.01",
                "delete.retention.ms", "1000",
                "file.delete.delay.ms", "200"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Path partitionDir = cluster.logDir(0).resolve(topic + "-0");

        int keys = 20;
        int rounds = 150;
        Set<String> tombstoned = Set.of("key-00", "key-03", "key-07", "key-11", "key-19");
        Map<String, String> latest = new TreeMap<>();
        long payloadBytes = 0;
        // Many uncompressed updates of every key, then (gzip-compressed, so that the cleaner must also
        // rewrite compressed batches) tombstones and further updates of the live keys, which push the
        // tombstones out of the active segment. batch.size stays well below segment.bytes: a batch larger
        // than a segment is refused, as in Kafka.
        List<ProducerRecord<byte[], byte[]>> plain = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < keys; k++) {
                String key = String.format("key-%02d", k);
                String value = String.format("value-of-%s-in-round-%04d-padding-padding", key, round);
                latest.put(key, value);
                payloadBytes += key.length() + value.length();
                plain.add(record(topic, key, value));
            }
        }
        List<ProducerRecord<byte[], byte[]>> compressed = new ArrayList<>();
        for (String key : tombstoned) {
            latest.remove(key);
            compressed.add(new ProducerRecord<>(topic, 0, bytes(key), null));
        }
        for (int round = rounds; round < rounds + 10; round++) {
            for (int k = 0; k < keys; k++) {
                String key = String.format("key-%02d", k);
                if (tombstoned.contains(key)) {
                    continue;
                }
                String value = String.format("value-of-%s-in-round-%04d-padding-padding", key, round);
                latest.put(key, value);
                payloadBytes += key.length() + value.length();
                compressed.add(record(topic, key, value));
            }
        }
        produceAll(Map.of("acks", "all", "linger.ms", "0", "batch.size", "1024", "compression.type", "none"), plain);
        produceAll(Map.of("acks", "all", "linger.ms", "5", "batch.size", "1024", "compression.type", "gzip"),
                compressed);
        long written = payloadBytes;
        long shrunkBelow = written / 4;
        Wait.until(() -> logBytes(partitionDir) < shrunkBelow, WAIT_TIMEOUT,
                () -> "the cleaner did not shrink " + partitionDir + " below " + shrunkBelow + " bytes (payload written: "
                        + written + " bytes); files now: " + listing(partitionDir));

        // The tombstones were kept by the first cleaning; once delete.retention.ms has passed, a later
        // cleaning drops them. Below the active segment every key must then appear once.
        AtomicReference<String> lastProblem = new AtomicReference<>("not read yet");
        Wait.until(() -> {
            List<ConsumerRecord<byte[], byte[]>> records = readToEnd(partition, consumerProps(Map.of()));
            long activeBase = activeSegmentBaseOffset(partitionDir);
            String problem = compactionProblem(records, latest, tombstoned, activeBase);
            lastProblem.set(problem);
            return problem == null;
        }, WAIT_TIMEOUT, () -> "compacted " + topic + " never reached its final state: " + lastProblem.get()
                + "\nfiles: " + listing(partitionDir));

        List<ConsumerRecord<byte[], byte[]>> records = readToEnd(partition, consumerProps(Map.of()));
        Map<String, String> read = new TreeMap<>();
        long previous = -1;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertTrue(record.offset() > previous, "offsets must increase strictly: " + previous + " then "
                    + record.offset());
            previous = record.offset();
            assertNotNull(record.key(), "record at offset " + record.offset() + " has no key");
            assertNotNull(record.value(), "tombstone at offset " + record.offset() + " survived delete.retention.ms");
            read.put(string(record.key()), string(record.value()));
        }
        assertEquals(latest, read, "latest value of every live key");
        assertTrue(logBytes(partitionDir) < shrunkBelow, "segments shrank: " + listing(partitionDir));

        // A record without a key is refused on a compacted topic (INVALID_RECORD), and nothing is appended.
        long endBefore = endOffset(partition);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(),
                Map.of("acks", "all", "linger.ms", "0", "retries", "0", "enable.idempotence", "false"))) {
            Future<RecordMetadata> send = producer.send(new ProducerRecord<>(topic, 0, null, bytes("no-key")));
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> send.get(Clients.CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "a record without a key must be rejected on a compacted topic");
            assertInstanceOf(InvalidRecordException.class, failure.getCause(),
                    "error for a record without a key: " + failure.getCause());
        }
        assertEquals(endBefore, endOffset(partition), "end offset after the rejected record");
    }

    /** Null when {@code records} is the fully compacted log, else what is still wrong with it. */
    private static String compactionProblem(List<ConsumerRecord<byte[], byte[]>> records, Map<String, String> latest,
                                            Set<String> tombstoned, long activeBaseOffset) {
        Map<String, String> lastValue = new HashMap<>();
        Set<String> keysBelowActive = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() == null) {
                return "record without a key at offset " + record.offset();
            }
            String key = string(record.key());
            if (record.value() == null || tombstoned.contains(key)) {
                return "tombstoned key " + key + " still present at offset " + record.offset()
                        + (record.value() == null ? " (tombstone)" : " (value)");
            }
            if (record.offset() < activeBaseOffset && !keysBelowActive.add(key)) {
                return "key " + key + " appears twice below the active segment (base offset " + activeBaseOffset
                        + "), again at offset " + record.offset();
            }
            lastValue.put(key, string(record.value()));
        }
        if (!lastValue.equals(new HashMap<>(latest))) {
            return "latest values differ: read " + new TreeMap<>(lastValue) + ", expected " + latest;
        }
        return null;
    }

    // ---------------------------------------------------------------- time retention

    @Test
    void timeRetentionMovesLogStartOffsetAndConsumersResetToIt() throws Exception {
        String topic = Clients.uniqueTopic("retention");
        // The old records carry timestamps an hour back: retention.ms is short next to their age but long
        // next to this test's own duration, so that exactly the segments holding only old records expire,
        // however slow the machine.
        createTopic(topic, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", "300000",
                "segment.bytes", "4096",
                "file.delete.delay.ms", "200"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Path partitionDir = cluster.logDir(0).resolve(topic + "-0");

        long oldTimestamp = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
        int oldRecords = 300;
        int newRecords = 100;
        NavigableMap<Long, String> acknowledged = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(),
                Map.of("acks", "all", "linger.ms", "0", "batch.size", "1024"))) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < oldRecords + newRecords; i++) {
                boolean old = i < oldRecords;
                String value = String.format("%s-record-%05d-with-some-padding-to-fill-segments-faster",
                        old ? "old" : "new", i);
                values.add(value);
                Long timestamp = old ? oldTimestamp + i : null;
                sends.add(producer.send(new ProducerRecord<>(topic, 0, timestamp, bytes("k" + i), bytes(value))));
                if (i == oldRecords - 1) {
                    producer.flush();
                }
            }
            producer.flush();
            for (int i = 0; i < sends.size(); i++) {
                acknowledged.put(Clients.await(sends.get(i), "send " + i).offset(), values.get(i));
            }
        }
        long firstNewOffset = acknowledged.firstKey() + oldRecords;
        long endOffset = acknowledged.lastKey() + 1;
        assertEquals(0L, acknowledged.firstKey().longValue(), "first offset of a new topic");
        assertTrue(activeSegmentBaseOffset(partitionDir) > firstNewOffset / 2,
                "segments rolled at 4096 bytes: " + listing(partitionDir));

        // Retention may take several passes (one can run while the records are still being written), so the wait is
        // for its end state: the log starts at the segment holding the first new record.
        long expectedStart = files(partitionDir).stream().map(f -> f.getFileName().toString())
                .filter(n -> n.endsWith(".log")).mapToLong(StorageIT::baseOffset).filter(b -> b <= firstNewOffset)
                .max().orElseThrow();
        AtomicLong logStart = new AtomicLong(-1);
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Wait.until(() -> {
                logStart.set(listOffset(admin, partition, OffsetSpec.earliest()));
                return logStart.get() == expectedStart && oldSegmentFilesGone(partitionDir, logStart.get());
            }, WAIT_TIMEOUT, () -> "retention did not move the log start offset to " + expectedStart + " (now "
                    + logStart.get() + ") and delete the old segment files: " + listing(partitionDir));
            assertTrue(logStart.get() <= firstNewOffset, "retention deleted a segment holding new records: log start "
                    + logStart.get() + ", first new record at " + firstNewOffset);
            assertEquals(endOffset, listOffset(admin, partition, OffsetSpec.latest()), "end offset after retention");
        }
        long start = logStart.get();

        // No committed offset, no group: auto.offset.reset=earliest starts at the new log start offset.
        List<ConsumerRecord<byte[], byte[]>> fromEarliest;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))) {
            consumer.assign(List.of(partition));
            fromEarliest = pollToEnd(consumer, partition, endOffset);
        }
        assertEquals(start, fromEarliest.get(0).offset(), "first offset read with auto.offset.reset=earliest");
        assertRecords(fromEarliest, acknowledged.tailMap(start, true), "reading from the log start offset");

        // A position below the log start offset: OFFSET_OUT_OF_RANGE, then reset per auto.offset.reset.
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            List<ConsumerRecord<byte[], byte[]>> reset = pollToEnd(consumer, partition, endOffset);
            assertEquals(start, reset.get(0).offset(), "earliest reset of a position below the log start offset");
            assertRecords(reset, acknowledged.tailMap(start, true), "reading after an earliest reset");
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            Wait.until(() -> {
                assertTrue(consumer.poll(Duration.ofMillis(200)).isEmpty(), "latest reset must not return old records");
                return consumer.position(partition) == endOffset;
            }, WAIT_TIMEOUT, () -> "auto.offset.reset=latest did not move the position to " + endOffset
                    + " (at " + consumer.position(partition) + ")");
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none")))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            AtomicReference<OffsetOutOfRangeException> outOfRange = new AtomicReference<>();
            Wait.until(() -> {
                try {
                    consumer.poll(Duration.ofMillis(200));
                    return false;
                } catch (OffsetOutOfRangeException e) {
                    outOfRange.set(e);
                    return true;
                }
            }, WAIT_TIMEOUT, "auto.offset.reset=none below the log start offset must fail with OffsetOutOfRangeException");
            assertEquals(0L, outOfRange.get().offsetOutOfRangePartitions().get(partition).longValue(),
                    "out-of-range position reported");
        }
    }

    private static boolean oldSegmentFilesGone(Path partitionDir, long logStart) {
        List<Path> files = files(partitionDir);
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".deleted")) {
                return false;
            }
            if (name.endsWith(".log") && baseOffset(name) < logStart) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- kill -9 while writing

    @Test
    void kill9WhileWritingServesEveryAcknowledgedRecordAndNothingCorrupt() throws Exception {
        String topic = Clients.uniqueTopic("kill9");
        createTopic(topic, Map.of("segment.bytes", Integer.toString(256 * 1024)));
        TopicPartition partition = new TopicPartition(topic, 0);
        Path partitionDir = cluster.logDir(0).resolve(topic + "-0");

        ConcurrentSkipListMap<Long, String> acknowledged = new ConcurrentSkipListMap<>();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(2000);
        KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(),
                Map.of("acks", "1", "enable.idempotence", "false", "retries", "0", "linger.ms", "1",
                        "batch.size", "4096"));
        Thread writer = new Thread(() -> {
            try {
                for (long seq = 0; !stop.get(); seq++) {
                    if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    String value = String.format("seq-%08d-%s", seq, "x".repeat(80));
                    producer.send(new ProducerRecord<>(topic, 0, bytes("k" + seq), bytes(value)), (metadata, error) -> {
                        inFlight.release();
                        if (error == null) {
                            String previous = acknowledged.put(metadata.offset(), value);
                            if (previous != null) {
                                producerFailure.compareAndSet(null, new AssertionError("offset " + metadata.offset()
                                        + " acknowledged twice: " + previous + " and " + value));
                            }
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!stop.get()) {
                    producerFailure.compareAndSet(null, e);
                }
            }
        }, "storage-it-writer");
        try {
            writer.start();
            Wait.until(() -> acknowledged.size() >= 20_000 && acknowledged.lastKey() > 2 * 256 * 1024 / 120,
                    WAIT_TIMEOUT, () -> "only " + acknowledged.size() + " records acknowledged; writer failure: "
                            + producerFailure.get());
            log("killing the broker with " + acknowledged.size() + " records acknowledged, last at offset "
                    + acknowledged.lastKey());
            cluster.killBroker(0);
        } finally {
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
            producer.close(Duration.ZERO);
        }
        assertFalse(writer.isAlive(), "writer thread ended");
        if (producerFailure.get() != null) {
            throw new AssertionError("writer failed", producerFailure.get());
        }
        long lastAcked = acknowledged.lastKey();
        log("writer stopped: " + acknowledged.size() + " records acknowledged, last at offset " + lastAcked);

        // A torn write: the crash left the start of a batch after the last complete one in the active segment.
        Path active = activeSegment(partitionDir);
        long intactSize = Files.size(active);
        appendTornBatch(active);

        cluster.startBroker(0);

        long end = awaitEndOffset(partition);
        log("end offset after recovery: " + end);
        assertTrue(end > lastAcked, "end offset " + end + " after recovery must be past the last acknowledged offset "
                + lastAcked);
        List<ConsumerRecord<byte[], byte[]>> records = readToEnd(partition,
                consumerProps(Map.of(ConsumerConfig.CHECK_CRCS_CONFIG, "true")));
        log("read " + records.size() + " records after recovery");
        assertEquals(end, records.size(), "records in [0, " + end + ") after recovery");
        Map<Long, String> read = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            assertEquals(i, record.offset(), "offsets after recovery are contiguous");
            String value = string(record.value());
            assertTrue(value.matches("seq-\\d{8}-x{80}"), "corrupt record at offset " + i + ": " + value);
            read.put(record.offset(), value);
        }
        for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
            assertEquals(ack.getValue(), read.get(ack.getKey()), "record acknowledged at offset " + ack.getKey());
        }
        assertTrue(Files.size(active) <= intactSize, "recovery truncated the torn write: " + active + " is "
                + Files.size(active) + " bytes, " + intactSize + " before the torn write");

        // New writes continue right after the recovered end.
        try (KafkaProducer<byte[], byte[]> after = Clients.producer(cluster.bootstrapServers(),
                Map.of("acks", "1", "linger.ms", "0"))) {
            for (int i = 0; i < 3; i++) {
                RecordMetadata metadata = Clients.await(after.send(record(topic, "after", "after-restart-" + i)),
                        "send after restart");
                assertEquals(end + i, metadata.offset(), "offset of write " + i + " after recovery");
            }
        }
        List<ConsumerRecord<byte[], byte[]>> all = readToEnd(partition,
                consumerProps(Map.of(ConsumerConfig.CHECK_CRCS_CONFIG, "true")));
        assertEquals(end + 3, all.size(), "records after new writes");
        assertEquals("after-restart-2", string(all.get(all.size() - 1).value()), "last record");
    }

    /** Appends a batch header promising more bytes than follow, then some garbage, as a crash mid-write can. */
    private static void appendTornBatch(Path segment) throws IOException {
        ByteBuffer torn = ByteBuffer.allocate(61 + 20);
        torn.putLong(Long.MAX_VALUE / 2);  // base offset
        torn.putInt(5000);                 // batch length, more than what follows
        torn.putInt(0);                    // partition leader epoch
        torn.put((byte) 2);                // magic
        while (torn.hasRemaining()) {
            torn.put((byte) 0x5a);
        }
        torn.flip();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // Kafka does not preallocate .log files on Linux; write after the logical end either way.
            channel.position(channel.size());
            while (torn.hasRemaining()) {
                channel.write(torn);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void createTopic(String topic, Map<String, String> configs) {
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            NewTopic newTopic = new NewTopic(topic, 1, (short) 1).configs(configs);
            Clients.await(admin.createTopics(List.of(newTopic)).all(), "createTopics " + topic + " " + configs);
        }
    }

    /** Sends {@code records} in order with one producer and waits until every one is acknowledged. */
    private static void produceAll(Map<String, String> producerConfig, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(cluster.bootstrapServers(), producerConfig)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sends.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < sends.size(); i++) {
                Clients.await(sends.get(i), "send " + i + " of " + records.size() + " to " + records.get(i).topic());
            }
        }
    }

    private static void log(String message) {
        System.out.println("[StorageIT] " + message);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, 0, bytes(key), bytes(value));
    }

    private static Properties consumerProps(Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(Clients.CLIENT_TIMEOUT.toMillis()));
        props.putAll(overrides);
        return props;
    }

    /** Every record from the beginning of {@code partition} up to its end offset (taken first). */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(TopicPartition partition, Properties props) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seekToBeginning(List.of(partition));
            return pollToEnd(consumer, partition, end);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> pollToEnd(KafkaConsumer<byte[], byte[]> consumer,
                                                                  TopicPartition partition, long end) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Wait.until(() -> {
            consumer.poll(Duration.ofMillis(200)).records(partition).forEach(records::add);
            return consumer.position(partition) >= end;
        }, WAIT_TIMEOUT, () -> "read " + records.size() + " records of " + partition + " but did not reach offset "
                + end + " (position " + consumer.position(partition) + ")");
        return records;
    }

    private static void assertRecords(List<ConsumerRecord<byte[], byte[]>> records, Map<Long, String> expected,
                                      String when) {
        Map<Long, String> read = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            read.put(record.offset(), string(record.value()));
        }
        assertEquals(new TreeMap<>(expected), read, when);
    }

    private static long endOffset(TopicPartition partition) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(Map.of()))) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** The partition's end offset once its (restarted) leader answers ListOffsets. */
    private static long awaitEndOffset(TopicPartition partition) {
        AtomicLong end = new AtomicLong(-1);
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Wait.until(() -> {
                end.set(listOffset(admin, partition, OffsetSpec.latest()));
                return true;
            }, WAIT_TIMEOUT, () -> "no end offset for " + partition + " after the restart");
        }
        return end.get();
    }

    private static long listOffset(Admin admin, TopicPartition partition, OffsetSpec spec) {
        try {
            return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("listOffsets " + partition + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + dir, e);
        }
    }

    /** Total size of the partition's {@code .log} files (segments being deleted excluded). */
    private static long logBytes(Path partitionDir) {
        long total = 0;
        for (Path file : files(partitionDir)) {
            if (file.getFileName().toString().endsWith(".log")) {
                try {
                    total += Files.size(file);
                } catch (IOException e) {
                    // Deleted between list and size: it no longer counts.
                }
            }
        }
        return total;
    }

    private static String listing(Path dir) {
        StringBuilder out = new StringBuilder();
        for (Path file : files(dir)) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                size = -1;
            }
            out.append("\n  ").append(file.getFileName()).append(" ").append(size);
        }
        return out.toString();
    }

    private static Path activeSegment(Path partitionDir) {
        return files(partitionDir).stream()
                .filter(p -> p.getFileName().toString().matches("\\d{20}\\.log"))
                .max((a, b) -> Long.compare(baseOffset(a.getFileName().toString()),
                        baseOffset(b.getFileName().toString())))
                .orElseThrow(() -> new AssertionError("no segment in " + partitionDir));
    }

    private static long activeSegmentBaseOffset(Path partitionDir) {
        return baseOffset(activeSegment(partitionDir).getFileName().toString());
    }

    private static long baseOffset(String fileName) {
        return Long.parseLong(fileName.substring(0, 20));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
