package io.klassic.tools.dumplog;

import io.klassic.log.CleanerConfig;
import io.klassic.log.Log;
import io.klassic.log.LogCleaner;
import io.klassic.log.LogConfig;
import io.klassic.protocol.group.GroupMetadataCodec;
import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.Header;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.TimestampType;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Partition directories written by log-storage's {@link Log}, for the dump tool to read: a log of every codec with
 * keys, null keys, headers, idempotent batches and several segments with index entries; a LogAppendTime log; a
 * transactional log with a commit marker; a compacted log (cleaned by the {@link LogCleaner}, so with offset gaps,
 * an emptied batch and a delete horizon); a log of int and long keys and values; and a {@code __consumer_offsets}
 * partition written with {@link GroupMetadataCodec}. Not thread-safe.
 */
final class SegmentFixtures {
    static final long START_MS = 1_700_000_000_000L;

    private final File logDir;
    private final AtomicLong clock = new AtomicLong(START_MS);

    SegmentFixtures(File logDir) {
        this.logDir = logDir;
    }

    /** 60 batches of 1 to 4 records, codecs in turn, a segment every 3000 bytes, an index entry every 300. */
    File mixed() {
        return write("mixed", 0, config("segment.bytes", "3000", "index.interval.bytes", "300"), log -> {
            CompressionType[] codecs = CompressionType.values();
            int sequence = 0;
            for (int i = 0; i < 60; i++) {
                boolean idempotent = i % 3 == 0;
                MemoryRecordsBuilder builder = new MemoryRecordsBuilder(codecs[i % codecs.length],
                    TimestampType.CREATE_TIME, 0, idempotent ? 4000L : RecordBatch.NO_PRODUCER_ID,
                    idempotent ? (short) 2 : RecordBatch.NO_PRODUCER_EPOCH, idempotent ? sequence : RecordBatch.NO_SEQUENCE,
                    RecordBatch.NO_PARTITION_LEADER_EPOCH, false, false);
                int records = 1 + i % 4;
                for (int r = 0; r < records; r++) {
                    byte[] key = (i + r) % 5 == 0 ? null : bytes("key-" + i + "-" + r);
                    byte[] value = i % 11 == 0 && r == 0 ? null : bytes("value " + r + " of batch " + i + " é " + "x".repeat(i % 30));
                    Header[] headers = i % 4 == 0 ? new Header[] {Header.of("trace", "t" + i), Header.of("n", null)}
                        : new Header[0];
                    // timestamps go back and forth within a batch: the time index keeps the largest
                    builder.append(clock.get() + i * 10L + (r % 2 == 0 ? r : -r), key, value, headers);
                }
                if (idempotent) {
                    sequence += records;
                }
                log.appendAsLeader(builder.build(), i / 20);
            }
        });
    }

    /** A LogAppendTime topic: the log stamps the batches, the records report the batch's time. */
    File logAppendTime() {
        return write("appendtime", 3, config("message.timestamp.type", "LogAppendTime", "index.interval.bytes", "100"),
            log -> {
                for (int i = 0; i < 8; i++) {
                    clock.addAndGet(1000);
                    MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(i % 2 == 0 ? CompressionType.NONE
                        : CompressionType.LZ4);
                    builder.append(clock.get() - 5000, bytes("k" + i), bytes("v" + i));
                    builder.append(clock.get() - 4000, null, bytes("w" + i));
                    log.appendAsLeader(builder.build(), 7);
                }
            });
    }

    /** Transactional batches of one producer, each followed by a COMMIT or ABORT control batch. */
    File transactional() {
        return write("txn", 1, config(), log -> {
            int sequence = 0;
            for (int i = 0; i < 3; i++) {
                MemoryRecordsBuilder data = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME, 0,
                    9000L, (short) 1, sequence, RecordBatch.NO_PARTITION_LEADER_EPOCH, true, false);
                data.append(clock.get() + i, bytes("tk" + i), bytes("tv" + i));
                data.append(clock.get() + i, bytes("tk" + i), bytes("tv" + i + "b"));
                sequence += 2;
                log.appendAsLeader(data.build(), 3);
                MemoryRecordsBuilder marker = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME,
                    0, 9000L, (short) 1, RecordBatch.NO_SEQUENCE, RecordBatch.NO_PARTITION_LEADER_EPOCH, true, true);
                short type = (short) (i == 1 ? 0 : 1);
                marker.append(clock.get() + i, ByteBuffer.allocate(4).putShort((short) 0).putShort(type).array(),
                    ByteBuffer.allocate(6).putShort((short) 0).putInt(17 + i).array());
                log.appendAsLeader(marker.build(), 3);
            }
        });
    }

    /**
     * A compacted log: keys written once among two keys updated over and over (also by an idempotent producer, whose
     * last batch only holds superseded records), a tombstone, segments of 500 bytes, then cleaned by the log cleaner,
     * which keeps the latest record of each key: offsets with gaps, an emptied batch, a delete horizon.
     */
    File compacted() throws InterruptedException {
        LogConfig compactConfig = config("cleanup.policy", "compact", "segment.bytes", "500", "file.delete.delay.ms", "0",
            "min.cleanable.dirty.ratio", "0.01", "index.interval.bytes", "50");
        Log log = open("compacted", 0, compactConfig);
        try {
            int sequence = 0;
            for (int i = 0; i < 30; i++) {
                clock.addAndGet(10);
                if (i % 5 == 4 && i < 25) {
                    MemoryRecordsBuilder builder = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME,
                        0, 5000L, (short) 0, sequence, RecordBatch.NO_PARTITION_LEADER_EPOCH, false, false);
                    builder.append(clock.get(), bytes("hot0"), bytes("p" + i));
                    builder.append(clock.get(), bytes("hot1"), bytes("q" + i));
                    sequence += 2;
                    log.appendAsLeader(builder.build(), 0);
                } else {
                    String key = i % 3 == 0 ? "unique-" + i : "hot" + (i % 2);
                    log.appendAsLeader(keyed(i % 3 == 1 ? CompressionType.GZIP : CompressionType.NONE, key,
                        i == 28 ? null : "v" + i), 0);
                }
            }
            log.roll();
            log.updateHighWatermark(log.logEndOffset());
            LogCleaner cleaner = new LogCleaner(new CleanerConfig(true, 1, 2L * 1024 * 1024, 64 * 1024, 0.9, 50L),
                List.of(logDir), () -> List.of(log), clock::get);
            cleaner.startup();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (cleaner.cleaningsCompleted() == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("The log cleaner did not clean " + log + " within 60 s.");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            } finally {
                cleaner.shutdown();
            }
        } finally {
            log.close();
        }
        return log.dir();
    }

    /** Records whose keys are 4-byte ints and values 8-byte longs, for the integer and long decoders. */
    File numbers() {
        return write("numbers", 0, config(), log -> {
            MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.SNAPPY);
            for (int i = 0; i < 6; i++) {
                builder.append(clock.get() + i, ByteBuffer.allocate(4).putInt(i * 1000 - 2000).array(),
                    ByteBuffer.allocate(8).putLong(Long.MAX_VALUE - i).array());
            }
            log.appendAsLeader(builder.build(), 0);
        });
    }

    /**
     * A {@code __consumer_offsets} partition: offset commits (key versions 0 and 1, value versions 1 and 3), group
     * metadata of the consumer protocol with subscriptions and assignments of every version, a group of another
     * protocol type, an empty group, tombstones and a key of a record type Klassic does not know.
     */
    File consumerOffsets() {
        return write("__consumer_offsets", 7, config("cleanup.policy", "compact"), log -> {
            List<byte[][]> records = new ArrayList<>();
            records.add(new byte[][] {GroupMetadataCodec.offsetCommitKey("group-a", "orders", 3),
                GroupMetadataCodec.offsetCommitValue(new GroupMetadataCodec.OffsetCommitValue(42, 5, "", START_MS, -1))});
            records.add(new byte[][] {GroupMetadataCodec.offsetCommitKey("group-a", "orders", 4),
                GroupMetadataCodec.offsetCommitValue(new GroupMetadataCodec.OffsetCommitValue(7, -1, "meta \"quoted\"\n\t\u0001",
                    START_MS + 1, START_MS + 86_400_000L))});
            byte[] keyV0 = GroupMetadataCodec.offsetCommitKey("group-b", "payments", 0);
            keyV0[1] = 0;
            records.add(new byte[][] {keyV0, GroupMetadataCodec.offsetCommitValue(
                new GroupMetadataCodec.OffsetCommitValue(1000, 2, "m", START_MS + 2, -1))});
            records.add(new byte[][] {GroupMetadataCodec.groupMetadataKey("group-a"),
                GroupMetadataCodec.groupMetadataValue(consumerGroup())});
            records.add(new byte[][] {GroupMetadataCodec.groupMetadataKey("connect-cluster"),
                GroupMetadataCodec.groupMetadataValue(new GroupMetadataCodec.StoredGroup("connect", 3, "sessioned", "w-1",
                    START_MS, List.of(new GroupMetadataCodec.StoredMember("w-1", null, "connect-1", "/10.0.0.1", 60_000,
                        10_000, bytes("worker config"), new byte[] {0, 1, 2, (byte) 0xff}))))});
            records.add(new byte[][] {GroupMetadataCodec.groupMetadataKey("group-empty"),
                GroupMetadataCodec.groupMetadataValue(new GroupMetadataCodec.StoredGroup("consumer", 9, null, null, START_MS,
                    List.of()))});
            records.add(new byte[][] {GroupMetadataCodec.offsetCommitKey("group-a", "orders", 4), null});
            records.add(new byte[][] {GroupMetadataCodec.groupMetadataKey("group-gone"), null});
            records.add(new byte[][] {ByteBuffer.allocate(6).putShort((short) 11).putInt(5).array(), bytes("x")});
            for (int i = 0; i < records.size(); i += 3) {
                MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(i == 3 ? CompressionType.ZSTD : CompressionType.NONE);
                for (byte[][] kv : records.subList(i, Math.min(i + 3, records.size()))) {
                    builder.append(clock.incrementAndGet(), kv[0], kv[1]);
                }
                log.appendAsLeader(builder.build(), 1);
            }
        });
    }

    private static GroupMetadataCodec.StoredGroup consumerGroup() {
        List<GroupMetadataCodec.StoredMember> members = new ArrayList<>();
        for (short version = 0; version <= 3; version++) {
            ConsumerPartitionAssignor.Subscription subscription = new ConsumerPartitionAssignor.Subscription(
                List.of("orders", "payments"), version % 2 == 0 ? null : ByteBuffer.wrap(bytes("user-data")),
                List.of(new TopicPartition("orders", version)), 12, version == 3 ? Optional.of("rack-a") : Optional.empty());
            ConsumerPartitionAssignor.Assignment assignment = new ConsumerPartitionAssignor.Assignment(
                List.of(new TopicPartition("orders", 0), new TopicPartition("orders", version), new TopicPartition("payments", 1)),
                version == 1 ? ByteBuffer.wrap(bytes("assigned")) : null);
            members.add(new GroupMetadataCodec.StoredMember("member-" + version, version == 2 ? "static-2" : null,
                "client-" + version, "/127.0.0." + version, 300_000, 45_000,
                array(ConsumerProtocol.serializeSubscription(subscription, version)),
                array(ConsumerProtocol.serializeAssignment(assignment, version))));
        }
        members.add(new GroupMetadataCodec.StoredMember("member-x", null, "client-x", "/127.0.0.9", 300_000, 45_000,
            new byte[] {0, 9, 1}, new byte[0]));
        return new GroupMetadataCodec.StoredGroup("consumer", 4, "range", "member-0", START_MS + 5, members);
    }

    private File write(String topic, int partition, LogConfig config, LogWriter writer) {
        Log log = open(topic, partition, config);
        try {
            writer.write(log);
        } finally {
            log.close();
        }
        return log.dir();
    }

    private Log open(String topic, int partition, LogConfig config) {
        return Log.open(new File(logDir, topic + "-" + partition), topic, partition, config, 0, 0, true, clock::get);
    }

    private static LogConfig config(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return LogConfig.fromProps(props, LogConfig.defaults());
    }

    private ByteBuffer keyed(CompressionType codec, String key, String value) {
        return MemoryRecordsBuilder.simple(codec).append(clock.get(), bytes(key), bytes(value)).build();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] array(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** The segment files of a partition directory, sorted by name, as absolute paths. */
    static List<String> segmentFiles(File dir, String... suffixes) throws IOException {
        String[] names = dir.list((d, n) -> Arrays.stream(suffixes).anyMatch(n::endsWith));
        if (names == null) {
            throw new IOException("Cannot list " + dir);
        }
        Arrays.sort(names);
        List<String> files = new ArrayList<>();
        for (String name : names) {
            files.add(new File(dir, name).getAbsolutePath());
        }
        return files;
    }

    @FunctionalInterface
    private interface LogWriter {
        void write(Log log);
    }
}
