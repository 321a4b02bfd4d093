package io.klassic.tools.perf;

import java.util.Arrays;

/**
 * The numbers {@code kafka-producer-perf-test.sh} prints: records and bytes sent, latencies (every latency kept
 * in a sampled array, as Apache Kafka's tool does, for percentiles), and Kafka's two line formats:
 *
 * <pre>
 * 2500 records sent, 499.9 records/sec (0.05 MB/sec), 3.1 ms avg latency, 45.0 ms max latency.
 * 10000 records sent, 1998.001998 records/sec (0.19 MB/sec), 2.47 ms avg latency, 45.00 ms max latency, 2 ms 50th, 5 ms 95th, 9 ms 99th, 45 ms 99.9th.
 * </pre>
 *
 * <p>Thread-safe: the producer's I/O thread records completions while the main thread reads.
 */
public final class PerfStats {

    private final long start;
    private final int[] latencies;
    private final int sampling;
    private int index;
    private long count;
    private long bytes;
    private long maxLatency;
    private long totalLatency;
    private long windowStart;
    private long windowCount;
    private long windowBytes;
    private long windowMaxLatency;
    private long windowTotalLatency;

    public PerfStats(long numRecords, long startMs) {
        this.start = startMs;
        this.windowStart = startMs;
        this.sampling = (int) Math.max(1, numRecords / Math.min(numRecords <= 0 ? 1 : numRecords, 500_000));
        this.latencies = new int[(int) Math.max(1, numRecords / sampling) + 1];
    }

    /** Records one completed send; returns a window line when {@code reportingMs} has passed, else null. */
    public synchronized String record(int latencyMs, int recordBytes, long nowMs, long reportingMs) {
        count++;
        bytes += recordBytes;
        totalLatency += latencyMs;
        maxLatency = Math.max(maxLatency, latencyMs);
        windowCount++;
        windowBytes += recordBytes;
        windowTotalLatency += latencyMs;
        windowMaxLatency = Math.max(windowMaxLatency, latencyMs);
        if (count % sampling == 0 && index < latencies.length) {
            latencies[index++] = latencyMs;
        }
        if (nowMs - windowStart >= reportingMs) {
            String line = windowLine(nowMs);
            windowStart = nowMs;
            windowCount = 0;
            windowBytes = 0;
            windowTotalLatency = 0;
            windowMaxLatency = 0;
            return line;
        }
        return null;
    }

    synchronized String windowLine(long nowMs) {
        long elapsed = Math.max(1, nowMs - windowStart);
        double recsPerSec = 1000.0 * windowCount / elapsed;
        double mbPerSec = 1000.0 * windowBytes / elapsed / (1024.0 * 1024.0);
        return String.format("%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.",
                windowCount, recsPerSec, mbPerSec, windowTotalLatency / (double) Math.max(1, windowCount),
                (double) windowMaxLatency);
    }

    /** The final line. */
    public synchronized String summary(long nowMs) {
        long elapsed = Math.max(1, nowMs - start);
        double recsPerSec = 1000.0 * count / elapsed;
        double mbPerSec = 1000.0 * bytes / elapsed / (1024.0 * 1024.0);
        int[] sorted = Arrays.copyOf(latencies, index);
        Arrays.sort(sorted);
        return String.format("%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
                count, recsPerSec, mbPerSec, totalLatency / (double) Math.max(1, count), (double) maxLatency,
                percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99),
                percentile(sorted, 0.999));
    }

    static int percentile(int[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) (p * sorted.length)];
    }
}
