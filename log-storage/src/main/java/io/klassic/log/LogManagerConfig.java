package io.klassic.log;

import java.util.Map;

/**
 * The broker-level settings of the {@link LogManager}'s background work, under Kafka's key names and defaults:
 *
 * <pre>
 *   log.retention.check.interval.ms                300000     retention (and DeleteRecords) deletions
 *   log.flush.scheduler.interval.ms                Long.MAX   how often logs are checked against flush.ms
 *   log.flush.offset.checkpoint.interval.ms        60000      recovery-point-offset-checkpoint
 *   log.flush.start.offset.checkpoint.interval.ms  60000      log-start-offset-checkpoint
 *   replica.high.watermark.checkpoint.interval.ms  5000       replication-offset-checkpoint
 *   producer.id.expiration.ms                      86400000   idle producers' state is dropped after this
 *   producer.id.expiration.check.interval.ms       600000
 *   log.initial.task.delay.ms                      30000      the delay before the first run of each task
 *   log.cleaner.*                                  see {@link CleanerConfig}
 * </pre>
 *
 * Immutable and thread-safe.
 */
public record LogManagerConfig(long retentionCheckIntervalMs, long flushCheckIntervalMs,
                               long recoveryPointCheckpointIntervalMs, long logStartOffsetCheckpointIntervalMs,
                               long highWatermarkCheckpointIntervalMs, long producerIdExpirationMs,
                               long producerIdExpirationCheckIntervalMs, long initialTaskDelayMs,
                               CleanerConfig cleaner) {
    public LogManagerConfig {
        positive("log.retention.check.interval.ms", retentionCheckIntervalMs);
        positive("log.flush.scheduler.interval.ms", flushCheckIntervalMs);
        positive("log.flush.offset.checkpoint.interval.ms", recoveryPointCheckpointIntervalMs);
        positive("log.flush.start.offset.checkpoint.interval.ms", logStartOffsetCheckpointIntervalMs);
        positive("replica.high.watermark.checkpoint.interval.ms", highWatermarkCheckpointIntervalMs);
        positive("producer.id.expiration.ms", producerIdExpirationMs);
        positive("producer.id.expiration.check.interval.ms", producerIdExpirationCheckIntervalMs);
        if (initialTaskDelayMs < 0) {
            throw ConfigException.invalid("log.initial.task.delay.ms", Long.toString(initialTaskDelayMs),
                "Value must be at least 0.");
        }
        if (cleaner == null) {
            throw new IllegalArgumentException("The cleaner configuration is required.");
        }
    }

    private static void positive(String key, long value) {
        if (value < 1) {
            throw ConfigException.invalid(key, Long.toString(value), "Value must be at least 1.");
        }
    }

    /** Kafka's defaults. */
    public static LogManagerConfig defaults() {
        return new LogManagerConfig(300_000L, Long.MAX_VALUE, 60_000L, 60_000L, 5_000L, 86_400_000L, 600_000L,
            30_000L, CleanerConfig.defaults());
    }

    /**
     * The settings from broker properties (server.properties keys, values as strings); absent keys keep Kafka's
     * defaults, other keys are ignored.
     *
     * @throws ConfigException naming the key and value of the first malformed or out-of-range value
     */
    public static LogManagerConfig fromProps(Map<String, ?> props) {
        LogManagerConfig d = defaults();
        CleanerConfig c = d.cleaner();
        CleanerConfig cleaner = new CleanerConfig(
            bool(props, "log.cleaner.enable", c.enableCleaner()),
            (int) number(props, "log.cleaner.threads", c.numThreads()),
            number(props, "log.cleaner.dedupe.buffer.size", c.dedupeBufferSize()),
            (int) number(props, "log.cleaner.io.buffer.size", c.ioBufferSize()),
            ratio(props, "log.cleaner.io.buffer.load.factor", c.dedupeBufferLoadFactor()),
            number(props, "log.cleaner.backoff.ms", c.backoffMs()));
        return new LogManagerConfig(
            number(props, "log.retention.check.interval.ms", d.retentionCheckIntervalMs()),
            number(props, "log.flush.scheduler.interval.ms", d.flushCheckIntervalMs()),
            number(props, "log.flush.offset.checkpoint.interval.ms", d.recoveryPointCheckpointIntervalMs()),
            number(props, "log.flush.start.offset.checkpoint.interval.ms", d.logStartOffsetCheckpointIntervalMs()),
            number(props, "replica.high.watermark.checkpoint.interval.ms", d.highWatermarkCheckpointIntervalMs()),
            number(props, "producer.id.expiration.ms", d.producerIdExpirationMs()),
            number(props, "producer.id.expiration.check.interval.ms", d.producerIdExpirationCheckIntervalMs()),
            number(props, "log.initial.task.delay.ms", d.initialTaskDelayMs()),
            cleaner);
    }

    private static long number(Map<String, ?> props, String key, long fallback) {
        Object raw = props.get(key);
        if (raw == null) {
            return fallback;
        }
        String v = raw.toString().trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "Not a number of type LONG.");
        }
    }

    private static double ratio(Map<String, ?> props, String key, double fallback) {
        Object raw = props.get(key);
        if (raw == null) {
            return fallback;
        }
        String v = raw.toString().trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "Not a number of type DOUBLE.");
        }
    }

    private static boolean bool(Map<String, ?> props, String key, boolean fallback) {
        Object raw = props.get(key);
        if (raw == null) {
            return fallback;
        }
        String v = raw.toString().trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw ConfigException.invalid(key, v, "Expected value to be either true or false.");
    }
}
