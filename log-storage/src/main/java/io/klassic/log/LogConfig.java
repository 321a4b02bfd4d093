package io.klassic.log;

import io.klassic.protocol.record.TimestampType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The configuration of one partition's log, under Kafka's topic-level key names (the broker-level defaults are the
 * {@code log.*} keys of server.properties, mapped by the broker onto these names before calling
 * {@link #fromProps}). Defaults and valid ranges are Apache Kafka 3.x's:
 *
 * <pre>
 *   segment.bytes                   int   1073741824  [14,...]
 *   segment.ms                      long  604800000   [1,...]
 *   segment.index.bytes             int   10485760    [4,...]
 *   index.interval.bytes            int   4096        [0,...]
 *   max.message.bytes               int   1048588     [0,...]
 *   message.timestamp.type          CreateTime | LogAppendTime
 *   cleanup.policy                  list of delete, compact (default delete)
 *   retention.ms                    long  604800000   [-1,...]  (-1 = unlimited)
 *   retention.bytes                 long  -1                     (-1 = unlimited)
 *   file.delete.delay.ms            long  60000       [0,...]
 *   flush.messages                  long  Long.MAX    [1,...]
 *   flush.ms                        long  Long.MAX    [0,...]
 *   delete.retention.ms             long  86400000    [0,...]   (tombstones kept this long after a clean)
 *   min.cleanable.dirty.ratio       double 0.5        [0,1]
 *   min.compaction.lag.ms           long  0           [0,...]
 *   max.compaction.lag.ms           long  Long.MAX    [1,...]   (not below min.compaction.lag.ms)
 *   segment.jitter.ms               long  0           [0,...]
 *   preallocate                     boolean false
 *   min.insync.replicas             int   1           [1,...]
 *   unclean.leader.election.enable  boolean false
 * </pre>
 *
 * The other topic-level keys Kafka knows ({@code compression.type}, {@code message.downconversion.enable}, ...) are accepted
 * and type-checked by {@link #fromProps} but not modelled here; an unknown key is an error. Immutable and
 * thread-safe.
 */
public record LogConfig(
    int segmentBytes,
    long segmentMs,
    int segmentIndexBytes,
    int indexIntervalBytes,
    int maxMessageBytes,
    TimestampType messageTimestampType,
    String cleanupPolicy,
    long retentionMs,
    long retentionBytes,
    long fileDeleteDelayMs,
    long flushMessages,
    long flushMs,
    boolean preallocate,
    int minInSyncReplicas,
    boolean uncleanLeaderElection,
    long deleteRetentionMs,
    double minCleanableDirtyRatio,
    long minCompactionLagMs,
    long maxCompactionLagMs,
    long segmentJitterMs) {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String PREALLOCATE = "preallocate";
    public static final String MIN_IN_SYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String SEGMENT_JITTER_MS = "segment.jitter.ms";

    public static final String CLEANUP_POLICY_DELETE = "delete";
    public static final String CLEANUP_POLICY_COMPACT = "compact";

    /** Topic-level keys Kafka 3.x accepts that this record does not model, each with its value type. */
    private static final Map<String, Kind> OTHER_TOPIC_KEYS = Map.ofEntries(
        Map.entry("compression.type", Kind.COMPRESSION),
        Map.entry("compression.gzip.level", Kind.INT),
        Map.entry("compression.lz4.level", Kind.INT),
        Map.entry("compression.zstd.level", Kind.INT),
        Map.entry("message.downconversion.enable", Kind.BOOLEAN),
        Map.entry("message.format.version", Kind.STRING),
        Map.entry("message.timestamp.difference.max.ms", Kind.NON_NEGATIVE_LONG),
        Map.entry("message.timestamp.before.max.ms", Kind.NON_NEGATIVE_LONG),
        Map.entry("message.timestamp.after.max.ms", Kind.NON_NEGATIVE_LONG),
        Map.entry("leader.replication.throttled.replicas", Kind.STRING),
        Map.entry("follower.replication.throttled.replicas", Kind.STRING),
        Map.entry("local.retention.ms", Kind.LONG),
        Map.entry("local.retention.bytes", Kind.LONG),
        Map.entry("remote.storage.enable", Kind.BOOLEAN),
        Map.entry("remote.log.copy.disable", Kind.BOOLEAN),
        Map.entry("remote.log.delete.on.disable", Kind.BOOLEAN));

    private static final Set<String> COMPRESSION_TYPES = Set.of("uncompressed", "zstd", "lz4", "snappy", "gzip",
        "producer");

    private enum Kind { INT, LONG, NON_NEGATIVE_LONG, POSITIVE_LONG, BOOLEAN, STRING, COMPRESSION }

    public LogConfig {
        if (messageTimestampType == null || messageTimestampType == TimestampType.NO_TIMESTAMP_TYPE) {
            throw ConfigException.invalid(MESSAGE_TIMESTAMP_TYPE, String.valueOf(messageTimestampType),
                "String must be one of: CreateTime, LogAppendTime.");
        }
        if (cleanupPolicy == null) {
            throw ConfigException.invalid(CLEANUP_POLICY, null, "The value must not be null.");
        }
        if (minCompactionLagMs > maxCompactionLagMs) {
            throw ConfigException.invalid(MAX_COMPACTION_LAG_MS, Long.toString(maxCompactionLagMs),
                "conflict: should not be less than min.compaction.lag.ms (" + minCompactionLagMs + ").");
        }
    }

    /** Apache Kafka's defaults for every field. */
    public static LogConfig defaults() {
        return new LogConfig(
            1024 * 1024 * 1024,
            7L * 24 * 60 * 60 * 1000,
            10 * 1024 * 1024,
            4096,
            1024 * 1024 + 12,
            TimestampType.CREATE_TIME,
            CLEANUP_POLICY_DELETE,
            7L * 24 * 60 * 60 * 1000,
            -1L,
            60_000L,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            false,
            1,
            false,
            24L * 60 * 60 * 1000,
            0.5,
            0L,
            Long.MAX_VALUE,
            0L);
    }

    /**
     * {@code defaults} with the given topic-level overrides applied. Values are trimmed; booleans are
     * case-insensitive as in Kafka.
     *
     * @throws ConfigException naming the key and value of the first unknown key or bad value
     */
    public static LogConfig fromProps(Map<String, String> topicOverrides, LogConfig defaults) {
        int segmentBytes = defaults.segmentBytes;
        long segmentMs = defaults.segmentMs;
        int segmentIndexBytes = defaults.segmentIndexBytes;
        int indexIntervalBytes = defaults.indexIntervalBytes;
        int maxMessageBytes = defaults.maxMessageBytes;
        TimestampType timestampType = defaults.messageTimestampType;
        String cleanupPolicy = defaults.cleanupPolicy;
        long retentionMs = defaults.retentionMs;
        long retentionBytes = defaults.retentionBytes;
        long fileDeleteDelayMs = defaults.fileDeleteDelayMs;
        long flushMessages = defaults.flushMessages;
        long flushMs = defaults.flushMs;
        boolean preallocate = defaults.preallocate;
        int minInSyncReplicas = defaults.minInSyncReplicas;
        boolean unclean = defaults.uncleanLeaderElection;
        long deleteRetentionMs = defaults.deleteRetentionMs;
        double minCleanableDirtyRatio = defaults.minCleanableDirtyRatio;
        long minCompactionLagMs = defaults.minCompactionLagMs;
        long maxCompactionLagMs = defaults.maxCompactionLagMs;
        long segmentJitterMs = defaults.segmentJitterMs;

        for (Map.Entry<String, String> e : new LinkedHashMap<>(topicOverrides).entrySet()) {
            String key = e.getKey();
            String raw = e.getValue();
            if (raw == null) {
                throw ConfigException.invalid(key, null, "The value must not be null.");
            }
            String v = raw.trim();
            switch (key) {
                case SEGMENT_BYTES -> segmentBytes = parseInt(key, v, 14);
                case SEGMENT_MS -> segmentMs = parseLong(key, v, 1);
                case SEGMENT_INDEX_BYTES -> segmentIndexBytes = parseInt(key, v, 4);
                case INDEX_INTERVAL_BYTES -> indexIntervalBytes = parseInt(key, v, 0);
                case MAX_MESSAGE_BYTES -> maxMessageBytes = parseInt(key, v, 0);
                case MESSAGE_TIMESTAMP_TYPE -> timestampType = parseTimestampType(key, v);
                case CLEANUP_POLICY -> cleanupPolicy = parseCleanupPolicy(key, v);
                case RETENTION_MS -> retentionMs = parseLong(key, v, -1);
                case RETENTION_BYTES -> retentionBytes = parseLong(key, v, Long.MIN_VALUE);
                case FILE_DELETE_DELAY_MS -> fileDeleteDelayMs = parseLong(key, v, 0);
                case FLUSH_MESSAGES -> flushMessages = parseLong(key, v, 1);
                case FLUSH_MS -> flushMs = parseLong(key, v, 0);
                case PREALLOCATE -> preallocate = parseBoolean(key, v);
                case MIN_IN_SYNC_REPLICAS -> minInSyncReplicas = parseInt(key, v, 1);
                case UNCLEAN_LEADER_ELECTION_ENABLE -> unclean = parseBoolean(key, v);
                case DELETE_RETENTION_MS -> deleteRetentionMs = parseLong(key, v, 0);
                case MIN_CLEANABLE_DIRTY_RATIO -> minCleanableDirtyRatio = parseRatio(key, v);
                case MIN_COMPACTION_LAG_MS -> minCompactionLagMs = parseLong(key, v, 0);
                case MAX_COMPACTION_LAG_MS -> maxCompactionLagMs = parseLong(key, v, 1);
                case SEGMENT_JITTER_MS -> segmentJitterMs = parseLong(key, v, 0);
                default -> checkOther(key, v);
            }
        }
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, maxMessageBytes,
            timestampType, cleanupPolicy, retentionMs, retentionBytes, fileDeleteDelayMs, flushMessages, flushMs,
            preallocate, minInSyncReplicas, unclean, deleteRetentionMs, minCleanableDirtyRatio, minCompactionLagMs,
            maxCompactionLagMs, segmentJitterMs);
    }

    /**
     * The jitter subtracted from {@code segment.ms} for one new segment, as Kafka draws it: uniformly in
     * {@code [0, min(segment.jitter.ms, segment.ms))}, 0 when no jitter is configured.
     */
    public long randomSegmentJitter() {
        if (segmentJitterMs == 0) {
            return 0;
        }
        return ThreadLocalRandom.current().nextLong(Math.min(segmentJitterMs, segmentMs));
    }

    /** True when {@code cleanup.policy} contains {@code compact}. */
    public boolean compact() {
        return List.of(cleanupPolicy.split(",")).contains(CLEANUP_POLICY_COMPACT);
    }

    /** True when {@code cleanup.policy} contains {@code delete}. */
    public boolean delete() {
        return List.of(cleanupPolicy.split(",")).contains(CLEANUP_POLICY_DELETE);
    }

    /** The modelled fields as topic-level key/value strings, in the order of the class comment. */
    public Map<String, String> toProps() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
        props.put(SEGMENT_MS, Long.toString(segmentMs));
        props.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
        props.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
        props.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        props.put(MESSAGE_TIMESTAMP_TYPE, messageTimestampType.altName());
        props.put(CLEANUP_POLICY, cleanupPolicy);
        props.put(RETENTION_MS, Long.toString(retentionMs));
        props.put(RETENTION_BYTES, Long.toString(retentionBytes));
        props.put(FILE_DELETE_DELAY_MS, Long.toString(fileDeleteDelayMs));
        props.put(FLUSH_MESSAGES, Long.toString(flushMessages));
        props.put(FLUSH_MS, Long.toString(flushMs));
        props.put(PREALLOCATE, Boolean.toString(preallocate));
        props.put(MIN_IN_SYNC_REPLICAS, Integer.toString(minInSyncReplicas));
        props.put(UNCLEAN_LEADER_ELECTION_ENABLE, Boolean.toString(uncleanLeaderElection));
        props.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        props.put(MIN_CLEANABLE_DIRTY_RATIO, Double.toString(minCleanableDirtyRatio));
        props.put(MIN_COMPACTION_LAG_MS, Long.toString(minCompactionLagMs));
        props.put(MAX_COMPACTION_LAG_MS, Long.toString(maxCompactionLagMs));
        props.put(SEGMENT_JITTER_MS, Long.toString(segmentJitterMs));
        return props;
    }

    private static int parseInt(String key, String v, int min) {
        int value;
        try {
            value = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "Not a number of type INT.");
        }
        if (value < min) {
            throw ConfigException.invalid(key, v, "Value must be at least " + min + ".");
        }
        return value;
    }

    private static long parseLong(String key, String v, long min) {
        long value;
        try {
            value = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "Not a number of type LONG.");
        }
        if (value < min) {
            throw ConfigException.invalid(key, v, "Value must be at least " + min + ".");
        }
        return value;
    }

    private static double parseRatio(String key, String v) {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "Not a number of type DOUBLE.");
        }
        if (!(d >= 0 && d <= 1)) {
            throw ConfigException.invalid(key, v, "Value must be between 0 and 1.");
        }
        return d;
    }

    private static boolean parseBoolean(String key, String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw ConfigException.invalid(key, v, "Expected value to be either true or false.");
    }

    private static TimestampType parseTimestampType(String key, String v) {
        if (v.equals(TimestampType.CREATE_TIME.altName())) {
            return TimestampType.CREATE_TIME;
        }
        if (v.equals(TimestampType.LOG_APPEND_TIME.altName())) {
            return TimestampType.LOG_APPEND_TIME;
        }
        throw ConfigException.invalid(key, v, "String must be one of: CreateTime, LogAppendTime.");
    }

    private static String parseCleanupPolicy(String key, String v) {
        List<String> policies = new ArrayList<>();
        for (String item : v.split(",", -1)) {
            String p = item.trim();
            if (!p.equals(CLEANUP_POLICY_DELETE) && !p.equals(CLEANUP_POLICY_COMPACT)) {
                throw ConfigException.invalid(key, v, "Invalid value '" + p + "'; the list may contain only "
                    + "delete and compact.");
            }
            if (!policies.contains(p)) {
                policies.add(p);
            }
        }
        return String.join(",", policies);
    }

    private static void checkOther(String key, String v) {
        Kind kind = OTHER_TOPIC_KEYS.get(key);
        if (kind == null) {
            throw ConfigException.unknown(key, v);
        }
        switch (kind) {
            case INT -> parseInt(key, v, Integer.MIN_VALUE);
            case LONG -> parseLong(key, v, Long.MIN_VALUE);
            case NON_NEGATIVE_LONG -> parseLong(key, v, 0);
            case POSITIVE_LONG -> parseLong(key, v, 1);
            case BOOLEAN -> parseBoolean(key, v);
            case COMPRESSION -> {
                if (!COMPRESSION_TYPES.contains(v.toLowerCase(Locale.ROOT))) {
                    throw ConfigException.invalid(key, v,
                        "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer.");
                }
            }
            case STRING -> {
                // free-form in Kafka as well
            }
        }
    }
}
