package io.klassic.log;

import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.RecordBatches;
import io.klassic.protocol.record.TimestampType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Batches and readers for the storage tests. */
final class TestUtils {
    private TestUtils() {
    }

    /** A CreateTime batch at base offset 0 with one record per value, all stamped {@code timestamp}. */
    static ByteBuffer batch(long timestamp, String... values) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        for (String value : values) {
            builder.append(timestamp, null, value.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A batch of records whose timestamps are given one by one (values "v<timestamp>"). */
    static ByteBuffer batchWithTimestamps(long... timestamps) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
        for (long ts : timestamps) {
            builder.append(ts, null, ("v" + ts).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A batch with one record whose value is {@code size} bytes. */
    static ByteBuffer bigBatch(long timestamp, int size) {
        return MemoryRecordsBuilder.simple(CompressionType.NONE).append(timestamp, null, new byte[size]).build();
    }

    /** A batch with offsets assigned, for follower appends and segment tests. */
    static ByteBuffer batchAt(long baseOffset, long timestamp, String... values) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME,
            baseOffset, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, 0,
            false, false);
        for (String value : values) {
            builder.append(timestamp, null, value.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /**
     * A batch of keyed records from key/value pairs (a null value is a tombstone), all stamped {@code timestamp},
     * with the given codec.
     */
    static ByteBuffer keyed(CompressionType compression, long timestamp, String... keyValues) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(compression);
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.append(timestamp, bytes(keyValues[i]), bytes(keyValues[i + 1]));
        }
        return builder.build();
    }

    static ByteBuffer keyed(long timestamp, String... keyValues) {
        return keyed(CompressionType.NONE, timestamp, keyValues);
    }

    /** An idempotent producer's batch of {@code values} starting at {@code baseSequence}. */
    static ByteBuffer idempotent(long producerId, short epoch, int baseSequence, long timestamp, String... values) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME, 0L,
            producerId, epoch, baseSequence, RecordBatch.NO_PARTITION_LEADER_EPOCH, false, false);
        for (String value : values) {
            builder.append(timestamp, null, bytes(value));
        }
        return builder.build();
    }

    /** An idempotent producer's keyed batch (key/value pairs). */
    static ByteBuffer idempotentKeyed(long producerId, short epoch, int baseSequence, long timestamp,
                                      String... keyValues) {
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(CompressionType.NONE, TimestampType.CREATE_TIME, 0L,
            producerId, epoch, baseSequence, RecordBatch.NO_PARTITION_LEADER_EPOCH, false, false);
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.append(timestamp, bytes(keyValues[i]), bytes(keyValues[i + 1]));
        }
        return builder.build();
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every record of the log, from its start offset to its end, with its batch (read through Log.read). */
    static List<Record> readAllRecords(Log log) throws IOException {
        List<Record> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            FetchDataInfo info = log.read(offset, 1 << 20, Long.MAX_VALUE, true);
            List<RecordBatch> batches = batches(info.records());
            if (batches.isEmpty()) {
                throw new AssertionError("Empty read at offset " + offset + " below the log end offset "
                    + log.logEndOffset());
            }
            for (RecordBatch batch : batches) {
                for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                    Record r = it.next();
                    if (r.offset() >= offset) {
                        out.add(r);
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return out;
    }

    /** key=value (or key=null) of every record of the log, in offset order. */
    static List<String> keyValues(Log log) throws IOException {
        List<String> out = new ArrayList<>();
        for (Record r : readAllRecords(log)) {
            out.add(str(r.keyBytes()) + "=" + str(r.valueBytes()));
        }
        return out;
    }

    static String str(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    static ByteBuffer concat(ByteBuffer... buffers) {
        int size = 0;
        for (ByteBuffer b : buffers) {
            size += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer b : buffers) {
            out.put(b.duplicate());
        }
        return out.flip();
    }

    /** Every batch of a slice, checked valid. */
    static List<RecordBatch> batches(FileRecords.Slice slice) throws IOException {
        ByteBuffer bytes = slice.readAll();
        if (RecordBatches.sizeOfWholeBatches(bytes) != bytes.remaining()) {
            throw new AssertionError("The slice " + slice + " does not hold whole batches only.");
        }
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.iterate(bytes)) {
            batch.ensureValid();
            out.add(batch);
        }
        return out;
    }

    /** Every record of a slice. */
    static List<Record> records(FileRecords.Slice slice) throws IOException {
        List<Record> out = new ArrayList<>();
        for (RecordBatch batch : batches(slice)) {
            for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        return out;
    }

    static String value(Record record) {
        return new String(record.valueBytes(), StandardCharsets.UTF_8);
    }

    /** Reads a whole log from its start offset to its end, in chunks, returning every record's value. */
    static List<String> readAllValues(Log log) throws IOException {
        List<String> values = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            FetchDataInfo info = log.read(offset, 1000, Long.MAX_VALUE, true);
            List<RecordBatch> batches = batches(info.records());
            if (batches.isEmpty()) {
                throw new AssertionError("Empty read at offset " + offset + " below the log end offset "
                    + log.logEndOffset());
            }
            for (RecordBatch batch : batches) {
                for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                    Record r = it.next();
                    if (r.offset() >= offset) {
                        values.add(value(r));
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return values;
    }

    /** A settable clock. */
    static final class MockClock {
        final AtomicLong now;

        MockClock(long start) {
            now = new AtomicLong(start);
        }

        long milliseconds() {
            return now.get();
        }

        void advance(long ms) {
            now.addAndGet(ms);
        }
    }

    /** Small config for tests: overrides on top of Kafka's defaults. */
    static LogConfig config(String... keyValues) {
        java.util.Map<String, String> props = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return LogConfig.fromProps(props, LogConfig.defaults());
    }
}
