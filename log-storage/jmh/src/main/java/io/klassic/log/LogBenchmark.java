package io.klassic.log;

import io.klassic.protocol.record.CompressionType;
import io.klassic.protocol.record.MemoryRecordsBuilder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Append and read throughput of a {@link Log} on the local disk (through the page cache; nothing is fsynced, as with
 * Kafka's default flush policy), for 100-byte and 1 KiB records in batches of about 16 KiB, uncompressed. The
 * auxiliary counters {@code records} and {@code bytes} are reported per second: records/s, and bytes/s (divide by
 * 10^6 for MB/s). Benchmarks:
 * <ul>
 *   <li>{@code append}: {@link Log#appendAsLeader} of one batch (offset assignment, segment append, sparse index
 *       entries every 4 KiB, rolls at 256 MiB with the rolled segment flushed on a scheduler thread as in the
 *       broker; the log is emptied every 1 GiB to bound the disk used);</li>
 *   <li>{@code fetchSequential}: consumer-style 1 MiB fetches from consecutive offsets ({@link Log#read}: one index
 *       lookup per fetch, amortised over 1 MiB) with the bytes copied out of the file;</li>
 *   <li>{@code fetchRandomWithIndexLookup}: one-batch fetches at random offsets: an index lookup and a short header
 *       scan per batch;</li>
 *   <li>{@code scanWithoutIndex}: the segment files read front to back in 1 MiB chunks by file position, without
 *       any index (the raw read bandwidth the fetches compare with).</li>
 * </ul>
 * Not thread-safe (one benchmark thread).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class LogBenchmark {
    private static final int BATCH_BYTES = 16 * 1024;
    private static final int FETCH_BYTES = 1024 * 1024;
    private static final long READ_LOG_BYTES = 256L * 1024 * 1024;
    private static final long APPEND_RESET_BYTES = 1024L * 1024 * 1024;

    /** Reported per second next to the primary result. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long records;
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            records = 0;
            bytes = 0;
        }
    }

    @State(Scope.Benchmark)
    public static class LogState {
        @Param({"100", "1024"})
        public int recordSize;

        File dir;
        KafkaScheduler scheduler;
        Log log;
        ByteBuffer batch;
        int recordsPerBatch;
        ByteBuffer readBuffer;
        long fetchOffset;
        List<LogSegment> scanSegments;
        int scanSegment;
        int scanPosition;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("klassic-jmh").toFile();
            scheduler = new KafkaScheduler(1, "jmh-scheduler-");
            long now = System.currentTimeMillis();
            log = Log.open(new File(dir, "bench-0"), "bench", 0, LogConfig.fromProps(Map.of("segment.bytes",
                Integer.toString(256 * 1024 * 1024), "retention.ms", "-1"), LogConfig.defaults()), 0, 0, true,
                System::currentTimeMillis, scheduler);
            recordsPerBatch = Math.max(1, BATCH_BYTES / recordSize);
            MemoryRecordsBuilder builder = MemoryRecordsBuilder.simple(CompressionType.NONE);
            byte[] value = new byte[recordSize];
            new SplittableRandom(1).nextBytes(value);
            for (int i = 0; i < recordsPerBatch; i++) {
                builder.append(now, null, value);
            }
            batch = builder.build();
            readBuffer = ByteBuffer.allocate(FETCH_BYTES + BATCH_BYTES);
            random = new SplittableRandom(42);
        }

        /** Fills the log for the read benchmarks (not for append). */
        void populate() {
            while (log.size() < READ_LOG_BYTES) {
                log.appendAsLeader(batch.duplicate(), 0);
            }
            log.updateHighWatermark(log.logEndOffset());
            fetchOffset = log.logStartOffset();
            scanSegments = log.logSegments(0, Long.MAX_VALUE);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException, InterruptedException {
            scheduler.shutdown(60_000);
            log.delete();
            Log.deleteRecursively(dir.toPath());
        }
    }

    @State(Scope.Benchmark)
    public static class ReadState extends LogState {
        @Setup(Level.Trial)
        public void fill() {
            populate();
        }
    }

    @Benchmark
    public long append(LogState s, Counters c) {
        LogAppendInfo info = s.log.appendAsLeader(s.batch.duplicate(), 0);
        c.records += s.recordsPerBatch;
        c.bytes += info.validBytes();
        if (s.log.size() > APPEND_RESET_BYTES) {
            s.log.truncateFullyAndStartAt(s.log.logEndOffset());
        }
        return info.lastOffset();
    }

    @Benchmark
    public int fetchSequential(ReadState s, Counters c) throws IOException {
        if (s.fetchOffset >= s.log.logEndOffset()) {
            s.fetchOffset = s.log.logStartOffset();
        }
        FetchDataInfo info = s.log.read(s.fetchOffset, FETCH_BYTES, s.log.highWatermark(), true);
        int size = copy(s, info.records());
        long records = (long) size / s.batch.remaining() * s.recordsPerBatch;
        s.fetchOffset += records;
        c.records += records;
        c.bytes += size;
        return size;
    }

    @Benchmark
    public int fetchRandomWithIndexLookup(ReadState s, Counters c) throws IOException {
        long offset = s.log.logStartOffset() + s.random.nextLong(s.log.logEndOffset() - s.log.logStartOffset());
        FetchDataInfo info = s.log.read(offset, 1, s.log.highWatermark(), true);
        int size = copy(s, info.records());
        c.records += s.recordsPerBatch;
        c.bytes += size;
        return size;
    }

    @Benchmark
    public int scanWithoutIndex(ReadState s, Counters c) throws IOException {
        FileRecords records = s.scanSegments.get(s.scanSegment).log();
        int length = Math.min(FETCH_BYTES, records.sizeInBytes() - s.scanPosition);
        s.readBuffer.clear().limit(length);
        records.readInto(s.readBuffer, s.scanPosition);
        s.scanPosition += length;
        if (s.scanPosition >= records.sizeInBytes()) {
            s.scanSegment = (s.scanSegment + 1) % s.scanSegments.size();
            s.scanPosition = 0;
        }
        c.records += (long) length / s.batch.remaining() * s.recordsPerBatch;
        c.bytes += length;
        return length;
    }

    private static int copy(LogState s, FileRecords.Slice slice) throws IOException {
        int size = slice.sizeInBytes();
        ByteBuffer buffer = s.readBuffer;
        if (buffer.capacity() < size) {
            s.readBuffer = buffer = ByteBuffer.allocate(size);
        }
        buffer.clear().limit(size);
        long position = slice.position();
        while (buffer.hasRemaining()) {
            int n = slice.channel().read(buffer, position);
            if (n < 0) {
                throw new IOException("Unexpected end of " + slice);
            }
            position += n;
        }
        return size;
    }
}
