package io.klassic.log;

/**
 * The log cleaner's broker-level settings, under Kafka's {@code log.cleaner.*} names and defaults:
 *
 * <pre>
 *   log.cleaner.enable                   true
 *   log.cleaner.threads                  1            [0,...]
 *   log.cleaner.dedupe.buffer.size       134217728    the offset maps' memory, shared by the threads
 *   log.cleaner.io.buffer.size           524288       the read buffer each thread starts with
 *   log.cleaner.io.buffer.load.factor    0.9          how full an offset map may get
 *   log.cleaner.backoff.ms               15000        the pause when no log needs cleaning
 * </pre>
 *
 * Immutable and thread-safe.
 */
public record CleanerConfig(boolean enableCleaner, int numThreads, long dedupeBufferSize, int ioBufferSize,
                            double dedupeBufferLoadFactor, long backoffMs) {
    public CleanerConfig {
        if (numThreads < 0) {
            throw ConfigException.invalid("log.cleaner.threads", Integer.toString(numThreads),
                "Value must be at least 0.");
        }
        if (!(dedupeBufferLoadFactor > 0 && dedupeBufferLoadFactor <= 1)) {
            throw ConfigException.invalid("log.cleaner.io.buffer.load.factor",
                Double.toString(dedupeBufferLoadFactor), "Value must be in (0, 1].");
        }
        if (ioBufferSize < 0) {
            throw ConfigException.invalid("log.cleaner.io.buffer.size", Integer.toString(ioBufferSize),
                "Value must be at least 0.");
        }
        if (backoffMs < 0) {
            throw ConfigException.invalid("log.cleaner.backoff.ms", Long.toString(backoffMs),
                "Value must be at least 0.");
        }
        if (enableCleaner && numThreads > 0 && dedupeBufferSize / numThreads < 1024 * 1024) {
            throw ConfigException.invalid("log.cleaner.dedupe.buffer.size", Long.toString(dedupeBufferSize),
                "log.cleaner.dedupe.buffer.size must be at least 1MiB per cleaner thread.");
        }
    }

    /** Kafka's defaults. */
    public static CleanerConfig defaults() {
        return new CleanerConfig(true, 1, 128L * 1024 * 1024, 512 * 1024, 0.9, 15_000L);
    }

    /** The offset map memory of one thread: the dedupe buffer divided among the threads, at most 2 GiB. */
    int memoryPerThread() {
        return (int) Math.min(dedupeBufferSize / Math.max(1, numThreads), Integer.MAX_VALUE);
    }
}
